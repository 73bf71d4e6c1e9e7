"""Atomic writes: whole files, the permissions of any new file, and no process-wide state touched."""

from __future__ import annotations

import os
import stat
import sys
import threading

import pytest

from casualty.load.files import replace_atomically


@pytest.fixture
def umask_077():
    before = os.umask(0o077)
    yield
    os.umask(before)


def test_a_written_file_gets_0666_less_the_umask(tmp_path, umask_077):
    path = replace_atomically(tmp_path / "one.txt", lambda out: out.write(b"x"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == b"x"


def test_writing_never_touches_the_process_umask(tmp_path, monkeypatch):
    # The umask is the whole process's: setting it, even for an instant, changes the files other threads make.
    calls = []
    monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or 0o022)
    replace_atomically(tmp_path / "one.txt", lambda out: out.write(b"x"))
    assert calls == []


def test_two_threads_writing_at_once_never_see_each_others_umask(tmp_path, umask_077):
    # Regression: the writer set the process umask to 022 and back around every file, so a file made by
    # another thread in between came out 0o644, readable by every user, instead of 0o600.
    def write_many(prefix: str) -> None:
        for i in range(2000):
            replace_atomically(tmp_path / f"{prefix}-{i}.txt", lambda out: out.write(b"data"))

    threads = [threading.Thread(target=write_many, args=(name,)) for name in ("a", "b")]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so a race shows
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert len(list(tmp_path.iterdir())) == 4000
    assert modes == {0o600}
    assert os.umask(0o077) == 0o077  # the umask is as the test set it


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "kept.txt"
    path.write_bytes(b"old")

    def fail(out):
        out.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        replace_atomically(path, fail)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]
