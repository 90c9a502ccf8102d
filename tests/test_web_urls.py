from graph.web.urls import expand_name, read_query, short_name, write_query


def test_read_and_write_query():
    assert read_query("?a=1&b=two%20words") == {"a": "1", "b": "two words"}
    assert read_query(None) == {}
    assert write_query("?b=2&a=1", c="x y", a=None) == "?b=2&c=x+y"
    assert write_query("?a=1", a=None) == ""


def test_short_and_expanded_names(article_graph):
    iri = "https://w3id.org/concept-graph/withdrawal/concept/rejection"
    assert short_name(article_graph, iri) == "concept:rejection"
    assert expand_name(article_graph, "concept:rejection") == iri
    assert short_name(article_graph, "http://elsewhere.example/x") == "http://elsewhere.example/x"
    assert expand_name(article_graph, "http://elsewhere.example/x") == "http://elsewhere.example/x"
