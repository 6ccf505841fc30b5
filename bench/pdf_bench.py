"""PDF figures for the issue note, each next to its target from the issue:
render cost through the app versus bare WeasyPrint (app adds ≤ 20 %), scaling with signatories (3,000 in ≤ 3 s),
peak memory of a 3,000-signatory render (the peak RSS of a separate process, so Pango/cairo/FreeType count), and
serving a stored PDF versus WhiteNoise serving the same bytes (≤ 1.5×), both through the download's 5-second row
cache (statements/pdf/lookup.py: what a burst of downloads of one statement costs) and cold (the cache cleared
before each request: a database query every time, what the first download after 5 s costs).

Run: DEBUG=1 .venv/bin/python bench/pdf_bench.py [--quick]
Uses a temporary SQLite database and media folder; touches nothing else.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# A child process measuring memory (--rss-child) works on its parent's database.
CHILD = "--rss-child" in sys.argv
WORK = Path(os.environ["PDF_BENCH_WORK"]) if CHILD else Path(tempfile.mkdtemp(prefix="pdf-bench-"))
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ["STATIC_ROOT"] = str(WORK / "static")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from statements.demo.loader import load  # noqa: E402
from statements.models import Signature, Statement  # noqa: E402
from statements.pdf.lookup import forget_cached_versions  # noqa: E402
from statements.pdf.render import PDF_VARIANT, document_html, render_statement_pdf  # noqa: E402
from statements.pdf.versions import latest_version  # noqa: E402

TARGET_APP_OVERHEAD = 0.20
TARGET_3000_SECONDS = 3.0
TARGET_STORED_VS_STATIC = 1.5


def verdict(ok):
    return "ok" if ok else "MISSED"


def median_time(func, runs, before=None):
    times = []
    for _ in range(runs):
        if before is not None:
            before()  # not timed
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def with_signatories(seed, count):
    statement = Statement.objects.create(
        network=seed.network, title=f"{seed.title} ({count})", date=seed.date, body=seed.body, language="en"
    )
    for note in seed.notes.all():
        note.pk = None
        note.statement = statement
        note.save()
    Signature.objects.bulk_create(
        Signature(statement=statement, name=f"Member organisation number {i}", country="Ukraine", position=i)
        for i in range(count)
    )
    return statement


def rss_child(mode, statement_pk):
    """In the child: print this process's peak RSS in KiB, after one render or (baseline) the same minus it."""
    statement = Statement.objects.select_related("network__house_style").get(pk=statement_pk)
    list(statement.signatures.all())  # the rows, as the render reads them
    if mode == "render":
        render_statement_pdf(statement)
    # VmHWM is this process image's own peak; ru_maxrss would carry over the forking parent's peak through exec.
    status = Path("/proc/self/status")
    if status.exists():
        print(next(line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:")))
    else:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def peak_rss_mib(statement, mode):
    env = {**os.environ, "PDF_BENCH_WORK": str(WORK)}
    out = subprocess.run(  # noqa: S603  (this script, with our own arguments)
        [sys.executable, __file__, "--rss-child", mode, str(statement.pk)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.split()[-1]) / 1024


def wsgi_timer(app, path, runs, before=None):
    from wsgiref.util import setup_testing_defaults

    def one():
        environ = {"PATH_INFO": path, "HTTP_HOST": "127.0.0.1", "REQUEST_METHOD": "GET"}
        setup_testing_defaults(environ)
        status = []
        body = app(environ, lambda s, h, exc_info=None: status.append(s))
        size = sum(len(chunk) for chunk in body)
        if hasattr(body, "close"):
            body.close()
        assert status[0].startswith("200"), (path, status)
        return size

    one()  # warm up
    rounds = [median_time(one, runs, before) for _ in range(5)]
    return statistics.median(rounds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = 3 if args.quick else 7

    call_command("migrate", verbosity=0)
    _network, seed, _users = load()
    print(f"# PDF bench (WeasyPrint {weasyprint.__version__}, Python {sys.version.split()[0]}, {runs} runs each)")

    html = document_html(seed, draft=False)
    render_statement_pdf(seed, draft=False)  # warm up fonts index and imports
    app = median_time(lambda: render_statement_pdf(seed, draft=False), runs)
    bare = median_time(lambda: weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT), runs)
    bare_plain = median_time(lambda: weasyprint.HTML(string=html).write_pdf(), runs)
    overhead = app / bare - 1
    print(f"seed via app:             {app * 1000:7.1f} ms")
    print(
        f"seed, bare WeasyPrint:    {bare * 1000:7.1f} ms  (same HTML and options; app adds {overhead:+.1%}; "
        f"target ≤ +{TARGET_APP_OVERHEAD:.0%}: {verdict(overhead <= TARGET_APP_OVERHEAD)})"
    )
    print(
        f"seed, bare, untagged:     {bare_plain * 1000:7.1f} ms  (cost of PDF/UA tagging {bare / bare_plain - 1:+.1%})"
    )

    for count in (30, 300, 3000):
        statement = with_signatories(seed, count)
        n = runs if count < 3000 else max(3, runs // 2)
        seconds = median_time(lambda s=statement: render_statement_pdf(s), n)
        target = (
            f"  (target ≤ {TARGET_3000_SECONDS:.0f} s: {verdict(seconds <= TARGET_3000_SECONDS)})"
            if count == 3000
            else ""
        )
        print(f"{count:>5} signatories:        {seconds * 1000:7.1f} ms{target}")
    connection.close()  # the children open their own
    baseline = statistics.median(peak_rss_mib(statement, "baseline") for _ in range(3))
    rendering = statistics.median(peak_rss_mib(statement, "render") for _ in range(3))
    print(
        f"peak RSS of a process rendering 3,000 signatories once: {rendering:.0f} MiB; the same process without the "
        f"render {baseline:.0f} MiB; the render adds {rendering - baseline:.0f} MiB (no target in the issue)"
    )

    # Serving: the download view (stored file) versus WhiteNoise serving the same bytes as a static file,
    # both through the project's WSGI application with DEBUG off, as in production.
    version = latest_version(seed)
    static_root = Path(settings.STATIC_ROOT)
    (static_root / "bench").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(version.pdf.path, static_root / "bench" / "statement.pdf")
    settings.DEBUG = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    from django.core.wsgi import get_wsgi_application

    wsgi = get_wsgi_application()
    serve_runs = 50 if args.quick else 200
    static = wsgi_timer(wsgi, f"/{settings.STATIC_URL.strip('/')}/bench/statement.pdf", serve_runs)
    print(f"WhiteNoise, same {version.size:,} bytes as a static file: {static * 1e6:6.0f} µs")
    for max_age in (connection.settings_dict.get("CONN_MAX_AGE", 0), 600):
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = max_age
        for label, before in (("row cache warm", None), ("cold, cache cleared", forget_cached_versions)):
            stored = wsgi_timer(wsgi, f"/statements/{seed.slug}.pdf", serve_runs, before)
            ratio = stored / static
            print(
                f"stored PDF download, {label}, CONN_MAX_AGE={max_age}: {stored * 1e6:6.0f} µs  ({ratio:.2f}× "
                f"WhiteNoise; target ≤ {TARGET_STORED_VS_STATIC}×: {verdict(ratio <= TARGET_STORED_VS_STATIC)})"
            )


if __name__ == "__main__":
    if CHILD:
        rss_child(sys.argv[-2], int(sys.argv[-1]))
    else:
        try:
            main()
        finally:
            shutil.rmtree(WORK, ignore_errors=True)
