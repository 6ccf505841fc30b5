import hashlib

from django.core.management.base import BaseCommand, CommandError

from statements.models import PublishedVersion

CHUNK = 1024 * 1024


def stored_digest(version):
    """SHA-256 and size of the stored file, read in chunks so large PDFs do not fill memory."""
    digest = hashlib.sha256()
    size = 0
    with version.pdf.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of every published PDF in storage and report any file that is missing or no "
        "longer matches the hash recorded at publication. Exits with status 1 if any does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statement", help="Only check the versions of the statement with this slug.")

    def handle(self, *args, statement=None, **options):
        versions = PublishedVersion.objects.select_related("statement").order_by("statement_id", "number")
        if statement:
            versions = versions.filter(statement__slug=statement)
        checked = 0
        problems = []
        for version in versions.iterator():
            checked += 1
            label = f"{version.statement.slug} v{version.number} ({version.pdf.name})"
            if not version.pdf.name:
                problems.append(f"NO FILE    {label}: no file recorded")
                continue
            try:
                sha256, size = stored_digest(version)
            except (FileNotFoundError, OSError) as error:
                problems.append(f"MISSING    {label}: {error.__class__.__name__}")
                continue
            if sha256 != version.sha256:
                problems.append(f"MISMATCH   {label}: expected {version.sha256}, found {sha256} ({size} bytes)")
            elif size != version.size:
                problems.append(f"SIZE       {label}: expected {version.size} bytes, found {size}")
            elif options["verbosity"] >= 2:
                self.stdout.write(f"ok         {label}")
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"Checked {checked} published PDF(s): {checked - len(problems)} intact, {len(problems)} not.")
        if problems:
            raise CommandError(f"{len(problems)} stored PDF(s) do not match their recorded SHA-256.", returncode=1)
