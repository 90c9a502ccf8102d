"""The explorer as a WSGI application, for a production server::

    gunicorn -c python:graph.web.gunicorn_conf graph.web.wsgi:application

The graph is chosen by the environment as ``concept-graph serve`` chooses it by its options:
``CONCEPT_GRAPH_DATA`` (files, separated by ``os.pathsep``), ``CONCEPT_GRAPH_STORE`` (an on-disk
store, opened read-only: every worker process opens it) or ``CONCEPT_GRAPH_ENDPOINT`` (a SPARQL
endpoint); none of them serves the article.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import flask

from ..backends import open_backend
from ..errors import DataError
from .app import create_app

__all__ = ["DATA_ENV", "STORE_ENV", "ENDPOINT_ENV", "create_application"]

DATA_ENV = "CONCEPT_GRAPH_DATA"
STORE_ENV = "CONCEPT_GRAPH_STORE"
ENDPOINT_ENV = "CONCEPT_GRAPH_ENDPOINT"


def create_application(environ: Mapping[str, str] = os.environ) -> flask.Flask:
    """The Flask server of the explorer over the graph ``environ`` names.

    Raises
    ------
    DataError
        For files and a store together (each worker process would load the files into the
        store at once: load it first, with ``concept-graph stats --store DIR --data FILE``), or a
        source ``graph.backends.open_backend`` refuses.
    """
    data = [path for path in environ.get(DATA_ENV, "").split(os.pathsep) if path]
    store = environ.get(STORE_ENV) or None
    endpoint = environ.get(ENDPOINT_ENV) or None
    if store and data:
        raise DataError(
            f"{DATA_ENV} and {STORE_ENV} together would load the files once per worker: load the store "
            f"first (concept-graph stats --store {store} --data FILE), then serve it with {STORE_ENV} alone"
        )
    return create_app(backend=open_backend(data, store=store, endpoint=endpoint)).server


def __getattr__(name: str):
    # ``application`` is made when the server first asks for it, so importing this module (as
    # doctest collection does) builds nothing.
    if name == "application":
        globals()["application"] = application = create_application()
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
