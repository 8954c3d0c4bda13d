"""Benchmark the batch run on a synthetic province, against honest baselines at equal workers.

Run with `make bench` (about 30 minutes on 2 cores). Rewrites its section of benchmarks/results.md and prints it.

For 3, 12, 48 and 96 reports (1, 4, 16 and 32 made-up counties × 3 years, `benchmarks/make_province.py`), one
language (zh-Hans), every page rebuilt (`--force`), it times:
- `indicators run` at 1 and 2 workers;
- the floor: each notebook's code as a plain Python script (no Jupyter, no HTML), the batch notebook first, then
  the per-report scripts on 1 or 2 worker processes;
- a careful single-process loop: one Python process that runs each notebook with papermill's API and exports it
  with nbconvert's HTMLExporter (no code cells), one after another (3 and 12 reports: it is slow);
- the naive loop: `papermill` then `jupyter nbconvert --to html --no-input`, as shell commands, per notebook
  (3 and 12 reports).
Then, on the 96-report province: a rerun with nothing changed, and a rerun after adding one report (pages rerun).
Wall-clock seconds; peak memory is the largest resident set of any single process (ru_maxrss of children).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import itertools

from make_province import make_province, report_text
from results_file import stamp, write_section

from helpers.notebook_params import as_script

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
ENV = os.environ | {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}

MEASURE = """
import json, resource, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
stages, workers = json.loads(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
for stage in stages:  # the commands of a stage run on `workers` processes at a time; stages one after another
    with ThreadPoolExecutor(workers) as pool:
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        done = list(pool.map(lambda c: subprocess.run(c, **quiet).returncode, stage))
    assert not any(done), done
print(json.dumps([time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024]))
"""

CAREFUL = """
import json, sys
from pathlib import Path
import nbformat, papermill as pm
from nbconvert import HTMLExporter
jobs, out = json.loads(sys.argv[1]), Path(sys.argv[2])
exporter = HTMLExporter(exclude_input=True, embed_images=True)
for nb, params in jobs:
    where = "-".join(str(params.get(k, "")) for k in ("region", "year"))
    target = out / (Path(nb).stem + "-" + where)
    pm.execute_notebook(nb, str(target) + ".ipynb", parameters=params, progress_bar=False, log_output=False)
    body, _ = exporter.from_notebook_node(nbformat.read(str(target) + ".ipynb", as_version=4))
    Path(str(target) + ".html").write_text(body, encoding="utf-8")
"""


CAREFUL_NAME = "careful loop: one process, papermill API + HTMLExporter"


def timed(stages: list[list[list[str]]], workers: int) -> tuple[float, int]:
    """Run stages of commands (each stage on `workers` processes) in a fresh measuring process."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(stages), str(workers)],
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
    ).stdout
    elapsed, peak = json.loads(out)
    return elapsed, peak


def jobs_of(data: Path, reports: list[tuple[str, int]]) -> tuple[list, list]:
    """(notebook, parameters) of the batch notebook and of every per-report notebook."""
    base = {"lang": "zh-Hans", "data_dir": str(data)}
    first = [(str(nb), base) for nb in NOTEBOOKS if nb.stem.startswith("10-")]
    second = [
        (str(nb), base | {"region": r, "year": y})
        for r, y in reports
        for nb in NOTEBOOKS
        if not nb.stem.startswith("10-")
    ]
    return first, second


def script_for(nb: str, params: dict, folder: Path) -> list[str]:
    """The notebook's code as a plain script with its parameters set up front (the floor: no Jupyter, no HTML)."""
    script = folder / f"{Path(nb).stem}-{params.get('region', 'all')}-{params.get('year', '')}.py"
    script.write_text(as_script(Path(nb), params), encoding="utf-8")
    return [sys.executable, str(script)]


def naive_cmds(nb: str, params: dict, folder: Path) -> list[list[str]]:
    out = folder / f"{Path(nb).stem}-{params.get('region', 'all')}-{params.get('year', '')}.ipynb"
    p = [x for k, v in params.items() for x in ("-p", k, str(v))]
    return [
        [str(BIN / "papermill"), "--no-progress-bar", nb, str(out), *p],
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
    ]


def runner(data: Path, out: Path, jobs: int) -> list[str]:
    return [
        str(BIN / "indicators"),
        "run",
        "--quiet",
        "--force",
        "--jobs",
        str(jobs),
        "--data-dir",
        str(data),
        "--out",
        str(out),
    ]


def measure_size(
    tmp: Path, n: int, baselines: bool, floor: bool = True, workers: tuple[int, ...] = (2, 1)
) -> dict[str, tuple[float, int]]:
    """Every way of building the pages of an n-report province, timed."""
    data = tmp / f"data{n}"
    reports = make_province(data, n // 3, 3)
    first, second = jobs_of(data, reports)
    work = tmp / f"work{n}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    res: dict[str, tuple[float, int]] = {}
    for jobs in workers:
        shutil.rmtree(tmp / "reports", ignore_errors=True)
        res[f"indicators run, {jobs} worker(s)"] = timed([[runner(data, tmp / "reports", jobs)]], 1)
    for jobs in (2, 1) if floor else ():
        stages = [[script_for(nb, p, work) for nb, p in first], [script_for(nb, p, work) for nb, p in second]]
        res[f"floor: plain scripts, {jobs} worker(s)"] = timed(stages, jobs)
    if baselines:
        res[CAREFUL_NAME] = timed([[[sys.executable, "-c", CAREFUL, json.dumps(first + second), str(work)]]], 1)
        naive = [c for nb, p in first + second for c in naive_cmds(nb, p, work)]
        res["naive loop: papermill + jupyter nbconvert commands"] = timed([[c] for c in naive], 1)
    for name, (t, m) in res.items():
        print(f"{n} reports: {name}: {t:.1f} s, {m} MiB", file=sys.stderr)
    return res


def incremental(tmp: Path, n: int) -> tuple[float, float, int]:
    """On the largest province, already built: a no-op rerun (best of 3) and the pages rerun after one more
    report (a fourth year for one county)."""
    data, out = tmp / f"data{n}", tmp / "reports"
    cmd = [str(BIN / "indicators"), "run", "--quiet", "--data-dir", str(data), "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, env=ENV)
    noop = min(timed([[cmd]], 1)[0] for _ in range(3))
    import random

    from helpers.sources import register_report

    text = tmp / "new.txt"
    text.write_text(report_text(1, 2024, random.Random(7)), encoding="utf-8")
    meta = {
        "title": "新的一年（合成）",
        "organisation": "中共第1县委组织部",
        "region_zh": "第1县",
        "region_en": "County 1",
    }
    register_report(data, text, "county001", 2024, meta | {"synthetic": "true"})
    started = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=ENV).stdout
    ran = int(done.split(" ran")[0].strip().split()[-1])
    return noop, time.perf_counter() - started, ran


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="3,12,48,96")
    parser.add_argument("--noise", type=int, default=3, help="repeat the 3-report runner run to show the noise")
    parser.add_argument("--floor-up-to", type=int, default=96, help="time the plain-script floor up to this size")
    parser.add_argument("--baselines-up-to", type=int, default=12, help="time the two loops up to this size")
    parser.add_argument("--runner-workers", default="2,1", help="worker counts of the runner runs")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    load_before = os.getloadavg()[0]
    workers = tuple(int(w) for w in args.runner_workers.split(","))
    # Above the floor's sizes only the first worker count runs: nothing at equal workers to compare the others with.
    results = {
        n: measure_size(
            tmp,
            n,
            n <= args.baselines_up_to,
            n <= args.floor_up_to,
            workers if n <= args.floor_up_to else workers[:1],
        )
        for n in sizes
    }
    noise = [timed([[runner(tmp / f"data{sizes[0]}", tmp / "noise", 2)]], 1)[0] for _ in range(args.noise)]
    noop, added_s, added_ran = incremental(tmp, max(sizes))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    names = list(dict.fromkeys(name for n in sizes for name in results[n]))
    lines = [
        "## Batch-run benchmark: a synthetic province (`make bench`, latest run)",
        "",
        stamp(),
        f"Machine: {machine}; load average {load_before:.1f} before the run. One run per cell (the noise line",
        "below repeats the smallest one). Seconds per report = wall seconds / reports; the batch notebook is",
        "included. Peak memory: the largest single process.",
        "",
        "| way | " + " | ".join(f"{n} reports: s (s/report, MiB)" for n in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name in names:
        cells = []
        for n in sizes:
            t, m = results[n].get(name, (None, None))
            cells.append("–" if t is None else f"{t:.1f} ({t / n:.2f}, {m})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    r2 = {n: results[n]["indicators run, 2 worker(s)"][0] for n in sizes}
    lines += ["", "Ratios (one run each, same machine):", ""]
    for n in sizes:
        res = results[n]
        if "floor: plain scripts, 2 worker(s)" not in res:
            continue
        row = [f"{n} reports: runner/floor at 2 workers {r2[n] / res['floor: plain scripts, 2 worker(s)'][0]:.2f}×"]
        if "indicators run, 1 worker(s)" in res:
            one = res["indicators run, 1 worker(s)"][0] / res["floor: plain scripts, 1 worker(s)"][0]
            row.append(f"at 1 worker {one:.2f}×")
        if "naive loop: papermill + jupyter nbconvert commands" in res:
            row.append(
                f"naive loop / runner {res['naive loop: papermill + jupyter nbconvert commands'][0] / r2[n]:.2f}×"
            )
            row.append(f"careful loop / runner {res[CAREFUL_NAME][0] / r2[n]:.2f}×")
        lines.append("- " + ", ".join(row))
    per = [r2[n] / n for n in sizes]
    lines += [
        f"- time per report with the runner (2 workers): {', '.join(f'{p:.2f}' for p in per)} s; largest / smallest "
        f"{max(per) / min(per):.2f}× (from 12 reports on: {max(per[1:]) / min(per[1:]):.2f}×)"
        if len(per) > 1
        else "",
        "- seconds per added report (the growth between sizes: start-up and the batch notebook's fixed part "
        "excluded): " + ", ".join(f"{a}→{b}: {(r2[b] - r2[a]) / (b - a):.2f}" for a, b in itertools.pairwise(sizes)),
        f"- noise: the 3-report runner run repeated: {', '.join(f'{x:.1f}' for x in noise)} s",
        f"- {max(sizes)} reports, rerun with nothing changed: {noop:.2f} s (best of 3)",
        f"- {max(sizes)} reports, one report added (a fourth year of one county): {added_ran} pages rerun, "
        f"{added_s:.1f} s",
    ]
    text = "\n".join(lines) + "\n"
    write_section("bench_run", text)
    print(text)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
