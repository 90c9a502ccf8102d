"""Paths, loops and analytics, as a person uses them."""

from playwright.sync_api import expect

from tests.browser.conftest import CONCEPT

ACC = CONCEPT + "anterior-cingulate-cortex"
WITHDRAWAL = CONCEPT + "social-withdrawal"


def open_tab(page, label: str) -> None:
    page.page.locator("#tabs .tab", has_text=label).click()


def wait_for_class(page, element_id: str, name: str) -> None:
    page.page.wait_for_function(
        "([id, name]) => document.getElementById('cytoscape')._cyreg.cy.getElementById(id).hasClass(name)",
        arg=[element_id, name],
    )


def test_find_paths_shows_evidence_and_moves_the_highlight(explorer, make_page, app_server):
    open_tab(explorer, "Paths")
    explorer.page.locator("#path-run").click()
    cards = explorer.page.locator(".path-card")
    expect(cards).to_have_count(5)
    expect(explorer.page.locator(".path-summary")).to_have_text("5 paths from Rejection to Isolation, shortest first.")
    for index in (0, 1):
        assert cards.nth(index).locator(".quote").count() >= 1
    expect(cards.nth(0)).to_contain_text("Rejection activates anterior cingulate cortex, which increases isolation.")
    expect(explorer.page.locator(".strategies")).to_contain_text("Strengthening self-esteem")

    # the first path is drawn: its concepts highlighted, the others dimmed
    wait_for_class(explorer, ACC, "highlighted")
    assert "highlighted" in explorer.classes_of(CONCEPT + "rejection")
    assert "dimmed" in explorer.classes_of(WITHDRAWAL)

    # choosing the second path moves the highlight
    cards.nth(1).locator(".show-on-graph").click()
    wait_for_class(explorer, WITHDRAWAL, "highlighted")
    assert "dimmed" in explorer.classes_of(ACC)
    expect(cards.nth(1)).to_have_class("path-card shown")

    # the query is in the URL: a copied URL reopens the same result on the Paths tab
    explorer.page.wait_for_url("**path=2*")
    assert "from=concept%3Arejection" in explorer.page.url
    readings = explorer.page.locator(".path-card .reading").all_inner_texts()
    again = make_page(app_server, explorer.page.url.removeprefix(app_server.url))
    expect(again.page.locator(".tab--selected")).to_have_text("Paths")
    expect(again.page.locator(".path-card")).to_have_count(5)
    assert again.page.locator(".path-card .reading").all_inner_texts() == readings
    expect(again.page.locator(".path-card.shown .path-number")).to_have_text("Path 2")
    wait_for_class(again, WITHDRAWAL, "highlighted")
    assert "dimmed" in again.classes_of(ACC)


def test_a_hand_written_url_fills_the_form_and_reports_problems(make_page, app_server):
    page = make_page(app_server, "/?from=isolation&to=rejection&len=3")
    expect(page.page.locator(".tab--selected")).to_have_text("Paths")
    expect(page.page.locator(".no-path")).to_contain_text("Try following links in either direction.")
    expect(page.page.locator("#path-source")).to_contain_text("Isolation")
    page.page.locator("#path-undirected input").check()
    page.page.locator("#path-run").click()
    expect(page.page.locator(".path-summary")).to_contain_text("(links followed in either direction)")
    page.page.wait_for_url("**undirected=1*")

    page.page.locator("#path-k").fill("50")
    page.page.locator("#path-run").click()
    expect(page.page.locator("#path-result .error")).to_contain_text("from 1 to 20")


def test_clicking_a_loop_highlights_it(explorer):
    open_tab(explorer, "Loops")
    loop = explorer.page.locator(".loop-card", has_text="Loneliness spiral loop").first
    expect(loop).to_contain_text("Reinforcing")
    loop.locator("button").click()
    wait_for_class(explorer, WITHDRAWAL, "highlighted")
    assert "highlighted" in explorer.classes_of(CONCEPT + "isolation")
    assert "dimmed" in explorer.classes_of(CONCEPT + "rejection")
    expect(loop.locator(".loop-links .quote").first).to_be_visible()


def test_analytics_draws_both_figures_and_a_bar_selects_its_concept(explorer):
    open_tab(explorer, "Analytics")
    bars = explorer.page.locator("#centrality-chart .bars .point")
    expect(bars).to_have_count(15)
    assert explorer.page.locator("#centrality-chart .main-svg").count() >= 1
    expect(explorer.page.locator("#category-flow-chart .sankey-node").first).to_be_attached()
    assert explorer.page.locator("#category-flow-chart .sankey-link").count() > 5

    top = bars.last.bounding_box()  # horizontal bars are drawn bottom first: the last is on top
    explorer.page.mouse.click(top["x"] + top["width"] / 2, top["y"] + top["height"] / 2)
    wait_for_class(explorer, WITHDRAWAL, "selected")
    expect(explorer.page.locator(".tab--selected")).to_have_text("Analytics")
