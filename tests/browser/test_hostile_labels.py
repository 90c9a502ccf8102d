"""Part of the hostile-input suite (``tests/hostile``), here for the browser fixtures.

Labels, definitions and IRIs that carry markup, script, ``javascript:`` and ``data:`` IRIs,
right-to-left overrides and 10,000-character strings, uploaded and explored in Chromium: shown
as text, never run, never made into links, and the page keeps its layout."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from .test_sparql_export import open_tab, run_query
from .test_upload import status, upload, wait_for_nodes

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="x" onerror="alert(2)">'
JAVASCRIPT_IRI = "javascript:alert(document.domain)"
DATA_IRI = "data:text/html;base64," + base64.b64encode(b"<script>alert(3)</script>").decode()
RLO = "\u202eexe.txt\u202c report"  # reads "report txt.exe" backwards on screen
LONG_WORD = "W" * 10_000
LONG_TEXT = " ".join(["long"] * 2_000)  # 10,000 characters that wrap


def turtle(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


HOSTILE = f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<{JAVASCRIPT_IRI}> a skos:Concept ; skos:prefLabel "{turtle(SCRIPT)} script" ;
    skos:definition "{turtle(IMG)} definition" ;
    skos:exactMatch <javascript:alert(4)>, <{DATA_IRI}> ;
    skos:related <{DATA_IRI}>, <urn:x:rlo>, <urn:x:long> .
<{DATA_IRI}> a skos:Concept ; skos:prefLabel "{turtle(IMG)} image" .
<urn:x:rlo> a skos:Concept ; skos:prefLabel "{RLO}" ; skos:altLabel "<a href='javascript:alert(5)'>alt</a>" .
<urn:x:long> a skos:Concept ; skos:prefLabel "{LONG_WORD}" ; skos:definition "{LONG_TEXT}" ;
    skos:related <urn:x:rlo> .
""".encode()

#: What the page must never hold: links or sources with a script or data IRI, scripted
#: attributes, embedded documents.
UNSAFE = """() => {
    const found = [];
    for (const e of document.querySelectorAll("*")) {
        for (const a of e.attributes) {
            const value = a.value.trim().toLowerCase();
            if (a.name.startsWith("on")) found.push(e.tagName + " " + a.name);
            if (["href", "src", "action", "formaction", "xlink:href"].includes(a.name)
                && (value.startsWith("javascript:") || value.startsWith("data:text/html")))
                found.push(e.tagName + " " + a.name + "=" + value.slice(0, 40));
        }
        if (["IFRAME", "OBJECT", "EMBED"].includes(e.tagName)) found.push(e.tagName);
    }
    for (const s of document.querySelectorAll("#details script, #details img, #sparql-table script, "
                                              + "#sparql-table img, #sparql-table a"))
        found.push("in the page's text: " + s.tagName);
    return found;
}"""


def test_hostile_labels_and_iris_are_text_and_the_layout_holds(explorer):
    dialogs = []
    explorer.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    side = explorer.page.locator(".side-column").bounding_box()
    canvas = explorer.page.locator("#cytoscape").bounding_box()

    upload(explorer, "hostile.ttl", HOSTILE)
    expect(status(explorer)).to_contain_text("Loaded hostile.ttl: 4 concepts")
    wait_for_nodes(explorer, 4)

    explorer.click_element(JAVASCRIPT_IRI)
    explorer.expect_heading(f"{SCRIPT} script")
    details = explorer.details_text()
    assert f"{IMG} definition" in details and JAVASCRIPT_IRI in details
    assert f"{IMG} image" in details  # the data: concept, a neighbour

    explorer.click_element("urn:x:rlo")
    explorer.expect_heading(RLO)  # the override is kept as a character, inside its element
    assert "<a href='javascript:alert(5)'>alt</a>" in explorer.details_text()

    explorer.click_element("urn:x:long")
    expect(explorer.page.locator("#details h2")).to_have_text(LONG_WORD)
    assert LONG_TEXT in explorer.details_text()
    # the page keeps its columns: the long word scrolls inside the side column
    assert explorer.page.locator(".side-column").bounding_box()["width"] == pytest.approx(side["width"], abs=2)
    assert explorer.page.locator("#cytoscape").bounding_box()["width"] == pytest.approx(canvas["width"], abs=2)
    explorer.click_element(DATA_IRI)  # another concept is still reached by a click
    explorer.expect_heading(f"{IMG} image")

    open_tab(explorer, "SPARQL")
    run_query(explorer, "SELECT ?c ?label WHERE { ?c skos:prefLabel|skos:altLabel ?label } ORDER BY ?label")
    expect(explorer.page.locator("#sparql-status")).to_contain_text("SELECT: 5 rows")
    cells = explorer.page.locator("#sparql-table td").all_inner_texts()
    assert {JAVASCRIPT_IRI, DATA_IRI, f"{SCRIPT} script", RLO, LONG_WORD} <= set(cells)

    assert explorer.page.evaluate(UNSAFE) == []
    # and the check would see one
    explorer.page.evaluate(
        "() => { const a = document.createElement('a'); a.href = 'javascript:void 0';"
        " a.id = 'probe'; document.body.append(a); }"
    )
    assert explorer.page.evaluate(UNSAFE) == ["A href=javascript:void 0"]
    explorer.page.evaluate("() => document.getElementById('probe').remove()")
    explorer.page.wait_for_timeout(200)
    assert dialogs == []
