"""The package as users install it: lazy import, the console script, the wheel."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv

import pytest

from conftest import ROOT


def test_import_casualty_and_load_figures_do_not_import_matplotlib():
    code = ("import sys, casualty; casualty.load_figures(); "
            "print('matplotlib' in sys.modules, 'casualty.load.read' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False True"


def test_import_casualty_alone_does_not_import_pandas():
    code = "import sys, casualty; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_unknown_attribute_raises_attribute_error():
    import casualty

    with pytest.raises(AttributeError, match="has no attribute 'nonsense'"):
        casualty.nonsense  # noqa: B018


def test_the_codebook_page_prints_the_qualifier_table_from_the_code():
    from casualty.vocabulary import QUALIFIERS

    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for q in QUALIFIERS.values():
        assert f"| `{q.name}` | {q.wording} | {q.rule()} |" in readme


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in readme
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
def test_built_wheel_ships_the_data_and_loads_it_outside_the_checkout(tmp_path):
    """Build the wheel, install it into a fresh virtual environment, load from elsewhere."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("casualty-*.whl"))

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # pandas and matplotlib come from the running environment; the package only from the wheel
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (tmp_path / "venv" / site.split(str(env_dir) + "/", 1)[1] / "outer.pth").write_text("\n".join(sorted(here)))
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import casualty, pathlib; f = casualty.load_figures(); "
            "print(len(f), pathlib.Path(casualty.__file__).is_relative_to(pathlib.Path(sys.prefix)), "
            "casualty.load.bundled_figures_path().name, pathlib.Path(f.attrs['sources']).is_dir())")
    out = subprocess.run([str(python), "-c", "import sys; " + code], capture_output=True, text=True,
                         cwd=elsewhere, check=True, env={"PATH": "/usr/bin:/bin"})
    # the excerpts ship in the wheel, and the bundled data is loaded with its quotes checked against them
    # 90: the rows of data/figures.csv (91 lines, none holding a line break in a cell)
    assert out.stdout.split() == ["90", "True", "figures.csv", "True"]
    script = subprocess.run([str(env_dir / "bin" / "casualty"), "validate"], capture_output=True, text=True,
                            cwd=elsewhere, env={"PATH": "/usr/bin:/bin"})
    assert script.returncode == 0, script.stderr
    first = script.stdout.splitlines()[0]  # the lines after it tell the quote check
    assert "valid: 90 figures" in first and first.endswith("; data version 3.0.0")
