"""Clicking through the graph, as a person does."""

from playwright.sync_api import expect

from tests.browser.conftest import CONCEPT


def test_first_view_draws_every_concept_with_legend(explorer):
    count = explorer.cy("return cy.nodes().length;")
    assert count == 63
    assert explorer.cy("return cy.edges().length;") > 100
    legend = explorer.page.locator("#legend").inner_text()
    for category in ("Cause", "Mechanism", "Effect", "Moderator", "Strategy"):
        assert category in legend
    # the default layout reads left to right: causes before mechanisms before effects
    xs = explorer.cy(
        "const mean = c => { const n = cy.nodes('.category-' + c); let s = 0; n.forEach(e => s += e.position('x'));"
        " return s / n.length; }; return ['cause', 'mechanism', 'effect'].map(mean);"
    )
    assert xs[0] < xs[1] < xs[2]
    # everything on the page came with the layout: opening it ran no callback at all
    explorer.page.wait_for_timeout(300)
    assert explorer.page.evaluate("() => window.store.getState().callbacks.completed") == 0


def test_click_a_node_and_read_its_panel(explorer):
    explorer.click_concept("isolation")
    explorer.expect_heading("Isolation")
    text = explorer.details_text()
    assert "Isolation" in text and "Effect" in text
    assert "Also called" in text and "social isolation" in text
    assert "Comes from" in text and "Leads to" in text
    assert "isolation intensifies negative emotions" in text  # a quote from the article
    assert "selected" in explorer.classes_of(CONCEPT + "isolation")


def test_click_a_neighbour_in_the_panel_moves_the_selection(explorer):
    explorer.click_concept("isolation")
    explorer.expect_heading("Isolation")
    explorer.page.locator("#details .concept-link", has_text="Negative emotions").first.click()
    explorer.expect_heading("Negative emotions")
    explorer.page.wait_for_function(
        "id => document.getElementById('cytoscape')._cyreg.cy.getElementById(id).hasClass('selected')",
        arg=CONCEPT + "negative-emotions",
    )
    # the trail and the back button take the person back
    assert "Isolation" in explorer.page.locator("#trail-list").inner_text()
    explorer.page.locator("#back-button").click()
    explorer.expect_heading("Isolation")


def test_click_a_link_shows_its_evidence_in_its_sentence(explorer):
    explorer.click_concept("isolation")
    explorer.expect_heading("Isolation")
    explorer.page.locator("#details .edge-link").first.click()
    explorer.page.locator("#details mark").first.wait_for()
    assert "Evidence" in explorer.details_text()
    assert "Polarity" in explorer.details_text()


def test_search_selects_and_centres_a_concept(explorer):
    explorer.search("cingul", "Anterior cingulate cortex")
    explorer.expect_heading("Anterior cingulate cortex")
    explorer.page.wait_for_timeout(400)  # the centring animation
    x, y, width, height = explorer.cy(
        "const p = cy.getElementById('" + CONCEPT + "anterior-cingulate-cortex').renderedPosition();"
        " return [p.x, p.y, cy.width(), cy.height()];"
    )
    assert abs(x - width / 2) < width * 0.1 and abs(y - height / 2) < height * 0.1


def test_a_copied_url_reopens_the_same_selection(explorer, make_page, app_server):
    explorer.click_concept("social-pain")
    explorer.expect_heading("Social pain")
    explorer.page.wait_for_url("**concept=*")
    again = make_page(app_server, explorer.page.url.removeprefix(app_server.url))
    again.expect_heading("Social pain")


def test_browser_back_button_restores_the_previous_selection(explorer):
    explorer.click_concept("isolation")
    explorer.expect_heading("Isolation")
    explorer.click_concept("rejection")
    explorer.expect_heading("Rejection")
    explorer.page.go_back()
    explorer.expect_heading("Isolation")


def test_focus_shows_only_the_neighbourhood(explorer):
    explorer.click_concept("isolation")
    explorer.expect_heading("Isolation")
    explorer.page.locator("#focus-button").click()
    status = explorer.page.locator("#view-status")
    expect(status).to_contain_text("within 1 link(s) of Isolation")
    shown = explorer.cy("return cy.nodes().length;")
    assert 1 < shown < 63
    explorer.page.locator("#reset-button").click()
    expect(status).to_contain_text("Showing 63 of 63 concepts")
    assert explorer.cy("return cy.nodes().length;") == 63
