"""Public site benchmark: the statement page with 30 and 3,000 signatories (median time and SQL queries).

Run with `make bench` (DEBUG=1 .venv/bin/python bench/public_bench.py). It works in a throwaway test database
and a temporary media folder, so the development data is untouched.
"""

import datetime
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 30
WARM_UP = 3
SIGNATORY_COUNTS = (30, 3000)
BODY = (
    "We condemn the prison sentences handed down against Max Bokayev and Talgat Ayan.[^a]\n\n"
    "International human rights bodies have repeatedly criticized these provisions.[^b]\n\n"
    "We call on the authorities to release them.[^c]"
)


def make_statement(network, count):
    from organisations.models import Membership, Organisation
    from statements.models import Case, Note, PublishedVersion, Signature, Statement

    statement = Statement.objects.create(
        network=network,
        title=f"A statement with {count} signatories",
        date=datetime.date(2016, 12, 1),
        body=BODY,
    )
    for position, key in enumerate("abc"):
        Note.objects.create(
            statement=statement, key=key, text=f"Note {key}: https://example.org/{key}", position=position
        )
    statement.cases.add(Case.objects.create(title=f"Case {count}", country="KZ"))
    # Published without the workflow's render: the bench measures the page, not publishing.
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.PUBLISHED, published_at=timezone.now())
    statement.refresh_from_db()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {count}-{i}", slug=f"org-{count}-{i}", country="KZ") for i in range(count)
    )
    Membership.objects.bulk_create(Membership(network=network, organisation=o) for o in organisations)
    Signature.objects.bulk_create(
        Signature(statement=statement, organisation=o, name=o.name, country="Kazakhstan", position=i)
        for i, o in enumerate(organisations)
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    for number in (1, 2):
        version = PublishedVersion(
            statement=statement,
            number=number,
            content={"title": statement.title},
            change_note="Correction." if number > 1 else "",
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
        )
        version.pdf.save(f"v{number}.pdf", ContentFile(pdf), save=False)
        version.save()
    return statement


def measure(client, path, headers=None):
    for _ in range(WARM_UP):
        client.get(path, headers=headers)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return statistics.median(times) * 1000, len(queries), response.status_code, len(response.content)


def main():
    from organisations.models import HouseStyle, Network

    setup_test_environment()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="public-bench-media-")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        network = Network.objects.create(
            name="Bench Network",
            short_name="BN",
            signatory_intro="Signed by the following {member_count} members:",
            house_style=HouseStyle.objects.create(name="Bench style"),
        )
        client = Client()
        rows = []
        for count in SIGNATORY_COUNTS:
            statement = make_statement(network, count)
            url = statement.get_absolute_url()
            rows.append((f"statement page, {count:,} signatories", *measure(client, url)))
            etag = client.get(url)["ETag"]
            rows.append((f"  same, conditional GET (304), {count:,}", *measure(client, url, {"if-none-match": etag})))
        rows.append(("statement list /statements/", *measure(client, "/statements/")))
        rows.append(("search /statements/?q=Bokayev", *measure(client, "/statements/?q=Bokayev")))
        rows.append(("home /", *measure(client, "/")))
        print(f"Public site ({connection.vendor}, median of {RUNS} requests after {WARM_UP} warm-up)")
        print(f"{'page':44} {'median ms':>10} {'queries':>8} {'status':>7} {'bytes':>10}")
        for name, median_ms, queries, status, size in rows:
            print(f"{name:44} {median_ms:10.1f} {queries:8d} {status:7d} {size:10,d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
