"""Several people of one organisation signing at the same moment leave exactly one signature.

Needs real concurrent transactions, so it runs on PostgreSQL (CI) and is skipped on SQLite.
"""

import threading

import pytest
from django.db import connection, connections

from statements import workflow
from statements.models import Signature, Statement
from tests.factories import OrganisationFactory, StatementFactory

THREADS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent transactions")
def test_concurrent_signatures_leave_one_row():
    statement = StatementFactory(status=Statement.Status.OPEN)
    organisation = OrganisationFactory()
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def attempt(n):
        try:
            barrier.wait()
            workflow.sign(
                statement,
                organisation,
                name=f"{organisation.name}",
                country="KZ",
                contact_email=f"person{n}@example.org",
            )
            outcomes.append("signed")
        except workflow.AlreadySigned:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already"] * (THREADS - 1) + ["signed"]
    assert Signature.objects.filter(statement=statement, organisation=organisation).count() == 1
