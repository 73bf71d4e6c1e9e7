"""Shared fixtures: where things are, and how to run the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "figures.csv"

# Property-based tests run under the profile named by HYPOTHESIS_PROFILE:
# ci (the default, what CI runs), dev (a quick look) or thorough (before a release).
# ci draws the same examples on every run (derandomize), so that a run on a clean checkout passes or fails for the
# code alone; dev and thorough draw new ones each time, to find what ci's examples do not.
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True, derandomize=True)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def run_casualty(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m casualty ARGS` in a subprocess, as a user would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "casualty", *args], capture_output=True, text=True,
        cwd=cwd or ROOT, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def casualty_cli():
    return run_casualty
