"""Confined child processes: results and errors come back, and time, memory, the network and new
processes are out of reach."""

import os
import signal
import socket
import subprocess
import threading
import time

import pytest

from graph.errors import ParseError, ResourceLimitError, SandboxError
from graph.sandbox import CHILD_NICENESS, run_limited


def test_the_result_comes_back():
    assert run_limited(sorted, [3, 1, 2], timeout=5, memory_mb=64) == [1, 2, 3]
    assert run_limited(lambda a, b: {"sum": a + b}, 2, 3, timeout=5, memory_mb=64) == {"sum": 5}


def test_an_exception_comes_back_with_its_kind_and_message():
    def fail():
        raise ValueError("the input is wrong at line 3")

    with pytest.raises(SandboxError, match="the input is wrong at line 3") as caught:
        run_limited(fail, timeout=5, memory_mb=64, name="a test")
    assert caught.value.kind == "ValueError"


def test_a_project_error_comes_back_as_itself_with_its_attributes():
    def fail():
        raise ParseError("bad.ttl:7: unexpected end of file", path="bad.ttl", line=7)

    with pytest.raises(ParseError, match="bad.ttl:7") as caught:
        run_limited(fail, timeout=5, memory_mb=64)
    assert (caught.value.path, caught.value.line) == ("bad.ttl", 7)


def test_a_result_that_cannot_be_sent_back_is_an_error():
    with pytest.raises(SandboxError, match="cannot send the result back"):
        run_limited(lambda: threading.Lock(), timeout=5, memory_mb=64)


def test_work_past_its_deadline_is_killed():
    start = time.monotonic()
    with pytest.raises(ResourceLimitError, match="a nap stopped after 1 s") as caught:
        run_limited(time.sleep, 30, timeout=1, memory_mb=64, name="a nap")
    assert time.monotonic() - start < 4  # far from the nap's 30 s, with room for a busy machine's fork
    assert caught.value.limit == "time"
    assert caught.value.detail == "stopped after 1 s"


def test_a_busy_loop_is_killed_at_its_deadline_too():
    def spin():
        while True:
            pass

    start = time.monotonic()
    with pytest.raises(ResourceLimitError, match="stopped after 1.5 s"):
        run_limited(spin, timeout=1.5, memory_mb=64)
    assert time.monotonic() - start < 4.5  # the loop never ends by itself


def test_a_memory_hog_gets_a_clear_error_and_the_parent_goes_on():
    start = time.monotonic()
    with pytest.raises(ResourceLimitError, match="needed more than its 64 MB of memory") as caught:
        run_limited(bytearray, 2**31, timeout=10, memory_mb=64, name="a hog")
    assert caught.value.limit == "memory"
    assert time.monotonic() - start < 5  # stopped by memory, not by the clock
    assert run_limited(len, b"still here", timeout=5, memory_mb=64) == 10


def test_a_child_killed_by_a_signal_is_reported():
    with pytest.raises(ResourceLimitError, match=r"killed \(SIGKILL\)"):
        run_limited(lambda: os.kill(os.getpid(), signal.SIGKILL), timeout=5, memory_mb=64)


def test_the_network_is_refused_and_the_listener_gets_nothing(listener):
    port, connections = listener

    def connect():
        with socket.socket() as conn:  # no name lookup first: straight to connect
            conn.settimeout(2)
            conn.connect(("127.0.0.1", port))
            conn.sendall(b"leak")

    with pytest.raises(SandboxError, match="socket.connect is not allowed while a probe runs") as caught:
        run_limited(connect, timeout=5, memory_mb=64, name="a probe")
    assert caught.value.kind == "PermissionError"
    time.sleep(0.1)
    assert connections == []


def test_new_processes_are_refused():
    with pytest.raises(SandboxError, match="subprocess.Popen is not allowed"):
        run_limited(subprocess.run, ["true"], timeout=5, memory_mb=64)


def test_limits_must_be_positive():
    with pytest.raises(ValueError):
        run_limited(len, "", timeout=0, memory_mb=64)


def test_confined_work_runs_at_the_lowest_priority():
    # os.nice(0) answers the niceness it leaves unchanged
    assert run_limited(os.nice, 0, timeout=5, memory_mb=64) == min(19, os.nice(0) + CHILD_NICENESS)
