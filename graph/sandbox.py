"""Running untrusted work in a forked child process bounded in time and memory, with no network.

Neither rdflib nor pyoxigraph can be stopped from a thread: a cross join, a catastrophic regex or
a quadratic parse runs on for minutes, and an XML bomb can exhaust memory or abort the process.
``run_limited`` forks a child (which inherits its arguments without copying them through a pipe),
confines it (an audit hook refusing network and new processes, an address-space cap above what the
process already maps, a CPU cap in case the parent dies first), runs the function there and sends
back its result. The parent kills the child at the deadline. Only the result travels back, so it
must be picklable and should be small.
"""

from __future__ import annotations

import faulthandler
import math
import multiprocessing
import os
import resource
import signal
import sys
from collections.abc import Callable
from typing import Any

from .errors import ConceptGraphError, ResourceLimitError, SandboxError

__all__ = ["CHILD_NICENESS", "FORBIDDEN_EVENTS", "run_limited"]

#: Audit events that reach outside the process: the network (DNS included, which leaks data
#: too) and new processes. Confined work needs none of them.
FORBIDDEN_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.sendto",
        "urllib.Request",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
    }
)
_MAX_MESSAGE = 500
#: The niceness a confined child adds to its own (the lowest scheduling priority is 19).
CHILD_NICENESS = 19


_CONFINED = False


def confined() -> bool:
    """Whether this process is a confined child of ``run_limited``. Such a child has one thread,
    and a lock another thread of the parent held at the fork stays locked in it for good: code
    that takes a process-wide lock (``graph.sparql.PARSER_LOCK``) must not, in a child."""
    return _CONFINED


def run_limited(
    function: Callable[..., Any],
    *args: Any,
    timeout: float,
    memory_mb: int,
    name: str = "the task",
) -> Any:
    """Call ``function(*args)`` in a confined child process and return its result.

    Parameters
    ----------
    function : callable
        Run in the child; its result must be picklable.
    *args
        Passed to ``function``; inherited through the fork, never pickled.
    timeout : float
        Seconds before the child is killed.
    memory_mb : int
        Megabytes of address space the child may add to what the process already maps.
    name : str
        What runs, for messages: "a SPARQL query" gives "... is not allowed while a SPARQL
        query runs" and "a SPARQL query stopped after 2 s".

    Returns
    -------
    The value ``function`` returned.

    Raises
    ------
    ResourceLimitError
        When the child was stopped at its deadline, ran out of memory, or died; ``limit`` is
        "time" or "memory" and ``detail`` the message without ``name``.
    ConceptGraphError
        The project error ``function`` raised, as it was raised (its attributes kept).
    SandboxError
        For any other exception of ``function``: ``kind`` is its class name, the message its
        text. Network access and new processes fail this way (a ``PermissionError``).

    Examples
    --------
    >>> run_limited(sum, [1, 2, 3], timeout=5, memory_mb=64)
    6
    >>> run_limited(int, "x", timeout=5, memory_mb=64)
    Traceback (most recent call last):
    ...
    graph.errors.SandboxError: invalid literal for int() with base 10: 'x'
    """
    if timeout <= 0 or memory_mb < 1:
        raise ValueError("timeout and memory_mb must be positive")
    # fork: the child inherits the arguments (a large graph, say) without copying them.
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(function, args, sender, timeout, memory_mb, name),
        name="limited:" + name,
        daemon=True,
    )
    child.start()
    sender.close()  # so the parent sees end-of-file when the child dies
    try:
        if not receiver.poll(timeout):
            raise _limit(name, f"stopped after {timeout:g} s", "time")
        try:
            outcome, value = receiver.recv()
        except EOFError:
            child.join(1)
            raise _death(name, child.exitcode, memory_mb) from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if outcome == "memory":
        raise _limit(name, f"stopped: it needed more than its {memory_mb} MB of memory", "memory")
    if outcome == "raised":
        raise value
    if outcome == "error":
        kind, message = value
        raise SandboxError(message, kind=kind)
    return value


def _limit(name: str, detail: str, limit: str) -> ResourceLimitError:
    return ResourceLimitError(f"{name} {detail}", detail=detail, limit=limit)


def _death(name: str, exitcode: int | None, memory_mb: int) -> ResourceLimitError:
    """The error for a child that died without a word. SIGKILL is what the kernel's OOM killer
    and an operator send; SIGABRT, what a native library does when an allocation fails at
    the memory cap; anything else is named as it is.

    >>> _death("query", -9, 64).detail
    'stopped: its process was killed (SIGKILL), out of memory (its limit is 64 MB) or stopped from outside'
    >>> _death("query", -11, 64).detail
    'stopped: its process crashed (SIGSEGV)'
    """
    if exitcode and exitcode < 0:
        try:
            signal_name = signal.Signals(-exitcode).name
        except ValueError:
            signal_name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            how = f"was killed ({signal_name}), out of memory (its limit is {memory_mb} MB) or stopped from outside"
        elif -exitcode == signal.SIGABRT:
            how = f"aborted ({signal_name}), most likely at its {memory_mb} MB memory limit"
        else:
            how = f"crashed ({signal_name})"
    else:
        how = f"exited ({exitcode}) without an answer"
    return _limit(name, f"stopped: its process {how}", "memory")


def _child_main(function, args, sender, timeout, memory_mb, name) -> None:
    """The child: confine itself, run, send back one (outcome, value) pair."""
    global _CONFINED
    _CONFINED = True
    try:
        _confine(timeout, memory_mb, name)
        message = ("ok", function(*args))
    except MemoryError:
        message = ("memory", None)
    except ConceptGraphError as err:
        message = ("raised", err.with_traceback(None))
    except BaseException as err:
        message = ("error", (type(err).__name__, _short(err)))
    # Sent outside the except blocks: by now the traceback and whatever the failed work had
    # built are freed, so sending after a MemoryError has room to succeed.
    try:
        sender.send(message)
    except MemoryError:  # pickling a large result can be the step that crosses the cap
        sender.send(("memory", None))
    except Exception as err:  # an unpicklable result or error
        sender.send(("error", (type(err).__name__, f"cannot send the result back: {_short(err)}")))
    sender.close()


def _confine(timeout: float, memory_mb: int, name: str) -> None:
    """No network or new processes; a memory cap; a CPU cap in case the parent dies first."""

    def refuse_outside_access(event: str, args: tuple) -> None:
        if event in FORBIDDEN_EVENTS:
            raise PermissionError(f"{event} is not allowed while {name} runs")

    sys.addaudithook(refuse_outside_access)
    # Untrusted work yields the processor to the server's own requests: on a busy machine a
    # runaway query then slows the users' answers little, and still stops at its deadline.
    os.nice(CHILD_NICENESS)
    # A child may die of its limits (a native parser aborts when an allocation fails): the
    # parent reports that; a faulthandler dump of the child's stack is noise on stderr.
    faulthandler.disable()
    # After a MemoryError, half-run generators fail again while being collected; their
    # "Exception ignored" reports are noise on the server's stderr.
    sys.unraisablehook = lambda unraisable: None
    limit = _mapped_bytes() + memory_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    seconds = math.ceil(timeout) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def _mapped_bytes() -> int:
    """The address space this process maps already: the cap is counted on top of it, because a
    fork of a large app can map more than a whole small cap before the work starts."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _short(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "..."
