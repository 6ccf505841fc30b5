from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from statements.privacy import purge


class Command(BaseCommand):
    help = (
        "Clear signers' contact names and emails, comments, IP addresses and user agents on statements published "
        "more than --days days ago (default: PRIVATE_DATA_RETENTION_DAYS). The public list stays. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Retention period in days.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be cleared.")

    def handle(self, *args, days, dry_run, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        result = purge(days if days is not None else settings.PRIVATE_DATA_RETENTION_DAYS, dry_run=dry_run)
        verb = "Would clear" if dry_run else "Cleared"
        self.stdout.write(
            f"{verb} private data of {result.signatures} signature(s) and {result.decline_reasons} reason(s) for "
            f"declining on {len(result.statements)} statement(s) "
            f"published more than {result.days} day(s) ago, and {result.login_attempts} old login attempt record(s)."
        )
