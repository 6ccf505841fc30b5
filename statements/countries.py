"""Countries as printed in signatory lists ("UK", "Russia", "Казахстан") ↔ ISO 3166 codes."""

from functools import lru_cache

from django_countries import countries

# Short forms statements print that are not django-countries' names.
_PRINTED_ALIASES = {
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "usa": "US",
    "us": "US",
    "united states": "US",
    "russia": "RU",
    "moldova": "MD",
    "czech republic": "CZ",
    "kyrgyzstan": "KG",
    # Russian short forms that differ from django-countries' Russian names.
    "кыргызстан": "KG",
    "сша": "US",
    "рф": "RU",
    "молдавия": "MD",
    "белоруссия": "BY",
}
# Printed names are tried in English, then in the statement's language, then in Russian (the region's lingua
# franca: Russian-language statements and names in English statements of the former Soviet Union).
FALLBACK_LANGUAGES = ("en", "ru")


def code_for_printed(printed, language="en"):
    """ISO code for a country as printed, or "" when it is not a recognisable country."""
    value = " ".join((printed or "").split())
    if not value:
        return ""
    return _code(value, (language or "en").split("-")[0].lower())


@lru_cache(maxsize=1024)
def _code(value, language):
    alias = _PRINTED_ALIASES.get(value.casefold())
    if alias:
        return alias
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    for name_language in dict.fromkeys((FALLBACK_LANGUAGES[0], language, *FALLBACK_LANGUAGES[1:])):
        if code := countries.by_name(value, language=name_language):
            return code
    return ""
