"""A network's house style (organisations.HouseStyle) as the CSS of its PDF.

The CSS goes inside the document: WeasyPrint lets the document's own @page rule win over stylesheets passed to
write_pdf, so a house style passed from outside could silently lose. Only numbers and font files found on disk
reach the CSS; nothing a user typed does.
"""

import re
from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured

from organisations.models import HouseStyle
from statements.pdf import fonts
from statements.pdf.fetcher import ASSETS_DIR

SAFE_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$")
PAGE_SIZES = {HouseStyle.PageSize.LETTER: "letter", HouseStyle.PageSize.A4: "A4"}
DRAFT_MARK_HEIGHT_PT = 24


def pt(value):
    """A Decimal or number as a CSS length in points, without exponent or trailing zeros."""
    text = format(Decimal(value).quantize(Decimal("0.0001")).normalize(), "f")
    return f"{text}pt"


def rule_svg(width):
    """The footnote rule as an image: WeasyPrint 70 adds a page per footnote when the footnote area has a border
    or padding, and ignores background-size there, so neither a border nor a sized gradient works."""
    width = pt(width)[:-2]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="1pt" viewBox="0 0 {width} 1">'
        f'<rect width="{width}" height="0.5"/></svg>'
    )
    return "data:image/svg+xml," + quote(svg)


def font_face_rules(family):
    rules = []
    for face in fonts.faces_for(family):
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: url("{face.path.as_uri()}"); '
            f"font-weight: {face.weight}; font-style: {'italic' if face.italic else 'normal'}; }}"
        )
    return "\n".join(rules)


def css_for(style, *, draft=False):
    family = style.font_family.strip()
    if not SAFE_FAMILY.match(family):
        raise ImproperlyConfigured(f"House style {style.name!r}: the font family {family!r} is not a plain name.")
    fonts.require_family(family)
    body = Decimal(style.body_size)
    line_height = Decimal(style.line_height)
    # Word's "empty line" is one body line high; spacing is counted in such lines.
    line = body * line_height
    gap = line * Decimal(style.paragraph_spacing)
    footnotes = style.notes_placement == HouseStyle.NotesPlacement.FOOTNOTES
    parts = [
        font_face_rules(family),
        f"""
@page {{
  size: {PAGE_SIZES.get(style.page_size, "letter")};
  margin: {pt(style.margin_top)} {pt(style.margin_right)} {pt(style.margin_bottom)} {pt(style.margin_left)};
}}
html {{
  font-family: "{family}";
  font-size: {pt(body)};
  line-height: {line_height};
  font-kerning: {"normal" if style.kerning else "none"};
  font-variant-ligatures: {"normal" if style.kerning else "none"};
  widows: {int(style.widows)};
  orphans: {int(style.orphans)};
  text-align: left;
  hyphens: manual;
  overflow-wrap: anywhere;
}}
body {{ margin: 0; }}
p, ul, ol, h1 {{ margin: 0; padding: 0; }}
a {{ color: inherit; text-decoration: none; }}
/* On paper a link is its address: the body's [text](https://…) links print it after the text. */
.body-paragraph a[href^="http"]::after {{ content: " (" attr(href) ")"; }}
/* Footnotes sit inside the paragraphs, and their URLs are already printed as addresses. */
.footnote a[href]::after {{ content: none; }}
.logo {{ display: block; height: {pt(style.logo_height)}; width: auto; margin-bottom: {pt(line)}; }}
.title {{ font-size: {pt(style.title_size)}; font-weight: bold; margin-bottom: {pt(line)}; }}
.date {{ margin-bottom: {pt(line)}; }}
.body-paragraph {{ margin-bottom: {pt(gap)}; }}
.signatory-intro, .additional-intro {{ font-weight: bold; margin-top: {pt(gap * 2)}; margin-bottom: {pt(gap)}; }}
.signatories {{ list-style: none; }}
.note-call {{ vertical-align: super; font-size: 65%; line-height: 0; }}
""",
    ]
    if footnotes:
        # footnote-policy line: a note that does not fit under its call's page moves the line with the call to the
        # next page, so every note is on its call's page (with auto, a note could land on the page after).
        parts.append(
            f"""
.notes {{ display: none; }}
.footnote {{
  float: footnote; font-size: {pt(style.notes_size)}; font-weight: normal; font-style: normal;
  footnote-policy: line;
}}
::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 65%; line-height: 0; }}
::footnote-marker {{ content: counter(footnote) " "; }}
@page {{
  @footnote {{ margin-top: {pt(line / 2)}; background: url("{rule_svg(style.rule_width)}") no-repeat; }}
}}
"""
        )
    else:
        parts.append(
            f"""
.notes {{ font-size: {pt(style.notes_size)}; margin-top: {pt(gap * 2)}; }}
.notes::before {{
  content: ""; display: block; width: {pt(style.rule_width)}; border-top: 0.5pt solid black;
  margin-bottom: {pt(line / 4)};
}}
.note-list {{ list-style: none; }}
.note-back {{ display: none; }}
"""
        )
    if draft:
        mark = (ASSETS_DIR / "draft-mark.png").as_uri()
        parts.append(
            f"""
@page {{
  @top-right {{
    content: ""; width: {DRAFT_MARK_HEIGHT_PT * 4}pt;
    background: url("{mark}") no-repeat right center / auto {DRAFT_MARK_HEIGHT_PT}pt;
  }}
}}
"""
        )
    return "\n".join(parts)
