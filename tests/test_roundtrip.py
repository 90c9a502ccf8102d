"""Nothing lost: every export reads back as the graph it came from, in every format, for the
article, for a view and a path of it (with their labels and evidence), for random graphs full of
awkward terms, and through an on-disk store.

Graphs are compared by their RDFC-1.0 canonical forms (pyoxigraph's, 40 times faster than
``rdflib.compare.isomorphic`` on the article, which the small random graphs are also checked
with), language tags in lower case: RDF 1.1 makes them case-insensitive and pyoxigraph, which the
project imports with, lowers them.
"""

import csv
import io
import string

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from graph.errors import DataError
from graph.export import EXPORT_FORMATS, export_view, serialize, subgraph_rdf
from graph.load import DATA_DIR, DEFAULT_PATHS, FORMATS, load_ontology, parse_rdf
from graph.model import ConceptGraph
from graph.sources import StoreInfo, StoreSource, open_store
from graph.views import ViewFilter, filter_view
from graph.vocab import OA
from tests.conftest import run_cli

CONCEPT = "https://w3id.org/concept-graph/withdrawal/concept/"
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# rdflib's JSON-LD parser builds a ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def lower_languages(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def canonical(graph: Graph) -> set:
    dataset = ox.Dataset(ox.Quad(*map(to_oxigraph, triple)) for triple in graph)  # lowers language tags
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def same_triples(a: Graph, b: Graph) -> bool:
    return canonical(a) == canonical(b)


def to_oxigraph(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if term.language:
        return ox.Literal(term, language=term.language)
    return ox.Literal(term, datatype=ox.NamedNode(term.datatype or XSD.string))


def quotes(graph: Graph) -> list[str]:
    return sorted(str(o) for o in graph.objects(None, OA.exact))


def labels(graph: Graph) -> list[tuple[str, str]]:
    return sorted((str(s), str(o)) for s, o in graph.subject_objects(SKOS.prefLabel))


# The article ----------------------------------------------------------------------------------
@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
def test_the_article_reads_back_whole_with_every_quote_and_label(article_graph, format):
    text = serialize(article_graph.graph, format)
    again = parse_rdf(text.encode(), format, name=f"export.{format}")
    assert same_triples(again, article_graph.graph)
    assert quotes(again) == quotes(article_graph.graph) and len(quotes(again)) > 100
    assert labels(again) == labels(article_graph.graph)
    # and as a concept graph: the same links, each with the same quotes
    reloaded = ConceptGraph(again, load_ontology())
    assert link_quotes(reloaded.network) == link_quotes(article_graph.network)


def link_quotes(G: nx.MultiDiGraph) -> dict:
    return {(u, k, v): sorted(e.quote for e in d.get("evidence", ())) for u, v, k, d in G.edges(keys=True, data=True)}


def parts(article_graph) -> dict[str, nx.MultiDiGraph]:
    """A focus view and a two-link path of the article's projection."""
    G = article_graph.network
    first = next((u, v, k) for u, v, k in G.edges(keys=True) if u == CONCEPT + "rejection" and G.out_degree(v))
    second = next((u, v, k) for u, v, k in G.edges(first[1], keys=True) if v not in first)
    path = nx.MultiDiGraph(G.edge_subgraph([first, second]))
    return {"view": filter_view(G, ViewFilter(focus=CONCEPT + "isolation")), "path": path}


@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
@pytest.mark.parametrize("part", ["view", "path"])
def test_a_part_reads_back_with_its_labels_and_evidence(article_graph, part, format):
    view = parts(article_graph)[part]
    again = parse_rdf(export_view(article_graph, format, view).encode(), format, name=f"part.{format}")
    expected = subgraph_rdf(article_graph, view.nodes, [(u, k, v) for u, v, k in view.edges(keys=True)])
    assert same_triples(again, expected)
    assert {s for s, _ in labels(again)} == set(view.nodes)
    reloaded = ConceptGraph(again, load_ontology()).network
    assert set(reloaded.edges(keys=True)) == set(view.edges(keys=True))
    assert link_quotes(reloaded) == link_quotes(view)
    assert all(link_quotes(view).values())


def test_graphml_keeps_every_concept_and_link_with_its_label_and_evidence(article_graph):
    for G in (article_graph.network, *parts(article_graph).values()):
        back = nx.parse_graphml(
            export_view(article_graph, "graphml", None if G is article_graph.network else G), force_multigraph=True
        )
        assert {n: back.nodes[n]["label"] for n in back} == {n: d["label"] for n, d in G.nodes(data=True)}
        read = {(u, k, v): d for u, v, k, d in back.edges(keys=True, data=True)}
        assert set(read) == {(u, k, v) for u, v, k in G.edges(keys=True)}
        for u, v, k, d in G.edges(keys=True, data=True):
            assert read[u, k, v]["label"] == d["label"] and read[u, k, v]["polarity"] == d["polarity"]
            assert read[u, k, v]["evidence"] == " | ".join(e.quote for e in d["evidence"])


def test_csv_keeps_every_link_with_its_labels_and_evidence(article_graph):
    G = article_graph.network
    rows = list(csv.DictReader(io.StringIO(export_view(article_graph, "csv"))))
    read = {(r["source_iri"], r["relation_iri"], r["target_iri"]): r for r in rows}
    assert len(read) == len(rows) == G.number_of_edges()
    for u, v, k, d in G.edges(keys=True, data=True):
        row = read[u, k, v]
        assert (row["source"], row["relation"], row["target"]) == (G.nodes[u]["label"], d["label"], G.nodes[v]["label"])
        assert row["evidence"] == " | ".join(e.quote for e in d["evidence"])


# Random graphs --------------------------------------------------------------------------------
_IRI_CHARS = list(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/") + ["é", "ü", "日", "𝄞", "😀"]
_segment = st.lists(st.one_of(st.sampled_from(_IRI_CHARS), st.sampled_from(["%20", "%2F", "%C3%A9"])), max_size=8)
_tail = st.tuples(
    _segment.map("".join),
    st.one_of(st.just(""), _segment.map(lambda s: "?" + "".join(s))),
    st.one_of(st.just(""), _segment.map(lambda s: "#" + "".join(s))),
).map("".join)
iris = _tail.map(lambda tail: URIRef("http://example.org/" + tail))
# RDF/XML writes a predicate as an XML element name: it must end in a name character
predicates = st.tuples(_tail, st.sampled_from(["p", "q", "ä", "_1"])).map(
    lambda parts: URIRef("http://example.org/" + "".join(parts))
)
# any text but lone surrogates, which UTF-8 cannot encode: quotes, newlines, astral characters...
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
literals = st.one_of(
    st.builds(Literal, texts),
    st.builds(lambda t, lang: Literal(t, lang=lang), texts, st.sampled_from(["en", "de", "en-GB", "zh-Hant-TW"])),
    st.builds(
        lambda t, dt: Literal(t, datatype=dt),
        st.one_of(texts, st.sampled_from(["0", "01", "1.50", "1e3", "-0", "true", "1", "2024-02-30"])),
        st.sampled_from([XSD.integer, XSD.decimal, XSD.double, XSD.boolean, XSD.date, URIRef("http://example.org/dt")]),
    ),
)
blank_nodes = st.sampled_from([BNode(f"b{i}") for i in range(4)])
triples = st.tuples(st.one_of(iris, blank_nodes), predicates, st.one_of(iris, blank_nodes, literals))


@st.composite
def rdf_graphs(draw) -> Graph:
    graph = Graph()
    for triple in draw(st.lists(triples, min_size=1, max_size=10)):
        graph.add(triple)
    note(graph.serialize(format="nt"))
    return graph


def xml_can_name(graph: Graph) -> bool:
    names = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    return not any("&" in name for name in names if isinstance(name, URIRef))


@pytest.mark.filterwarnings("ignore::UserWarning")  # rdflib warns of ill-typed literals ("x"^^xsd:integer)
@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
@EXAMPLES
@given(graph=rdf_graphs())
def test_a_random_graph_reads_back_in_every_format(format, graph):
    if format == "xml" and not xml_can_name(graph):
        with pytest.raises(DataError, match="RDF/XML cannot name"):
            serialize(graph, format)
        return
    again = parse_rdf(serialize(graph, format).encode(), format)
    assert same_triples(again, graph) and isomorphic(lower_languages(again), lower_languages(graph))


EX = "http://example.org/"
FOUND = {  # what the random graphs found rdflib's serialisers lose, fixed in graph/export.py
    "a cycle of blank nodes": [(BNode("a"), URIRef(EX + "p"), BNode("b")), (BNode("b"), URIRef(EX + "p"), BNode("a"))],
    "a blank node that is its own object": [(BNode("a"), URIRef(EX + "p"), BNode("a"))],
    "a non-canonical decimal": [(URIRef(EX), URIRef(EX + "p"), Literal("0", datatype=XSD.decimal))],
    "a double without a fraction": [(URIRef(EX), URIRef(EX + "p"), Literal("1e3", datatype=XSD.double))],
    "an ill-typed integer": [(URIRef(EX), URIRef(EX + "p"), Literal("abc", datatype=XSD.integer))],
    "an empty string beside another value": [
        (URIRef(EX), URIRef(EX + "p"), Literal("")),
        (URIRef(EX), URIRef(EX + "p"), BNode("b")),
    ],
    "a percent escape in a predicate": [(URIRef(EX), URIRef(EX + "%20p"), URIRef(EX))],
}


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
@pytest.mark.parametrize("case", list(FOUND))
def test_the_cases_rdflib_lost_read_back(case, format):
    graph = Graph()
    for triple in FOUND[case]:
        graph.add(triple)
    assert same_triples(parse_rdf(serialize(graph, format).encode(), format), graph)


def test_graphml_replaces_what_xml_cannot_carry(article_graph):
    G = nx.MultiDiGraph()
    G.add_node("urn:a", label='bell\x07 and "quotes" <&> 𝄞\nnewline')
    back = nx.parse_graphml(export_view(article_graph, "graphml", G))
    assert back.nodes["urn:a"]["label"] == 'bell\ufffd and "quotes" <&> 𝄞\nnewline'


#: Datatypes whose literals oxigraph's store keeps as values, writing them back in canonical form
#: ("0.0"^^xsd:decimal comes back as "0"): oxigraph/oxigraph#526 (open) asks for an option to keep
#: lexical forms. Random graphs through a store use the other kinds of literal.
STORED_AS_VALUES = (XSD.integer, XSD.decimal, XSD.double, XSD.boolean, XSD.date)


@st.composite
def rdf_graphs_for_a_store(draw) -> Graph:
    graph = draw(rdf_graphs())
    for s, p, o in list(graph):
        if isinstance(o, Literal) and o.datatype in STORED_AS_VALUES:
            graph.remove((s, p, o))
    assume(len(graph))
    return graph


def store_of(graph: Graph) -> StoreSource:
    store = ox.Store()
    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in graph)
    return StoreSource(store, DATA_DIR, StoreInfo(()))


@pytest.mark.filterwarnings("ignore::UserWarning")
@EXAMPLES
@given(graph=rdf_graphs_for_a_store())
def test_a_random_graph_reads_back_from_a_store_in_every_format(graph):
    source = store_of(graph)
    for format in FORMATS:
        out = io.BytesIO()
        source.dump(out, format)
        assert same_triples(parse_rdf(out.getvalue(), format), graph), format


def test_a_store_keeps_the_value_of_a_number_not_its_lexical_form():
    graph = Graph()
    for lexical, datatype in [("0.0", XSD.decimal), ("+01", XSD.integer), ("1E3", XSD.double)]:
        graph.add((URIRef(EX), URIRef(EX), Literal(lexical, datatype=datatype, normalize=False)))
    out = io.BytesIO()
    store_of(graph).dump(out, "nt")
    written = {line.split(" ", 2)[2] for line in out.getvalue().decode().splitlines()}
    assert written == {
        f'"{lexical}"^^<{XSD}{name}> .' for lexical, name in [("0", "decimal"), ("1", "integer"), ("1000", "double")]
    }


# Through an on-disk store and the command line ----------------------------------------------
@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("store")
    open_store(directory, DEFAULT_PATHS)
    return directory


@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
def test_the_article_reads_back_from_a_store_in_every_format(article_graph, store_dir, format):
    out = io.BytesIO()
    open_store(store_dir, read_only=True).dump(out, format)
    again = parse_rdf(out.getvalue(), format)
    assert same_triples(again, article_graph.graph)
    assert quotes(again) == quotes(article_graph.graph)


def test_the_command_line_exports_a_store_that_reads_back(article_graph, store_dir, tmp_path):
    target = tmp_path / "article.jsonld"
    result = run_cli("export", "--store", store_dir, "--format", "json-ld", "--out", target)
    assert result.returncode == 0, result.stderr
    assert same_triples(parse_rdf(target), article_graph.graph)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no partial file left beside it
