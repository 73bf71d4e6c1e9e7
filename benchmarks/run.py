"""Benchmarks: `casualty` at 10,000, 100,000 and 1,000,000 realistic claims, against pandas alone.

    python benchmarks/run.py            # the full run (several minutes)
    python benchmarks/run.py --quick    # 1,000 / 10,000 / 100,000 claims, one repeat: a smoke run

Each measurement runs in a fresh interpreter that times its own work with perf_counter (start-up excluded),
ours and the floor interleaved so that a busy machine slows both alike; the figure kept is the median of the
repeats. It prints the table of steps by size with each step's growth (the exponent k in time ~ n^k between
the smallest and largest size), then every goal with pass or FAIL, and exits 1 if a goal is missed.
Files come from benchmarks/generate.py (realistic claims: statements of several figures, running totals,
hedges, quotes) and are cached under $TMPDIR/casualty-benchmarks.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
PY = sys.executable
ENV = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)}

#: a step -> the code a child runs on the file F (timed from its first line to its last)
STEPS = {
    "read_csv": "import pandas as pd\nt = clock()\npd.read_csv(F)\nlap('read_csv', t)",
    "pipeline": (
        "import casualty\nfrom casualty.present import summary_text\n"
        "t = clock(); f = casualty.load_figures(F); lap('load_figures', t)\n"
        "t = clock(); casualty.check_consistency(f); lap('check_consistency', t)\n"
        "t = clock(); casualty.estimates_by_source(f); lap('estimates_by_source', t)\n"
        "t = clock(); summary_text(f); lap('summary_text', t)"),
}
CHILD = """
import json, sys, time
F = sys.argv[1]
clock = time.perf_counter
times = {}
def lap(name, t):
    times[name] = time.perf_counter() - t
%s
print(json.dumps(times))
"""


def child(code: str, *args: str) -> dict:
    out = subprocess.run([PY, "-c", CHILD % code, *args], capture_output=True, text=True, env=ENV, cwd=ROOT,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=ENV, cwd=ROOT, check=True)
    return time.perf_counter() - t


def figures_file(n: int) -> Path:
    import generate  # noqa: PLC0415  (numpy and pandas: only when a file is made)

    cache = Path(tempfile.gettempdir()) / "casualty-benchmarks"
    path = cache / f"realistic-{n}.csv"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        generate.write_figures(n, path)
    return path


def measure(sizes: list[int], repeats: int) -> dict[int, dict[str, float]]:
    """step -> seconds (median of repeats), per size."""
    results = {}
    for n in sizes:
        path = str(figures_file(n))
        runs = [{**child(STEPS["read_csv"], path), **child(STEPS["pipeline"], path)} for _ in range(repeats)]
        results[n] = {step: statistics.median(r[step] for r in runs) for step in runs[0]}
        print(f"{n:>9,} claims: " + ", ".join(f"{k} {v:.3f} s" for k, v in results[n].items()), flush=True)
    return results


def growth(sizes: list[int], seconds: list[float]) -> float:
    import math

    return math.log(seconds[-1] / seconds[0]) / math.log(sizes[-1] / sizes[0])


def main(argv: list[str] | None = None) -> int:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    sizes = [1_000, 10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    repeats = 1 if quick else 3
    results = measure(sizes, repeats)
    steps = list(results[sizes[0]])
    print("\n| step | " + " | ".join(f"{n:,}" for n in sizes) + " | growth |")
    print("|---|" + "---|" * (len(sizes) + 1))
    goals = []
    for step in steps:
        seconds = [results[n][step] for n in sizes]
        k = growth(sizes, seconds)
        print(f"| {step} | " + " | ".join(f"{s:.3f} s" for s in seconds) + f" | n^{k:.2f} |")
        if step != "read_csv":
            # n log n from 10k to 1M is n^1.2 at most (log2 1M / log2 10k = 1.5 over a 100-fold n: k <= 1.09)
            goals.append((f"{step} grows no faster than n log n", f"n^{k:.2f}", k <= 1.1))
    big = results[sizes[-1]]
    load_ratio = big["load_figures"] / big["read_csv"]
    chain = sum(big[s] for s in ("load_figures", "check_consistency", "estimates_by_source", "summary_text"))
    goals.append((f"load_figures of {sizes[-1]:,} claims <= 1.5x a bare read_csv", f"{load_ratio:.2f}x",
                  load_ratio <= 1.5))
    goals.append(("load, check_consistency, estimates_by_source, summary_text <= 5x read_csv",
                  f"{chain / big['read_csv']:.2f}x", chain / big["read_csv"] <= 5))
    imports = [(wall([PY, "-c", "import casualty"]), wall([PY, "-c", "import pandas"])) for _ in range(repeats + 2)]
    ratio = statistics.median(a / b for a, b in imports)
    goals.append(("import casualty <= 1.2x import pandas", f"{ratio:.2f}x", ratio <= 1.2))
    help_time = statistics.median(wall([PY, "-m", "casualty", "--help"]) for _ in range(repeats + 2))
    goals.append(("casualty --help < 0.15 s", f"{help_time:.3f} s", help_time < 0.15))
    print("\n| goal | measured | result |\n|---|---|---|")
    for goal, got, ok in goals:
        print(f"| {goal} | {got} | {'pass' if ok else 'FAIL'} |")
    return 0 if all(ok for _, _, ok in goals) else 1


if __name__ == "__main__":
    raise SystemExit(main())
