"""Work in a forked child: its result, its exception, and the work done here when the child cannot send them."""

import os
import pickle
import signal
import time

import pytest

from casualty import processes
from casualty.problems import FiguresError, Problem
from casualty.processes import Forked, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="this process may not fork")

HERE = os.getpid()


def where() -> str:
    return "here" if os.getpid() == HERE else "child"


def test_the_result_is_what_the_work_returned_in_the_child():
    assert Forked(lambda: (where(), [1.5, "two", None])).result() == ("child", [1.5, "two", None])


def test_an_exception_raised_in_the_child_is_raised_here_with_its_problems():
    problem = Problem("f.csv", 3, "value", "nan", "NaN is not a number", "nan")

    def work():
        raise FiguresError("f.csv", [problem])

    with pytest.raises(FiguresError) as raised:
        Forked(work).result()
    assert raised.value.problems == [problem]
    assert str(raised.value) == "f.csv:3: value: NaN is not a number (got 'nan')"


def test_a_figures_error_pickles_as_itself():
    error = FiguresError("f.csv", [Problem("f.csv", None, None, "no_such_file", "no such file")])
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.file, again.problems, str(again)) == (
        FiguresError, "f.csv", error.problems, "f.csv: no such file")


def test_a_child_that_dies_has_its_work_done_here():
    def work():
        if where() == "child":
            os.kill(os.getpid(), signal.SIGKILL)
        return where()

    assert Forked(work).result() == "here"


def test_a_result_that_cannot_be_pickled_is_made_here():
    def work():
        return where(), (lambda: None)  # a lambda does not pickle

    assert Forked(work).result()[0] == "here"


def test_abandoning_a_child_kills_it_and_reaps_it():
    child = Forked(lambda: time.sleep(600))
    started = time.monotonic()
    child.abandon()
    assert time.monotonic() - started < 60  # killed, not waited out
    with pytest.raises(ChildProcessError):
        os.waitpid(child._pid, os.WNOHANG)


def test_children_that_sent_their_result_are_reaped_by_the_next_one():
    first = Forked(lambda: 1)
    assert first.result() == 1
    deadline = time.monotonic() + 60
    while first._pid in processes._UNREAPED:  # its exit is not waited for: a Forked made once it exited reaps it
        assert time.monotonic() < deadline
        time.sleep(0.1)
        assert Forked(lambda: 2).result() == 2
    with pytest.raises(ChildProcessError):  # not left a zombie
        os.waitpid(first._pid, os.WNOHANG)


def test_children_reaped_by_the_system_are_no_trouble():
    # a caller that ignores SIGCHLD has its children reaped by the kernel: waiting for one finds none
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert Forked(lambda: where()).result() == "child"
        Forked(lambda: time.sleep(600)).abandon()
        assert Forked(lambda: 3).result() == 3
    finally:
        signal.signal(signal.SIGCHLD, before)


def test_where_the_system_cannot_fork_the_work_is_done_here(monkeypatch):
    def cannot(*args):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", cannot)
    child = Forked(lambda: where())
    child.abandon()  # nothing to stop
    assert Forked(lambda: where()).result() == "here"
