"""Which concept graph a browser session explores.

Every session starts on the default graph (the article), shared read-only. An uploaded graph is
kept under a random token that only the uploading session holds (in its session storage), so one
user's upload never changes what another user sees. Uploads are bounded in number and in total
triples; the least recently used is dropped first.

A production server runs several worker processes, and a session's next request may land on any
of them. So an upload is also written, as N-Triples, to a spool directory that every worker of
the app shares (created private to the server's user; under gunicorn's ``preload_app`` the
workers inherit the one the app made, otherwise ``CONCEPT_GRAPH_SPOOL`` names it). A worker that
does not hold a token's graph reads it from there. The spool is the record of which uploads are
kept: its files are named by a hash of their token (a file name never reveals a token), touched
on every use, and the least recently used beyond the bounds are deleted; a worker drops its copy
of a graph whose file is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from pathlib import Path

import flask

from ..errors import DataError
from ..load import load_ontology, parse_rdf
from ..model import ConceptGraph

__all__ = ["GraphRegistry", "SPOOL_ENV", "registry", "session_graph"]

_EXTENSION = "concept_graph_registry"
#: The environment variable naming a spool directory shared by the app's worker processes.
SPOOL_ENV = "CONCEPT_GRAPH_SPOOL"
_SUFFIX = ".nt"


def registry() -> GraphRegistry:
    """The registry of the app serving the current request."""
    return flask.current_app.extensions[_EXTENSION]


def session_graph(token: str | None) -> ConceptGraph:
    """The graph the requesting session explores."""
    return registry().get(token)


class GraphRegistry:
    """The default graph and the uploaded ones, looked up by token.

    Parameters
    ----------
    default : ConceptGraph
        What every session without an upload explores.
    name : str
        The default graph's name.
    max_uploads : int
        Uploads kept, over all worker processes (so in each one's memory too).
    max_triples : int
        Triples of the uploads kept, over all of them: each costs memory in every worker that
        holds it.
    spool : path, optional
        The directory shared by the app's worker processes; default ``$CONCEPT_GRAPH_SPOOL``, or
        a new private temporary directory removed when this registry is.
    max_spool_bytes : int
        Bytes of N-Triples the spool keeps, over all uploads.
    """

    def __init__(
        self,
        default: ConceptGraph,
        name: str,
        max_uploads: int = 16,
        max_triples: int = 1_000_000,
        *,
        spool: str | Path | None = None,
        max_spool_bytes: int = 1024 * 2**20,
    ):
        self.default = default
        self.default_name = name
        self.max_uploads = max_uploads
        self.max_triples = max_triples
        self.max_spool_bytes = max_spool_bytes
        self.spool = _open_spool(self, spool or os.environ.get(SPOOL_ENV))
        self._uploads: OrderedDict[str, tuple[ConceptGraph, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._reading: dict[str, threading.Lock] = {}

    def add(self, concept_graph: ConceptGraph, name: str) -> str:
        """Keep an uploaded graph; return the token that names it.

        Raises
        ------
        DataError
            When the spool cannot take the graph (a full disk, say).
        """
        token = secrets.token_urlsafe(24)
        try:
            self._write(token, concept_graph, name)
        except OSError as err:
            raise DataError(f"the server could not keep the uploaded graph: {err.strerror or err}") from err
        self._remember(token, concept_graph, name)
        return token

    def get(self, token: str | None) -> ConceptGraph:
        """The graph of ``token``; the default graph for no token or an expired one."""
        return self.lookup(token)[0]

    def name(self, token: str | None) -> str:
        return self.lookup(token)[1]

    def lookup(self, token: str | None) -> tuple[ConceptGraph, str]:
        # The page only ever stores a string; anything else came in a forged request.
        found = self._find(token) if token and isinstance(token, str) else None
        return found or (self.default, self.default_name)

    def known(self, token: str | None) -> bool:
        return bool(token) and isinstance(token, str) and self._find(token) is not None

    def install(self, server: flask.Flask) -> None:
        """Make this registry the one ``registry()`` returns inside ``server``'s requests."""
        server.extensions[_EXTENSION] = self

    # Memory ---------------------------------------------------------------------------------
    def _find(self, token: str) -> tuple[ConceptGraph, str] | None:
        path = self._path(token)
        if not _touch(path):  # never kept, or dropped from the spool by some worker
            with self._lock:
                self._uploads.pop(token, None)
            return None
        with self._lock:
            found = self._uploads.get(token)
            if found is not None:
                self._uploads.move_to_end(token)
                return found
            reading = self._reading.setdefault(token, threading.Lock())
        # One read per token however many of its session's callbacks arrive at once.
        with reading:
            with self._lock:
                found = self._uploads.get(token)
            if found is None:
                found = self._read(path)
                if found is not None:
                    self._remember(token, *found)
        with self._lock:
            self._reading.pop(token, None)
        return found

    def _remember(self, token: str, concept_graph: ConceptGraph, name: str) -> None:
        with self._lock:
            self._uploads[token] = (concept_graph, name)
            self._uploads.move_to_end(token)
            while len(self._uploads) > 1 and (
                len(self._uploads) > self.max_uploads
                or sum(len(kept.graph) for kept, _ in self._uploads.values()) > self.max_triples
            ):
                self._uploads.popitem(last=False)

    # Spool ----------------------------------------------------------------------------------
    def _path(self, token: str) -> Path:
        return self.spool / (hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest() + _SUFFIX)

    def _write(self, token: str, concept_graph: ConceptGraph, name: str) -> None:
        """Write the graph to the spool (whole or not at all), then drop the least recently used
        files beyond the bounds."""
        graph = concept_graph.graph
        prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        header = json.dumps({"name": name, "triples": len(graph), "prefixes": prefixes}, ensure_ascii=True)
        partial = self.spool / f".partial-{secrets.token_hex(8)}"
        try:
            with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                out.write(f"# {header}\n".encode())
                graph.serialize(out, format="nt", encoding="utf-8")
            now = time.time_ns()
            os.utime(partial, ns=(now, now))
            os.replace(partial, self._path(token))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        self._evict()

    def _evict(self) -> None:
        with open(os.open(self.spool / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)) as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one worker at a time decides what goes
            kept = []
            for entry in os.scandir(self.spool):
                if entry.name.endswith(_SUFFIX):
                    with contextlib.suppress(FileNotFoundError):
                        stat = entry.stat()
                        kept.append((stat.st_mtime_ns, stat.st_size, _header(entry.path)["triples"], entry.path))
            kept.sort()
            size = sum(item[1] for item in kept)
            triples = sum(item[2] for item in kept)
            while len(kept) > 1 and (
                len(kept) > self.max_uploads or triples > self.max_triples or size > self.max_spool_bytes
            ):
                _, dropped_size, dropped_triples, path = kept.pop(0)
                size -= dropped_size
                triples -= dropped_triples
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)

    def _read(self, path: Path) -> tuple[ConceptGraph, str] | None:
        """The graph another worker wrote to ``path``, or None when it is gone."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        first, _, _ = data.partition(b"\n")
        header = json.loads(first[2:])
        name = header["name"]
        graph = parse_rdf(data, "nt", name=name)
        for prefix, namespace in header["prefixes"].items():
            graph.bind(prefix, namespace, override=False)
        # As graph.upload.load_upload builds an uploaded graph.
        return ConceptGraph(graph, ontology=load_ontology(), sources=(name,)), name


def _header(path: str | Path) -> dict:
    """The first line of a spool file: the graph's name, triple count and prefixes."""
    with open(path, "rb") as spooled:
        return json.loads(spooled.readline()[2:])


def _touch(path: Path) -> bool:
    """Mark ``path`` as just used; False when it does not exist."""
    now = time.time_ns()
    try:
        os.utime(path, ns=(now, now))
    except FileNotFoundError:
        return False
    return True


def _open_spool(owner: GraphRegistry, spool: str | Path | None) -> Path:
    """The spool directory: ``spool`` (created if missing), or a new private one that goes away
    with ``owner`` in the process that made it (not in forked workers, which share it)."""
    if spool:
        path = Path(spool)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path
    path = Path(tempfile.mkdtemp(prefix="concept-graph-uploads-"))  # mode 0700
    weakref.finalize(owner, _remove_spool, path, os.getpid())
    return path


def _remove_spool(path: Path, creator: int) -> None:
    if os.getpid() == creator:
        shutil.rmtree(path, ignore_errors=True)
