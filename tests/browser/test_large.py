"""The explorer on a generated graph of about 100k triples in a store: it opens on the
best-connected concepts, searches, expands a concept and runs a path query, and never sends the
browser more than its cap."""

from urllib.parse import urlencode

import networkx as nx
import pytest
from playwright.sync_api import expect

from graph.backends import open_backend
from graph.web import create_app
from graph.web.large import MAX_NODES
from tests.generated import concept, write_graph
from tests.servers import AppServer


@pytest.fixture(scope="module")
def large_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    edges = write_graph(folder / "graph.nt", 15_000)
    causal = nx.DiGraph(edges["increases"] + edges["decreases"])
    distance = nx.single_source_shortest_path_length(causal, 1234, cutoff=5)
    target = min(n for n, d in distance.items() if d >= 3)
    backend = open_backend([folder / "graph.nt"], store=folder / "store")
    server = AppServer(create_app(backend=backend))
    yield server, target
    server.stop()


def nodes_on_canvas(page) -> int:
    return page.cy("return cy.nodes().length;")


def test_opens_searches_expands_and_finds_paths_within_the_cap(large_graph, make_page):
    large_server, target = large_graph
    page = make_page(large_server)
    page.page.wait_for_function("() => document.getElementById('cytoscape')._cyreg.cy.nodes().length > 0")
    assert 0 < nodes_on_canvas(page) <= MAX_NODES
    page.search("Concept 1234", "Concept 1234")
    page.expect_heading("Concept 1234")
    page.page.wait_for_function(
        "id => document.getElementById('cytoscape')._cyreg.cy.getElementById(id).length > 0", arg=concept(1234)
    )
    shown = nodes_on_canvas(page)
    assert 1 < shown <= MAX_NODES
    # expand a neighbour: the view grows, still within the cap
    neighbour = page.cy(f"return cy.getElementById('{concept(1234)}').neighborhood('node')[0].id();")
    page.click_element(neighbour)
    page.page.locator("#expand-button").click()
    page.page.wait_for_function(f"() => document.getElementById('cytoscape')._cyreg.cy.nodes().length > {shown}")
    assert nodes_on_canvas(page) <= MAX_NODES
    # a path query between two concepts, drawn on the canvas
    page.page.get_by_role("tab", name="Paths").click()
    for box, name in (("#large-path-source", "Concept 1234"), ("#large-path-target", f"Concept {target}")):
        page.page.locator(box).click()
        page.page.locator(".dash-dropdown-search").fill(name)
        page.page.get_by_role("option", name=name, exact=True).click()
    page.page.locator("#large-path-run").click()
    expect(page.page.locator("#large-status")).to_contain_text("path(s): Concept 1234")
    page.page.wait_for_function(
        "() => document.getElementById('cytoscape')._cyreg.cy.nodes('.highlighted').length >= 2"
    )
    assert nodes_on_canvas(page) <= MAX_NODES
    # the elements never exceeded the cap in any response
    assert page.cy("return cy.elements().length;") < MAX_NODES * 25


def test_opens_without_a_callback_and_a_shared_url_reopens_its_concept(large_graph, make_page):
    large_server, _ = large_graph
    page = make_page(large_server)
    page.page.wait_for_function("() => document.getElementById('cytoscape')._cyreg.cy.nodes().length > 0")
    expect(page.page.locator("#large-status")).to_contain_text("best-connected concepts")
    page.page.wait_for_timeout(300)  # time for any callback the page would run on its own
    assert page.page.evaluate("() => window.store.getState().callbacks.completed") == 0
    shared = make_page(large_server, "/?" + urlencode({"concept": concept(1234)}))
    shared.expect_heading("Concept 1234")
    shared.page.wait_for_function(
        "id => document.getElementById('cytoscape')._cyreg.cy.getElementById(id).length > 0", arg=concept(1234)
    )
