"""A dataset is a folder: figures.csv, datapackage.json and sources/, named the same way by every command."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casualty
from casualty import cli
from casualty.load.datapackage import codebook, dataset_of, founding_article
from casualty.load.read import FiguresError, load_figures
from casualty.present.starter import EXAMPLE_REPORT, EXAMPLE_SUBJECT, write_starter
from casualty.present.story import escape_markdown
from casualty.vocabulary import COLUMN_RECORDS

from conftest import DATA, ROOT, run_casualty

VALLEYLAND = ROOT / "tests" / "data" / "valleyland"
#: Words of the bundled data that must not describe another dataset's columns.
BUNDLED_WORDS = ("Korea", "Kursk", "Kontur", "Zelensk", "Pentagon", "kontur-")


def run(*args: str) -> tuple[int, str, str]:
    """`casualty ARGS` in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


# --- the library --------------------------------------------------------------------------

def test_a_folder_loads_as_its_figures_csv():
    by_folder, by_file = load_figures(VALLEYLAND), load_figures(VALLEYLAND / "figures.csv")
    assert by_folder.equals(by_file)
    assert by_folder.attrs["file"] == str(VALLEYLAND / "figures.csv")
    assert by_folder.attrs["sources"] == str(VALLEYLAND / "sources")


def test_the_codebooks_default_subject_and_headline_report_go_into_attrs(tmp_path):
    folder = shutil.copytree(VALLEYLAND, tmp_path / "v")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    package["casualty"] = {"subject": "Host troops in Valleyland", "headline_report": "radio-2031-02-20"}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    figures = load_figures(folder)
    assert (figures.attrs["subject"], figures.attrs["headline_report"]) == ("Host troops in Valleyland",
                                                                            "radio-2031-02-20")
    assert casualty.focus_subject(figures) == "Host troops in Valleyland"
    assert casualty.focus_subject(figures, "Expeditionary troops in Valleyland") == "Expeditionary troops in Valleyland"
    from casualty.analyse.focus import headline_report
    assert headline_report(figures) == "radio-2031-02-20"


def test_without_defaults_the_focus_is_the_subject_with_the_most_casualty_claims():
    figures = load_figures(ROOT / "tests" / "data" / "other-deployment.csv")
    assert figures.attrs["subject"] is None
    assert casualty.focus_subject(figures) == "Expeditionary troops in Valleyland"


def test_a_default_subject_the_data_does_not_have_names_the_file_line_and_setting(tmp_path):
    folder = shutil.copytree(VALLEYLAND, tmp_path / "v")
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["casualty"] = {"subject": "Nobody in Nowhere"}
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if '"subject": "Nobody' in text)
    with pytest.raises(FiguresError) as info:
        load_figures(folder)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.column, problem.reason, problem.got) == (
        str(path), line, "casualty.subject", "unknown_subject", "Nobody in Nowhere")
    assert "'Expeditionary troops in Valleyland', 'Host troops in Valleyland'" in problem.message


def test_a_codebook_that_is_not_json_is_refused_with_its_line(tmp_path):
    folder = shutil.copytree(VALLEYLAND, tmp_path / "v")
    (folder / "datapackage.json").write_text('{\n  "title": "x",\n  oops\n}\n', encoding="utf-8")
    code, out, err = run("validate", str(folder))
    assert (code, out) == (2, "")
    assert err.startswith(f"{folder / 'datapackage.json'}:3: file: not valid JSON: ")


def test_dataset_of_the_bundled_data_keeps_its_label_and_has_every_key():
    about = dataset_of(None)
    assert about["label"] == "data/figures.csv, data version 3.0.0"  # the audited data (datapackage.json)
    assert set(about) == {"title", "version", "created", "label", "description", "subject", "headline_report"}
    assert (about["subject"], about["headline_report"]) == (None, None)
    assert dataset_of(load_figures()) == about == dataset_of(DATA.parent)


def test_dataset_of_another_dataset_is_named_by_its_title_and_version():
    about = dataset_of(VALLEYLAND)
    assert about["label"] == "Reported figures of an invented deployment to Valleyland (test data), data version 1.0.0"
    assert about["subject"] == "Expeditionary troops in Valleyland"
    assert dataset_of(ROOT / "tests" / "data" / "other-deployment.csv") == {
        "title": None, "version": None, "created": None, "label": "other-deployment.csv", "description": None,
        "subject": None, "headline_report": None}


def test_the_codebook_of_a_dataset_without_one_describes_its_columns_in_neutral_words():
    table = codebook(ROOT / "tests" / "data" / "other-deployment.csv")
    assert table["column"].tolist() == list(casualty.vocabulary.COLUMNS)
    text = " ".join(table["description"])
    assert not [w for w in BUNDLED_WORDS if w in text]
    assert table.set_index("column").loc["subject", "description"] == COLUMN_RECORDS["subject"].description


def test_founding_article_of_a_dataset_is_its_own_or_none():
    assert founding_article(VALLEYLAND) is None  # its codebook lists no sources
    assert founding_article(ROOT / "tests" / "data" / "other-deployment.csv") is None
    assert founding_article(DATA.parent)["report"] == "kontur-2025-02-07"


def test_escape_markdown_leaves_no_markup_and_no_html():
    assert escape_markdown("a <b> & [x](javascript:y) `c` *d* _e_ f_g |h| $i\nj") == (
        r"a &lt;b&gt; &amp; \[x\](javascript:y) \`c\` \*d\* \_e\_ f_g \|h\| \$i<br>j")


# --- casualty init ------------------------------------------------------------------------

def test_init_writes_a_dataset_that_validates_and_describes_itself(tmp_path):
    folder = tmp_path / "my-war"
    code, out, err = run("init", str(folder))
    assert (code, err) == (0, "")
    assert out.splitlines() == [str(folder / p) for p in (
        "figures.csv", "datapackage.json", f"sources/{EXAMPLE_REPORT}.txt", "README.md")]
    figures = load_figures(folder)
    assert len(figures) == 2 and figures.attrs["sources"] == str(folder / "sources")
    assert casualty.focus_subject(figures) == EXAMPLE_SUBJECT
    assert (casualty.quote_agreement(figures)["status"] == "ok").all()
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]] == list(casualty.vocabulary.COLUMNS)
    assert "hash" not in package["resources"][0]
    assert {"title", "description", "licenses", "sources", "casualty"} <= set(package)
    assert not [w for w in BUNDLED_WORDS if w in (folder / "datapackage.json").read_text(encoding="utf-8")]
    assert "casualty validate my-war" in (folder / "README.md").read_text(encoding="utf-8")
    assert run("validate", str(folder))[0] == 0


def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    code, out, err = run("init", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"casualty init: {tmp_path}: is not empty; nothing was written. Name a new or empty folder, so "
                   "that no file of yours is overwritten\n")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_init_into_an_empty_folder_and_refuses_a_file(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("init", str(tmp_path / "empty"))[0] == 0
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert run("init", str(tmp_path / "file"))[:2] == (2, "")
    with pytest.raises(ValueError):
        write_starter(tmp_path / "empty")


# --- one way to name the data -------------------------------------------------------------

@pytest.mark.parametrize("command", [["validate"], ["summary"], ["export", "--format", "json"]])
def test_every_command_takes_a_file_or_its_folder_as_path(command):
    by_file, by_folder = run(*command, str(VALLEYLAND / "figures.csv")), run(*command, str(VALLEYLAND))
    assert by_file[0] == by_folder[0] == 0
    assert by_file[1] == by_folder[1]


def test_charts_take_path_as_their_first_argument_and_keep_data_as_a_hidden_alias(tmp_path):
    from casualty.present.charts import CHARTS

    result = run_casualty("charts", str(VALLEYLAND), "--out", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "a").glob("*.png"))) == len(CHARTS)  # one per chart
    assert run("export", "--format", "csv", "--data", str(VALLEYLAND))[1] == run(
        "export", "--format", "csv", str(VALLEYLAND))[1]
    assert "--data" not in run_casualty("charts", "--help").stdout
    code, _, err = run("export", "--format", "csv", str(VALLEYLAND), "--data", str(DATA))
    assert code == 2 and "the data is named twice" in err


def test_an_unknown_subject_lists_the_subjects_and_exits_2():
    code, out, err = run("summary", str(VALLEYLAND), "--subject", "Nobody")
    assert (code, out) == (2, "")
    assert err == ("casualty summary: --subject 'Nobody': no figure is about this subject; the subjects are:\n"
                   "  Expeditionary troops in Valleyland\n  Host troops in Valleyland\n")
    assert run("charts", str(VALLEYLAND), "--subject", "Nobody")[0] == 2
    assert run("report", str(VALLEYLAND), "--subject", "Nobody")[0] == 2


def test_summary_with_a_subject_lists_that_subjects_figures():
    code, out, _ = run("summary", str(VALLEYLAND), "--subject", "Host troops in Valleyland")
    assert code == 0
    assert out.splitlines()[0] == "1 figure from 1 report by 1 source, describing 2031-03"
    assert "Expeditionary troops in Valleyland" not in out


def test_the_subject_chosen_is_the_one_the_charts_follow(tmp_path):
    from casualty.present.charts.claims_over_time import prepare_casualty_claims_over_time

    figures = casualty.analyse.with_subject(load_figures(VALLEYLAND), "Host troops in Valleyland")
    assert casualty.focus_subject(figures) == "Host troops in Valleyland"
    assert prepare_casualty_claims_over_time(figures).empty  # the host troops have no casualty claims


# --- any valid dataset, any subject, through every quick command --------------------------

WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12).map(
    str.strip).filter(bool)


@st.composite
def datasets(draw):
    """A valid figures file: deployed and casualty figures of one to three subjects, of any words."""
    subjects = draw(st.lists(WORDS, min_size=1, max_size=3, unique=True))
    rows = []
    for i in range(draw(st.integers(1, 6))):
        subject = draw(st.sampled_from(subjects)) + " in " + draw(st.sampled_from(["Valleyland", "Hills"]))
        metric = draw(st.sampled_from(["deployed", "casualties", "killed"]))
        value = draw(st.integers(1, 100_000))
        rows.append({
            "id": f"row-{i}", "subject": subject, "metric": metric,
            "definition": "killed+wounded" if metric == "casualties" else "", "unit": "people",
            "value": str(value), "low": "", "high": "", "qualifier": draw(st.sampled_from(["exact", "about"])),
            "as_of": f"2031-0{draw(st.integers(1, 9))}", "window_start": "", "stated": "2031-10-01",
            "source": draw(WORDS), "source_role": "", "side": draw(WORDS), "outlet": draw(WORDS),
            "report": f"report-{draw(st.integers(0, 2))}", "url": "", "quote": draw(WORDS), "note": draw(WORDS),
        })
    return rows


def _csv(rows) -> str:
    import csv

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(casualty.vocabulary.COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=datasets(), pick=st.integers(0, 10))
def test_any_valid_dataset_and_any_of_its_subjects_pass_through_every_quick_command(tmp_path_factory, rows, pick):
    folder = Path(tmp_path_factory.mktemp("generated"))
    (folder / "figures.csv").write_text(_csv(rows), encoding="utf-8")
    subjects = sorted({r["subject"] for r in rows})
    subject = subjects[pick % len(subjects)]
    assert run("validate", str(folder))[0] == 0
    code, out, err = run("summary", str(folder), "--subject", subject)
    assert (code, err) == (0, "") and subject in out
    for form in ("csv", "json", "markdown"):
        assert run("export", "--format", form, str(folder))[0] == 0
    figures = casualty.analyse.with_subject(load_figures(folder), subject)
    assert casualty.focus_subject(figures) == subject
    from casualty.present.story import dataset_text, focus_text, headline_text

    for text in (dataset_text(figures), focus_text(figures), headline_text(figures)):
        assert "<" not in text.replace("<br>", "")
