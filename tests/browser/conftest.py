"""Browser tests: the real app served on a free local port, driven in Debian's headless
Chromium through Playwright. Each test fails if the page logs a console error."""

from __future__ import annotations

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.servers import AppServer

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = pytest.mark.browser

# Two cores shared by the server, Chromium and software rendering: give the page time to settle
# (Playwright's default of 5 s for an expectation is too tight when the machine is busy).
playwright_api.expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)"))


@pytest.fixture(scope="session")
def app_server():
    from graph.web import create_app

    server = AppServer(create_app())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A page of the explorer, with the actions a person takes."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def open(self, path: str = "/") -> Page:
        self.page.goto(self.base_url + path)
        self.page.wait_for_selector("#cytoscape canvas")
        self.wait_for_idle()
        return self

    def wait_for_idle(self) -> None:
        """Until the page's requests (Dash's callbacks) have settled."""
        self.page.wait_for_load_state("networkidle")

    def search(self, text: str, option: str) -> None:
        """Type into the search box and choose ``option`` from its suggestions."""
        self.page.locator("#search").click()
        self.page.locator(".dash-dropdown-search").fill(text)
        self.page.get_by_role("option", name=option, exact=True).click()

    def cy(self, script: str):
        """Evaluate ``script`` with ``cy`` bound to the Cytoscape instance."""
        return self.page.evaluate(f"() => {{ const cy = document.getElementById('cytoscape')._cyreg.cy; {script} }}")

    def click_element(self, element_id: str) -> None:
        """Click a node or an edge on the canvas with the mouse, where it is drawn."""
        self.page.wait_for_function(
            "id => { const cy = document.getElementById('cytoscape')._cyreg.cy;"
            " const e = cy.getElementById(id); return e.length > 0; }",
            arg=element_id,
        )
        x, y = self.page.evaluate(
            """id => {
                const cy = document.getElementById('cytoscape')._cyreg.cy;
                const e = cy.getElementById(id);
                cy.resize();  // the container may have settled since Cytoscape last measured it
                // zoomed in on the element, nothing else can be under the pointer
                cy.zoom(e.isNode() ? 1.6 : 1.2);
                cy.center(e);
                const p = e.isNode() ? e.renderedPosition() : e.renderedMidpoint();
                return [p.x, p.y];
            }""",
            element_id,
        )
        box = self.page.locator("#cytoscape").bounding_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)
        self.wait_for_idle()

    def click_concept(self, slug: str) -> None:
        self.click_element(CONCEPT + slug)

    def details_text(self) -> str:
        return self.page.locator("#details").inner_text()

    def expect_heading(self, text: str) -> None:
        """Wait until the details panel shows ``text`` as its heading."""
        playwright_api.expect(self.page.locator("#details h2")).to_have_text(text)

    def classes_of(self, element_id: str) -> list[str]:
        return self.page.evaluate(
            "id => document.getElementById('cytoscape')._cyreg.cy.getElementById(id).classes()", element_id
        )


@pytest.fixture
def make_page(browser):
    """Open pages of any server; each fails its test on console errors."""
    contexts, pages = [], []

    def open_page(server, path: str = "/", viewport=(1280, 800)) -> Page:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True)
        contexts.append(context)
        page = Page(context.new_page(), server.url)
        page.page.set_default_timeout(30_000)
        pages.append(page)
        return page.open(path)

    yield open_page
    for context in contexts:
        context.close()
    errors = [error for page in pages for error in page.errors]
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def explorer(app_server, make_page):
    """The article explorer, opened in a fresh browser context."""
    return make_page(app_server)
