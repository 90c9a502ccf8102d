"""An on-disk store that is damaged, locked by another process, or read-only: a clear message
naming the folder (never a RocksDB traceback, never an empty graph in place of a loaded one),
and the store opens again once the cause is gone.

A store is opened before the explorer starts, so these faults are met by ``open_store`` and the
command line (``serve`` included); the running explorer never opens one.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import DataError
from graph.sources import open_store
from tests.conftest import CLI, ROOT, run_cli
from tests.servers import free_port

EXTRA = '<http://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en .\n'


@pytest.fixture
def store(article_store, tmp_path) -> Path:
    """A copy of the article's store, to damage."""
    copy = tmp_path / "store"
    shutil.copytree(article_store, copy)
    return copy


@pytest.fixture
def extra(tmp_path) -> Path:
    path = tmp_path / "extra.nt"
    path.write_text(EXTRA)
    return path


def first(store: Path, pattern: str) -> Path:
    return sorted(store.glob(pattern))[0]


def garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(0, len(data), 7):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def empty_with_marker(store: Path) -> None:
    """An empty store under the marker of a loaded one (copied from elsewhere, say)."""
    marker = (store / "concept-graph.json").read_bytes()
    shutil.rmtree(store)
    ox.Store(str(store)).flush()  # creates it, empty (and closes it: nothing keeps it)
    (store / "concept-graph.json").write_bytes(marker)


#: How a store gets damaged, and the words of the message that says so.
DAMAGE = {
    "a garbled table": (lambda s: garble(first(s, "*.sst")), r"the store is damaged \(Corruption: Bad table magic"),
    "a table cut short": (lambda s: cut(first(s, "*.sst")), r"the store is damaged \(Corruption: Sst file size"),
    "a missing table": (lambda s: first(s, "*.sst").unlink(), r"the store is damaged \(Corruption: .*No such file"),
    "a garbled CURRENT": (lambda s: garble(s / "CURRENT"), r"the store is damaged \(Corruption: CURRENT file"),
    "a manifest cut short": (lambda s: cut(first(s, "MANIFEST-*")), "the store (is damaged|holds no triples)"),
    "a marker from a loaded store": (empty_with_marker, "the store holds no triples though ontology.ttl, source.ttl"),
    "a missing manifest": (lambda s: first(s, "MANIFEST-*").unlink(), "cannot open the store: IO error: No such file"),
    "a missing marker": (lambda s: (s / "concept-graph.json").unlink(), "not a concept-graph store"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_is_refused_with_a_message_naming_it(store, article_store, damage):
    spoil, message = DAMAGE[damage]
    spoil(store)
    with pytest.raises(DataError, match=f"^{store}: ({message})"):
        open_store(store)
    assert open_store(article_store).ask("ASK { ?s ?p ?o }")  # the process goes on with a sound store


@pytest.mark.parametrize("damage", ["a garbled table", "a marker from a loaded store"])
def test_the_command_line_says_the_store_is_damaged_in_one_line(store, damage):
    spoil, message = DAMAGE[damage]
    spoil(store)
    result = run_cli("serve", "--store", store, "--port", free_port(), timeout=30)  # refused before it listens
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {store}: ") and result.stderr.count("\n") == 1, result.stderr


def test_a_store_another_process_writes_to_can_be_read_meanwhile_and_loaded_after(store, extra, tmp_path):
    writer = open_store(store, [extra])  # holds the write lock, as a long load would
    more = tmp_path / "more.nt"
    more.write_text(EXTRA.replace("/a>", "/b>"))
    refused = run_cli("stats", "--store", store, "--data", more)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr == (
        f"Error: {store}: another process is writing to this store (it holds its lock); "
        "wait for it to finish, or open the store without --data to read it meanwhile\n"
    )
    assert run_cli("stats", "--store", store).returncode == 0  # reading meanwhile is fine
    with pytest.raises(DataError, match="another process is writing to this store"):
        open_store(store, [more])  # a second writer in this process is refused the same way
    del writer  # the writer finishes
    assert run_cli("stats", "--store", store, "--data", more).returncode == 0
    assert open_store(store).ask('ASK { <http://example.org/b> ?p "A"@en }')


def _without_root_privileges() -> list[str] | None:
    """A command prefix under which file modes bind this process: none needed for a plain user;
    for root, ``setpriv`` dropping the capabilities that override them; None when neither works."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_a_read_only_store_is_read_and_refuses_a_load_with_a_message(store, extra):
    prefix = _without_root_privileges()
    if prefix is None:
        pytest.skip("running as root without setpriv: file modes do not stop root from writing")
    for path in (store, *store.iterdir()):
        path.chmod(path.stat().st_mode & ~0o222)
    try:

        def cli(*args):
            command = [*prefix, str(CLI), *map(str, args)]
            return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)

        assert cli("neighbours", "rejection", "--store", store).returncode == 0
        refused = cli("stats", "--store", store, "--data", extra)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert refused.stderr.startswith(f"Error: {store}: cannot open the store for writing: ")
        assert "Permission denied" in refused.stderr and refused.stderr.count("\n") == 1
    finally:
        for path in (store, *store.iterdir()):
            path.chmod(path.stat().st_mode | 0o200)
    assert cli("stats", "--store", store, "--data", extra).returncode == 0  # writable again: it loads


def test_a_store_loaded_from_a_file_without_triples_is_not_taken_for_a_damaged_one(tmp_path):
    nothing = tmp_path / "nothing.ttl"
    nothing.write_text("# no triples yet\n@prefix ex: <http://example.org/> .\n")
    open_store(tmp_path / "store", [nothing])
    assert not open_store(tmp_path / "store").ask("ASK { ?s ?p ?o }")
