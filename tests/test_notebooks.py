"""The story notebooks: saved clean, numbers only from code, and run top to bottom from any folder."""

from __future__ import annotations

import functools
import os
import re

import nbformat
import pytest

from conftest import ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {"01-reported-figures.ipynb", "02-ratios.ipynb", "03-estimates-by-source.ipynb"}

#: A number typed by hand into prose: three digits in a row, a thousands separator or a decimal
#: point between digits, or a percentage. Numbers must come from code, with their source, date and range.
HAND_TYPED = re.compile(r"\d{3}|\d[.,]\d|\d\s*(?:%|percent|per cent)", re.IGNORECASE)
#: Code that draws: charts come from casualty.present.charts, never from the notebook.
PLOTTING = re.compile(r"\bplt\.|pyplot|\.plot\(|\.bar\(|\.barh\(|\.scatter\(|add_subplot|savefig|errorbar")
#: A code cell with more lines than this (imports and blank lines aside) is a library function waiting to be written.
MAX_CODE_LINES = 5
#: The chart functions of casualty.present.charts.
CHART_NAMES = {"deployment_at_a_glance", "casualty_claims_over_time", "implied_rate_by_source",
               "killed_and_wounded", "formations", "forces_compared"}


def _read(path):
    return nbformat.read(path, as_version=4)


def _cells(kind: str):
    for path in NOTEBOOKS:
        for index, cell in enumerate(_read(path).cells):
            if cell.cell_type == kind:
                yield path.name, index, cell


def test_the_three_story_notebooks_are_there():
    assert EXPECTED <= {path.name for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_without_outputs_or_execution_counts(path):
    notebook = _read(path)
    nbformat.validate(notebook)
    dirty = [i for i, cell in enumerate(notebook.cells)
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} were saved with outputs or execution counts; clear them"
    assert notebook.metadata["kernelspec"]["name"] == "python3"


def test_markdown_has_no_numbers_typed_by_hand():
    typed = [(name, i, m.group()) for name, i, cell in _cells("markdown") for m in HAND_TYPED.finditer(cell.source)]
    assert not typed, f"numbers typed into Markdown (print them from code instead): {typed}"


def test_code_cells_are_short_and_draw_nothing_themselves():
    long_cells, drawing = [], []
    for name, i, cell in _cells("code"):
        lines = [line for line in cell.source.splitlines()
                 if line.strip() and not line.lstrip().startswith(("import ", "from ", "#"))]
        if len(lines) > MAX_CODE_LINES:
            long_cells.append((name, i, len(lines)))
        if PLOTTING.search(cell.source):
            drawing.append((name, i))
    assert not long_cells, f"cells longer than {MAX_CODE_LINES} lines: write a library function: {long_cells}"
    assert not drawing, f"plotting code in notebooks: call a casualty.present.charts function instead: {drawing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_loads_its_data_through_the_library(path):
    code = "\n".join(cell.source for cell in _read(path).cells if cell.cell_type == "code")
    assert "import casualty" in code
    assert "with_metric(with_subject(casualty.load_figures(figures_path), subject), metric)" in code
    assert not re.search(r"figures\.csv|datapackage\.json|read_csv|open\(", code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_first_code_cell_holds_the_parameters_in_papermills_convention(path):
    code = [cell for cell in _read(path).cells if cell.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assigned = [line for line in code[0].source.splitlines() if line and not line.startswith("#")]
    assert assigned == ["figures_path = None", "subject = None", "metric = None"]
    assert not [i for i, cell in enumerate(code[1:], start=1) if "parameters" in cell.metadata.get("tags", [])]


@functools.cache
def bundled_names() -> tuple[str, ...]:
    """The names of the bundled data a notebook must not type: its forces, places, reports, outlets and sources."""
    import casualty
    from casualty.analyse.focus import split_subject

    figures = casualty.load_figures()
    parts = split_subject(figures["subject"])
    names = {*parts["force"], *parts["place"], *figures["report"], *figures["outlet"].astype(str),
             *figures["source"].astype(str), "North Korea", "Korean", "Kursk", "Kontur", "brigade", "Ukrain"}
    return tuple(sorted(n for n in names if n))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_names_a_force_place_report_or_source_of_the_bundled_data(path):
    text = "\n".join(cell.source for cell in _read(path).cells)
    named = [n for n in bundled_names() if re.search(rf"(?<!\w){re.escape(n)}", text, re.IGNORECASE)]
    assert not named, f"{path.name} names the bundled data: {named}; print it from the data instead"


#: The datasets every notebook runs on: the bundled one (figures_path None) and a small invented one. The real
#: example of another war, examples/russian-casualties, runs through every notebook in tests/test_report.py.
DATASETS = {"bundled": None, "valleyland": str(ROOT / "tests" / "data" / "valleyland")}
#: Words of the bundled data that no output may show unless the dataset's own data has them.
BUNDLED_WORDS = ("North Korea", "Kursk", "Kontur", "brigade")


@pytest.mark.slow
@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom_in_a_fresh_kernel_from_another_folder(path, dataset, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    from casualty.present.report import inject_parameters

    # the kernel imports the package from this checkout, whether or not it is installed
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    notebook = _read(path)
    before = path.read_bytes()
    if DATASETS[dataset] is not None:
        inject_parameters(notebook, figures_path=DATASETS[dataset], subject=None)
    NotebookClient(notebook, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], "a cell wrote to stderr"
    prose = [o.data["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert prose, "the notebook states its findings in Markdown built from the data"
    assert not [text for text in prose if re.search(r"\bnan\b|\bNaT\b|\bNone\b", text)]
    # every table is a table for people (casualty.present.people): no raw frame's index, missing values,
    # infinities or tuples of ids (a cell that starts as a tuple's text does: "('a', 'b')")
    tables = [o.data["text/html"] for o in outputs if "<table" in o.get("data", {}).get("text/html", "")]
    assert tables, "the notebook shows its tables"
    assert all('<div class="casualty-table"><table class="casualty-table">' in t for t in tables)
    assert not [t for t in tables if "<th" in t.split("<tbody>", 1)[1]], "a table shows an index"
    raw = re.compile(r"<td[^>]*>\s*(?:(?:NaN|nan|None|NaT|&lt;NA&gt;|<NA>|-?inf)\s*</td>|[(\[](?:'|&#x27;))")
    assert not [m.group() for t in tables for m in raw.finditer(t)]
    for cell in notebook.cells:  # a chart left as the last expression of its cell is shown as an image
        last = cell.source.strip().splitlines()[-1] if cell.cell_type == "code" and cell.source.strip() else ""
        if last.split("(")[0] in CHART_NAMES:
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), f"no image from: {last}"
    assert list(tmp_path.iterdir()) == [], "running the notebook wrote files"
    assert path.read_bytes() == before
    # nothing of the bundled data in what a notebook on another dataset shows, unless its data has it too
    import casualty
    from casualty.load.read import figures_file_of

    data = figures_file_of(DATASETS[dataset]).read_text(encoding="utf-8").lower()
    shown = " ".join(str(o.get("text", "")) + " ".join(str(v) for k, v in o.get("data", {}).items() if k != "image/png")
                     for o in outputs) + " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    codebook_words = casualty.codebook(DATASETS[dataset]).to_csv().lower()
    said = [w for w in BUNDLED_WORDS if w.lower() in shown.lower() and w.lower() not in data
            # the codebook names every unit a figures file may use, brigades among them: the format's own words
            and not (w == "brigade" and w in codebook_words)]
    assert not said, f"{path.name} on {dataset} says {said}, which its data does not"

