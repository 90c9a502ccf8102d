"""Where triples live when a graph is too large for rdflib in memory: an on-disk pyoxigraph store
or a SPARQL 1.1 endpoint, behind one small interface (``select``, ``ask``, ``dump``).

Both speak SPARQL; the library's own queries against them are bounded by construction (LIMIT,
VALUES of a frontier), so they run in-process. Users' queries go through ``graph.sparql``'s
checks and run in a confined child (``query_source``).

Measured on this stack for a 1M-triple file: pyoxigraph loads about 150k triples/s and reopens a
store instantly; rdflib's in-memory parse takes about 80 s. ``len()`` on a store is a full count
(5-8 s at 1M triples): avoid it.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .errors import DataError, ParseError
from .load import FORMATS, format_for, to_rdflib
from .vocab import PREFIXES

__all__ = [
    "Source",
    "StoreSource",
    "EndpointSource",
    "EndpointError",
    "open_store",
    "StoreInfo",
]

_MARKER = "concept-graph.json"  # what has been loaded into a store directory, and when
_PROGRESS_EVERY = 8 * 2**20  # bytes between two progress reports
_SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class EndpointError(DataError):
    """A SPARQL endpoint is down, slow, or answered with something that is not SPARQL results."""


class Source(Protocol):
    """Triples that answer SPARQL."""

    description: str

    def select(self, query: str) -> list[dict]: ...

    def ask(self, query: str) -> bool: ...

    def dump(self, out: BinaryIO, format: str) -> None: ...


# On-disk store ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoreInfo:
    """What a store directory holds, as recorded when files were loaded into it."""

    files: tuple[dict, ...]
    #: Whether the store held triples once they were loaded (a store that holds none now, when it
    #: did then, is damaged).
    has_triples: bool = True

    def has(self, path: Path) -> bool:
        stat = path.stat()
        return any(
            f["name"] == path.name and f["size"] == stat.st_size and f["mtime"] == int(stat.st_mtime)
            for f in self.files
        )


class StoreSource:
    """A pyoxigraph store in a directory."""

    def __init__(self, store: ox.Store, directory: Path, info: StoreInfo):
        self.store = store
        self.directory = directory
        self.info = info
        self.description = f"store {directory} ({', '.join(f['name'] for f in info.files) or 'empty'})"

    def select(self, query: str) -> list[dict]:
        try:
            solutions = self.store.query(_SPARQL_PREFIXES + query)
            names = [v.value for v in solutions.variables]
            return [
                {name: to_rdflib(solution[name]) for name in names if solution[name] is not None}
                for solution in solutions
            ]
        except RuntimeError as err:
            raise self._damaged(err) from err

    def ask(self, query: str) -> bool:
        try:
            return bool(self.store.query(_SPARQL_PREFIXES + query))
        except RuntimeError as err:
            raise self._damaged(err) from err

    def dump(self, out: BinaryIO, format: str) -> None:
        """Stream the store's default graph to ``out`` with pyoxigraph's serialiser (an error of
        ``out``, a full disk say, comes through as the ``OSError`` it is)."""
        try:
            self.store.dump(out, FORMATS[format], from_graph=ox.DefaultGraph())
        except RuntimeError as err:
            raise self._damaged(err) from err

    def _damaged(self, err: RuntimeError) -> DataError:
        """RocksDB reports a damaged file found while reading as a RuntimeError."""
        return DataError(f"{self.directory}: cannot read the store ({err}); it may be damaged")


def _read_info(directory: Path) -> StoreInfo | None:
    try:
        data = json.loads((directory / _MARKER).read_text(encoding="utf-8"))
        return StoreInfo(tuple(data["files"]), bool(data.get("has_triples", True)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class _Progress(io.RawIOBase):
    """A file wrapper that reports how much of the file has been read (pyoxigraph reads it)."""

    def __init__(self, handle: BinaryIO, total: int, report: Callable[[int, int], None]):
        self.handle, self.total, self.report = handle, total, report
        self.done = self.last = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.handle.readinto(buffer)
        self.done += count or 0
        if self.done - self.last >= _PROGRESS_EVERY or (count == 0 and self.done != self.last):
            self.last = self.done
            self.report(self.done, self.total)
        return count


def open_store(
    directory: str | Path,
    data: list[str | Path] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    read_only: bool = False,
) -> StoreSource:
    """Open (creating if need be) the store in ``directory``, loading each file of ``data`` not
    loaded already; a reopened store is never re-parsed.

    Parameters
    ----------
    directory : path
        The store's folder.
    data : list of paths, optional
        RDF files to load when the store does not hold them yet (same name, size and time).
    progress : callable, optional
        Called with (bytes read, bytes in total) while a file loads.
    read_only : bool
        Open without taking the write lock (several processes may read one store); nothing can
        be loaded then.

    Raises
    ------
    DataError
        When the directory is not a store, is damaged or cannot be written.
    ParseError
        When a file to load is malformed (the store keeps what it had).
    """
    directory = Path(directory)
    pending = [Path(p) for p in data or []]
    info = _read_info(directory) or StoreInfo(())
    pending = [p for p in pending if not info.has(p)]
    if read_only or not pending:
        if not (directory / _MARKER).exists():
            raise DataError(f"{directory}: not a concept-graph store (load a file into it with --data first)")
        store = _open(directory, writable=False)
        _check_not_emptied(store, directory, info)
        if pending:
            raise DataError(f"{directory}: opened read-only, cannot load {pending[0].name}")
        return StoreSource(store, directory, info)
    store = _open(directory, writable=True)
    _check_not_emptied(store, directory, info)
    files = list(info.files)
    for path in pending:
        _bulk_load(store, path, progress)
        stat = path.stat()
        files.append({"name": path.name, "size": stat.st_size, "mtime": int(stat.st_mtime), "loaded": time.time()})
    marker = directory / _MARKER
    partial = marker.with_suffix(".partial")
    try:
        store.flush()
        info = StoreInfo(tuple(files), bool(store.query("ASK { ?s ?p ?o }")))
        partial.write_text(json.dumps({"files": files, "has_triples": info.has_triples}, indent=2), encoding="utf-8")
        os.replace(partial, marker)
    except (OSError, RuntimeError) as err:
        partial.unlink(missing_ok=True)
        raise DataError(f"{directory}: cannot record what was loaded into the store: {err}") from err
    return StoreSource(store, directory, info)


def _open(directory: Path, *, writable: bool) -> ox.Store:
    """The RocksDB store in ``directory``, its errors as ``DataError``s that say what to do."""
    try:
        if not writable:
            return ox.Store.read_only(str(directory))
        directory.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(directory))
    except OSError as err:
        if "lock" in str(err).lower():
            raise DataError(
                f"{directory}: another process is writing to this store (it holds its lock); "
                "wait for it to finish, or open the store without --data to read it meanwhile"
            ) from err
        raise DataError(f"{directory}: cannot open the store{' for writing' if writable else ''}: {err}") from err
    except RuntimeError as err:  # how pyoxigraph reports RocksDB's "Corruption: ..."
        raise _damaged(directory, err) from err


def _damaged(directory: Path, err: Exception) -> DataError:
    return DataError(f"{directory}: the store is damaged ({err}); delete the folder and load the files again")


def _check_not_emptied(store: ox.Store, directory: Path, info: StoreInfo) -> None:
    """A store whose RocksDB manifest was cut short opens as an empty store: refuse it rather than
    show an empty graph for one that was loaded (one ASK, instant at any size)."""
    if not info.files or not info.has_triples:
        return
    try:
        empty = not store.query("ASK { ?s ?p ?o }")
    except (OSError, RuntimeError) as err:
        raise _damaged(directory, err) from err
    if empty:
        names = ", ".join(f["name"] for f in info.files)
        raise DataError(
            f"{directory}: the store holds no triples though {names} were loaded into it: it is damaged; "
            "delete the folder and load the files again"
        )


def _bulk_load(store: ox.Store, path: Path, progress) -> None:
    """Load one file with pyoxigraph's bulk loader (no count afterwards: a COUNT of a large store
    costs seconds)."""
    fmt = format_for(str(path))
    try:
        with path.open("rb") as handle:
            source = io.BufferedReader(_Progress(handle, path.stat().st_size, progress)) if progress else handle
            store.bulk_load(source, FORMATS[fmt], to_graph=ox.DefaultGraph())
    except SyntaxError as err:
        raise ParseError(f"{path}: {err}", path=str(path)) from err
    except (OSError, RuntimeError) as err:
        raise DataError(f"{path}: cannot load into the store: {err}") from err


# SPARQL endpoint ------------------------------------------------------------------------------
class EndpointSource:
    """A SPARQL 1.1 endpoint, queried over HTTP (POST, JSON results), read-only: this class
    never sends an update."""

    def __init__(self, url: str, *, timeout: float = 10.0, max_bytes: int = 64 * 2**20):
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise DataError(f"{url!r} is not an http(s) SPARQL endpoint URL")
        self.url = url
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.description = f"endpoint {url}"

    def _request(self, query: str, accept: str) -> bytes:
        request = urllib.request.Request(
            self.url,
            data=(_SPARQL_PREFIXES + query).encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                announced = response.headers.get("Content-Length", "")
        except urllib.error.HTTPError as err:
            detail = err.read(500).decode("utf-8", "replace").strip()
            raise EndpointError(f"the SPARQL endpoint {self.url} answered {err.code}: {detail[:300]}") from err
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise EndpointError(f"the SPARQL endpoint {self.url} did not answer: {reason}") from err
        except http.client.HTTPException as err:  # a chunked answer cut short, a malformed status line
            raise EndpointError(f"the SPARQL endpoint {self.url} sent a broken answer: {err!r}") from err
        if len(body) > self.max_bytes:
            raise EndpointError(f"the SPARQL endpoint {self.url} sent more than {self.max_bytes:,} bytes")
        if announced.isdigit() and len(body) < int(announced):
            raise EndpointError(
                f"the SPARQL endpoint {self.url} sent {len(body):,} of the {int(announced):,} bytes it announced"
                " (the connection was cut)"
            )
        return body

    def _json(self, query: str) -> dict:
        body = self._request(query, "application/sparql-results+json")
        try:
            return json.loads(body)
        except ValueError as err:
            raise EndpointError(f"the SPARQL endpoint {self.url} did not send SPARQL JSON results") from err

    def select(self, query: str) -> list[dict]:
        answer = self._json(query)
        try:
            return [{name: _json_term(value) for name, value in row.items()} for row in answer["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError) as err:
            raise EndpointError(f"the SPARQL endpoint {self.url} sent malformed SELECT results") from err

    def ask(self, query: str) -> bool:
        answer = self._json(query)
        if not isinstance(answer, dict) or not isinstance(answer.get("boolean"), bool):
            raise EndpointError(f"the SPARQL endpoint {self.url} sent a malformed ASK result")
        return answer["boolean"]

    def dump(self, out: BinaryIO, format: str) -> None:
        """Stream every triple as N-Triples through a CONSTRUCT (endpoints are the biggest graphs:
        they are exported as N-Triples only)."""
        if format != "nt":
            raise DataError("an endpoint exports as N-Triples only (use --format nt)")
        out.write(self._request("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"))


def _json_term(value: dict):
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    if value.get("datatype") and value["datatype"] != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(value["datatype"]))
    return Literal(value["value"])
