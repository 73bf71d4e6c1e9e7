"""Work done in a forked process beside this one: on another CPU, without waiting for this process's interpreter.

Used by the load stage (a large file's bytes are checked in a child while this
process reads its cells), by ``check_consistency`` (a large frame's quotes are
read in a child while the other rules run) and, for :func:`can_fork`, by the
charts (drawn in a pool of children); needs nothing else from the package.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether this process may fork processes to work in; where it may not, the work is done here."""
    # macOS system libraries are not safe to use in a forked child; Windows has no fork; a forked child gets
    # only the thread that forked it, so a lock held by another thread (a Jupyter kernel runs several) stays held
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


class Forked(Generic[T]):
    """``work()`` run at once in a forked child; :meth:`result` waits for it and returns what it returned.

    The child sees this process's memory as it was at the fork (nothing is
    copied to it) and sends back only its result, pickled. An exception that
    ``work`` raises in the child is raised by :meth:`result`; when the child
    could not send it (a result or an exception that cannot be pickled, a child
    that was killed), ``work()`` runs again here, so that what :meth:`result`
    returns or raises is what ``work()`` would. Call it only where
    :func:`can_fork`, and end with :meth:`result` or :meth:`abandon`. Where the
    system cannot fork (out of processes, or of memory to promise a copy of
    this one), :meth:`result` does the work here.
    """

    def __init__(self, work: Callable[[], T]):
        self._work = work
        self._read: int | None = None
        _reap()
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            self._pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if self._pid == 0:  # the child: work, send, leave without running anything of the parent's at exit
            os.close(read)
            _work_and_send(work, write)
        os.close(write)
        self._read = read

    def result(self) -> T:
        if self._read is None:  # no child: the fork failed
            return self._work()
        try:
            sent = b"".join(iter(lambda: os.read(self._read, 1 << 20), b""))
        except BaseException:  # Ctrl-C while waiting
            self.abandon()
            raise
        self._close(wait=False)
        try:
            done, outcome = pickle.loads(sent)
        except Exception:  # nothing or a part was sent: the child died or could not pickle
            return self._work()
        if done:
            return outcome
        raise outcome

    def abandon(self) -> None:
        """Stop the child without its result (when this process stops on an error of its own)."""
        if self._read is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:  # gone already (reaped by a SIGCHLD handler of the caller's)
                pass
            self._close(wait=True)

    def _close(self, wait: bool) -> None:
        os.close(self._read)
        self._read = None
        if wait:
            _reap(self._pid)
            return
        # the kernel takes a while to tear down a child that shared a large memory: once it has sent all it
        # will, it is not waited for; it is reaped by the next Forked, or by the system when this process exits
        _UNREAPED.append(self._pid)
        _reap()


_UNREAPED: list[int] = []  # children that sent their result and may not have exited yet


def _reap(waited: int | None = None) -> None:
    """Reap the children that have exited, and wait for ``waited`` (a child that was killed)."""
    for pid in list(_UNREAPED) if waited is None else [waited]:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG if waited is None else 0)
        except ChildProcessError:  # reaped by someone else (a handler of the caller's)
            done = pid
        if done and pid in _UNREAPED:
            _UNREAPED.remove(pid)


def _work_and_send(work: Callable[[], object], write: int) -> None:
    try:
        try:
            outcome = (True, work())
        except Exception as error:
            outcome = (False, error)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            payload = b""  # the parent does the work itself
        view = memoryview(payload)
        while view:
            view = view[os.write(write, view):]
        os.close(write)  # the parent reads to the end of the pipe: here, not when this process is gone
    except BaseException:  # Ctrl-C, or the parent stopped reading: leave quietly
        pass
    finally:
        os._exit(0)
