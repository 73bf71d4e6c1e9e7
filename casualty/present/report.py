"""``casualty report``: the three notebooks run on a dataset, written as web pages with an index.

Present stage. Each notebook runs top to bottom in a fresh kernel by
papermill, which injects ``figures_path`` and ``subject`` for this dataset
after the first code cell (tagged ``parameters``); the executed notebook is
written as HTML by nbconvert, code hidden unless asked for, every chart an
embedded PNG with the chart's alt text.
The report's own pages come first (:mod:`casualty.present.front`): ``index.html``
states the finding for the focus subject and metric, with its chart to hover;
``charts.html`` shows every chart the data fills, the four where a reader wants
the claim behind a point drawn to hover, each linked to its rows as CSV in
``charts/``.

Pages are written into a hidden folder beside the target and moved into
place only once every notebook has run: a reader finds the old report or the
new one, never half of one. A notebook that fails stops the report, naming the
notebook and the cell (its number among the code cells and its first line).

papermill, nbconvert and nbformat are imported only when a report is made.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from casualty.analyse.competing import with_metric
from casualty.analyse.focus import with_subject
from casualty.load.datapackage import dataset_of
from casualty.load.read import figures_file_of, load_figures
from casualty.present.front import CHARTS_FOLDER, NOTEBOOKS, navigation, write_pages

#: The links to every page of the report, put at the top of each notebook's page.
NAVIGATION = navigation()
#: The tag of the cell that holds a notebook's parameters (papermill's), and of the cell the report adds after it.
PARAMETERS_TAG, INJECTED_TAG = "parameters", "injected-parameters"
#: The tag of the cell the report adds to show the charts with their alt text (papermill removes any cell tagged
#: as its own injected parameters before it injects them).
SETUP_TAG = "report-setup"
TEMPLATE = Path(__file__).with_name("report_template") / "casualty-report.html.j2"


@dataclass(frozen=True)
class NotebookFailure:
    """Where a notebook stopped: the notebook, the cell (its number among the code cells, from 1, and its first
    line) and the error's name and message; or which chart of the report's own pages failed, and how."""

    notebook: str
    cell: int | None
    first_line: str
    error: str
    message: str

    def __str__(self) -> str:
        if self.cell is None and not self.notebook.endswith(".ipynb"):  # a chart of the report's own pages
            return f"{self.notebook} failed: {self.error}: {self.message}"
        where = f"cell {self.cell} ({self.first_line})" if self.cell is not None else "before its first cell"
        return f"{self.notebook} failed in {where}: {self.error}: {self.message}"


class ReportFailed(RuntimeError):
    """A notebook of the report did not run to its end; ``failure`` says where."""

    def __init__(self, failure: NotebookFailure):
        self.failure = failure
        super().__init__(str(failure))


def notebooks_folder() -> Path:
    """The story notebooks: ``casualty/notebooks`` in an installed wheel, ``notebooks/`` in a checkout."""
    packaged = resources.files("casualty").joinpath("notebooks")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "notebooks"


def write_report(dataset: str | os.PathLike | None, out: str | os.PathLike, *, subject: str | None = None,
                 metric: str | None = None,
                 with_code: bool = False, progress: Callable[[str], object] = print,
                 timeout: float = 600) -> list[Path]:
    """Run the three notebooks on ``dataset`` and write them, and an index, as HTML into the folder ``out``.

    ``dataset`` is a figures file or a dataset folder (``None``: the bundled
    data); it is loaded and checked first, and ``subject`` with it, so that bad
    data stops the report before any kernel starts (:class:`casualty.FiguresError`,
    :class:`casualty.analyse.focus.UnknownSubject`). ``progress`` is called with one
    line per notebook. Returns the pages written, the index first. Raises
    :class:`ReportFailed` when a notebook fails; ``out`` is then left as it was.
    """
    # load inputs: the data is checked here, before any kernel starts
    figures = with_metric(with_subject(load_figures(dataset), subject), metric)
    about = dataset_of(figures)
    figures_path = None if dataset is None else str(Path(figures_file_of(dataset)).resolve())
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out}: is a file, not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    building = out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp"
    building.mkdir()
    try:
        # process: each notebook in a fresh kernel, in a scratch folder of its own
        pages = []
        for name, heading in NOTEBOOKS.items():
            started = time.monotonic()
            notebook = run_notebook(notebooks_folder() / f"{name}.ipynb", figures_path, subject, metric=metric,
                                    timeout=timeout,
                                    workdir=building)
            page = building / f"{name}.html"
            page.write_text(notebook_html(notebook, f"{heading}: {about['title'] or about['label']}", with_code),
                            encoding="utf-8")
            pages.append(page)
            progress(f"{name}.ipynb: ran in {time.monotonic() - started:.0f} s, written as {out / page.name}")
        # the report's own pages: the finding first, then every chart with its data to take away
        from casualty.present.charts.writing import write_charts

        started = time.monotonic()
        results = write_charts(figures, building / CHARTS_FOLDER)
        failed = [r for r in results if r.error]
        if failed:
            raise ReportFailed(NotebookFailure(f"chart {failed[0].name}", None, "", "ChartError", failed[0].error))
        own = write_pages(figures, about, building, {r.name: r.not_drawn for r in results if r.not_drawn})
        progress(f"{len(results) - sum(bool(r.not_drawn) for r in results)} charts and their data, the first page "
                 f"and the charts page: written in {time.monotonic() - started:.0f} s")
        # save outputs: the whole report moves into place at once
        _move_into_place(building, out)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return [out / p.name for p in [*own, *pages]]


def run_notebook(path: Path, figures_path: str | None, subject: str | None, *, metric: str | None = None,
                 timeout: float = 600, workdir: Path | None = None):
    """One notebook, executed top to bottom in a fresh kernel on this dataset by papermill; raises
    :class:`ReportFailed`, naming the cell that failed and its error."""
    import tempfile

    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook = nbformat.read(path, as_version=4)
    show_charts_with_alt_text(notebook)
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:  # a notebook that writes files writes them here
        executed = Path(scratch) / f".{path.name}"  # papermill writes the notebook as it ran, failed or not
        try:
            return papermill.execute_notebook(
                notebook, str(executed), parameters={"figures_path": figures_path, "subject": subject, "metric": metric},
                kernel_name="python3", cwd=scratch, execution_timeout=timeout, progress_bar=False,
                log_output=False, extra_arguments=["--log-level=ERROR"])  # not the kernel's notes on its transport
        except PapermillExecutionError as error:
            raise ReportFailed(_failure(path.name, nbformat.read(executed, as_version=4), error)) from None
        except Exception as error:  # the kernel did not start or died: no cell to blame
            raise ReportFailed(NotebookFailure(path.name, None, "", type(error).__name__, str(error))) from None


def show_charts_with_alt_text(notebook) -> None:
    """Add, after the cell tagged ``parameters``, a cell that shows the charts with their alt text (tagged as an
    cell of the report's, so that it is not counted when a failing cell is named)."""
    import nbformat

    cell = nbformat.v4.new_code_cell("import casualty.present.report\ncasualty.present.report.describe_charts()",
                                     metadata={"tags": [SETUP_TAG]})
    tagged = [i for i, c in enumerate(notebook.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    notebook.cells.insert(tagged[0] + 1 if tagged else 0, cell)


def inject_parameters(notebook, **parameters) -> None:
    """Add, after the cell tagged ``parameters``, a cell that sets ``parameters`` and shows the charts with alt
    text, as papermill does; without a tagged cell, the new cell goes first. For running a notebook without
    papermill (the notebooks' own tests); ``casualty report`` runs them with papermill."""
    import nbformat

    code = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    code += "\nimport casualty.present.report\ncasualty.present.report.describe_charts()"
    cell = nbformat.v4.new_code_cell(code, metadata={"tags": [INJECTED_TAG]})
    tagged = [i for i, c in enumerate(notebook.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    notebook.cells.insert(tagged[0] + 1 if tagged else 0, cell)


def _failure(name: str, notebook, error) -> NotebookFailure:
    """The first code cell with an error among its outputs: its number (not counting the added cell) and first
    line."""
    code = [c for c in notebook.cells if c.cell_type == "code"
            and not {INJECTED_TAG, SETUP_TAG} & set(c.metadata.get("tags", []))]
    for number, cell in enumerate(code, start=1):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            return NotebookFailure(name, number, first.strip(), errors[0].get("ename", "Error"),
                                   errors[0].get("evalue", ""))
    return NotebookFailure(name, None, "", getattr(error, "ename", type(error).__name__),
                           getattr(error, "evalue", str(error)))


def notebook_html(notebook, title: str, with_code: bool = False) -> str:
    """An executed notebook as one HTML page: charts embedded, code hidden unless ``with_code``. Without code, a
    cell that shows nothing (a section with nothing to say for this data) is left out, so that it leaves no gap."""
    from nbconvert import HTMLExporter

    if not with_code:
        notebook = without_empty_cells(notebook)
    exporter = HTMLExporter(template_name="lab", template_file=str(TEMPLATE), exclude_input=not with_code,
                            exclude_input_prompt=not with_code, exclude_output_prompt=not with_code)
    exporter.extra_template_basedirs = [str(TEMPLATE.parent)]
    notebook.metadata["title"] = title
    body, _ = exporter.from_notebook_node(notebook)
    return re.sub(r"(<body\b[^>]*>)", lambda opened: f"{opened.group(1)}\n{NAVIGATION}", body, count=1)


def without_empty_cells(notebook):
    """A copy of the notebook without empty outputs (an empty Markdown text) and without the code cells left with
    no output."""
    import copy

    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if not _empty_output(o)]
    notebook.cells = [c for c in notebook.cells if c.cell_type != "code" or c.outputs]
    return notebook


def _empty_output(output) -> bool:
    """An output that shows nothing: a result or display whose every rich form is blank (its text/plain is only
    the object's name)."""
    if output.get("output_type") not in ("execute_result", "display_data"):
        return False
    rich = {mime: value for mime, value in output.get("data", {}).items() if mime != "text/plain"}
    return bool(rich) and all(not "".join(value if isinstance(value, list) else [str(value)]).strip()
                              for value in rich.values())


def _move_into_place(building: Path, out: Path) -> None:
    """Rename the finished folder to ``out``; an old report there is set aside first and removed after."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.{secrets.token_hex(6)}.old"
        os.replace(out, old)
    try:
        os.replace(building, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def describe_charts() -> None:
    """In a notebook's kernel: show each matplotlib figure as a PNG with alt text: a house chart's own (what it
    shows, its finding, its key numbers and sources), another figure's drawn words. Does nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    shell.display_formatter.mimebundle_formatter.for_type(Figure, _figure_bundle)


def _figure_bundle(fig, include=None, exclude=None):
    import base64

    from IPython.core.pylabtools import print_figure

    try:
        from matplotlib_inline.config import InlineBackend

        options = dict(InlineBackend.instance().print_figure_kwargs)
    except ImportError:
        options = {}
    png = print_figure(fig, "png", **options)
    if png is None:
        return None
    # a house chart carries its alt text (casualty.present.charts.frame.house_figure); another figure, its own words
    texts = [" ".join(t.get_text().split()) for t in fig.texts if t.get_text().strip()]
    words = getattr(fig, "alt_text", "") or " ".join(t if t.endswith((".", "!", "?")) else t + "." for t in texts)
    if not words:
        words = " ".join(" ".join(ax.get_title().split()) for ax in fig.axes if ax.get_title()) or "A chart."
    return ({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": repr(fig)},
            {"image/png": {"alt": words}})
