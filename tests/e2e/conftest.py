"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Every page a test visits is checked with axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) and for
Content-Security-Policy violations. Without Chromium the tests are skipped locally and fail in CI.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Chromium must not try to reach the internet: this machine (and CI) has none.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's synchronous API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told it is safe, which it is: tests and the live server use the database in turn.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The live server needs committed data, and each test's flush removes the reference data
    that migrations loaded (the 15 networks, the framework), so it is loaded again."""
    from django.core.management import call_command

    from innovator_portal.hins.services import hins_sync

    hins_sync()
    call_command("framework", "load", verbosity=0)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium was not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "(or set CHROMIUM_PATH) to run the browser tests."
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests. {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Browser:
    """A page in a fresh browser context, with accessibility and CSP checks after each visit."""

    def __init__(self, page, base_url, *, axe=True):
        self.page = page
        self.axe = axe
        self.base_url = base_url
        self.csp_violations = []
        self.checked = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def visit(self, path):
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self):
        """Run axe on the current page and fail on any WCAG A/AA violation or CSP violation."""
        self.page.wait_for_load_state("load")
        assert not self.csp_violations, f"CSP violations on {self.page.url}: {self.csp_violations}"
        if not self.axe:
            return
        results = self.page.evaluate(
            AXE_SOURCE.read_text()
            + "\n;axe.run(document, {runOnly: {type: 'tag', values: "
            + json.dumps(AXE_TAGS)
            + "}, resultTypes: ['violations']})"
        )
        violations = [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["html"][:200] for node in violation["nodes"][:5]],
            }
            for violation in results["violations"]
        ]
        self.checked.append(self.page.url)
        assert not violations, f"axe found violations on {self.page.url}:\n" + json.dumps(violations, indent=2)


@pytest.fixture
def browser_context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def web(browser_context, live_server):
    """A browser page at the live server, checked with axe on every `visit` and `check`."""
    page = browser_context.new_page()
    yield Browser(page, live_server.url)
    page.close()


@pytest.fixture
def web_without_js(browser, live_server):
    """The same, with JavaScript switched off: every journey must work without it."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # axe needs JavaScript; these pages are checked by the same journeys with it switched on.
    yield Browser(page, live_server.url, axe=False)
    context.close()


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def any_web(request):
    """Each journey twice: in a browser with JavaScript (checked with axe) and in one without it."""
    return request.getfixturevalue("web" if request.param == "with JavaScript" else "web_without_js")
