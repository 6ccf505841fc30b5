"""Helpers shared by the PDF tests: text extraction with poppler and the layout comparison."""

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

# The original's text (the user's sample), the one copy shared by the layout and the demo tests.
REFERENCE = Path(__file__).parents[2] / "data" / "csp-2016-12-01-reference.txt"
DEMO_SLUG = "kazakhstan-ruling-against-civil-society-activists-sets-dangerous-precedent"
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"'})

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")


def normalise(text):
    return unicodedata.normalize("NFKC", text).translate(QUOTES)


def pdftotext_pages(pdf, *args):
    """Pages of `pdftotext -layout` (keeps hyphens at line ends, unlike plain mode), each a list of lines."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-layout", *args, handle.name, "-"], check=True, capture_output=True
        ).stdout.decode()
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [page.split("\n") for page in pages]


def text_of(pdf):
    return normalise(" ".join(" ".join(line.split()) for page in pdftotext_pages(pdf) for line in page))


def reference_pages(text=None):
    """The original's pages: its text has a run of three or more empty lines where a page ends."""
    text = (text if text is not None else REFERENCE.read_text(encoding="utf-8")).replace("\r\n", "\n")
    pages, current, blank_run = [], [], 0
    for line in text.split("\n"):
        if line == "":
            blank_run += 1
            continue
        if blank_run >= 3 and any(item.strip() for item in current):
            pages.append(current)
            current = []
        blank_run = 0
        current.append(line)
    pages.append(current)
    return pages


class Tokens:
    """Words of a document in order, with the indices of the words that end a line and a page."""

    def __init__(self, pages):
        self.words, self.line_ends, self.page_ends = [], [], []
        self.lines = []  # (raw line, index of its last word)
        for page in pages:
            for raw in page:
                words = normalise(raw).split()
                if not words:
                    continue
                self.words.extend(words)
                self.line_ends.append(len(self.words) - 1)
                self.lines.append((raw, len(self.words) - 1))
            self.page_ends.append(len(self.words) - 1)


def wrapped_line_ends(pages):
    """Word indices ending a line the line filler broke (the paragraph goes on in the next line).

    Lines of the notes zone (after Word's separator, a line of 20+ spaces) are judged against the notes' own
    line length; one-per-line items (signatories) are told apart by being shorter than 80 % of a full line.
    """
    flat, zone = [], "body"
    for page in pages:
        for raw in page:
            if not raw.strip() and len(raw) >= 20:
                zone = "notes"
            flat.append((raw, zone))
    lengths = {}
    for raw, z in flat:
        if raw.strip():
            lengths.setdefault(z, []).append(len(raw.rstrip()))
    full = {z: sorted(v)[int(0.9 * (len(v) - 1))] for z, v in lengths.items()}
    ends, count = [], -1
    for k, (raw, z) in enumerate(flat):
        if not raw.strip():
            continue
        count += len(normalise(raw).split())
        following = flat[k + 1] if k + 1 < len(flat) else None
        if (
            following is not None
            and following[0].strip()
            and following[1] == z
            and not (z == "notes" and re.match(r"^\s*\d{1,2}\s", following[0]))
            and len(raw.rstrip()) >= 0.8 * full[z]
        ):
            ends.append(count)
    return ends


def word_boxes(pdf):
    """(xMin, yMin, xMax, yMax) of every word per `pdftotext -bbox`, in points from the page's top left."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        html = subprocess.run(["pdftotext", "-bbox", handle.name, "-"], check=True, capture_output=True).stdout
    pattern = rb'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'
    return [tuple(float(v) for v in match) for match in re.findall(pattern, html)]


def _multiply(m, n):
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def image_boxes(page):
    """(xMin, yMin, xMax, yMax) of every image drawn on a pypdf page, in points from the page's top left.

    Follows the content stream's q/Q/cm and form XObjects, so it sees where WeasyPrint really paints each image.
    """
    from pypdf.generic import ContentStream

    height = float(page.mediabox.height)
    boxes = []

    def walk(content, resources, ctm):
        stack = []
        for operands, operator in ContentStream(content, page.pdf).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                ctm = _multiply(tuple(float(v) for v in operands), ctm)
            elif operator == b"Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject["/Subtype"] == "/Form":
                    matrix = tuple(float(v) for v in xobject.get("/Matrix", (1, 0, 0, 1, 0, 0)))
                    walk(xobject, xobject.get("/Resources", resources), _multiply(matrix, ctm))
                elif xobject["/Subtype"] == "/Image":
                    a, b, c, d, e, f = ctm
                    xs = [e, a + e, c + e, a + c + e]
                    ys = [f, b + f, d + f, b + d + f]
                    boxes.append((min(xs), height - max(ys), max(xs), height - min(ys)))

    walk(page.get_contents(), page["/Resources"], (1, 0, 0, 1, 0, 0))
    return boxes
