"""`casualty report`: the three notebooks on any dataset, as web pages that show the data's text as text.

Slow: each report runs three notebooks in fresh kernels. One report of the invented dataset
tests/data/valleyland, one of a hostile copy of it, and one of a notebook that fails.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_casualty

VALLEYLAND = ROOT / "tests" / "data" / "valleyland"
EXAMPLE = ROOT / "examples" / "russian-casualties"
#: each dataset reported on, and a subject its pages must name
REPORTED = {"valleyland": (VALLEYLAND, "Expeditionary troops in Valleyland"),
            "russian-casualties": (EXAMPLE, "Russian forces in Ukraine")}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Words of the bundled data that a report of another dataset must not show unless its own data has them.
BUNDLED_WORDS = ("North Korea", "Kursk", "Kontur", "brigade")
PAGES = ["index.html", "charts.html", "01-reported-figures.html", "02-ratios.html", "03-estimates-by-source.html"]
NOTEBOOK_PAGES = PAGES[2:]

pytestmark = pytest.mark.slow


def page_text(page: Path) -> str:
    """What a reader of the page sees: the HTML without its tags, styles and the image data."""
    text = re.sub(r"<style.*?</style>|<script.*?</script>|data:image/png;base64,[^\"']+", " ",
                  page.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def report_of(dataset: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    return run_casualty("report", str(dataset), "--out", str(out), *args, timeout=600)


@pytest.fixture(scope="module", params=list(REPORTED))
def valleyland_report(request, tmp_path_factory):
    """The report of another dataset: the invented one, and the real example of another war."""
    dataset, subject = REPORTED[request.param]
    out = tmp_path_factory.mktemp(request.param) / "report"
    return report_of(dataset, out), out, dataset, subject


def test_a_report_of_another_dataset_has_an_index_and_a_page_per_notebook(valleyland_report):
    result, out, dataset, _ = valleyland_report
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([*PAGES, "charts", "vega-embed.js"])
    progress = result.stdout.splitlines()
    assert [line.split(":")[0] for line in progress[:3]] == [
        "01-reported-figures.ipynb", "02-ratios.ipynb", "03-estimates-by-source.ipynb"]
    drawn = 8 if dataset == VALLEYLAND else 6
    assert progress[3].startswith(f"{drawn} charts and their data, the first page and the charts page: written in ")
    assert progress[4] == str(out / "index.html")
    assert not list(out.parent.glob(".*")), "the hidden folder the report was built in is left behind"


def test_the_index_links_every_page_under_the_datasets_title(valleyland_report):
    _, out, dataset, _ = valleyland_report
    index = (out / "index.html").read_text(encoding="utf-8")
    title = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))["title"]
    assert f"<title>{html.escape(title)}</title>" in index and f"<h1>{html.escape(title)}</h1>" in index
    nav = re.search(r"<nav\b[^>]*>(.*?)</nav>", index).group(1)
    assert re.findall(r'href="([^"]+)"', nav) == PAGES
    for name in NOTEBOOK_PAGES:  # every notebook's page links back to the others
        assert re.findall(r'href="([^"]+)"', re.search(r"<nav\b[^>]*>(.*?)</nav>", (out / name).read_text(
            encoding="utf-8")).group(1)) == PAGES, name


def test_the_charts_page_links_every_chart_to_its_rows(valleyland_report):
    _, out, dataset, _ = valleyland_report
    page = (out / "charts.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="charts/([^"]+\.csv)"', page)
    assert linked == sorted(p.name for p in (out / "charts").glob("*.csv"))
    assert len(linked) == (8 if dataset == VALLEYLAND else 6)
    for name in linked:
        rows = list(csv.DictReader((out / "charts" / name).open(encoding="utf-8", newline="")))
        assert rows and "Unnamed: 0" not in rows[0], name  # a header and rows, no index column


def test_pages_show_no_error_no_code_and_no_word_of_the_bundled_data(valleyland_report):
    _, out, dataset, subject = valleyland_report
    data = (dataset / "figures.csv").read_text(encoding="utf-8")
    for name in PAGES:
        text = page_text(out / name)
        assert "Traceback" not in text and "Error" not in text, name
        assert "casualty.load_figures" not in text, f"{name}: code is shown without --with-code"
        shown = [w for w in BUNDLED_WORDS if w.lower() in text.lower() and w.lower() not in data.lower()]
        # the codebook lists every unit a figures file may use, brigades among them: the format's words
        if name == "01-reported-figures.html":
            shown = [w for w in shown if w != "brigade"]
        assert not shown, f"{name} says {shown}, which the dataset does not"
    assert subject in page_text(out / "02-ratios.html")


def test_every_chart_is_an_embedded_png_with_its_own_words_as_alt_text(valleyland_report):
    _, out, dataset, subject = valleyland_report
    tags = re.findall(r"<img\b[^>]*>", (out / "02-ratios.html").read_text(encoding="utf-8"))
    assert all('src="data:image/png;base64,' in tag for tag in tags)
    images = [html.unescape(re.search(r'alt="([^"]*)"', tag).group(1)) for tag in tags]
    # a chart with nothing to show is left out: Valleyland has all four of the page's (deployment, killed and
    # wounded, formations, forces compared); the Russian example has one deployed figure (US intelligence's 360,000,
    # in the report that gives casualties too) and statements of killed and wounded, but no formation and no
    # second force
    assert len(images) == (4 if dataset == VALLEYLAND else 2)
    # each chart's own alt text: what it shows, its finding, whose claims
    assert images[0].startswith(f"A unit chart of {subject}")
    if dataset == VALLEYLAND:
        assert "More than 2,000 of about 8,000 Expeditionary troops in Valleyland" in images[0]
    else:
        assert images[1].startswith(f"A bar chart of killed and wounded among {subject}")
    assert all("Sources: " in alt for alt in images)


# --- in a browser: no console error, nothing from outside, the claim behind each mark -------------

def browse(pages: list[Path], hover: bool = False) -> dict[str, dict]:
    """Each page opened in headless Chromium (the machine's, driven by playwright): its console errors, the
    requests it made outside the report's folder, its title and DOM after its scripts ran, and, with ``hover``,
    the tooltip shown on hovering over each mark of its charts."""
    from playwright.sync_api import sync_playwright

    folder = pages[0].parent.resolve().as_uri() + "/"
    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for path in pages:
                page = browser.new_page()
                errors, outside = [], []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on("request", lambda r, outside=outside: None if r.url.startswith((folder, "data:"))
                        else outside.append(r.url))
                page.goto(path.resolve().as_uri(), wait_until="load")
                page.wait_for_function("document.querySelectorAll('.hover-chart').length === "
                                       "document.querySelectorAll('.hover-chart svg.marks').length", timeout=20000)
                tips = []
                for mark in page.locator(".hover-chart .mark-symbol path").all() if hover else []:
                    mark.hover(force=True)
                    tip = page.locator("#vg-tooltip-element")
                    tips.append(tip.inner_html() if tip.count() else "")
                seen[path.name] = {"errors": errors, "outside": outside, "title": page.title(),
                                   "dom": page.content(), "charts": page.locator(".hover-chart svg.marks").count(),
                                   "tooltips": tips}
                page.close()
        finally:
            browser.close()
    return seen


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine: the pages cannot be opened in a browser")
def test_every_page_loads_with_no_console_error_and_nothing_from_outside_its_folder(valleyland_report):
    _, out, _, _ = valleyland_report
    seen = browse([out / name for name in PAGES], hover=True)
    for name, page in seen.items():
        assert page["errors"] == [], name
        assert page["outside"] == [], name
    # the first page's chart (competing estimates) and the charts page's four: both datasets have a deployed
    # figure to divide casualties by (the Russian example, US intelligence's 360,000)
    assert seen["index.html"]["charts"] == 1
    assert seen["charts.html"]["charts"] == 4
    tip = html.unescape(re.sub(r"<[^>]+>", " ", next(t for t in seen["index.html"]["tooltips"] if t)))
    for words in ("Claim", "Who said it", "Where", "Describes", "Said on", "What it counted", "Quote", "Link"):
        assert words in tip, f"the tooltip says no {words!r}: {tip}"


def test_tables_are_for_people(valleyland_report):
    _, out, _, _ = valleyland_report
    for name in NOTEBOOK_PAGES:
        page = (out / name).read_text(encoding="utf-8")
        assert '<div class="casualty-table"><table class="casualty-table">' in page, name
        assert 'class="dataframe' not in page, name
        bodies = "".join(part.split("</tbody>")[0] for part in page.split("<tbody>")[1:])
        assert "<th" not in bodies, f"{name}: an index column"
        assert not re.search(r"<td[^>]*>\s*(?:(?:NaN|nan|None|NaT|&lt;NA&gt;|-?inf)\s*</td>|[(\[](?:'|&#x27;))", page), name
    claims = (out / "01-reported-figures.html").read_text(encoding="utf-8")
    assert claims.index("What each column means") > claims.index("From words to ranges")


# --- hostile text stays text ---------------------------------------------------------------

SCRIPT = "<script>document.title='PWNED-script'</script>"
IMG = "<img src=x onerror=\"document.title='PWNED-img'\">"
LINK = "[read more](javascript:document.title='PWNED-link')"


def hostile_dataset(folder: Path) -> Path:
    """tests/data/valleyland with a <script> in a quote, an <img onerror> in a note, and Markdown links to
    javascript: in a subject, a source and the dataset's title."""
    shutil.copytree(VALLEYLAND, folder)
    rows = list(csv.DictReader((folder / "figures.csv").open(encoding="utf-8", newline="")))
    old_subject = rows[0]["subject"]
    for row in rows:
        if row["subject"] == old_subject:
            row["subject"] = f"Troops {LINK} in Valleyland"
    rows[1]["quote"] = f"more than 2,000 killed or wounded {SCRIPT}"
    rows[1]["note"] = f"A note {IMG}"
    rows[1]["source"] = f"Zed Quill {LINK}"
    for row in rows:
        if row["report"] == rows[1]["report"] and row["source"].startswith("Zed Quill"):
            row["source"] = rows[1]["source"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "figures.csv").write_text(out.getvalue(), encoding="utf-8")
    excerpt = folder / "sources" / f"{rows[1]['report']}.txt"
    excerpt.write_text(excerpt.read_text(encoding="utf-8") + f"\n[...]\n\n{rows[1]['quote']}\n", encoding="utf-8")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    package["title"] = f"Hostile {SCRIPT} {LINK}"
    package["casualty"] = {"subject": f"Troops {LINK} in Valleyland"}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return folder


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine: the pages cannot be opened in a browser")
def test_hostile_text_in_the_data_is_shown_as_text_and_never_runs(tmp_path):
    dataset = hostile_dataset(tmp_path / "hostile")
    assert run_casualty("validate", str(dataset)).returncode == 0
    out = tmp_path / "report"
    result = report_of(dataset, out)
    assert result.returncode == 0, result.stderr
    seen = browse([out / name for name in PAGES], hover=True)
    for name in PAGES:
        dom, title = seen[name]["dom"], seen[name]["title"]
        assert not title.startswith("PWNED"), f"{name}: a payload ran and set the title to {title!r}"
        assert seen[name]["errors"] == [], name
        assert 'href="javascript:' not in dom.lower(), f"{name}: a javascript: link was made"
        assert not re.search(r"<img[^>]*onerror", dom, re.I), f"{name}: an onerror attribute reached the page"
        assert not re.search(r"<script>document\.title", dom), f"{name}: a script of the data reached the page"
        text = page_text(out / name)
        assert "[read more](javascript:document.title='PWNED-link')" in text, f"{name}: the link is not shown as text"
    pages = {name: page_text(out / name) for name in PAGES}
    assert SCRIPT in pages["index.html"]  # the title, as text
    assert SCRIPT in pages["01-reported-figures.html"]  # the quote, in the claims table
    assert IMG in pages["02-ratios.html"] or IMG in pages["01-reported-figures.html"]  # the note, cited
    # the quote, as text in its tooltip on both pages that draw it to hover, and never as an element
    tips = {name: [html.unescape(re.sub(r"<[^>]+>", " ", t)) for t in seen[name]["tooltips"]]
            for name in ("index.html", "charts.html")}
    assert all(any(SCRIPT in t for t in shown) for shown in tips.values()), tips
    assert not any(re.search(r"<(script|img)\b", t) for page in seen.values() for t in page["tooltips"])


# --- a failing notebook --------------------------------------------------------------------

def test_a_failing_notebook_names_itself_and_its_cell_and_leaves_the_old_report(tmp_path, monkeypatch):
    import nbformat

    from casualty.present import report

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for i, name in enumerate(report.NOTEBOOKS):
        cells = [nbformat.v4.new_code_cell("figures_path = None\nsubject = None\nmetric = None",
                                           metadata={"tags": ["parameters"]}),
                 nbformat.v4.new_code_cell("x = 1"),
                 nbformat.v4.new_code_cell("# the second notebook stops here\nraise KeyError('no such column')"
                                           if i == 1 else "x")]
        nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {
            "name": "python3", "display_name": "Python 3", "language": "python"}}), notebooks / f"{name}.ipynb")
    monkeypatch.setattr(report, "notebooks_folder", lambda: notebooks)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").write_text("the old report", encoding="utf-8")
    lines = []
    with pytest.raises(report.ReportFailed) as failed:
        report.write_report(VALLEYLAND, out, progress=lines.append)
    assert failed.value.failure == report.NotebookFailure(
        "02-ratios.ipynb", 3, "# the second notebook stops here", "KeyError", "'no such column'")
    assert str(failed.value) == ("02-ratios.ipynb failed in cell 3 (# the second notebook stops here): "
                                 "KeyError: 'no such column'")
    assert len(lines) == 1 and lines[0].startswith("01-reported-figures.ipynb: ran in ")
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- a cell with nothing to show leaves no gap -----------------------------------------------

def test_a_cell_that_shows_nothing_is_left_out_of_the_page():
    import nbformat

    from casualty.present.report import without_empty_cells

    def shown(text: str):
        return nbformat.v4.new_output("execute_result", data={
            "text/markdown": text, "text/plain": "<IPython.core.display.Markdown object>"}, execution_count=1)

    cells = [nbformat.v4.new_markdown_cell("## A section"),
             nbformat.v4.new_code_cell("Markdown('')", outputs=[shown("")]),
             nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_code_cell("Markdown('said')", outputs=[shown("said"), shown(" \n")]),
             nbformat.v4.new_code_cell("print()", outputs=[nbformat.v4.new_output("stream", text="\n")])]
    notebook = nbformat.v4.new_notebook(cells=cells)
    kept = without_empty_cells(notebook)
    assert [c.source for c in kept.cells] == ["## A section", "Markdown('said')", "print()"]
    assert [o["data"]["text/markdown"] for o in kept.cells[1].outputs] == ["said"]
    assert len(notebook.cells) == 5  # the notebook itself is left as it was
