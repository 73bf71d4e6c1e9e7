"""Benchmarks: is `casualty` fast at one row and at a million?

Run from anywhere:

    python benchmarks/run.py            # the full run (about four minutes)
    python benchmarks/run.py --quick    # a smoke run: fewer repeats, smaller files
    python benchmarks/run.py --only load --only frictionless
    python benchmarks/run.py --only scaling --only pipeline --only charts-100k   # realistic claims at scale

It prints one line per measurement as it goes, then a table (measurement, ours,
floor, ratio, goal, pass/FAIL) and notes; it exits 1 if a goal is missed.

Every measurement is set side by side with a floor, the cheapest thing that does
the same job without this package, and both are run interleaved (ours, floor,
floor, ours, ...) in fresh subprocesses, so a busy machine slows both alike.
Times are medians of the repeats; the ratio is the median of the per-repeat
ratios ours / floor. Not part of the test suite (pytest only collects tests/).

Methods
  wall-clock   perf_counter around subprocess.run of the whole command.
  in-process   a fresh interpreter times its own work with perf_counter
               (interpreter start-up excluded): imports, a load, a validation.
  peak memory  a fresh interpreter imports what it needs, reads ru_maxrss
               (the baseline), does the read, reads ru_maxrss again (the peak);
               the memory a read costs is peak - baseline.
  CPU time     in-process measurements also note process_time ratios, which
               a machine shared with other work disturbs less.

Generated files (rows drawn from data/figures.csv, unique ids, varied numbers
and dates) are cached under $TMPDIR/casualty-benchmarks and rebuilt when the
bundled data changes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "data" / "figures.csv"
CODEBOOK = ROOT / "data" / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
PY = sys.executable
# Children import the checkout, draw with Agg and keep compiled bytecode (as an installed package does), in a
# folder of their own so that the checkout stays clean: PYTHONDONTWRITEBYTECODE would recompile casualty each run.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "MPLBACKEND": "Agg",
       "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "casualty-benchmarks" / "pycache")}
GENERATOR_VERSION = "1"


# --- running things -----------------------------------------------------------

def wall(cmd: list[str], cwd: Path = ROOT, timeout: float = 600) -> float:
    """Seconds a command takes, start to exit; fails loudly if it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds


def child(code: str, *args: str, timeout: float = 3600, env: dict | None = None) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    done = subprocess.run([PY, "-c", code, *args], cwd=ROOT, env=env or ENV, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def interleaved(ours, floor, repeats: int, warmup: int = 1) -> tuple[list, list]:
    """Run ours and floor alternately (ours first, then floor first, ...); drop the warm-up pairs."""
    ours_runs, floor_runs = [], []
    for i in range(warmup + repeats):
        pair = (ours(), floor()) if i % 2 == 0 else tuple(reversed((floor(), ours())))
        if i >= warmup:
            ours_runs.append(pair[0])
            floor_runs.append(pair[1])
    return ours_runs, floor_runs


# --- results ------------------------------------------------------------------

@dataclass
class Row:
    name: str
    ours: str = ""
    floor: str = ""
    ratio: str = ""
    goal: str = ""
    result: str = ""
    notes: list[str] = field(default_factory=list)


ROWS: list[Row] = []


def timed_row(name: str, ours: list[float], floor: list[float], goal_ratio: float | None = None,
              goal_seconds: float | None = None, goal_speedup: float | None = None, unit: str = "s") -> Row:
    """A row of medians; the ratio is the median of per-repeat ratios."""
    mo, mf = statistics.median(ours), statistics.median(floor)
    ratio = statistics.median(o / f for o, f in zip(ours, floor))
    row = Row(name, _fmt(mo, unit), _fmt(mf, unit), f"{ratio:.2f}x")
    if goal_ratio is not None:
        row.goal, ok = f"<= {goal_ratio:g}x", ratio <= goal_ratio
    elif goal_seconds is not None:
        row.goal, ok = f"< {goal_seconds:g} s", mo < goal_seconds
    elif goal_speedup is None:  # shown for comparison with a measured goal, not a goal of its own
        row.goal, ok = "(for reference)", None
    else:
        speedup = 1 / ratio
        row.ratio = f"{ratio:.3f}x ({speedup:.0f}x faster)"
        row.goal, ok = f">= {goal_speedup:g}x faster", speedup >= goal_speedup
    row.result = "info" if ok is None else "pass" if ok else "FAIL"
    spread = lambda xs: f"{min(xs):.3f}-{max(xs):.3f}"  # noqa: E731
    row.notes.append(f"{len(ours)} runs; ours {spread(ours)} {unit}, floor {spread(floor)} {unit}")
    ROWS.append(row)
    print(f"  {name}: ours {row.ours}, floor {row.floor}, ratio {row.ratio}, goal {row.goal}: {row.result}",
          flush=True)
    return row


def cpu_note(row: Row, ours: list[dict], floor: list[dict]) -> None:
    """The same comparison in CPU seconds: steadier than wall-clock on a shared machine."""
    ratio = statistics.median(o["cpu"] / f["cpu"] for o, f in zip(ours, floor))
    row.notes.append(f"CPU time: ours {statistics.median(o['cpu'] for o in ours):.3f} s, floor "
                     f"{statistics.median(f['cpu'] for f in floor):.3f} s, ratio {ratio:.2f}x")


def skipped(name: str, why: str) -> None:
    ROWS.append(Row(name, result="skip", notes=[why]))
    print(f"  {name}: skipped: {why}", flush=True)


def _fmt(x: float, unit: str) -> str:
    return f"{x:.3f} s" if unit == "s" else f"{x:.0f} {unit}"


def print_table() -> None:
    head = ("measurement", "ours", "floor", "ratio", "goal", "result")
    lines = [(r.name, r.ours, r.floor, r.ratio, r.goal, r.result) for r in ROWS]
    widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
    fmt = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print()
    print(fmt(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines:
        print(fmt(line))
    print()
    for r in ROWS:
        for note in r.notes:
            print(f"{r.name}: {note}")


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    versions = child("import json, pandas, matplotlib, numpy; print(json.dumps({'pandas': pandas.__version__, "
                     "'matplotlib': matplotlib.__version__, 'numpy': numpy.__version__}))")
    return (f"nproc {os.cpu_count()}; CPU {model}; RAM {ram}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; pandas {versions['pandas']}; matplotlib {versions['matplotlib']}; "
            f"numpy {versions['numpy']}")


# --- synthetic data -----------------------------------------------------------

def synthetic_file(rows: int, cache: Path, name: str = "figures.csv") -> Path:
    """A valid figures file of ``rows`` rows, cached by size and by the bundled data it is drawn from.

    Each row is a row of data/figures.csv with a unique id, its numbers scaled by
    a random factor (bounds with them, so order holds; shares never above 100)
    and its dates moved by a multiple of four years (so a 29 February stays real).
    """
    key = hashlib.sha256(FIGURES.read_bytes() + GENERATOR_VERSION.encode()).hexdigest()[:12]
    folder = cache / f"figures-{rows}-{key}"
    path = folder / name
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with FIGURES.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        templates = [r for r in reader if r]
    col = {c: i for i, c in enumerate(header)}
    sys.path.insert(0, str(ROOT))
    from casualty.vocabulary import QUALIFIERS  # plain Python, no pandas

    relative = {q for q, rule in QUALIFIERS.items() if rule.is_relative}
    numbers = [col["value"], col["low"], col["high"]]
    dates = [col["as_of"], col["window_start"], col["stated"]]
    rng = random.Random(20250207)
    temp = path.with_suffix(".tmp")
    with temp.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        chunk = []
        for i in range(rows):
            row = list(templates[rng.randrange(len(templates))])
            row[col["id"]] = f"{row[col['id']]}-{i:07d}"
            if row[col["qualifier"]] in relative:
                top = 1.0 if row[col["unit"]] == "percent" else 3.0
                factor = rng.uniform(0.3, top)
                for j in numbers:
                    if row[j]:
                        x = float(row[j]) * factor
                        row[j] = f"{x:.1f}" if "." in row[j] else str(round(x))
            shift = 4 * rng.randrange(0, 10)
            for j in dates:
                if row[j]:
                    row[j] = str(int(row[j][:4]) + shift) + row[j][4:]
            chunk.append(row)
            if len(chunk) == 50_000:
                writer.writerows(chunk)
                chunk.clear()
        writer.writerows(chunk)
    temp.replace(path)
    # the shipped codebook, path "figures.csv", less the hash of the shipped file, which this one is not
    codebook = json.loads(CODEBOOK.read_text(encoding="utf-8"))
    for resource in codebook["resources"]:
        resource.pop("hash", None)
    (folder / "datapackage.json").write_text(json.dumps(codebook, indent=2), encoding="utf-8")
    size = path.stat().st_size / 1024 ** 2
    print(f"  generated {path} ({rows:,} rows, {size:.0f} MiB) in {time.perf_counter() - start:.1f} s", flush=True)
    return path


# --- the measurements ---------------------------------------------------------

IMPORT_OURS = """
import json, time
t, c = time.perf_counter(), time.process_time()
import casualty
casualty.load_figures()
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c}))
"""
IMPORT_FLOOR = """
import json, time
t, c = time.perf_counter(), time.process_time()
import pandas
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c}))
"""

#: What a measured child runs first: the CPU of its own children (a large file is checked in one, and a large
#: frame's quotes read in one), which counts once they are reaped.
CHILDREN_CPU = """
import os, resource

def children_cpu():
    try:
        while True:
            os.waitpid(-1, 0)
    except ChildProcessError:
        pass
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
"""

READ = CHILDREN_CPU + """
import json, sys, time
which, path = sys.argv[1], sys.argv[2]
import pandas as pd
if which == "ours":
    from casualty.load import load_figures
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t, c, cc = time.perf_counter(), time.process_time(), children_cpu()
frame = load_figures(path) if which == "ours" else pd.read_csv(path)
seconds, cpu = time.perf_counter() - t, time.process_time() - c + children_cpu() - cc
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu": cpu, "base_kb": base, "peak_kb": peak, "child_kb": child_kb,
                  "rows": len(frame)}))
"""

FRICTIONLESS = """
import json, sys, time
from frictionless import Package
t, c = time.perf_counter(), time.process_time()
report = Package(sys.argv[1]).validate()
seconds, cpu = time.perf_counter() - t, time.process_time() - c
assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": report.tasks[0].stats["rows"]}))
"""

NOTEBOOK = """
import json, sys, time
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
t = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def bench_import(repeats: int) -> None:
    ours, floor = interleaved(lambda: child(IMPORT_OURS), lambda: child(IMPORT_FLOOR), repeats)
    row = timed_row("import casualty + load_figures() vs import pandas", [r["seconds"] for r in ours],
                    [r["seconds"] for r in floor], goal_ratio=1.15)
    row.notes.append("in-process time in a fresh interpreter (start-up excluded)")
    cpu_note(row, ours, floor)


def bench_help(repeats: int) -> None:
    floor = lambda: wall([PY, "-c", "pass"])  # noqa: E731
    ours, base = interleaved(lambda: wall([PY, "-m", "casualty", "--help"]), floor, repeats)
    row = timed_row("python -m casualty --help", ours, base, goal_seconds=0.15)
    row.notes.append("floor: python -c pass (the interpreter alone); wall-clock")
    script = shutil.which("casualty")
    if script:
        ours, base = interleaved(lambda: wall([script, "--help"]), floor, repeats)
        row = timed_row("casualty --help (console script)", ours, base, goal_seconds=0.15)
        row.notes.append(f"{script}; floor: python -c pass; wall-clock")
    else:
        skipped("casualty --help (console script)", "the console script is not installed (pip install -e .)")


def bench_charts(repeats: int, work: Path) -> None:
    out = work / "charts"

    def ours(*options: str) -> float:
        shutil.rmtree(out, ignore_errors=True)
        return wall([PY, "-m", "casualty", "charts", "--out", str(out), "--format", "png", *options])

    floor = lambda: wall([PY, "-c", "import pandas, matplotlib.pyplot"])  # noqa: E731
    ours_runs, floor_runs = interleaved(ours, floor, repeats)
    row = timed_row("casualty charts (all, PNG) vs import pandas, matplotlib.pyplot", ours_runs, floor_runs,
                    goal_ratio=1.6)
    row.notes.append(f"wall-clock; {len(list(out.glob('*.png')))} charts written, drawn in "
                     f"{min(len(os.sched_getaffinity(0)), len(list(out.glob('*.png'))))} processes (one per CPU)")
    ours_runs, floor_runs = interleaved(lambda: ours("--jobs", "1"), floor, repeats)
    row = timed_row("casualty charts --jobs 1 (one process) vs the same floor", ours_runs, floor_runs)
    row.notes.append("wall-clock; the same command drawing every chart in one process, for comparison")


def bench_load(rows: int, repeats: int, cache: Path) -> None:
    path = synthetic_file(rows, cache)
    ours, floor = interleaved(lambda: child(READ, "ours", str(path)), lambda: child(READ, "floor", str(path)), repeats)
    label = f"{rows / 1e6:g}M" if rows >= 1_000_000 else f"{rows // 1000}k"
    assert all(r["rows"] == rows for r in ours + floor)
    row = timed_row(f"load_figures, {label} rows vs pd.read_csv", [r["seconds"] for r in ours],
                    [r["seconds"] for r in floor], goal_ratio=1.5)
    row.notes.append(f"in-process time in a fresh interpreter; file {path.stat().st_size / 1024 ** 2:.0f} MiB")
    cpu_note(row, ours, floor)
    cost = lambda r: (r["peak_kb"] - r["base_kb"]) / 1024  # noqa: E731  (Linux: ru_maxrss in KiB)
    row = timed_row(f"peak memory, {label} rows vs pd.read_csv", [cost(r) for r in ours], [cost(r) for r in floor],
                    goal_ratio=2.0, unit="MiB")
    peak = lambda runs: statistics.median(r["peak_kb"] for r in runs) / 1024  # noqa: E731
    row.notes.append(f"ru_maxrss after the read minus ru_maxrss after the imports; whole-process peaks "
                     f"{peak(ours):.0f} MiB (ours) and {peak(floor):.0f} MiB (floor)")
    if any(r["child_kb"] for r in ours):
        row.notes.append(f"the process that checks the file's bytes beside the load peaked at "
                         f"{statistics.median(r['child_kb'] for r in ours) / 1024:.0f} MiB, counting the pages "
                         f"of the file's bytes it shares with the load")


def bench_frictionless(rows: int, repeats: int, cache: Path) -> None:
    path = synthetic_file(rows, cache)
    package = str(path.parent / "datapackage.json")
    ours, floor = interleaved(lambda: child(READ, "ours", str(path)), lambda: child(FRICTIONLESS, package),
                              repeats, warmup=0)
    assert all(r["rows"] == rows for r in ours + floor)
    label = f"{rows // 1000}k"
    row = timed_row(f"load_figures vs frictionless validate, {label} rows", [r["seconds"] for r in ours],
                    [r["seconds"] for r in floor], goal_speedup=20)
    cpu_note(row, ours, floor)
    row.notes.append("in-process time in a fresh interpreter; frictionless Package(datapackage.json).validate() "
                     "with the shipped codebook beside the file")


def trivial_notebook(work: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas as pd\nimport matplotlib.pyplot as plt")]
    path = work / "trivial.ipynb"
    nbformat.write(nb, str(path))
    return path


def bench_notebooks(repeats: int, work: Path) -> None:
    notebooks = sorted(p for p in NOTEBOOKS.glob("*.ipynb")) if NOTEBOOKS.is_dir() else []
    if not notebooks:
        skipped("notebooks vs a trivial notebook", f"no notebooks yet in {NOTEBOOKS.relative_to(ROOT)}/")
        return
    try:
        trivial = trivial_notebook(work)
    except ImportError as error:
        skipped("notebooks vs a trivial notebook", f"nbformat/nbclient not installed ({error})")
        return
    run_dir = work / "notebook-run"  # a scratch folder, so a notebook's files land outside the checkout
    # kernels pick their own (inline) matplotlib backend, as in Jupyter: no MPLBACKEND=Agg here
    env = {k: v for k, v in ENV.items() if k != "MPLBACKEND"}
    for notebook in notebooks:
        shutil.rmtree(run_dir, ignore_errors=True)
        shutil.copytree(NOTEBOOKS, run_dir)
        ours, floor = interleaved(
            lambda notebook=notebook: child(NOTEBOOK, str(run_dir / notebook.name), str(run_dir), env=env)["seconds"],
            lambda: child(NOTEBOOK, str(trivial), str(work), env=env)["seconds"], repeats)
        row = timed_row(f"notebook {notebook.name} vs a trivial notebook", ours, floor, goal_ratio=1.5)
        row.notes.append("nbclient execute() with a fresh python3 kernel, kernel start-up included; the trivial "
                         "notebook imports pandas and matplotlib.pyplot")


# --- scale: realistic claims (benchmarks/generate.py) ----------------------------

PIPELINE = CHILDREN_CPU + """
import json, sys, time
which, path = sys.argv[1], sys.argv[2]
import pandas as pd
if which == "ours":
    import casualty

def status(field):
    with open("/proc/self/status") as file:
        return next(int(line.split()[1]) for line in file if line.startswith(field))

with open("/proc/self/clear_refs", "w") as file:  # VmHWM from here on: ru_maxrss is inherited from the parent
    file.write("5")
base = status("VmRSS:")
t, c, cc = time.perf_counter(), time.process_time(), children_cpu()
if which == "ours":
    f = casualty.load_figures(path)
    casualty.check_consistency(f)
    casualty.estimates_by_source(f)
    casualty.summary_text(f)
elif which == "arrow":
    f = pd.read_csv(path, engine="pyarrow")
else:
    f = pd.read_csv(path)
seconds, cpu = time.perf_counter() - t, time.process_time() - c + children_cpu() - cc
peak = status("VmHWM:")
print(json.dumps({"seconds": seconds, "cpu": cpu, "base_kb": base, "peak_kb": peak, "rows": len(f)}))
"""

CHARTS_AT = """
import json, pickle, sys, time
from pathlib import Path
import casualty, casualty.charts as charts
source, out, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
f = casualty.load_figures() if source == "bundled" else pickle.load(open(source, "rb"))
out.mkdir(parents=True, exist_ok=True)
t = time.perf_counter()
charts.save_figure(charts.CHARTS[name](f), out / f"{name}.png")
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def bench_scaling(sizes: list[int], repeats: int, cache: Path, work: Path, timeout: float) -> None:
    import scaling

    print(f"  scaling: every step at {', '.join(f'{n:,}' for n in sizes)} claims (median of {repeats}, "
          f"one run at 1,000,000; a step over {timeout:.0f} s is stopped)", flush=True)
    results = scaling.scaling(sizes, repeats, cache, work, timeout)
    table = scaling.scaling_table(sizes, results)
    print("\n" + table + "\n", flush=True)
    plot = scaling.plot(sizes, results, ROOT / "benchmarks" / "scaling.png")
    (cache / "scaling.json").write_text(json.dumps({"sizes": sizes, "results": results}))
    worst = {k: r for k, r in results.items()
             if any(not math.isfinite(t) for t in r["seconds"])
             or (r["slope"] or 0) > scaling.NLOGN_SLOPE + scaling.SLOPE_ROOM}
    row = Row("every step grows no faster than n log n (10k-1M claims)", ours=f"{len(results) - len(worst)} of "
              f"{len(results)} steps", goal=f"slope <= {scaling.NLOGN_SLOPE + scaling.SLOPE_ROOM:.2f}",
              result="FAIL" if worst else "pass")
    row.notes.append(f"the table above; plot {plot.relative_to(ROOT)}; over: {', '.join(worst) or 'none'}")
    ROWS.append(row)


def bench_pipeline(rows: int, repeats: int, cache: Path) -> None:
    import scaling

    path, _ = scaling.figures_file(rows, cache)
    label = f"{rows / 1e6:g}M" if rows >= 1_000_000 else f"{rows // 1000}k"
    ours, floor = interleaved(lambda: child(PIPELINE, "ours", str(path)), lambda: child(PIPELINE, "floor", str(path)),
                              repeats)
    row = timed_row(f"load + check_consistency + estimates_by_source + summary_text, {label} realistic claims "
                    "vs pd.read_csv", [r["seconds"] for r in ours], [r["seconds"] for r in floor], goal_ratio=4)
    cpu_note(row, ours, floor)
    cost = lambda r: (r["peak_kb"] - r["base_kb"]) / 1024  # noqa: E731
    row = timed_row(f"peak memory of the same, {label} realistic claims vs pd.read_csv", [cost(r) for r in ours],
                    [cost(r) for r in floor], goal_ratio=3.0, unit="MiB")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        skipped(f"pd.read_csv(engine='pyarrow') vs pd.read_csv, {label}", "pyarrow is not installed")
        return
    arrow, floor = interleaved(lambda: child(PIPELINE, "arrow", str(path)),
                               lambda: child(PIPELINE, "floor", str(path)), repeats)
    row = timed_row(f"pd.read_csv(engine='pyarrow') vs pd.read_csv, {label} realistic claims",
                    [r["seconds"] for r in arrow], [r["seconds"] for r in floor])
    cpu_note(row, arrow, floor)


def bench_charts_at_scale(rows: int, repeats: int, cache: Path, work: Path, timeout: float = 120) -> None:
    """Each chart (prepare, draw, write the PNG) on ``rows`` realistic claims against the same on the bundled data."""
    import scaling

    _, pickled = scaling.figures_file(rows, cache)
    out = Path(tempfile.gettempdir()) / "casualty-benchmarks" / f"charts-{rows}"
    label = f"{rows // 1000}k"
    sys.path.insert(0, str(ROOT))
    from casualty.charts.writing import CHARTS  # the names only; drawing happens in the children

    for name in CHARTS:
        def ours(name=name) -> float:
            try:
                return child(CHARTS_AT, str(pickled), str(out), name, timeout=timeout)["seconds"]
            except subprocess.TimeoutExpired:
                return float("inf")
            except RuntimeError as error:
                return str(error).strip().splitlines()[-1][:160]

        floor = lambda name=name: child(CHARTS_AT, "bundled", str(work / "charts-bundled"), name)["seconds"]  # noqa: E731
        first = ours()
        if not isinstance(first, float) or first == float("inf") or first * (repeats + 1) * 2 > timeout * 2:
            row = Row(f"chart {name}, {label} realistic claims vs the bundled data", goal="<= 2x", result="FAIL",
                      ours="over %.0f s" % timeout if first == float("inf") else
                      f"{first:.1f} s" if isinstance(first, float) else "failed")
            row.notes.append("one run" + (f": {first}" if isinstance(first, str) else ""))
            ROWS.append(row)
            print(f"  {row.name}: {row.ours}: FAIL", flush=True)
            continue
        ours_runs, floor_runs = interleaved(ours, floor, repeats, warmup=0)
        timed_row(f"chart {name}, {label} realistic claims vs the bundled data", ours_runs, floor_runs, goal_ratio=2)
    print(f"  the charts of {rows:,} claims: {out}", flush=True)


# --- main ---------------------------------------------------------------------

BENCHMARKS = ("import", "help", "charts", "load", "frictionless", "notebooks", "scaling", "pipeline",
              "charts-100k")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer repeats, smaller files")
    parser.add_argument("--repeats", type=int, help="runs per measurement (default 7, --quick 3)")
    parser.add_argument("--rows", type=int, help="rows of the large file (default 1,000,000, --quick 100,000)")
    parser.add_argument("--frictionless-rows", type=int, help="rows frictionless validates (default 100,000, "
                        "--quick 10,000)")
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only these; repeat for several")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "casualty-benchmarks",
                        help="where generated files are kept between runs (default: %(default)s)")
    parser.add_argument("--step-timeout", type=float, default=600, help="seconds a step of the scaling table may "
                        "take before it is stopped (default %(default)s)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 7)
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    fl_rows = args.frictionless_rows or (10_000 if args.quick else 100_000)
    only = set(args.only or BENCHMARKS)
    args.cache.mkdir(parents=True, exist_ok=True)

    print(f"machine: {machine()}")
    print(f"repeats: {repeats} (+1 warm-up pair, not counted); checkout: {ROOT}", flush=True)
    with tempfile.TemporaryDirectory(prefix="casualty-bench-") as tmp:
        work = Path(tmp)
        if "import" in only:
            bench_import(repeats)
        if "help" in only:
            bench_help(repeats)
        if "charts" in only:
            bench_charts(repeats, work)
        if "load" in only:
            bench_load(rows, max(3, repeats // 2) if rows >= 500_000 else repeats, args.cache)
        if "frictionless" in only:
            bench_frictionless(fl_rows, 1 if args.quick else 3, args.cache)
        if "notebooks" in only:
            bench_notebooks(max(3, repeats // 2), work)
        if "pipeline" in only:
            bench_pipeline(rows, 3, args.cache)
        if "charts-100k" in only:
            bench_charts_at_scale(10_000 if args.quick else 100_000, 3, args.cache, work, args.step_timeout)
        if "scaling" in only:
            sizes = [1_000, 10_000] if args.quick else [10_000, 100_000, 1_000_000]
            bench_scaling(sizes, 1 if args.quick else 3, args.cache, work, args.step_timeout)
    print_table()
    return 1 if any(r.result == "FAIL" for r in ROWS) else 0


if __name__ == "__main__":
    sys.exit(main())
