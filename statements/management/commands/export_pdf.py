import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from statements.models import Statement
from statements.pdf.render import render_statement_pdf
from statements.pdf.versions import latest_version


class Command(BaseCommand):
    help = "Write the PDF of a statement (draft or published). Drafts carry a DRAFT mark in the margin."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write ('-' for standard output).")
        parser.add_argument(
            "--stored",
            action="store_true",
            help="Write the stored PDF of the current published version instead of rendering the current rows.",
        )

    def handle(self, slug, output, stored, **options):
        try:
            statement = Statement.objects.select_related("network__house_style").get(slug=slug)
        except Statement.DoesNotExist:
            raise CommandError(f"There is no statement with the slug {slug!r}.") from None
        if stored:
            version = latest_version(statement)
            if version is None:
                raise CommandError(f"{slug!r} has no published version yet.")
            with version.pdf.open("rb") as handle:
                pdf = handle.read()
        else:
            try:
                pdf = render_statement_pdf(statement)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        if output == "-":
            sys.stdout.buffer.write(pdf)
            sys.stdout.flush()
            return
        Path(output).write_bytes(pdf)
        kind = "draft" if not statement.is_public and not stored else "published"
        self.stderr.write(f"Wrote {output} ({len(pdf):,} bytes, {kind}).")
