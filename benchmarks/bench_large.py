"""Benchmark extraction on a multi-megabyte report (the seed's body repeated): time and peak memory.

Run with `.venv/bin/python benchmarks/bench_large.py`; rewrites its section of benchmarks/results.md.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_file import stamp, write_section

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "reports" / "shuangliao" / "2023.txt"


def extract(path: Path, out: Path) -> tuple[float, int, int]:
    """Seconds, figures and peak RSS (MiB, the largest child so far) of `indicators extract` on one file."""
    start = time.perf_counter()
    cmd = [str(Path(sys.executable).parent / "indicators"), "extract", str(path), "--region", "big", "--year", "2023"]
    subprocess.run([*cmd, "--out", str(out)], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return seconds, sum(1 for _ in out.open(encoding="utf-8")) - 1, rss


def main() -> None:
    raw = SEED.read_text(encoding="utf-8")
    body = raw.split("\n", 1)[1].rsplit("\n", 1)[0]  # without the author line and the editor credit
    lines = ["| report size | seconds | figures | peak RSS (MiB) |", "|---:|---:|---:|---:|"]
    # One sentence listing N figures (选派3名、3名、…干部): the worst case for rules that look back over a sentence.
    listed = ["| figures in one sentence | seconds | per 1,000 figures |", "|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.csv"
        for copies in (1, 100, 600, 2000):
            path = Path(tmp) / f"big-{copies}.txt"
            path.write_text(raw.split("\n")[0] + "\n" + "\n".join([body] * copies) + "\n", encoding="utf-8")
            seconds, figures, rss = extract(path, out)
            lines.append(f"| {path.stat().st_size / 1e6:.2f} MB | {seconds:.1f} | {figures} | {rss} |")
        for n in (5_000, 10_000, 20_000, 40_000):
            path = Path(tmp) / f"list-{n}.txt"
            path.write_text("选派" + "、".join(["3名"] * n) + "干部。\n", encoding="utf-8")
            seconds, figures, _ = extract(path, out)
            listed.append(f"| {figures} | {seconds:.1f} | {1000 * seconds / n:.2f} |")
    text = (
        "## Extraction of large reports (`benchmarks/bench_large.py`, latest run)\n\n"
        + stamp()
        + "\n\n"
        + "\n".join(lines)
        + "\n\nOne long list (seconds include about 3 s of start-up):\n\n"
        + "\n".join(listed)
        + "\n"
    )
    print(text)
    write_section("bench_large", text)


if __name__ == "__main__":
    main()
