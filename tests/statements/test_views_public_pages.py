"""Home, the statement list with its filters, the cases, sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from statements.models import CaseEvent, Person, Statement
from tests.factories import CaseFactory, OrganisationFactory, SignatureFactory, StatementFactory
from tests.statements.test_views_public import published_statement

pytestmark = pytest.mark.django_db


def titles_in(response):
    return [s.title for s in response.context["page"].object_list]


def test_home_lists_latest_statements_their_cases_and_a_search_box(client):
    older = published_statement(title="Older statement", date=datetime.date(2015, 1, 1))
    newer = published_statement(title="Newer statement", date=datetime.date(2016, 12, 1))
    newer.cases.add(CaseFactory(title="Max Bokayev and Talgat Ayan"))
    StatementFactory(title="A draft nobody may see")

    html = client.get("/").content.decode()

    assert html.index("Newer statement") < html.index("Older statement")
    assert "Max Bokayev and Talgat Ayan" in html
    assert "A draft nobody may see" not in html
    assert '<form class="search-form mb-4" method="get" action="/statements/" role="search">' in html
    assert '<label class="form-label" for="home-q">' in html
    assert older.get_absolute_url() in html


def test_statement_list_is_newest_first_and_paginated(client):
    for day in range(1, 24):
        published_statement(signatories=0, version=False, title=f"Day {day:02d}", date=datetime.date(2016, 5, day))

    first = client.get("/statements/")
    second = client.get("/statements/?page=2")

    assert titles_in(first)[:2] == ["Day 23", "Day 22"]
    assert len(titles_in(first)) == 20
    assert titles_in(second) == ["Day 03", "Day 02", "Day 01"]
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert client.get("/statements/?page=999").status_code == 200  # a stale link shows the last page
    filtered = client.get("/statements/?language=en").content.decode()
    assert 'rel="next" href="?language=en&amp;page=2"' in filtered  # filters survive paging
    assert 'rel="prev" href="?page=1">Newer</a>' in second.content.decode()


def test_statement_list_filters_by_country_case_year_organisation_and_language(client):
    kz_case = CaseFactory(title="Kazakh case", country="KZ")
    az_case = CaseFactory(title="Azeri case", country="AZ")
    kz = published_statement(title="About Kazakhstan", date=datetime.date(2016, 12, 1))
    kz.cases.add(kz_case)
    az = published_statement(title="About Azerbaijan", date=datetime.date(2015, 3, 1), language="ru")
    az.cases.add(az_case)
    organisation = OrganisationFactory(name="Only signed the Azeri one")
    SignatureFactory(statement=az, organisation=organisation)
    SignatureFactory(statement=kz, organisation=organisation, status="withdrawn")

    assert titles_in(client.get("/statements/?country=KZ")) == ["About Kazakhstan"]
    assert titles_in(client.get(f"/statements/?case={az_case.slug}")) == ["About Azerbaijan"]
    assert titles_in(client.get("/statements/?year=2016")) == ["About Kazakhstan"]
    assert titles_in(client.get(f"/statements/?organisation={organisation.slug}")) == ["About Azerbaijan"]
    assert titles_in(client.get("/statements/?language=ru")) == ["About Azerbaijan"]
    assert titles_in(client.get("/statements/?year=2016&country=AZ")) == []


def test_statement_list_filter_choices_come_from_published_statements(client):
    published_statement(date=datetime.date(2016, 1, 1)).cases.add(CaseFactory(title="Public case", country="KZ"))
    draft = StatementFactory(date=datetime.date(2011, 1, 1))
    draft.cases.add(CaseFactory(title="Case of a draft", country="BY"))

    html = client.get("/statements/").content.decode()

    assert '<option value="2016">2016</option>' in html
    assert "2011" not in html
    assert "Public case" in html and "Case of a draft" not in html
    assert "Kazakhstan" in html and "Belarus" not in html
    for name in ("q", "country", "case", "year", "organisation", "language"):
        assert f'<label class="form-label" for="id_{name}">' in html


def test_statement_list_with_two_cases_lists_the_statement_once(client):
    statement = published_statement()
    statement.cases.add(CaseFactory(country="KZ"), CaseFactory(country="KZ"))

    assert titles_in(client.get("/statements/?country=KZ")) == [statement.title]


def test_statement_list_ignores_invalid_filters(client):
    published_statement(title="Still listed")

    response = client.get("/statements/?year=abc&country=XX&organisation=nobody")

    assert response.status_code == 200
    assert titles_in(response) == ["Still listed"]


def test_statement_list_marks_withdrawn_statements(client):
    statement = published_statement()
    statement.status = Statement.Status.WITHDRAWN
    statement.save()

    assert "Withdrawn</span>" in client.get("/statements/").content.decode()


def test_case_page_shows_people_timeline_and_statements_newest_first(client):
    case = CaseFactory(title="Max Bokayev and Talgat Ayan", country="KZ", summary="Two land reform activists.")
    Person.objects.create(case=case, name="Max Bokayev", other_spellings="Bokaev, Maks Bokayev", position=1)
    Person.objects.create(case=case, name="Talgat Ayan", position=2)
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.VERDICT,
        date=datetime.date(2016, 11, 28),
        court="Atyrau City Court No. 2",
        sentence="Five years in prison",
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DETENTION,
        date=datetime.date(2016, 5, 15),
        date_precision=CaseEvent.Precision.MONTH,
        date_label="mid-May 2016",
    )
    first = published_statement(title="First statement", date=datetime.date(2016, 6, 1))
    second = published_statement(title="Second statement", date=datetime.date(2016, 12, 1))
    draft = StatementFactory(title="Draft about the case")
    for statement in (first, second, draft):
        statement.cases.add(case)

    html = client.get(case.get_absolute_url()).content.decode()

    assert html.count("<h1") == 1
    assert "Kazakhstan" in html and "Two land reform activists." in html
    assert "Also written: Bokaev, Maks Bokayev" in html
    assert html.index('<time class="fw-semibold" datetime="2016-05">mid-May 2016</time>') < html.index(
        '<time class="fw-semibold" datetime="2016-11-28">28 November 2016</time>'
    )
    assert "Atyrau City Court No. 2" in html and "Five years in prison" in html
    assert html.index("Second statement") < html.index("First statement")
    assert "Draft about the case" not in html


def test_sensitive_case_hides_people_and_events_until_made_public(client):
    case = CaseFactory(title="A sensitive case", is_sensitive=True)
    Person.objects.create(case=case, name="Hidden Person", other_spellings="Hidden Spelling")
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.DETENTION, date=datetime.date(2020, 1, 1), description="Detained at home"
    )
    published_statement().cases.add(case)

    for address in (case.get_absolute_url(), "/cases/"):
        html = client.get(address).content.decode()
        assert "A sensitive case" in html
        assert "Hidden Person" not in html and "Hidden Spelling" not in html and "Detained at home" not in html

    case.details_public = True
    case.save()
    assert "Hidden Person" in client.get(case.get_absolute_url()).content.decode()


def test_case_list_shows_only_cases_with_public_statements(client):
    public_case = CaseFactory(title="Public case")
    published_statement().cases.add(public_case)
    StatementFactory().cases.add(CaseFactory(title="Only in a draft"))
    CaseFactory(title="No statement at all")

    response = client.get("/cases/")

    html = response.content.decode()
    assert "Public case" in html and "1 statement" in html
    assert "Only in a draft" not in html and "No statement at all" not in html
    assert client.get("/cases/only-in-a-draft/").status_code == 404


def test_sitemap_lists_public_pages_only(client):
    statement = published_statement()
    case = CaseFactory()
    statement.cases.add(case)
    draft = StatementFactory()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert f"http://testserver{statement.get_absolute_url()}" in locations
    assert f"http://testserver{case.get_absolute_url()}" in locations
    organisation = statement.signatures.first().organisation
    assert f"http://testserver{organisation.get_absolute_url()}" in locations
    assert "http://testserver/statements/" in locations
    assert f"http://testserver{draft.get_absolute_url()}" not in locations


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /sign/" in text  # signing links carry secret tokens


def test_a_long_organisation_menu_is_replaced_by_the_chosen_organisation(client, monkeypatch):
    monkeypatch.setattr("statements.search.MAX_ORGANISATION_CHOICES", 2)
    statement = published_statement(signatories=3)
    chosen = statement.signatures.first().organisation

    unfiltered = client.get("/statements/").content.decode()
    filtered = client.get(f"/statements/?organisation={chosen.slug}")

    assert 'id="id_organisation"' not in unfiltered
    assert f'<option value="{chosen.slug}" selected>{chosen.name}</option>' in filtered.content.decode()
    assert titles_in(filtered) == [statement.title]


def test_event_dates_follow_the_interface_language_not_hard_coded_english():
    from django.utils import translation

    day = CaseEvent(kind=CaseEvent.Kind.VERDICT, date=datetime.date(2016, 11, 28))
    month = CaseEvent(kind=CaseEvent.Kind.DETENTION, date=datetime.date(2016, 5, 15), date_precision="month")

    assert (day.display_date(), month.display_date()) == ("28 November 2016", "May 2016")
    with translation.override("ru"):
        assert (day.display_date(), month.display_date()) == ("28 ноября 2016 г.", "Май 2016 г.")
