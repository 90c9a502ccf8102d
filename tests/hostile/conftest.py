"""Hostile inputs, generated here, and what every hostile case needs: the app served on a local
port, a client for its callbacks, the command line run in parallel, and the memory the test
process (which is also the server) holds.

Each generator is a function of its size (and of the listener's URL where the input points at
the network), so a case can be made larger or smaller without changing what it is.
"""

from __future__ import annotations

import functools
import gc
import os
import re
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from tests.conftest import CLI, ROOT, listening
from tests.servers import AppServer

from .dash_client import DashClient

# A script run by hand (it needs atheris, which is no dependency): never collected, not even
# for doctests.
collect_ignore = ["fuzz_atheris.py"]

#: How far the test process's resident memory (server included) may rise above where it started
#: the session, after any case; each parse or query also runs in a child capped at 1 GB.
MEMORY_BOUND_MB = 200
#: The most a single case may take, in seconds, through any one way in.
CASE_SECONDS = 15

SKOS_PREFIX = b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
#: Two concepts and a link: what a hostile file carries so that, past its hostile part, it loads.
CONCEPTS = SKOS_PREFIX + (
    b'<urn:x:a> a skos:Concept ; skos:prefLabel "Alpha" ; skos:related <urn:x:b> .\n'
    b'<urn:x:b> a skos:Concept ; skos:prefLabel "Beta" .\n'
)
RDF_XML_HEAD = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    b' xmlns:skos="http://www.w3.org/2004/02/skos/core#" xmlns:x="urn:x:">'
)
XML_CONCEPT = b'<skos:Concept rdf:about="urn:x:a"><skos:prefLabel>Alpha</skos:prefLabel></skos:Concept>'


# Generators ------------------------------------------------------------------------------------
def jsonld_remote_context(url: str) -> bytes:
    return (
        f'{{"@context": "{url}", "@id": "urn:x:a", "@type": "http://www.w3.org/2004/02/skos/core#Concept"}}'
    ).encode()


def jsonld_imported_context(url: str) -> bytes:
    return (
        f'{{"@context": {{"@import": "{url}", "label": "http://www.w3.org/2004/02/skos/core#prefLabel"}},'
        ' "@id": "urn:x:a", "label": "Alpha"}'
    ).encode()


def xml_external_entity(url: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY leak SYSTEM "{url}">]>\n'.encode()
        + RDF_XML_HEAD
        + b'<skos:Concept rdf:about="urn:x:a"><skos:prefLabel>&leak;</skos:prefLabel></skos:Concept></rdf:RDF>'
    )


def billion_laughs(levels: int = 10) -> bytes:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels))
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>\n'.encode()
        + RDF_XML_HEAD
        + f'<skos:Concept rdf:about="urn:x:a"><skos:prefLabel>&lol{levels - 1};</skos:prefLabel>'.encode()
        + b"</skos:Concept></rdf:RDF>"
    )


def many_prefixes(count: int) -> bytes:
    return "".join(f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(count)).encode() + CONCEPTS


def character_references(count: int) -> bytes:
    literal = b'<urn:x:a> <urn:x:note> "' + b"\\u0041" * count + b'" .\n'
    iris = b"<urn:x:a> <urn:x:see> " + b", ".join(b"<urn:x:\\u0041%d>" % i for i in range(count // 100)) + b" .\n"
    return CONCEPTS + literal + iris


def long_literal(size: int) -> bytes:
    return CONCEPTS + b'<urn:x:a> skos:definition "' + b"x" * size + b'" .\n'


def deep_collection(depth: int) -> bytes:
    return CONCEPTS + b"<urn:x:a> <urn:x:p> " + b"( " * depth + b"1" + b" )" * depth + b" .\n"


def deep_blank_nodes(depth: int) -> bytes:
    return CONCEPTS + b"<urn:x:a> <urn:x:p> " + b"[ <urn:x:p> " * depth + b"1" + b" ]" * depth + b" .\n"


def deep_rdf_xml(depth: int) -> bytes:
    opened = b"<x:p><rdf:Description>" * depth
    closed = b"</rdf:Description></x:p>" * depth
    return (
        RDF_XML_HEAD
        + XML_CONCEPT
        + b'<rdf:Description rdf:about="urn:x:a">'
        + opened
        + b"<x:q>1</x:q>"
        + closed
        + b"</rdf:Description></rdf:RDF>"
    )


def deep_json(depth: int) -> bytes:
    return b'{"@id": "urn:x:a", "urn:x:p": ' + b'{"urn:x:p": ' * depth + b'"x"' + b"}" * depth + b"}"


def invalid_utf8(fmt: str) -> bytes:
    bad = b"\xff\xfe\xc3("
    if fmt == "turtle":
        return CONCEPTS + b'<urn:x:a> skos:definition "' + bad + b'" .\n'
    if fmt == "xml":
        return (
            RDF_XML_HEAD
            + b'<skos:Concept rdf:about="urn:x:a"><skos:prefLabel>'
            + bad
            + b"</skos:prefLabel>"
            + (b"</skos:Concept></rdf:RDF>")
        )
    return b'{"@id": "urn:x:a", "http://www.w3.org/2004/02/skos/core#prefLabel": "' + bad + b'"}'


def json_ld() -> bytes:
    return b'{"@id": "urn:x:a", "@type": "http://www.w3.org/2004/02/skos/core#Concept"}'


def padded(size: int) -> bytes:
    """A valid file of ``size`` bytes (a long comment after two concepts)."""
    return CONCEPTS + b"#" * (size - len(CONCEPTS) - 1) + b"\n"


# The cases -------------------------------------------------------------------------------------
LOADS = "loads"  # the outcome of a case that is safe to load: its two concepts, nothing fetched


@dataclass(frozen=True)
class FileCase:
    """A hostile file: its name, how to make it (from the listener's base URL), and the message
    (a regular expression) expected from the upload, from loading a local file (the command
    line's way) and from the app; ``LOADS`` where it is safe and loads."""

    id: str
    filename: str
    make: object  # (url: str) -> bytes
    upload: str
    local: str | None = None  # default: as upload
    network: bool = False  # points at the listener
    local_checked: bool = True  # False: not loaded as a local file, for the reason in ``why``
    why: str = ""

    @property
    def expected_local(self) -> str:
        return self.upload if self.local is None else self.local


REMOTE = "the JSON-LD @context refers to another document, which is never fetched"
DOCTYPE = "DOCTYPE and ENTITY declarations are refused"
UPLOAD_LIMIT = 8 * 2**20

FILE_CASES = [
    FileCase(
        "remote-context-http",
        "ctx.jsonld",
        lambda url: jsonld_remote_context(url + "/ctx.jsonld"),
        REMOTE,
        network=True,
    ),
    FileCase("remote-context-file", "ctx.jsonld", lambda url: jsonld_remote_context("file:///etc/passwd"), REMOTE),
    FileCase(
        "imported-context-http", "imp.jsonld", lambda url: jsonld_imported_context(url + "/ctx"), REMOTE, network=True
    ),
    FileCase("xxe-file", "xxe.rdf", lambda url: xml_external_entity("file:///etc/passwd"), DOCTYPE),
    FileCase("xxe-http", "xxe.rdf", lambda url: xml_external_entity(url + "/entity"), DOCTYPE, network=True),
    FileCase("billion-laughs", "lol.rdf", lambda url: billion_laughs(), DOCTYPE),
    FileCase("50k-prefixes", "prefixes.ttl", lambda url: many_prefixes(50_000), LOADS),
    FileCase("500k-character-references", "escapes.ttl", lambda url: character_references(500_000), LOADS),
    FileCase("7mb-literal", "long.ttl", lambda url: long_literal(7 * 2**20), LOADS),
    FileCase(
        "100k-deep-collection",
        "list.ttl",
        lambda url: deep_collection(100_000),
        r"list\.ttl: more than 100,000 triples; the limit is 100,000",
        local_checked=False,
        why="a local file has no triple limit: the command line loads its 200,006 triples (10 s)",
    ),
    FileCase(
        "100k-deep-blank-nodes",
        "nest.ttl",
        lambda url: deep_blank_nodes(100_000),
        r"nest\.ttl: more than 100,000 triples; the limit is 100,000",
        local_checked=False,
        why="a local file has no triple limit: the command line loads its 100,006 triples",
    ),
    FileCase(
        "100k-deep-rdf-xml",
        "deep.rdf",
        lambda url: deep_rdf_xml(100_000),
        r"deep\.rdf:1: elements nested more than 1,000 deep are refused",
    ),
    FileCase("100k-deep-json-ld", "deep.jsonld", lambda url: deep_json(100_000), r"deep\.jsonld:1: .*Max stack size"),
    FileCase("invalid-utf8-turtle", "bad.ttl", lambda url: invalid_utf8("turtle"), r"bad\.ttl:4: .*Invalid UTF-8"),
    FileCase("invalid-utf8-rdf-xml", "bad.rdf", lambda url: invalid_utf8("xml"), r"bad\.rdf: .*UTF-8"),
    FileCase("invalid-utf8-json-ld", "bad.jsonld", lambda url: invalid_utf8("json"), r"bad\.jsonld:1: .*Invalid UTF-8"),
    FileCase("json-ld-named-ttl", "data.ttl", lambda url: json_ld(), r"data\.ttl:1: .*looks like JSON-LD, not Turtle"),
    FileCase("turtle-named-rdf", "data.rdf", lambda url: CONCEPTS, r"data\.rdf: .*looks like Turtle, not RDF/XML"),
    FileCase(
        "turtle-named-jsonld", "data.jsonld", lambda url: CONCEPTS, r"data\.jsonld:1: .*looks like Turtle, not JSON-LD"
    ),
    FileCase("empty", "empty.ttl", lambda url: b"", r"empty\.ttl: the file is empty"),
    FileCase("blank", "blank.nt", lambda url: b" \n\t\n", r"blank\.nt: the file is empty"),
    FileCase(
        "zero-triples", "none.ttl", lambda url: SKOS_PREFIX + b"# nothing\n", r"none\.ttl: the file holds no triples"
    ),
    FileCase(
        "over-the-upload-limit",
        "big.ttl",
        lambda url: padded(UPLOAD_LIMIT + 2**10),
        r"big\.ttl: the file is 8,389,632 bytes; uploads are limited to 8 MB \(8,388,608 bytes\)",
        local=LOADS,
        why="a local file has no size limit",
    ),
]


# Fixtures ---------------------------------------------------------------------------------------


@functools.cache
def hostile_app():
    """The article explorer, made once: served to every case and read for its callbacks."""
    from graph.web import create_app

    return create_app()


@pytest.fixture(scope="session")
def hostile_server():
    server = AppServer(hostile_app())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def client(hostile_server) -> DashClient:
    return DashClient(hostile_server.url)


@pytest.fixture(scope="session")
def outside():
    """A listener on 127.0.0.1 standing for the outside world: every input that points at the
    network points here, and it must never see a connection, all session long."""
    with listening() as found:
        yield found


def assert_nothing_fetched(outside) -> None:
    time.sleep(0.05)  # a connection the listener accepted has been recorded by now
    assert outside[1] == [], f"connections to the outside: {outside[1]}"


def rss_mb() -> float:
    return _status("VmRSS")


def _status(key: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Memory:
    """The test process's resident memory: where the session started, and per case its peak
    (``VmHWM`` after resetting it) and where it ended."""

    baseline: float
    peaks: dict = field(default_factory=dict)

    def start(self) -> None:
        try:  # "5" resets the peak (VmHWM) to the current size (Linux 4.0 and later)
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")
        except OSError:
            pass

    def check(self, case: str) -> None:
        gc.collect()
        peak, now = _status("VmHWM"), rss_mb()
        self.peaks[case] = (peak - self.baseline, now - self.baseline)
        assert now - self.baseline < MEMORY_BOUND_MB, f"{case}: {now - self.baseline:.0f} MB above the baseline"


_MEMORY: list[Memory] = []


@pytest.fixture(scope="session")
def memory(hostile_server, article_graph) -> Memory:
    """The memory account, its baseline taken once the server and the test's own copy of the
    article graph are loaded. Uploads that load stay in the app's registry (by design, at most
    16 of them and 1M triples in all): they are part of what the bound allows."""
    if not _MEMORY:
        _MEMORY.append(Memory(rss_mb()))
    return _MEMORY[0]


#: What fuzzing the callbacks found: 500s from the project's code, and Dash's own (test_fuzz.py).
FINDINGS: Counter = Counter()
DASH_500S: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    if FINDINGS or DASH_500S:
        terminalreporter.section("hostile cases: 500s found by fuzzing the callbacks")
        for finding, count in FINDINGS.most_common():
            terminalreporter.write_line(f"  project ({count}x): {finding}")
        for kind, count in DASH_500S.most_common():
            terminalreporter.write_line(f"  Dash's own ({count}x): {kind}")
    if not _MEMORY or not _MEMORY[0].peaks:
        return
    found = _MEMORY[0]
    terminalreporter.section("hostile cases: memory of the test process above its baseline (MB)")
    terminalreporter.write_line(f"baseline {found.baseline:.0f} MB; bound +{MEMORY_BOUND_MB} MB")
    for case, (peak, end) in sorted(found.peaks.items(), key=lambda item: -item[1][0])[:12]:
        terminalreporter.write_line(f"  {case:<60} peak {peak:+7.0f}  after {end:+7.0f}")


def run_cli_batch(commands: list[list], timeout: float = 60) -> list[subprocess.CompletedProcess]:
    """Run ``concept-graph`` commands two at a time (starting Python dominates each)."""
    assert CLI.exists(), "the concept-graph console script is not installed next to this Python"

    def run(args):
        try:
            return subprocess.run(
                [str(CLI), *map(str, args)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=dict(os.environ),
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(args, None, "", f"ran past {timeout} s")

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(run, commands))


def assert_one_line_error(result: subprocess.CompletedProcess, pattern: str) -> None:
    """Exit status 1 and one ``Error: ...`` line matching ``pattern``; no traceback."""
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr[-500:]
    assert re.search(pattern, lines[0]), lines[0]
