"""The SPARQL console, the Export tab and the Lists tab, as a person uses them."""

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from playwright.sync_api import expect
from rdflib import Graph

from graph.vocab import OA

from .conftest import CONCEPT

QUOTE = "isolation intensifies negative emotions"


def open_tab(explorer, label: str) -> None:
    explorer.page.locator("#tabs .tab", has_text=re.compile(f"^{label}$")).click()


def run_query(explorer, text: str | None = None) -> None:
    """Type ``text`` (when given) and press Run; callers wait for what they expect to see."""
    if text is not None:
        explorer.page.locator("#sparql-query").fill(text)
    explorer.page.locator("#sparql-run").click()


def test_run_an_example_then_an_update_is_refused_and_nothing_changed(explorer, tmp_path):
    open_tab(explorer, "SPARQL")
    explorer.page.locator("#sparql-example").click()
    explorer.page.get_by_role("option", name="Concepts on the paths from rejection to isolation").click()
    expect(explorer.page.locator("#sparql-query")).to_have_value(re.compile(r"cg:influences\+"))
    run_query(explorer)
    table = explorer.page.locator("#sparql-table")
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(table).to_contain_text("Social pain")
    expect(table).to_contain_text("concept:social-pain")
    rows = table.locator("tbody tr").count()
    expect(explorer.page.locator("#sparql-status")).to_contain_text(f"SELECT: {rows} rows")

    count = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"
    run_query(explorer, count)
    expect(table.locator("thead th")).to_have_text(["triples"])
    before = table.locator("tbody td").first.inner_text()
    assert int(before) > 1000

    run_query(explorer, "DELETE WHERE { ?s ?p ?o }")
    expect(explorer.page.locator("#sparql-status")).to_contain_text("Refused: updates are not allowed")
    expect(table.locator("tbody tr")).to_have_count(0)

    run_query(explorer, count)
    expect(table.locator("thead th")).to_have_text(["triples"])
    expect(table.locator("tbody td")).to_have_text([before])


def test_download_the_csv_of_a_query_result(explorer, tmp_path):
    open_tab(explorer, "SPARQL")
    explorer.page.locator("#sparql-example").click()
    explorer.page.get_by_role("option", name="Every link from rejection with its quote").click()
    run_query(explorer)
    expect(explorer.page.locator("#sparql-csv")).to_be_enabled()
    with explorer.page.expect_download() as download:
        explorer.page.locator("#sparql-csv").click()
    assert download.value.suggested_filename == "query-result.csv"
    path = tmp_path / "result.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    shown = explorer.page.locator("#sparql-table tbody tr").count()
    assert len(rows) == shown > 5
    assert {"relation", "target", "quote"} == set(rows[0])
    assert any(row["target"] == "Social withdrawal" and row["quote"] for row in rows)


def test_download_the_whole_graph_as_turtle(explorer, article_graph, tmp_path):
    open_tab(explorer, "Export")
    expect(explorer.page.locator("#export-summary")).to_contain_text(f"{len(article_graph.concepts)} concepts")
    explorer.page.get_by_label("Turtle").check()
    with explorer.page.expect_download() as download:
        explorer.page.locator("#export-button").click()
    assert download.value.suggested_filename == "concept-graph.ttl"
    path = Path(tmp_path / "graph.ttl")
    download.value.save_as(path)
    parsed = Graph().parse(path, format="turtle")
    assert len(parsed) == len(article_graph.graph)
    assert any(QUOTE in str(quote) for quote in parsed.objects(None, OA.exact))


def test_download_the_canvas_as_svg_and_png_as_it_is_drawn(explorer, article_graph, tmp_path):
    # Focus on one concept, drag a node aside: the SVG shows that view, where the page draws it.
    explorer.click_concept("rejection")
    explorer.expect_heading("Rejection")
    explorer.page.locator("#focus-button").click()
    expect(explorer.page.locator("#view-status")).to_contain_text("within 1 link(s) of Rejection")
    shown = explorer.cy("return cy.nodes().length")
    assert 1 < shown < len(article_graph.concepts)
    explorer.cy("cy.getElementById('%s').position({x: -999, y: -555})" % (CONCEPT + "rejection"))
    with explorer.page.expect_download() as download:
        explorer.page.locator("#image-svg").click()
    assert download.value.suggested_filename == "concept-graph.svg"
    path = tmp_path / "canvas.svg"
    download.value.save_as(path)
    root = ET.parse(path).getroot()
    svg = "{http://www.w3.org/2000/svg}"
    drawn = root.find(f"{svg}g[@class='concepts']").findall(f"{svg}g")
    assert len(drawn) == shown
    rejection = next(g for g in drawn if g.find(f"{svg}title").text == "Rejection")
    assert rejection.find(f"{svg}text/{svg}tspan").get("x") == "-999"
    assert len(root.find(f"{svg}g[@class='links']")) == explorer.cy("return cy.edges().length")
    with explorer.page.expect_download() as download:
        explorer.page.locator("#image-png").click()
    assert download.value.suggested_filename == "concept-graph.png"
    download.value.save_as(tmp_path / "canvas.png")
    assert (tmp_path / "canvas.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_lists_tab_selects_a_concept_from_the_keyboard(explorer):
    open_tab(explorer, "Lists")
    lists = explorer.page.locator(".lists-panel")
    expect(lists.get_by_role("heading", name="Concepts by category")).to_be_visible()
    caption = lists.locator("table caption")
    expect(caption).to_contain_text("Links 1-50 of 123 with their evidence")
    lists.get_by_role("button", name="Next links →").press("Enter")
    expect(caption).to_contain_text("Links 51-100 of 123")
    button = lists.get_by_role("button", name="Isolation", exact=True)
    button.focus()
    explorer.page.keyboard.press("Enter")
    explorer.expect_heading("Isolation")
    assert QUOTE in explorer.details_text()
