"""Which concept graph a browser session explores.

Every session starts on the default graph (the article), shared read-only. An uploaded graph is
kept under a random token that only the uploading session holds (in its session storage), so one
user's upload never changes what another user sees. Uploads are bounded in number and in total
triples; the least recently used is dropped first.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict

import flask

from ..model import ConceptGraph

__all__ = ["GraphRegistry", "registry", "session_graph"]

_EXTENSION = "concept_graph_registry"


def registry() -> GraphRegistry:
    """The registry of the app serving the current request."""
    return flask.current_app.extensions[_EXTENSION]


def session_graph(token: str | None) -> ConceptGraph:
    """The graph the requesting session explores."""
    return registry().get(token)


class GraphRegistry:
    """The default graph and the uploaded ones, looked up by token."""

    def __init__(self, default: ConceptGraph, name: str, max_uploads: int = 16, max_triples: int = 1_000_000):
        self.default = default
        self.default_name = name
        self.max_uploads = max_uploads
        self.max_triples = max_triples  # over all uploads kept: each costs memory for as long as it is kept
        self._uploads: OrderedDict[str, tuple[ConceptGraph, str]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, concept_graph: ConceptGraph, name: str) -> str:
        """Keep an uploaded graph; return the token that names it."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._uploads[token] = (concept_graph, name)
            while len(self._uploads) > 1 and (
                len(self._uploads) > self.max_uploads
                or sum(len(kept.graph) for kept, _ in self._uploads.values()) > self.max_triples
            ):
                self._uploads.popitem(last=False)
        return token

    def get(self, token: str | None) -> ConceptGraph:
        """The graph of ``token``; the default graph for no token or an expired one."""
        return self.lookup(token)[0]

    def name(self, token: str | None) -> str:
        return self.lookup(token)[1]

    def lookup(self, token: str | None) -> tuple[ConceptGraph, str]:
        if token:
            with self._lock:
                found = self._uploads.get(token)
                if found is not None:
                    self._uploads.move_to_end(token)
                    return found
        return self.default, self.default_name

    def known(self, token: str | None) -> bool:
        with self._lock:
            return bool(token) and token in self._uploads

    def install(self, server: flask.Flask) -> None:
        """Make this registry the one ``registry()`` returns inside ``server``'s requests."""
        server.extensions[_EXTENSION] = self
