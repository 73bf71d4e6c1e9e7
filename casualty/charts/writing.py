"""Writing the charts to files: every chart in every format, atomically and reproducibly.

``casualty charts`` calls :func:`write_charts`, which draws the charts of
:data:`CHARTS` (in as many processes as it is asked for) and writes each with
:func:`save_figure`. One failing chart is reported by name; the others are
still written.
"""

from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from casualty.charts.claims_over_time import casualty_claims_over_time
from casualty.charts.deployment import deployment_at_a_glance
from casualty.charts.forces_compared import forces_compared
from casualty.charts.formations import formations
from casualty.charts.frame import house_rc
from casualty.charts.implied_rate import implied_rate_by_source
from casualty.charts.killed_and_wounded import killed_and_wounded
from casualty.files import replace_atomically

FORMATS = ("png", "svg", "pdf")
#: Metadata that would make two renders of the same data differ.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
#: zlib level 3 (of 9) makes the PNGs 15 % smaller than the default 6, and faster: measured on these charts,
#: whose large flat areas suit zlib's fast strategy (levels 1-3); lossless at any level.
_OPTIONS = {"png": {"pil_kwargs": {"compress_level": 3}}}

#: file stem -> chart function, in the order the gallery shows them
CHARTS: dict[str, Callable[[pd.DataFrame], Figure]] = {
    "01-deployment-at-a-glance": deployment_at_a_glance,
    "02-casualty-claims-over-time": casualty_claims_over_time,
    "03-implied-rate-by-source": implied_rate_by_source,
    "04-killed-and-wounded": killed_and_wounded,
    "05-formations": formations,
    "06-forces-compared": forces_compared,
}


@dataclass
class ChartResult:
    """What writing one chart came to: its name, the files written, and the error if it failed."""

    name: str
    paths: list[Path]
    error: str | None = None


def save_figure(fig: Figure, path: Path) -> Path:
    """Write a figure atomically and reproducibly: temp file in the same folder, then rename."""
    fmt = path.suffix.lstrip(".")

    def draw(out) -> None:
        with matplotlib.rc_context(house_rc()):
            fig.savefig(out, format=fmt, metadata=_METADATA[fmt], **_OPTIONS.get(fmt, {}))

    return replace_atomically(path, draw)


def write_charts(figures: pd.DataFrame, out_dir: Path | str, formats: Iterable[str] = ("png",),
                 charts: dict[str, Callable[[pd.DataFrame], Figure]] | None = None, jobs: int = 1) -> list[ChartResult]:
    """Render every chart and write each in every format; one failing chart does not stop the others.

    ``jobs`` above 1 draws the charts in that many processes at once, forked
    from this one so that nothing is imported or loaded again; where a process
    cannot be forked safely (Windows, macOS) they are drawn here, one by one.
    Forking is for a process that runs no threads of its own, such as the
    ``casualty charts`` command; a Jupyter kernel does, so notebooks keep the
    default of 1. The results come back in the order of ``charts`` either way.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    items = list((charts or CHARTS).items())
    jobs = max(1, min(jobs, len(items))) if _can_fork() else 1
    shares = [items[i::jobs] for i in range(jobs)]  # charts in turn, so each process gets big and small ones
    children = [_fork(figures, out, formats, share) for share in shares[1:]]
    results = {result.name: result for result in _write_each(figures, out, formats, shares[0])}
    for (pid, pipe), share in zip(children, shares[1:]):
        results.update((result.name, result) for result in _collect(pid, pipe, share))
    return [results[name] for name, _ in items]


def _write_each(figures: pd.DataFrame, out: Path, formats: list[str], items) -> list[ChartResult]:
    results = []
    for name, draw in items:
        try:
            fig = draw(figures)
            paths = [save_figure(fig, out / f"{name}.{fmt}") for fmt in formats]
            results.append(ChartResult(name, paths))
        except Exception as error:  # reported by name; the other charts are still written
            results.append(ChartResult(name, [], f"{type(error).__name__}: {error}"))
    return results


def default_jobs() -> int:
    """How many processes `casualty charts` draws in: one per CPU this process may use, one per chart at most."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, len(CHARTS)))


def _can_fork() -> bool:
    # macOS system libraries are not safe to use in a forked child; Windows has no fork
    return hasattr(os, "fork") and sys.platform != "darwin"


def _fork(figures: pd.DataFrame, out: Path, formats: list[str], items) -> tuple[int, int]:
    """Start a process that draws ``items`` and sends back their results; returns its pid and the pipe to read."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: draw, report, and leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read)
            results = _write_each(figures, out, formats, items)
            with os.fdopen(write, "wb") as pipe:
                pickle.dump(results, pipe)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int, items) -> list[ChartResult]:
    """The results a child process sent back; if it died first, each of its charts is reported as failed."""
    with os.fdopen(read, "rb") as pipe:
        sent = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0 and sent:
        return pickle.loads(sent)
    how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
    return [ChartResult(name, [], f"the process drawing it {how}") for name, _ in items]
