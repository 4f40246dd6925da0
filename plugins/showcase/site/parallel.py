"""Render many pages in forked worker processes, each writing its own files.

Record pages are independent of each other once the catalog is loaded: a page needs the
catalog and the theme, never another page's HTML. :func:`render_pages` therefore forks
workers *after* everything is loaded, so that each inherits the catalog, the theme and the
build's state without copying or pickling them, hands each a run of consecutive pages (one
folder's pages stay together, so what is rendered once per folder is reused within a run),
and each worker writes the pages it renders itself. Only small things come back: a short
string per page (its fingerprint in the build cache), the log records and an error.

What a page looks like does not depend on the process that renders it, so the output is
byte for byte the same whatever the number of workers (``tests/test_parallel.py``).

Logging: a worker's log records (a warning counts against ``--strict``) are collected and
handed back, and the parent passes them to its own loggers in page order, as if it had
rendered the pages itself.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from showcase.records.errors import ShowcaseError

# Runs handed out per worker: enough that a slow run does not leave the other workers
# idle at the end, few enough that each run keeps a folder's pages together.
RUNS_PER_WORKER = 8
# Below this many pages a worker would cost more to start than it saves.
MIN_PAGES_TO_FORK = 64


class RenderError(ShowcaseError):
    """A page failed in a worker with an error that cannot be handed back as it is.

    Its message carries the worker's traceback, which would otherwise be lost with the
    process: such an error is a fault of ours, and whoever reports it needs the trace.
    """


def available_workers() -> int:
    """The processors this process may run on (taskset and containers count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _RunResult:
    results: list[str]
    records: list[logging.LogRecord]
    error: BaseException | None


# The render function of the current call, set in the parent just before the workers are
# forked: they inherit it, and nothing has to be pickled. None outside render_pages.
_render_one: Callable[[str], str] | None = None


def render_pages(
    keys: Sequence[str],
    render_one: Callable[[str], str],
    *,
    workers: int,
    logger_name: str,
    while_waiting: Callable[[], None] | None = None,
) -> list[str]:
    """Call ``render_one`` for every key, in ``workers`` processes; its results, in key order.

    ``render_one`` renders and writes one page and returns a short string. With one worker, or fewer than
    :data:`MIN_PAGES_TO_FORK` pages, it runs here, in this process. ``logger_name`` is the logger whose records a worker hands back (with
    everything under it). ``while_waiting`` is work of this process that needs none of the
    pages: it runs here while the workers render (with no worker, before the pages).
    """
    global _render_one
    if workers <= 1 or len(keys) < MIN_PAGES_TO_FORK:
        if while_waiting is not None:
            while_waiting()
        return [render_one(key) for key in keys]
    runs = list(_runs(keys, workers * RUNS_PER_WORKER))
    _render_one = render_one
    # Objects alive now are never freed by the workers: frozen, the collector does not
    # touch them, so the memory pages a worker shares with this process stay shared.
    try:
        with frozen_objects():
            context = multiprocessing.get_context("fork")
            with context.Pool(
                min(workers, len(runs)), initializer=_collect_logs, initargs=(logger_name,)
            ) as pool:
                results: list[str] = []
                rendered = pool.imap(_render_run, runs)
                if while_waiting is not None:
                    while_waiting()
                # In order, so that the log records come out in page order.
                for result in rendered:
                    for record in result.records:
                        logging.getLogger(record.name).handle(record)
                    if result.error is not None:
                        raise result.error
                    results += result.results
                return results
    finally:
        _render_one = None


@contextlib.contextmanager
def frozen_objects() -> Iterator[None]:
    """Every object alive now moved out of the collector's reach (``gc.freeze``) while the
    block runs, for the processes it forks; given back to it after, unless they already
    were out of its reach when the block began (the live preview keeps its site so,
    mkdocs_plugins/commands.py): then they stay so, with those made since."""
    kept_out = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not kept_out:
            gc.unfreeze()


def _runs(keys: Sequence[str], count: int) -> Iterator[list[str]]:
    """``keys`` cut into at most ``count`` runs of consecutive keys, of near equal length."""
    size, extra = divmod(len(keys), count)
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        if end > start:
            yield list(keys[start:end])
        start = end


class _Collector(logging.Handler):
    """Keeps the records a worker logs, to hand them back to the parent."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # The message with its arguments put in: the arguments may not survive pickling.
        record.msg = record.getMessage()
        record.args = None
        record.exc_info = None
        record.exc_text = None
        self.records.append(record)


_collector: _Collector | None = None


def _collect_logs(logger_name: str) -> None:
    """In a new worker: its records go to the collector only, never to the parent's streams."""
    global _collector
    _collector = _Collector()
    logger = logging.getLogger(logger_name)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_collector)
    logger.propagate = False


def _render_run(keys: list[str]) -> _RunResult:
    """In a worker: render a run of pages; their results, the log records and any error."""
    assert _render_one is not None and _collector is not None
    results: list[str] = []
    error: BaseException | None = None
    try:
        for key in keys:
            results.append(_render_one(key))
    except Exception as caught:  # handed back and raised by the parent
        error = _handed_back(caught)
    records, _collector.records = _collector.records, []
    return _RunResult(results, records, error)


T = TypeVar("T")


class Background(Generic[T]):
    """One call run in a forked process beside the build; :meth:`result` waits for it.

    For work that needs nothing the build does after it starts (the open-data files need
    only the catalog): on two cores it runs while this process does its own serial work
    (reading the pages, the sidebars) instead of before it. A bare process and a pipe, not a
    pool: a pool starts threads in this process, and the build forks its page workers later.
    With ``in_process``, the call runs here, at once (``--workers 1``: one process only).
    """

    def __init__(self, call: Callable[[], T], *, in_process: bool = False) -> None:
        self._done: tuple[T | None, BaseException | None] | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if in_process:
            self._done = (call(), None)
            return
        global _background_call
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # The call reaches the process through the fork, not through the Process object,
        # which this process keeps: what the call holds (the search documents) can be freed
        # here as soon as the caller lets go of it.
        self._process = context.Process(target=_call_in_background, args=(send,))
        _background_call = call
        # As for the page workers: objects alive now are left alone by the child's
        # collector, so the memory it shares with this process stays shared.
        try:
            with frozen_objects():
                self._process.start()
        finally:
            _background_call = None
        send.close()

    def result(self) -> T:
        """The call's result, once it has returned; its error, raised here, if it failed."""
        if self._done is None:
            assert self._process is not None
            try:
                self._done = self._receive.recv()
            except EOFError:
                # The process died without a word (killed, out of memory).
                code = self._process.exitcode
                self._done = (None, RenderError(f"后台子进程意外退出（退出码 {code}）。"))
            finally:
                self._receive.close()
                self._process.join()
        value, error = self._done
        if error is not None:
            raise error
        return value  # type: ignore[return-value]

    def stop(self) -> None:
        """End the process if it is still running (the build failed and no longer needs it)."""
        if self._process is not None and self._done is None:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._done = (None, RenderError("后台子进程已停止。"))


class Standby(Background[T]):
    """A process forked now, while this one is small, to run one call later (:meth:`run`).

    A process forked late carries all of the build's memory as its own (at 100,000 records,
    about 900 MB of records, pages and their state): one that needs none of it, forked at
    the start, is as small as the build was then. The call is pickled to it, so it should
    hold little (a module's function and a path). While it runs it may wait for more
    (:func:`from_parent`), which :meth:`send` hands it: so it can start on what is known
    before the rest is. :meth:`result` and :meth:`stop` are Background's; a standby still
    running when this process exits is stopped, and its own workers with it.
    """

    def __init__(self, prepare: Callable[[], object] | None = None) -> None:
        """Fork the process; it runs ``prepare`` at once (what any call will need: loading
        a dictionary), then waits for the call."""
        self._done = None
        context = multiprocessing.get_context("fork")
        self._receive, child_end = context.Pipe(duplex=True)
        # Not a daemon: the call may start workers of its own (the index's), which a daemon
        # may not. So it is stopped at exit before multiprocessing waits for it, which a
        # standby never called (a build stopped by Ctrl+C) would make wait forever.
        self._process = context.Process(target=_stand_by, args=(child_end, self._receive, prepare))
        self._process.start()
        child_end.close()
        atexit.register(self.stop)

    def run(self, call: Callable[[], T]) -> Standby[T]:
        """Hand the call to the process, which starts on it at once."""
        self._receive.send(call)
        return self

    def send(self, message: object) -> None:
        """Hand the running call the next thing it waits for (:func:`from_parent`)."""
        self._receive.send(message)

    def result(self) -> T:
        atexit.unregister(self.stop)
        return super().result()

    def stop(self) -> None:
        atexit.unregister(self.stop)
        super().stop()


def _stand_by(
    connection: multiprocessing.connection.Connection,
    parent_end: multiprocessing.connection.Connection,
    prepare: Callable[[], object] | None,
) -> None:
    global _parent
    # Without the parent's end, the pipe reads as closed once the parent has gone.
    parent_end.close()
    # Stopped (Standby.stop), it exits as after an error: a pool it started ends its
    # workers on the way out, which a process killed outright would leave running.
    signal.signal(signal.SIGTERM, _exit_when_terminated)
    os.register_at_fork(after_in_child=_terminated_as_by_default)
    _parent = connection
    try:
        if prepare is not None:
            prepare()
    except Exception as caught:  # raised by the parent when it asks for the call's result
        failed = _handed_back(caught)
        with contextlib.suppress(EOFError):
            connection.recv()
            connection.send((None, failed))
        return
    try:
        call = connection.recv()
    except EOFError:
        return
    _call_and_send(connection, call)


# In a Standby's process: its end of the pipe to the parent (see from_parent).
_parent: multiprocessing.connection.Connection | None = None


def from_parent() -> Any:
    """In a call run by a :class:`Standby`: the next message of :meth:`Standby.send`.

    Waits until the parent sends it; EOFError if the parent has gone.
    """
    assert _parent is not None, "only in a call run by a Standby"
    return _parent.recv()


def _exit_when_terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _terminated_as_by_default() -> None:
    # In a process the standby forks (a worker of its pool): ended outright, as usual.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# The call of the Background being started, set in the parent just around the fork.
_background_call: Callable[[], object] | None = None


def _call_in_background(send: multiprocessing.connection.Connection) -> None:
    call = _background_call
    assert call is not None
    _call_and_send(send, call)


def _call_and_send(send: multiprocessing.connection.Connection, call: Callable[[], object]) -> None:
    try:
        done: tuple[object, BaseException | None] = (call(), None)
    except Exception as caught:  # handed back and raised by the parent
        done = (None, _handed_back(caught))
    send.send(done)
    send.close()


def _handed_back(caught: Exception) -> BaseException:
    """``caught`` as it can cross to the parent: itself, or a RenderError with its trace."""
    if _picklable(caught):
        return caught
    return RenderError(
        f"生成网站时，一个子进程出错：{type(caught).__name__}: {caught}\n"
        + "".join(traceback.format_exception(caught))
    )


def _picklable(error: BaseException) -> bool:
    with contextlib.suppress(Exception):
        pickle.loads(pickle.dumps(error))
        return True
    return False
