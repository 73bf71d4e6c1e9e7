"""How each public step grows with the number of claims: time and peak memory at 10,000, 100,000 and 1,000,000.

Used by ``benchmarks/run.py`` (``--only scaling``, ``--only pipeline``, ``--only charts-100k``). Each step runs in
a fresh interpreter on a file of ``benchmarks/generate.py``: the load reads the CSV; every other step starts from the loaded
frame (a pickle beside the file, read before the baseline of memory is taken) and from what it needs computed
before it, untimed. Peak memory is the process's high-water mark of resident memory during the step (``VmHWM``,
reset just before it through ``/proc/self/clear_refs``) minus its resident memory before it: what the step adds to
a process already holding its inputs.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

GENERATOR_VERSION = "1"

#: step -> (what it needs computed first, untimed; the call timed). ``f`` is the loaded figures.
STEPS: dict[str, tuple[str, str]] = {
    "load_figures": ("", "f = load_figures(path)"),
    "ratios": ("", "casualty.ratios(f)"),
    "estimates_by_source": ("", "casualty.estimates_by_source(f)"),
    "joint_bounds": ("", "casualty.joint_bounds(f)"),
    "check_consistency": ("", "casualty.check_consistency(f)"),
    "summary_text": ("", "casualty.summary_text(f)"),
    "overview_text": ("", "casualty.overview_text(f)"),
    "claims_table": ("", "casualty.claims_table(f)"),
    "ratio_table": ("r = casualty.ratios(f)", "casualty.ratio_table(r, f)"),
    "estimate_table": ("e = casualty.estimates_by_source(f)", "casualty.estimate_table(e, f)"),
    "definition_table": ("", "casualty.definition_table(f)"),
    "qualifier_examples": ("", "casualty.qualifier_examples(f)"),
    "flag_sentences (the report)": ("checks = casualty.check_consistency(f)", "casualty.flag_sentences(checks, f)"),
}
CHARTS = ["deployment_at_a_glance", "casualty_claims_over_time", "implied_rate_by_source", "killed_and_wounded",
          "formations", "forces_compared", "claims_taken_together"]


def _chart_steps(chart: str) -> dict[str, tuple[str, str]]:
    """Prepare, timed; and draw: prepared once untimed, then the chart function (its frame, the drawing, the PNG
    written) timed with its prepare step handing back that result."""
    module = f"importlib.import_module(charts.{chart}.__module__)"
    draw_setup = (f"import importlib, pathlib, casualty.charts as charts\nmodule = {module}\n"
                  f"prepared = module.prepare_{chart}(f)\nmodule.prepare_{chart} = lambda *args, **kwargs: prepared")
    return {f"chart {chart}: prepare": ("import casualty.charts as charts", f"charts.prepare_{chart}(f)"),
            f"chart {chart}: draw": (draw_setup, f"charts.save_figure(module.{chart}(f), pathlib.Path(out))")}


for chart in CHARTS:
    STEPS.update(_chart_steps(chart))

CHILD = """
import json, pickle, resource, sys, time
path, pickled, out, name = sys.argv[1:5]
import casualty
from casualty import load_figures
STEP = json.loads(sys.argv[5])
if name != "load_figures":
    with open(pickled, "rb") as file:
        f = pickle.load(file)
exec(STEP[0])
import gc; gc.collect()

def status(field):
    with open("/proc/self/status") as file:
        return next(int(line.split()[1]) for line in file if line.startswith(field))

try:  # the high-water mark of this process from here on: ru_maxrss is inherited across fork and exec
    with open("/proc/self/clear_refs", "w") as file:
        file.write("5")
    base = status("VmRSS:")
except OSError:
    status, base = None, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
_started, _cpu_started = time.perf_counter(), time.process_time()  # names a step's code does not use
exec(STEP[1])
seconds, cpu = time.perf_counter() - _started, time.process_time() - _cpu_started
peak = status("VmHWM:") if status else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu": cpu, "memory_mib": (peak - base) / 1024}))
"""


def figures_file(n: int, cache: Path) -> tuple[Path, Path]:
    """The generated file of ``n`` claims and the pickle of its loaded frame, made once."""
    folder = cache / f"realistic-{n}-{GENERATOR_VERSION}"
    path, pickled = folder / "figures.csv", folder / "figures.pickle"
    if not pickled.exists():
        start = time.perf_counter()
        # in a process of its own: a parent grown to gigabytes would hand its ru_maxrss on to every child
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(path)], check=True, env=_env())
        subprocess.run([sys.executable, "-c", "import pickle, sys; from casualty import load_figures; "
                        "pickle.dump(load_figures(sys.argv[1]), open(sys.argv[2], 'wb'), protocol=5)",
                        str(path), str(pickled)], check=True, env=_env())
        print(f"  generated {path} ({n:,} claims, {path.stat().st_size / 1024 ** 2:.0f} MiB) in "
              f"{time.perf_counter() - start:.1f} s", flush=True)
    return path, pickled


def _env() -> dict:
    from run import ENV  # the children's environment: the checkout on the path, Agg, compiled bytecode kept

    return ENV


def run_step(name: str, n: int, cache: Path, work: Path, timeout: float) -> dict:
    path, pickled = figures_file(n, cache)
    step = STEPS[name]
    out = work / f"{name.split()[1].rstrip(':') if name.startswith('chart') else 'x'}-{n}.png"
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(pickled), str(out), name,
                               json.dumps(step)], cwd=ROOT, env=_env(), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"seconds": math.inf, "memory_mib": math.nan, "error": f"over {timeout:.0f} s"}
    if done.returncode != 0:
        return {"seconds": math.nan, "memory_mib": math.nan, "error": done.stderr.strip().splitlines()[-1][:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def growth(sizes: list[int], seconds: list[float]) -> float | None:
    """The slope of log(time) against log(claims) over the sizes measured (1 is linear)."""
    points = [(math.log(n), math.log(s)) for n, s in zip(sizes, seconds) if s and math.isfinite(s) and s > 0]
    if len(points) < 2:
        return None
    x, y = np.array(points).T
    return float(np.polyfit(x, y, 1)[0])


#: the slope of n log n between 10,000 and 1,000,000 (1.09); a step's slope above it, with some room for noise
NLOGN_SLOPE = 1 + math.log(math.log(1e6) / math.log(1e4)) / math.log(100)
SLOPE_ROOM = 0.1


def scaling(sizes: list[int], repeats: int, cache: Path, work: Path, timeout: float,
            steps: list[str] | None = None) -> dict[str, dict]:
    """Every step at every size; medians of ``repeats`` runs (one at a million)."""
    results: dict[str, dict] = {}
    for name in steps or STEPS:
        times, memory, errors = [], [], []
        for n in sizes:
            runs = [run_step(name, n, cache, work, timeout) for _ in range(1 if n >= 1_000_000 else repeats)]
            times.append(statistics.median(r["seconds"] for r in runs))
            memory.append(statistics.median(r["memory_mib"] for r in runs))
            errors.append(next((r["error"] for r in runs if "error" in r), ""))
            if times[-1] * 10 > timeout and len(times) < len(sizes) and math.isfinite(times[-1]):
                errors[-1] = errors[-1] or f"not run above {n:,}: {times[-1]:.0f} s here"
                times[-1:] = [times[-1], math.inf]  # ten times the claims would take over the time allowed
                memory.append(math.nan)
                errors.append(errors[-1])
            if not math.isfinite(times[-1]):  # a step that failed or timed out is not run at the next size
                times += [times[-1]] * (len(sizes) - len(times))
                memory += [math.nan] * (len(sizes) - len(memory))
                errors += [errors[-1]] * (len(sizes) - len(errors))
                break
        slope = growth(sizes, times)
        results[name] = {"seconds": times, "memory_mib": memory, "slope": slope, "errors": errors}
        cells = ", ".join(f"{n:,}: {_seconds(t)} {m:.0f} MiB" for n, t, m in zip(sizes, times, memory))
        print(f"  {name}: {cells}; growth {'' if slope is None else f'n^{slope:.2f}'}"
              + (f" ({'; '.join(e for e in errors if e)})" if any(errors) else ""), flush=True)
    return results


def _seconds(t: float) -> str:
    return "over time" if t == math.inf else "failed" if math.isnan(t) else f"{t:.3f} s"


def scaling_table(sizes: list[int], results: dict[str, dict]) -> str:
    head = ["step", *[f"{n:,} claims" for n in sizes], "growth", "<= n log n"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, r in results.items():
        cells = [f"{_seconds(t)}, {m:.0f} MiB" if math.isfinite(t) else _seconds(t)
                 for t, m in zip(r["seconds"], r["memory_mib"])]
        slope = r["slope"]
        verdict = ("failed" if any(math.isnan(t) for t in r["seconds"]) else
                   "FAIL" if any(t == math.inf for t in r["seconds"]) or (slope or 0) > NLOGN_SLOPE + SLOPE_ROOM
                   else "pass")
        lines.append("| " + " | ".join([name, *cells, "" if slope is None else f"n^{slope:.2f}", verdict]) + " |")
    return "\n".join(lines)


def plot(sizes: list[int], results: dict[str, dict], path: Path) -> Path:
    """Time against claims, log-log, one line per step, with n and n log n drawn for reference."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 7), sharey=True)
    analysis = {k: v for k, v in results.items() if not k.startswith("chart")}
    charts = {k: v for k, v in results.items() if k.startswith("chart")}
    for ax, group, title in ((left, analysis, "load, analyse, words and tables"), (right, charts, "charts")):
        for i, (name, r) in enumerate(group.items()):
            t = np.array(r["seconds"], dtype=float)
            ok = np.isfinite(t)
            style = ["-", "--", ":", "-."][i // 10 % 4]
            ax.plot(np.array(sizes)[ok], t[ok], style, marker="o", label=f"{name} (n^{r['slope']:.2f})"
                    if r["slope"] is not None else name)
        x = np.array([sizes[0], sizes[-1]], dtype=float)
        ax.plot(x, 1e-6 * x, color="0.6", lw=3, alpha=0.5, label="1 us a claim (n)")
        ax.plot(x, 1e-6 * x * np.log2(x) / np.log2(sizes[0]), color="0.3", lw=3, alpha=0.3,
                label="n log n, from 1 us a claim at the smallest n")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("claims")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
    left.set_ylabel("seconds (median)")
    fig.suptitle("How each step of casualty grows with the number of claims (benchmarks/generate.py)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
