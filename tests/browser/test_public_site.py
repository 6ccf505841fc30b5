"""A reader's path through the public site in a real browser: search, read, follow a note, the case, the PDF."""

import pytest
from playwright.sync_api import expect

from statements.models import CaseEvent, Person
from tests.factories import CaseFactory
from tests.statements.test_views_public import published_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def statement():
    statement = published_statement(
        signatories=5, title="Kazakhstan: Ruling against civil society activists sets dangerous precedent"
    )
    case = CaseFactory(title="Max Bokayev and Talgat Ayan", country="KZ")
    Person.objects.create(case=case, name="Max Bokayev", other_spellings="Bokaev")
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.VERDICT, date="2016-11-28", court="Atyrau City Court No. 2")
    statement.cases.add(case)
    return statement


def test_reader_searches_reads_follows_a_note_opens_the_case_and_downloads_the_pdf(live_server, page, statement):
    other = published_statement(title="Azerbaijan: Journalists jailed", body="Journalists were sentenced.")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name=other.title)).to_be_visible()
    page.get_by_label("Search the statements").fill("Bokayev")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(f"{live_server.url}/statements/?q=Bokayev")
    expect(page.get_by_text("1 statement matches “Bokayev”")).to_be_visible()
    expect(page.get_by_role("link", name=other.title)).to_have_count(0)
    page.get_by_role("link", name=statement.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(statement.title)

    page.locator("sup.note-call a").first.click()
    expect(page).to_have_url(f"{live_server.url}{statement.get_absolute_url()}#note-1")
    note = page.locator("#note-1")
    expect(note).to_contain_text("Ruling of 28 November 2016")
    expect(note).to_be_in_viewport()
    note.get_by_role("link", name="Back to the text").click()
    expect(page.locator("#call-1").first).to_be_in_viewport()

    with page.expect_download() as download_info:
        page.locator("aside").get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    stored = statement.versions.get().pdf
    with open(download.path(), "rb") as downloaded, stored.open("rb"):
        assert downloaded.read() == stored.read()

    page.get_by_role("link", name="Max Bokayev and Talgat Ayan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Max Bokayev and Talgat Ayan")
    expect(page.get_by_text("Also written: Bokaev")).to_be_visible()
    expect(page.get_by_text("Atyrau City Court No. 2")).to_be_visible()
    expect(page.get_by_role("link", name=statement.title)).to_be_visible()


def test_statement_page_fits_a_phone_screen_and_prints_without_navigation(live_server, chromium_browser, statement):
    context = chromium_browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + statement.get_absolute_url())
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        page.emulate_media(media="print")
        expect(page.locator("header")).to_be_hidden()
        expect(page.locator("aside")).to_be_hidden()
        expect(page.locator("#note-1")).to_be_visible()
    finally:
        context.close()


def test_keyboard_focus_is_visible(live_server, page, statement):
    page.goto(live_server.url + statement.get_absolute_url())
    page.keyboard.press("Tab")  # the skip link

    focused = page.evaluate("document.activeElement.textContent")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    assert focused == "Skip to content"
    assert outline != "none"


def test_keyboard_focus_is_clearly_visible_on_bootstrap_controls(live_server, page, statement):
    """Bootstrap swaps outlines for a faint 25 % ring on links in the navigation, buttons and inputs."""
    page.goto(live_server.url + "/")
    for control in (
        page.get_by_role("link", name="Cases", exact=True),
        page.get_by_label("Search the statements"),
        page.get_by_role("button", name="Search"),
    ):
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        style = control.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
        assert style[0] == "solid" and float(style[1].removesuffix("px")) >= 2, style
