"""A disk that fills up during an export: a clear message naming the file, the file that was
there before is left as it was, and no half-written file is left beside it.

The library is given a file whose writes fail with ENOSPC after some bytes (the seam is the open
file ``write_with`` hands to the exporter: the store's export writes through it from pyoxigraph's
native serialiser). The command line runs under ``RLIMIT_FSIZE``, the kernel's own file size
limit, which fails a write with EFBIG as a full disk fails it with ENOSPC; and with its standard
output on ``/dev/full``, which fails every write with ENOSPC.
"""

import errno
import io
import os
import resource
import subprocess

import pytest

from graph.backends import SparqlBackend, open_backend
from graph.errors import DataError
from graph.export import write_with
from graph.sources import EndpointSource
from tests.conftest import CLI, ROOT

OLD = b"the export of yesterday\n"


class FillsUp(io.RawIOBase):
    """A writable file on a disk with ``room`` bytes left."""

    def __init__(self, handle, room: int):
        self.handle, self.room = handle, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.handle.write(data)


@pytest.fixture(scope="module")
def backends(article_store, upstream):
    return {
        "memory": open_backend(),
        "store": open_backend(store=article_store),
        "endpoint": SparqlBackend(EndpointSource(upstream.url)),
    }


@pytest.mark.parametrize(
    "kind, format", [("memory", "turtle"), ("store", "turtle"), ("store", "xml"), ("endpoint", "nt")]
)
def test_a_full_disk_leaves_the_old_file_and_no_partial_one(backends, tmp_path, kind, format):
    target = tmp_path / "graph.out"
    target.write_bytes(OLD)
    with pytest.raises(DataError) as caught:
        write_with(lambda handle: backends[kind].export(FillsUp(handle, 10_000), format), target)
    assert str(caught.value) == f"{target}: cannot write the export: No space left on device"
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["graph.out"]
    # and with room again, the same backend writes the whole export
    write_with(lambda handle: backends[kind].export(handle, format), target)
    assert target.stat().st_size > 100_000


def test_an_interrupted_export_leaves_the_old_file_and_no_partial_one(backends, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(OLD)

    def interrupted(handle):
        handle.write(b"@prefix")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_with(interrupted, target)
    assert target.read_bytes() == OLD and [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def run_limited_cli(*args, limit: int = 50_000, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        preexec_fn=_file_size_limit(limit),
        **options,
    )


def test_the_command_line_says_the_file_could_not_be_written_and_keeps_the_old_one(article_store, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(OLD)
    result = run_limited_cli("export", "--store", article_store, "--out", target)
    assert result.returncode == 1
    assert result.stderr == f"Error: {target}: cannot write the export: File too large\n"
    assert target.read_bytes() == OLD and [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_the_command_line_says_standard_output_is_full():
    with open("/dev/full", "wb") as full:
        result = subprocess.run([str(CLI), "export"], stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "No space left on device" in result.stderr


def test_two_exports_to_one_file_at_once_never_mix(tmp_path):
    target = tmp_path / "graph.ttl"

    def first(handle):
        handle.write(b"first, part one\n")
        write_with(lambda other: other.write(b"second, whole\n"), target)  # another export finishes meanwhile
        handle.write(b"first, part two\n")

    write_with(first, target)
    assert target.read_bytes() == b"first, part one\nfirst, part two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
