"""Benchmark extraction on a multi-megabyte report (the seed's body repeated): time and peak memory.

Run with `.venv/bin/python benchmarks/bench_large.py`; appends its table to benchmarks/results.md.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "reports" / "shuangliao" / "2023.txt"


def main() -> None:
    raw = SEED.read_text(encoding="utf-8")
    body = raw.split("\n", 1)[1].rsplit("\n", 1)[0]  # without the author line and the editor credit
    lines = ["| report size | seconds | figures | peak RSS (MiB) |", "|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, 100, 600, 2000):
            path = Path(tmp) / f"big-{copies}.txt"
            path.write_text(raw.split("\n")[0] + "\n" + "\n".join([body] * copies) + "\n", encoding="utf-8")
            out = Path(tmp) / "out.csv"
            start = time.perf_counter()
            subprocess.run(
                [
                    str(Path(sys.executable).parent / "indicators"),
                    "extract",
                    str(path),
                    "--region",
                    "big",
                    "--year",
                    "2023",
                    "--out",
                    str(out),
                ],
                check=True,
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
            figures = sum(1 for _ in out.open(encoding="utf-8")) - 1
            lines.append(f"| {path.stat().st_size / 1e6:.2f} MB | {seconds:.1f} | {figures} | {rss} |")
    text = "\n## Extraction of large reports (`benchmarks/bench_large.py`)\n\n" + "\n".join(lines) + "\n"
    print(text)
    with (ROOT / "benchmarks" / "results.md").open("a", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    main()
