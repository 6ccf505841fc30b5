from datetime import timedelta

from django.core.management.base import BaseCommand

from statements.workflow.scheduled import run


class Command(BaseCommand):
    help = (
        "Remind invited organisations that have not answered when the signing deadline is near, and close "
        "statements whose deadline has passed if their coordinators chose that. Run it daily (cron or a timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=72, help="Remind when the deadline is this close (hours).")
        parser.add_argument("--dry-run", action="store_true", help="Only say what would be done.")

    def handle(self, *args, hours, dry_run, **options):
        reminded, closed = run(window=timedelta(hours=hours), dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        self.stdout.write(f"{verb} {reminded} invitation(s).")
        for statement in closed:
            self.stdout.write(f"{'Would close' if dry_run else 'Closed'} at its deadline: {statement.title}")
