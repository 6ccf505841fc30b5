import pytest
from django.utils.text import slugify

from tests.factories import NetworkFactory, StatementFactory

REFERENCE_TITLE = "Kazakhstan: Ruling against civil society activists sets dangerous precedent"


@pytest.mark.django_db
def test_slug_is_exactly_slugify_of_the_title():
    statement = StatementFactory(title=REFERENCE_TITLE)
    assert statement.slug == slugify(REFERENCE_TITLE)
    assert statement.slug == "kazakhstan-ruling-against-civil-society-activists-sets-dangerous-precedent"


@pytest.mark.django_db
def test_suffix_only_on_collision():
    network = NetworkFactory()
    first = StatementFactory(title="Same title", network=network)
    second = StatementFactory(title="Same title", network=network)
    third = StatementFactory(title="Same title", network=network)
    assert [first.slug, second.slug, third.slug] == ["same-title", "same-title-2", "same-title-3"]


@pytest.mark.django_db
def test_title_without_latin_letters_gets_a_readable_slug():
    statement = StatementFactory(title="Казахстан: приговор активистам")
    assert statement.slug == "kazakhstan-prigovor-aktivistam"


@pytest.mark.django_db
def test_title_of_symbols_only_still_gets_a_usable_slug():
    statement = StatementFactory(title="!!! ???")
    assert statement.slug.startswith("s-") and len(statement.slug) > 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Заявление 2016", "zaiavlenie-2016"),
        ("Беларусь: Free Ales Bialiatski", "belarus-free-ales-bialiatski"),
        ("Straße 2016", "strasse-2016"),
    ],
)
def test_letters_slugify_would_drop_are_transliterated(title, slug):
    assert slugify(title) != slug  # what the slug would be without transliteration
    assert StatementFactory(title=title).slug == slug


@pytest.mark.django_db
def test_accented_latin_keeps_django_slugify():
    title = "Déclaration: la société civile à Genève"
    assert StatementFactory(title=title).slug == slugify(title) == "declaration-la-societe-civile-a-geneve"
