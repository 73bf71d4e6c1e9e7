"""Chart writing under interruption.

`casualty charts` writes each file to a hidden temp file and renames it into
place, so a run killed at any moment leaves every chart either the complete
old file or the complete new one, never half of either. This test kills real
runs with SIGKILL (no chance to clean up) at seeded random moments spread over
a run's measured duration, and checks what is left in the output folder, and
that no process is left drawing.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casualty.present.charts import CHARTS

from conftest import DATA, ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")

SEED = 20250207
KILLS = 8
PNGS = sorted(f"{name}.png" for name in CHARTS)
TEXTS = sorted(f"{name}.txt" for name in CHARTS)  # each chart's alt text, written after it
#: What a killed run may leave besides the charts: the hidden temp file of the chart it was writing.
TEMP = re.compile(r"^\.(?P<chart>[^/]+\.(png|txt))\.[^/]+\.tmp$")


def start(data: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    return subprocess.Popen([sys.executable, "-m", "casualty", "charts", "--data", str(data), "--out", str(out)],
                            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def render(data: Path, out: Path) -> float:
    """Run `casualty charts` to the end; return how long it took, in seconds."""
    began = time.monotonic()
    code = start(data, out).wait(timeout=120)
    assert code == 0, f"casualty charts --data {data} exited {code}"
    return time.monotonic() - began


def drawing_into(folder: Path) -> list[int]:
    """The processes still running `casualty charts` into ``folder``: a killed run's drawing processes."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(folder).encode() in cmdline.read_bytes().split(b"\0"):
                found.append(int(cmdline.parent.name))
        except OSError:  # gone already
            pass
    return found


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in PNGS}


def test_a_killed_run_leaves_every_chart_complete_old_or_complete_new(tmp_path):
    # The old charts come from a copy of the data with the Kontur report's outlet renamed and one NIS
    # figure changed, so that every one of the six charts differs from the new render.
    text = DATA.read_text(encoding="utf-8")
    changed = (text.replace(",Kontur,kontur-2025-02-07,", ",Kontur Weekly,kontur-2025-02-07,")
               .replace("nis-2025-01-13-wounded,North Korean troops in Kursk,wounded,,people,2700,",
                        "nis-2025-01-13-wounded,North Korean troops in Kursk,wounded,,people,2600,"))
    assert changed.count("Kontur Weekly") == 13 and ",2600," in changed
    old_data = tmp_path / "old.csv"
    old_data.write_text(changed, encoding="utf-8")

    render(old_data, tmp_path / "old")
    duration = render(DATA, tmp_path / "new")  # the measurement: a whole uninterrupted run
    old, new = contents(tmp_path / "old"), contents(tmp_path / "new")
    assert [name for name in PNGS if old[name] == new[name]] == [], "old and new charts must differ"

    # one kill in each eighth of the run, at a seeded random moment within it
    rng = random.Random(SEED)
    delays = [(i + rng.random()) / KILLS * duration for i in range(KILLS)]
    outcomes = []
    for i, delay in enumerate(delays):
        out = tmp_path / f"run-{i}"
        shutil.copytree(tmp_path / "old", out)
        run = start(DATA, out)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)  # a no-op if it has already finished
        code = run.wait(timeout=60)
        # the processes it drew in go with it, soon, rather than wait for work forever
        deadline = time.monotonic() + 10
        while drawing_into(out) and time.monotonic() < deadline:
            time.sleep(0.05)

        charts = sorted(p.name for p in out.iterdir() if not p.name.startswith(".") and p.suffix == ".png")
        leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
        where = f"run {i} killed after {delay:.2f} s of a {duration:.2f} s run (exit {code})"
        assert not drawing_into(out), f"{where}: processes {drawing_into(out)} still drawing 10 s later"
        assert charts == PNGS, f"{where}: {charts}"
        states = []
        for name in PNGS:
            data = (out / name).read_bytes()
            assert data in (old[name], new[name]), f"{where}: {name} is neither the old nor the new chart"
            states.append("new" if data == new[name] else "old")
        for name in leftovers:
            match = TEMP.match(name)
            assert match and match["chart"] in PNGS + TEXTS, f"{where}: unexpected file {name}"
        outcomes.append((round(delay, 2), code, states.count("new"), len(leftovers)))

    print("delay, exit code, charts already new, temp files left:", outcomes)
    # the kills landed while the command ran (not all after it had finished)
    assert sum(code == -signal.SIGKILL for _, code, _, _ in outcomes) >= KILLS // 2, outcomes
