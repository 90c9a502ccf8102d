"""Bringing one's own graph, as a person does: choose a file in the Graph tab, explore it; a broken
file says where it is broken; nobody else sees the upload; labels are text, never markup."""

import re

from playwright.sync_api import expect

EX = "http://example.org/mood/"
MOOD = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/mood/> .

ex:stress a skos:Concept ; skos:prefLabel "Stress"@en ; skos:related ex:sleep-loss .
ex:sleep-loss a skos:Concept ; skos:prefLabel "Sleep loss"@en ; skos:broader ex:health .
ex:health a skos:Concept ; skos:prefLabel "Health"@en .
"""
BROKEN = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<urn:a> a skos:Concept ;
    skos:prefLabel "A" ;; ]
"""
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:x:img> a skos:Concept ; skos:prefLabel "{IMG} image" ; skos:related <urn:x:script> .
<urn:x:script> a skos:Concept ; skos:prefLabel "{SCRIPT} script" ;
    skos:definition "<b onmouseover=alert(2)>bold</b>" .
""".encode()


def open_graph_tab(explorer) -> None:
    explorer.page.locator("#tabs .tab").filter(has_text=re.compile(r"^Graph$")).click()


def upload(explorer, name: str, content: bytes) -> None:
    """Open the Graph tab and choose a file, as with the file dialog."""
    open_graph_tab(explorer)
    explorer.page.locator("#graph-upload input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}]
    )


def wait_for_nodes(explorer, count: int) -> None:
    """Until the canvas (which a reload mounts again) draws ``count`` nodes."""
    explorer.page.wait_for_function(
        "n => { const host = document.getElementById('cytoscape');"
        " return Boolean(host && host._cyreg && host._cyreg.cy.nodes().length === n); }",
        arg=count,
    )


def node_count(explorer) -> int:
    return explorer.cy("return cy.nodes().length;")


def status(explorer):
    return explorer.page.locator("#graph-upload-status")


def test_upload_a_graph_explore_it_and_go_back_to_the_article(explorer):
    upload(explorer, "mood.ttl", MOOD)
    expect(status(explorer)).to_have_text("Loaded mood.ttl: 3 concepts, 2 relations.")
    wait_for_nodes(explorer, 3)
    expect(explorer.page.locator("#graph-name")).to_have_text("mood.ttl")
    expect(explorer.page.locator("#graph-current")).to_contain_text("mood.ttl: 3 concepts, 2 relations")
    explorer.click_element(EX + "stress")
    explorer.expect_heading("Stress")
    explorer.search("slee", "Sleep loss")
    explorer.expect_heading("Sleep loss")
    assert "Health" in explorer.details_text()

    open_graph_tab(explorer)
    explorer.page.get_by_role("button", name="Back to the article").click()
    wait_for_nodes(explorer, 63)
    expect(explorer.page.locator("#graph-current")).to_contain_text("63 concepts")
    expect(explorer.page.get_by_role("button", name="Back to the article")).to_be_disabled()


def test_a_broken_file_shows_its_line_and_the_graph_stays(explorer):
    upload(explorer, "mood.ttl", MOOD)
    expect(status(explorer)).to_contain_text("Loaded mood.ttl")
    wait_for_nodes(explorer, 3)
    upload(explorer, "broken.ttl", BROKEN)
    expect(status(explorer)).to_contain_text("broken.ttl:4: ")
    explorer.wait_for_idle()
    assert node_count(explorer) == 3
    expect(explorer.page.locator("#graph-current")).to_contain_text("mood.ttl")
    # a file over the limit is refused in the browser: it is never sent
    sent = []
    explorer.page.on("request", lambda request: sent.append(len(request.post_data_buffer or b"")))
    upload(explorer, "huge.ttl", b"#" * (9 * 2**20))
    expect(status(explorer)).to_have_text("huge.ttl: the file is 9 MB; uploads are limited to 8 MB")
    explorer.wait_for_idle()
    assert max(sent, default=0) < 2**20
    assert node_count(explorer) == 3


def test_another_session_still_sees_the_article(explorer, make_page, app_server):
    upload(explorer, "mood.ttl", MOOD)
    expect(status(explorer)).to_contain_text("Loaded mood.ttl")
    wait_for_nodes(explorer, 3)
    other = make_page(app_server)  # another browser context: another session
    assert node_count(other) == 63
    expect(other.page.locator("#graph-name")).to_have_text("Why people withdraw after rejection")
    # and the uploading tab keeps its graph across a reload (the token lives in its session)
    explorer.page.reload()
    wait_for_nodes(explorer, 3)


def test_labels_are_shown_as_text_never_run(explorer):
    dialogs = []
    explorer.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    upload(explorer, "hostile.ttl", HOSTILE)
    expect(status(explorer)).to_contain_text("Loaded hostile.ttl: 2 concepts")
    wait_for_nodes(explorer, 2)
    explorer.click_element("urn:x:img")
    explorer.expect_heading(f"{IMG} image")
    assert f"{SCRIPT} script" in explorer.details_text()  # its neighbour, as a link
    explorer.search("script", f"{SCRIPT} script")
    explorer.expect_heading(f"{SCRIPT} script")
    assert "<b onmouseover=alert(2)>bold</b>" in explorer.details_text()
    assert explorer.page.locator("#details img, #details script, #details b, .dash-dropdown img").count() == 0
    explorer.page.wait_for_timeout(200)
    assert dialogs == []
