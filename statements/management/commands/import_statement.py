import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.interchange import InterchangeError, import_statement, parse


class Command(BaseCommand):
    help = "Create a statement from interchange JSON (a draft, or --publish for archives). Prints the new slug last."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the JSON file, or - for standard input.")
        parser.add_argument("--publish", action="store_true", help="Store as already published, with its PDF.")

    def handle(self, file, publish, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        warnings = []
        try:
            statement = import_statement(parse(text), publish=publish, warnings=warnings)
        except InterchangeError as error:
            raise CommandError(f"{file}: {error}") from None
        for warning in warnings:
            self.stderr.write(f"{file}: warning: {warning}")
        self.stdout.write(statement.slug)
