"""Fixtures of the fault tests: the article in an Oxigraph server and in an on-disk store."""

import pytest

from graph.load import DATA_DIR, DEFAULT_FILES
from graph.sources import open_store
from tests.servers import OxigraphServer

FILES = [DATA_DIR / name for name in DEFAULT_FILES]


@pytest.fixture(scope="package")
def upstream(tmp_path_factory):
    """The article in a real SPARQL endpoint (Oxigraph's server)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"), FILES)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def article_store(tmp_path_factory):
    """A store directory holding the article (opened read-only by the tests that share it)."""
    directory = tmp_path_factory.mktemp("store")
    open_store(directory, FILES)
    return directory
