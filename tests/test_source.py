import datetime as dt

import pytest
from rdflib.compare import isomorphic

from graph.errors import DataError
from graph.load import DATA_DIR, parse_rdf
from graph.source import article_to_rdf, parse_article


def test_article_has_title_date_lead_ten_sections_and_ten_terms(article):
    assert article.title == "Understanding Why People Withdraw After Experiencing Rejection"
    assert article.modified == dt.date(2025, 2, 28)
    assert article.lead.startswith("People withdraw after experiencing rejection")
    assert len(article.sections) == 10
    assert len(article.terms) == 10
    assert article.sections[0].title == "The Psychology of Rejection: An Overview"
    assert article.terms[-1].title == "Anticipatory Rejection Defense"
    assert [s.position for s in article.sections] == list(range(1, 11))


def test_every_part_text_is_verbatim_in_the_article(article, article_text):
    for part in article.all_parts():
        assert part.text in article_text


def test_shipped_source_rdf_is_generated_from_the_article_text(article):
    shipped = parse_rdf(DATA_DIR / "source.ttl")
    assert isomorphic(shipped, article_to_rdf(article))


@pytest.mark.parametrize(
    "text, message",
    [
        ("Title\n", "too short"),
        ("Title\n\nYesterday\n\nLead.\n", "expected 'Last Updated"),
        (
            "Title\n\nLast Updated Feb 28, 2025\n\nLead.\n\nA heading\n",
            "expected a heading followed by a paragraph",
        ),
    ],
)
def test_unexpected_layout_is_a_data_error_naming_the_line(text, message):
    with pytest.raises(DataError, match=message) as info:
        parse_article(text, name="x.txt")
    assert str(info.value).startswith("x.txt")
