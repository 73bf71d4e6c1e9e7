"""Writing the charts to files: every chart in every format, atomically and reproducibly.

``casualty charts`` calls :func:`write_charts`, which draws the charts of
:data:`CHARTS` (in as many processes as it is asked for) and writes each with
:func:`save_figure`. One failing chart is reported by name; the others are
still written.
"""

from __future__ import annotations

import html
import io
import multiprocessing
import os
import re
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
from casualty.charts.together import claims_taken_together
from casualty.files import replace_atomically
from casualty.processes import can_fork

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
    "07-claims-taken-together": claims_taken_together,
}


@dataclass
class ChartResult:
    """What writing one chart came to: its name, the files written, the error if it failed, and the text file of
    its alt text."""

    name: str
    paths: list[Path]
    error: str | None = None
    alt_path: Path | None = None


def save_figure(fig: Figure, path: Path) -> Path:
    """Write a figure atomically and reproducibly: temp file in the same folder, then rename.

    The figure's alt text (``fig.alt_text``, set by the house frame) goes into
    the file: the SVG's ``<title>`` and ``<desc>``, the PNG's ``Description``
    text chunk, the PDF's Subject.
    """
    fmt = path.suffix.lstrip(".")
    alt = getattr(fig, "alt_text", "") or ""
    title = fig.texts[0].get_text().replace("\n", " ") if fig.texts else ""
    metadata = dict(_METADATA[fmt])
    if alt and fmt == "png":
        metadata["Description"] = alt
    if alt and fmt == "pdf":
        metadata.update(Title=title, Subject=alt)

    def draw(out) -> None:
        with matplotlib.rc_context(house_rc()):
            if fmt != "svg" or not alt:
                fig.savefig(out, format=fmt, metadata=metadata, **_OPTIONS.get(fmt, {}))
                return
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata, **_OPTIONS.get(fmt, {}))
            out.write(svg_with_alt(buffer.getvalue(), title, alt))

    return replace_atomically(path, draw)


def svg_with_alt(svg: bytes, title: str, alt: str) -> bytes:
    """The SVG with ``<title>`` and ``<desc>`` as the first children of its root, which screen readers read."""
    root = re.search(rb"<svg\b[^>]*>", svg)
    text = (f"\n <title>{html.escape(title)}</title>\n <desc>{html.escape(alt)}</desc>").encode("utf-8")
    return svg[:root.end()] + text + svg[root.end():]


def write_alt_text(fig: Figure, path: Path) -> Path:
    """Write the figure's alt text beside it, as UTF-8 text with one line end."""
    text = (getattr(fig, "alt_text", "") or "") + "\n"
    return replace_atomically(path, lambda out: out.write(text.encode("utf-8")))


def write_charts(figures: pd.DataFrame, out_dir: Path | str, formats: Iterable[str] = ("png",),
                 charts: dict[str, Callable[..., Figure]] | None = None, jobs: int = 1,
                 subject: str | None = None) -> list[ChartResult]:
    """Render every chart and write each in every format, with its alt text beside it as ``<name>.txt``;
    one failing chart does not stop the others.

    ``charts`` defaults to :data:`CHARTS`; ``subject``, when given, is passed
    to each as ``subject=`` (the subject it shows instead of the focus subject). ``jobs`` above 1 draws the charts
    in a pool of that many processes (concurrent.futures), forked from this
    one so that nothing is imported or loaded again. Where a process cannot be
    forked safely they are drawn here, one by one: on Windows and macOS, and in
    a process that runs threads of its own, such as a Jupyter kernel; so
    forking is for the ``casualty charts`` command. A chart that raises is
    reported with its error. A drawing process that dies (killed, out of
    memory) breaks the pool, and the charts not yet written are drawn again,
    each alone in a process of its own, so that only a chart that kills its
    process is reported, as such. The results come back in the order of
    ``charts`` either way.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = _Work(figures, out, list(formats), list((charts or CHARTS).items()), subject)
    jobs = max(1, min(jobs, len(work.charts))) if can_fork() else 1
    if jobs == 1:
        return [work.write(i) for i in range(len(work.charts))]
    results = _write_in_processes(work, jobs)
    for i, result in enumerate(results):  # a few charts at most: each one not written, alone
        if result is None:
            alone = _Work(figures, out, work.formats, [work.charts[i]], subject)
            results[i] = _write_in_processes(alone, 1)[0] or ChartResult(work.charts[i][0], [], DIED)
    return results


#: The error of a chart whose process died while drawing it, alone.
DIED = "the process drawing it died before the chart was written"


@dataclass(frozen=True, eq=False)
class _Work:
    """What a drawing process draws: the figures, where and in which formats, and the charts by name."""

    figures: pd.DataFrame
    out: Path
    formats: list[str]
    charts: list[tuple[str, Callable[..., Figure]]]
    subject: str | None = None

    def write(self, i: int) -> ChartResult:
        """Draw the i-th chart and write it in every format; its error, if it raises, is its result."""
        name, draw = self.charts[i]
        try:
            fig = draw(self.figures) if self.subject is None else draw(self.figures, subject=self.subject)
            paths = [save_figure(fig, self.out / f"{name}.{fmt}") for fmt in self.formats]
            return ChartResult(name, paths, alt_path=write_alt_text(fig, self.out / f"{name}.txt"))
        except Exception as error:  # reported by name; the other charts are still written
            return ChartResult(name, [], f"{type(error).__name__}: {error}")


def _write_in_processes(work: _Work, jobs: int) -> list[ChartResult | None]:
    """Each chart of ``work`` drawn in a pool of ``jobs`` forked processes; None where the pool broke first."""
    # The work goes to each process as it is forked, so only a chart's number and its result are pickled.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_drawing,
                               initargs=(os.getpid(), work))
    try:
        futures = [pool.submit(_write_one, i) for i in range(len(work.charts))]
        return [None if isinstance(future.exception(), BrokenProcessPool) else future.result()
                for future in futures]
    finally:
        pool.shutdown(cancel_futures=True)  # after Ctrl-C, no chart waiting for a process is started


_WORK: _Work | None = None  # in a drawing process: what it draws


def _start_drawing(parent: int, work: _Work) -> None:
    """Set up a drawing process as it starts: keep its work, and go at once on Ctrl-C or when its parent goes."""
    global _WORK
    _WORK = work
    # Ctrl-C reaches every process of the group: the parent stops, and a drawing process leaves without a
    # traceback, whatever it was doing (a half-written chart is a temp file that never replaced the old one)
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(1))
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()


def _exit_without(parent: int) -> None:
    # A pool's process waits for work until it is told to stop; one whose parent was killed would wait forever.
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _write_one(i: int) -> ChartResult:
    return _WORK.write(i)


def default_jobs() -> int:
    """How many processes `casualty charts` draws in: one per CPU this process may use, one per chart at most."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, len(CHARTS)))
