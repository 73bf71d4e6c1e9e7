"""Writing the charts to files: every chart in every format, atomically and reproducibly.

``casualty charts`` calls :func:`write_charts`, which draws the charts of
:data:`CHARTS` one by one and writes each with :func:`save_figure`. One failing chart is reported by name; the others are
still written.
"""

from __future__ import annotations

import html
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from casualty.load.files import replace_atomically
from casualty.present.charts.claims_over_time import casualty_claims_over_time
from casualty.present.charts.deployment import deployment_at_a_glance
from casualty.present.charts.estimates_compared import estimates_compared
from casualty.present.charts.forces_compared import forces_compared
from casualty.present.charts.formations import formations
from casualty.present.charts.frame import house_rc
from casualty.present.charts.implied_rate import implied_rate_by_source
from casualty.present.charts.killed_and_wounded import killed_and_wounded
from casualty.present.charts.together import claims_taken_together

#: Metadata that would make two renders of the same data differ.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
#: zlib level 3 (of 9) makes the PNGs 15 % smaller than the default 6, and faster: measured on these charts,
#: whose large flat areas suit zlib's fast strategy (levels 1-3); lossless at any level.
_OPTIONS = {"png": {"pil_kwargs": {"compress_level": 3}}}

#: file stem -> chart function, in the order the gallery shows them: the one list of the charts, which the
#: command, the tests and the README's gallery (casualty.present.charts.gallery) all read
CHARTS: dict[str, Callable[[pd.DataFrame], Figure]] = {
    "01-deployment-at-a-glance": deployment_at_a_glance,
    "02-casualty-claims-over-time": casualty_claims_over_time,
    "03-implied-rate-by-source": implied_rate_by_source,
    "04-killed-and-wounded": killed_and_wounded,
    "05-formations": formations,
    "06-forces-compared": forces_compared,
    "07-claims-taken-together": claims_taken_together,
    "08-competing-estimates": estimates_compared,
}


@dataclass
class ChartResult:
    """What writing one chart came to: its name, the files written, the error if it failed, the text file of
    its alt text, the CSV of the rows it draws, and, for a chart with nothing to show in this data, why
    (``not_drawn``, the chart's own title for that case)."""

    name: str
    paths: list[Path]
    error: str | None = None
    alt_path: Path | None = None
    data_path: Path | None = None
    not_drawn: str | None = None


def prepare_of(chart: Callable[..., Figure]) -> Callable[..., object] | None:
    """A chart's first half, found beside it in its module: ``prepare_<chart>`` (``None`` for a chart without)."""
    return getattr(sys.modules.get(chart.__module__), f"prepare_{chart.__name__}", None)


def chart_data(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows a chart draws as a table any tool imports as it is (Datawrapper, Flourish, a spreadsheet): one
    header line, no index, dates as text at the day, lists of ids joined with '; ', no bound (infinity) as an
    empty cell, working columns left out."""
    rows = rows[[c for c in rows.columns if not str(c).startswith("_")]].copy()
    for column in rows.columns:
        values = rows[column]
        if pd.api.types.is_float_dtype(values):  # no bound (inf) is an empty cell: a spreadsheet reads 'inf' as text
            rows[column] = values.where(np.isfinite(values.to_numpy(dtype="float64")) | values.isna())
        elif pd.api.types.is_datetime64_any_dtype(values):
            rows[column] = values.dt.strftime("%Y-%m-%d")
        elif values.dtype == object and values.map(lambda v: isinstance(v, (tuple, list))).any():
            rows[column] = values.map(lambda v: "; ".join(map(str, v)) if isinstance(v, (tuple, list)) else v)
        if rows[column].dtype == object or pd.api.types.is_string_dtype(rows[column]):
            rows[column] = rows[column].map(lambda v: v.replace("\n", " ") if isinstance(v, str) else v)
    return rows


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
                 charts: dict[str, Callable[..., Figure]] | None = None,
                 subject: str | None = None) -> list[ChartResult]:
    """Render every chart and write each in every format, with its alt text beside it as ``<name>.txt``;
    one failing chart does not stop the others.

    ``charts`` defaults to :data:`CHARTS`; ``subject``, when given, is passed
    to each as ``subject=`` (the subject it shows instead of the focus subject). A chart that raises is
    reported with its error. The results come back in the order of ``charts``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [_write_one(figures, out, list(formats), name, draw, subject)
            for name, draw in (charts or CHARTS).items()]


def _write_one(figures: pd.DataFrame, out: Path, formats: list[str], name: str, draw: Callable[..., Figure],
               subject: str | None) -> ChartResult:
    """Draw one chart and write it in every format, with its data beside it; a chart with nothing to show is not
    written; its error, if it raises, is its result."""
    kwargs = {} if subject is None else {"subject": subject}
    try:
        prepare = prepare_of(draw)
        prepared = prepare(figures, **kwargs) if prepare else None
        if prepared is not None and prepared.empty:
            return ChartResult(name, [], not_drawn=prepared.title)
        fig = draw(figures, **kwargs)
        paths = [save_figure(fig, out / f"{name}.{fmt}") for fmt in formats]
        data = None
        if prepared is not None:
            text = chart_data(prepared.rows).to_csv(index=False, lineterminator="\n")
            data = replace_atomically(out / f"{name}.csv", lambda f: f.write(text.encode("utf-8")))
        return ChartResult(name, paths, alt_path=write_alt_text(fig, out / f"{name}.txt"), data_path=data)
    except Exception as error:  # reported by name; the other charts are still written
        return ChartResult(name, [], f"{type(error).__name__}: {error}")
