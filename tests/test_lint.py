"""The code passes the linter the project keeps (ruff, rules in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def test_ruff_finds_nothing_in_the_package_tests_and_benchmarks():
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(ROOT / ".venv" / "bin"))
    command = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    found = subprocess.run([*command, "check", "--no-cache", "casualty", "tests", "benchmarks"], cwd=ROOT,
                           capture_output=True, text=True)
    if found.returncode != 0 and "No module named ruff" in found.stderr:
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    assert found.returncode == 0, found.stdout + found.stderr
