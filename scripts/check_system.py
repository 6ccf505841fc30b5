"""Say clearly which system packages are missing, instead of a traceback later.

Usage: check_system.py [--tests]   (--tests also checks what the test suite needs)
"""

import shutil
import sys

problems = []
try:
    import weasyprint  # noqa: F401  (loads Pango through cffi)
except OSError as error:
    problems.append(
        f"WeasyPrint cannot load Pango ({error}). Debian/Ubuntu: sudo apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0 libharfbuzz-subset0"
    )
if "--tests" in sys.argv:
    if shutil.which("pdftotext") is None:
        problems.append(
            "pdftotext is missing (the tests read PDFs with it). Debian/Ubuntu: sudo apt-get install poppler-utils"
        )
if problems:
    print("Missing system packages:\n  - " + "\n  - ".join(problems), file=sys.stderr)
    sys.exit(1)
if "--tests" in sys.argv and shutil.which("chromium") is None:
    print(
        "Note: Chromium is not installed, so the browser tests will be skipped "
        "(Debian/Ubuntu: sudo apt-get install chromium).",
        file=sys.stderr,
    )
