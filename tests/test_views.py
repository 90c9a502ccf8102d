from graph.iris import concept_iri, section_iri
from graph.views import ViewFilter, filter_view
from graph.vocab import CG


def test_no_filter_shows_everything(article_graph):
    G = article_graph.network
    view = filter_view(G, ViewFilter())
    assert len(view) == len(G) and view.number_of_edges() == G.number_of_edges()


def test_focus_depth_grows_the_neighbourhood(article_graph):
    G = article_graph.network
    focus = str(concept_iri("isolation"))
    one = filter_view(G, ViewFilter(focus=focus, depth=1))
    two = filter_view(G, ViewFilter(focus=focus, depth=2))
    assert focus in one and 1 < len(one) < len(two) <= len(G)
    assert set(one) <= set(two)


def test_category_filter_keeps_the_focus(article_graph):
    G = article_graph.network
    focus = str(concept_iri("rejection"))
    view = filter_view(G, ViewFilter(focus=focus, depth=2, categories=("Strategy",)))
    assert focus in view
    assert {G.nodes[n]["category_label"] for n in view if n != focus} <= {"Strategy"}


def test_relation_filter_keeps_only_those_links(article_graph):
    G = article_graph.network
    view = filter_view(G, ViewFilter(relations=(str(CG.mitigates),)))
    assert view.number_of_edges() > 0
    assert {key for _, _, key in view.edges(keys=True)} == {str(CG.mitigates)}


def test_section_filter_keeps_links_evidenced_there(article_graph):
    G = article_graph.network
    lead = str(section_iri("lead"))
    view = filter_view(G, ViewFilter(sections=(lead,)))
    assert view.number_of_edges() > 0
    for _, _, data in view.edges(data=True):
        assert any(str(e.section) == lead for e in data["evidence"])
    assert all(view.degree(n) > 0 for n in view)
