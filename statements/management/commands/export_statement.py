from django.core.management.base import BaseCommand, CommandError

from statements.interchange import export_json
from statements.models import Statement


class Command(BaseCommand):
    help = "Print a statement as interchange JSON (no contact details)."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, slug, **options):
        try:
            statement = Statement.objects.get(slug=slug)
        except Statement.DoesNotExist:
            raise CommandError(f"No statement with the slug {slug!r}.") from None
        self.stdout.write(export_json(statement), ending="")
