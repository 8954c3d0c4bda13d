"""Benchmark the batch run on the seed year: runner (2 jobs, 1 job), the naive shell loop, the plain-script floor.

Run with `make bench`. Writes benchmarks/results.md (and prints it). Timings are wall-clock seconds, best of
--repeat runs; peak memory is the largest resident set of any single process involved (ru_maxrss of children).
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


MEASURE = """
import json, resource, subprocess, sys, time
cmds = json.loads(sys.argv[1])
start = time.perf_counter()
for cmd in cmds:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(json.dumps([time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024]))
"""


def timed(cmds: list[list[str]], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run commands one after another in a fresh measuring process: wall seconds, and the peak RSS (MiB)
    of the largest single process among them (kernels and workers included)."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(cmds)], check=True, capture_output=True, text=True, env=env, cwd=ROOT
    ).stdout
    elapsed, peak = json.loads(out)
    return elapsed, peak


def fresh_data(tmp: Path) -> Path:
    data = tmp / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    (data / "processed").mkdir()
    return data


def params_for(nb: Path, data: Path) -> dict[str, object]:
    per_report = nb.stem != "10-clean-indicators"
    return {"lang": "zh-Hans", "data_dir": str(data)} | ({"region": "shuangliao", "year": 2023} if per_report else {})


def naive(tmp: Path, data: Path) -> list[list[str]]:
    """What one would write by hand: papermill, then nbconvert, per notebook."""
    cmds = []
    for nb in NOTEBOOKS:
        out = tmp / "naive" / f"{nb.stem}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        p = [x for k, v in params_for(nb, data).items() for x in ("-p", k, str(v))]
        cmds.append([str(BIN / "papermill"), "--no-progress-bar", str(nb), str(out), *p])
        cmds.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)])
    return cmds


def scripts(tmp: Path, data: Path) -> list[list[str]]:
    """The floor: each notebook's code as a plain script (parameters set up front), run in turn."""
    cmds = []
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        code = ["import matplotlib\nmatplotlib.use('Agg')"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            code.append("".join(cell["source"]))
            if "parameters" in cell["metadata"].get("tags", []):
                code.append("\n".join(f"{k} = {v!r}" for k, v in params_for(nb, data).items()))
        script = tmp / "scripts" / f"{nb.stem}.py"
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text("\n\n".join(code), encoding="utf-8")
        cmds.append([sys.executable, str(script)])
    return cmds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    env = os.environ | {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    indicators = str(BIN / "indicators")
    results: dict[str, tuple[float, int]] = {}
    firsts: dict[str, float] = {}

    def best(name: str, make_cmds) -> None:
        runs = []
        for _ in range(args.repeat):
            data = fresh_data(tmp)
            runs.append(timed(make_cmds(data), env))
        results[name] = (min(r[0] for r in runs), max(r[1] for r in runs))
        firsts[name] = runs[0][0]
        print(f"{name}: {results[name][0]:.2f} s (first {runs[0][0]:.2f} s)", file=sys.stderr)

    out = tmp / "reports"
    best(
        "indicators run --force --jobs 2",
        lambda d: [[indicators, "run", "--quiet", "--force", "--jobs", "2", "--data-dir", str(d), "--out", str(out)]],
    )
    best(
        "indicators run --force --jobs 1",
        lambda d: [[indicators, "run", "--quiet", "--force", "--jobs", "1", "--data-dir", str(d), "--out", str(out)]],
    )
    best("naive loop: papermill + jupyter nbconvert", lambda d: naive(tmp, d))
    best("floor: the notebooks' code as plain scripts", lambda d: scripts(tmp, d))
    # Rerun with nothing changed: same data folder as the last runner call, no kernel may start.
    data = fresh_data(tmp)
    subprocess.run(
        [indicators, "run", "--quiet", "--data-dir", str(data), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    noop = [
        timed([[indicators, "run", "--quiet", "--data-dir", str(data), "--out", str(out)]], env)[0]
        for _ in range(args.repeat)
    ]
    results["rerun, nothing changed"] = (min(noop), 0)

    run2 = results["indicators run --force --jobs 2"][0]
    naive_t = results["naive loop: papermill + jupyter nbconvert"][0]
    floor = results["floor: the notebooks' code as plain scripts"][0]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    lines = [
        "# Batch-run benchmark (seed year: 3 notebooks, zh-Hans)",
        "",
        f"Machine: {machine}. Best of {args.repeat} runs; `make bench` reproduces it.",
        "",
        "The first runner run of a fresh `reports/` folder also cuts the font subsets it then caches",
        "(`reports/.cache/fonts/`); the first-run column shows that cold start.",
        "",
        "| run | seconds (best) | seconds (first run) | peak RSS of one process (MiB) |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {t:.2f} | {firsts.get(name, t):.2f} | {m or '-'} |" for name, (t, m) in results.items()],
        "",
        f"- runner (2 jobs) vs naive loop: {naive_t / run2:.2f}× faster (goal ≥ 2.5×)",
        f"- runner (2 jobs) vs floor: {run2 / floor:.2f}× the floor (goal ≤ 1.3×)",
        f"- rerun with nothing changed: {min(noop):.2f} s (goal < 1 s, no kernel started)",
    ]
    lines.append(f"- cold first run (2 jobs) vs the floor: {firsts['indicators run --force --jobs 2'] / floor:.2f}×")
    text = "\n".join(lines) + "\n"
    (ROOT / "benchmarks" / "results.md").write_text(text, encoding="utf-8")
    print(text)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
