import hashlib
import posixpath
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from statements.models import PublishedVersion

CHUNK = 1024 * 1024
# statements.models.versions.version_pdf_path stores every version under statements/<statement id>/.
VERSIONS_FOLDER = "statements"
ORPHAN_GRACE = timedelta(minutes=10)


def stored_digest(version):
    """SHA-256 and size of the stored file, read in chunks so large PDFs do not fill memory."""
    digest = hashlib.sha256()
    size = 0
    with version.pdf.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def stored_files(storage, folder):
    """Every file name under folder in the media storage (local folder or bucket), recursively."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from stored_files(storage, posixpath.join(folder, sub))


def settled_files(folder, now):
    """Stored files old enough that their version row, if any, is committed: a publication writes the file
    inside its transaction, so a file younger than ORPHAN_GRACE may belong to a row not visible yet."""
    names = []
    for name in sorted(stored_files(default_storage, folder)):
        try:
            if now - default_storage.get_modified_time(name) < ORPHAN_GRACE:
                continue
        except (FileNotFoundError, NotImplementedError):
            continue
        names.append(name)
    return names


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of every published PDF in storage and report any file that is missing or no "
        "longer matches the hash recorded at publication, and any stored PDF that no version points at. "
        "Exits with status 1 if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statement", help="Only check the versions of the statement with this slug.")
        parser.add_argument(
            "--skip-orphans", action="store_true", help="Do not look for stored PDFs that no version points at."
        )

    def handle(self, *args, statement=None, **options):
        versions = PublishedVersion.objects.select_related("statement").order_by("statement_id", "number")
        if statement:
            versions = versions.filter(statement__slug=statement)
        folder = VERSIONS_FOLDER
        if statement:
            statement_id = versions.values_list("statement_id", flat=True).first()
            folder = posixpath.join(VERSIONS_FOLDER, str(statement_id)) if statement_id else None
        # Listed before the rows are read, so a version published meanwhile is not taken for an orphan.
        candidates = settled_files(folder, timezone.now()) if folder and not options["skip_orphans"] else []
        checked = 0
        problems = []
        recorded = set()
        for version in versions.iterator():
            checked += 1
            recorded.add(version.pdf.name)
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
        orphans = [name for name in candidates if name not in recorded]
        for problem in problems:
            self.stderr.write(problem)
        for name in orphans:
            self.stderr.write(f"ORPHAN     {name}: stored, but no published version points at it")
        self.stdout.write(f"Checked {checked} published PDF(s): {checked - len(problems)} intact, {len(problems)} not.")
        if orphans:
            self.stdout.write(f"Found {len(orphans)} stored PDF(s) that no published version points at.")
        failures = []
        if problems:
            failures.append(f"{len(problems)} stored PDF(s) do not match their recorded SHA-256 (or are missing)")
        if orphans:
            failures.append(f"{len(orphans)} stored PDF(s) have no published version")
        if failures:
            raise CommandError("; ".join(failures) + ".", returncode=1)
