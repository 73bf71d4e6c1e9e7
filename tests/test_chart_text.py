"""Rules every chart of ``casualty.present.charts.CHARTS`` keeps, whatever the data: measured on the drawn figure.

No two texts overlap and no leader line crosses a text; the source line is at most three lines and names
the dataset; the alt text is data and is written into every file; no chart text names a place, force or
formation the data does not; and no valid file makes a chart fail.
"""

from __future__ import annotations

import io
import re
import zlib
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text
from test_fuzz_load import csv_text, figure_files

from casualty import load_figures
from casualty.present.charts import CHARTS, write_charts

from conftest import ROOT
from test_charts import VALLEY_CSV, figures_of

NAMES = list(CHARTS)
EXAMPLE = ROOT / "examples" / "russian-casualties"


def texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty text the figure draws: frame, tick labels in view, keys, labels, annotations."""
    found = list(fig.texts)
    for ax in fig.axes:
        found += ax.texts
        if ax.axison:  # the tick labels matplotlib draws: those in view (a private helper, for a test only)
            found += [tick.label1 for axis in (ax.xaxis, ax.yaxis) for tick in axis._update_ticks()]
            found += [ax.xaxis.label, ax.yaxis.label]
        for legend in {id(a): a for a in ax.findobj(Legend)}.values():
            found += legend.get_texts() + [legend.get_title()]
    unique = {id(t): t for t in found if t.get_visible() and t.get_text().strip()}
    return list(unique.values())


def extents(fig: Figure):
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in texts(fig):
        box = Text.get_window_extent(t, renderer)
        if box.width > 0 and box.height > 0:
            boxes.append((t, box.shrunk(0.98, 0.9)))  # a hair of slack for antialiasing
    return boxes


def leaders(fig: Figure):
    """Each annotation's leader line, as its path's vertices in pixels, with the annotation it belongs to."""
    fig.canvas.draw()
    found = {id(a): a for a in fig.findobj(Annotation) if a.arrow_patch is not None and a.get_visible()}
    return [(a, a.arrow_patch.get_path().vertices) for a in found.values()]


def crosses(vertices, box) -> bool:
    for (x0, y0), (x1, y1) in zip(vertices[:-1], vertices[1:]):
        for i in range(1, 40):
            t = i / 40
            if box.contains(x0 + t * (x1 - x0), y0 + t * (y1 - y0)):
                return True
    return False


@pytest.fixture(scope="module")
def drawn() -> dict[tuple[str, str], Figure]:
    """Every chart of the bundled data, of the invented deployment and of the example of another war, drawn once."""
    data = {"bundled": load_figures(), "valley": figures_of(VALLEY_CSV), "russian": load_figures(EXAMPLE)}
    out = {}
    for label, figures in data.items():
        for name, chart in CHARTS.items():
            fig = chart(figures)
            fig.canvas.draw()
            out[label, name] = fig
    return out


CASES = [(data, name) for data in ("bundled", "valley", "russian") for name in NAMES]
#: how each dataset's footer ends: the data it was drawn from (versions: data/datapackage.json 3.0.0 and
#: examples/russian-casualties/datapackage.json 2.0.0, after the audit)
FOOTERS = {"bundled": "data/figures.csv, data version 3.0.0.", "valley": "the figures file.",
           "russian": "Russian military casualties in Ukraine, 2022-2025: claims by source, data version 2.0.0."}


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_no_two_texts_overlap(case, drawn):
    boxes = extents(drawn[case])
    overlapping = [(a.get_text()[:40], b.get_text()[:40]) for (a, box_a), (b, box_b) in combinations(boxes, 2)
                   if box_a.overlaps(box_b)]
    assert overlapping == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_no_leader_line_crosses_a_text(case, drawn):
    fig = drawn[case]
    boxes = extents(fig)
    crossing = [(a.get_text()[:40], t.get_text()[:40]) for a, vertices in leaders(fig) for t, box in boxes
                if t is not a and crosses(vertices, box)]
    assert crossing == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_the_source_line_is_at_most_three_lines_and_names_the_dataset(case, drawn):
    [source] = [t for t in drawn[case].texts if t.get_gid() == "source-line"]
    assert len(source.get_text().splitlines()) <= 3
    assert source.get_text().replace("\n", " ").endswith(FOOTERS[case[0]])


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_the_source_line_speaks_no_jargon(case, drawn):
    [source] = [t for t in drawn[case].texts if t.get_gid() == "source-line"]
    for word in ("qualifier rule", "founding report", "Full references"):
        assert word not in source.get_text().replace("\n", " ")


def test_a_footer_names_the_file_it_was_drawn_from(tmp_path):
    path = tmp_path / "other-deployment.csv"
    path.write_text(VALLEY_CSV, encoding="utf-8")
    fig = CHARTS["01-deployment-at-a-glance"](load_figures(path))
    [source] = [t for t in fig.texts if t.get_gid() == "source-line"]
    assert "other-deployment.csv" in source.get_text().replace("\n", " ")
    assert "data/figures.csv" not in source.get_text().replace("\n", " ")


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_every_chart_has_alt_text_that_states_its_title(case, drawn):
    fig = drawn[case]
    title = fig.texts[0].get_text().replace("\n", " ")
    assert fig.alt_text.split(". ", 1)[1].startswith(title)
    if not fig.alt_text.startswith("A chart with nothing to show."):  # an empty chart draws no one's claims
        assert "Sources: " in fig.alt_text


@pytest.mark.parametrize("data", ["valley", "russian"])
def test_the_charts_of_other_data_name_nothing_of_the_bundled_data(data, drawn):
    for name in NAMES:
        words = " ".join(t.get_text() for t in texts(drawn[data, name])) + drawn[data, name].alt_text
        for foreign in ("North Korea", "Kursk", "Kontur", "brigade"):
            assert foreign not in words, (name, foreign)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("alt")
    return out, write_charts(figures_of(VALLEY_CSV), out, ("png", "svg", "pdf"))


@pytest.mark.parametrize("name", NAMES)
def test_alt_text_is_written_beside_the_chart_and_into_each_file(name, written):
    out, results = written
    [result] = [r for r in results if r.name == name]
    alt = (out / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")
    assert result.alt_path == out / f"{name}.txt" and alt
    svg = (out / f"{name}.svg").read_text(encoding="utf-8")
    assert re.search(r"<svg\b[^>]*>\s*<title>[^<]+</title>\s*<desc>", svg)
    from html import escape
    assert f"<desc>{escape(alt)}</desc>" in svg
    png = (out / f"{name}.png").read_bytes()
    assert b"Description" in png and (alt.encode("latin-1", "ignore") in png or _itxt(png, alt))


def _itxt(png: bytes, alt: str) -> bool:
    at = png.find(b"iTXtDescription")
    if at < 0:
        return False
    length = int.from_bytes(png[at - 4:at], "big")
    body = png[at + 4:at + 4 + length]
    text = body.split(b"\0", 4)[-1]
    try:
        return zlib.decompress(text).decode() == alt
    except zlib.error:
        return text.decode() == alt


# --- any valid file ---------------------------------------------------------------

@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(figure_files(max_rows=5))
def test_no_valid_file_makes_a_chart_fail(rows):
    figures = load_figures(io.StringIO(csv_text(rows)))
    for name, chart in CHARTS.items():
        fig = chart(figures)
        assert isinstance(fig, Figure), name
        assert fig.alt_text, name


def test_a_frame_too_long_for_the_figure_makes_it_taller_and_keeps_the_plot_its_room():
    from casualty.present.charts.frame import MIN_PLOT, frame, new_figure

    fig, ax = new_figure(4.0)
    # a subtitle of 60 wrapped lines: more than the 4 inches the figure had
    frame(fig, "A title", "word " * 1400, "Source: somebody.")
    height = fig.get_figheight()
    plot = (ax.get_position().y1 - ax.get_position().y0) * height
    assert height > 4.0 and abs(plot - MIN_PLOT) < 1e-6
