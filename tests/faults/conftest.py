"""Fixtures of the fault tests: the article in an Oxigraph server and in an on-disk store."""

import pytest

from graph.load import DEFAULT_PATHS
from graph.sources import open_store
from tests.servers import OxigraphServer


@pytest.fixture(scope="package")
def upstream(tmp_path_factory):
    """The article in a real SPARQL endpoint (Oxigraph's server)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"), DEFAULT_PATHS)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def article_store(tmp_path_factory):
    """A store directory holding the article (opened read-only by the tests that share it)."""
    directory = tmp_path_factory.mktemp("store")
    open_store(directory, DEFAULT_PATHS)
    return directory
