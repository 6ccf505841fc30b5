"""Countries as printed in signatory lists ("UK", "Russia") ↔ ISO 3166 codes."""

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
}


def code_for_printed(printed):
    """ISO code for a country as printed, or "" when it is not a recognisable country."""
    value = (printed or "").strip()
    if not value:
        return ""
    alias = _PRINTED_ALIASES.get(value.lower())
    if alias:
        return alias
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    return countries.by_name(value) or ""
