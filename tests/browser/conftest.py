"""Playwright fixtures: Debian's Chromium, headless, launched once per session (never `playwright install`)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_required():
    """On CI (CI=1) or when asked (STATEMENTS_REQUIRE_BROWSER=1), a missing Chromium fails instead of skipping."""
    return any(
        os.environ.get(name, "").strip().lower() in ("1", "true", "yes")
        for name in ("CI", "STATEMENTS_REQUIRE_BROWSER")
    )


@pytest.fixture(scope="session")
def chromium_browser():
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if browser_required():
            pytest.fail(f"{message}; the browser tests are required here (CI or STATEMENTS_REQUIRE_BROWSER).")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium_browser):
    """new_page() gives a page in a fresh context (its own cookies), closed after the test."""
    contexts = []

    def make():
        context = chromium_browser.new_context(accept_downloads=True, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
