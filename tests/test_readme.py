"""The README's promises: two set-up commands, and a SPARQL example that works."""

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_opens_with_two_commands_run_and_test():
    first = _blocks("sh")[0].strip().splitlines()
    assert len(first) == 2
    assert first[0].endswith("python app.py")
    assert first[1].endswith("-m pytest")
    assert README.index("```sh") < README.index("## ")


def test_sparql_example_lists_every_link_from_rejection_with_its_quote(article_graph, article_text):
    (query,) = _blocks("sparql")
    rows = list(article_graph.graph.query(query))
    rejection = next(c for c in article_graph.concepts.values() if c.label == "Rejection")
    expected = {(r.type.iri, r.target) for r in article_graph.outgoing(rejection.iri) if r.evidence}
    assert len({(row.relation, row.target) for row in rows}) == len(expected)
    assert all(str(row.quote) in article_text for row in rows)
