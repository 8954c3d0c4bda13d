"""Faults: a run killed with SIGKILL leaves every earlier output intact and no partial file; the next run
completes the work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import children, kernels_of

from helpers import paths

INDICATORS = str(Path(sys.executable).with_name("indicators"))
KILL_ON_RENAME = """
import os, signal, sys
real = os.replace
def replace(src, dst):
    if str(dst).endswith(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)  # the temporary file is written; the rename never happens
    return real(src, dst)
os.replace = replace
from helpers.cli import main
sys.exit(main(["build", "--data-dir", sys.argv[1]]))
"""


def visible_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


def assert_complete(folder: Path) -> None:
    """Every finished output parses as a whole file."""
    for p in visible_files(folder):
        if p.suffix == ".html":
            assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p
        elif p.suffix == ".ipynb":
            json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix == ".csv":
            pd.read_csv(p)


def test_sigkill_while_writing_processed_data_keeps_the_earlier_file(data_copy: Path):
    subprocess.run([INDICATORS, "build", "--data-dir", str(data_copy)], check=True, capture_output=True)
    target = paths.indicators_csv(data_copy)
    before = target.read_bytes()
    catalog = paths.catalog_path(data_copy)
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("Leaflets distributed", "Leaflets handed out"), encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-c", KILL_ON_RENAME, str(data_copy), "indicators.csv"], capture_output=True, check=False
    )
    assert proc.returncode == -signal.SIGKILL
    assert target.read_bytes() == before  # the earlier output, whole
    assert_complete(paths.processed_dir(data_copy))
    assert list(paths.processed_dir(data_copy).glob(".indicators.csv.*.tmp"))  # the half-done write, hidden
    subprocess.run([INDICATORS, "build", "--data-dir", str(data_copy)], check=True, capture_output=True)
    assert "Leaflets handed out" in target.read_text(encoding="utf-8")
    assert not list(paths.processed_dir(data_copy).rglob("*.tmp"))


@pytest.mark.notebooks
def test_sigkill_during_the_batch_then_a_rerun_completes(data_copy: Path, tmp_path: Path):
    out = tmp_path / "reports"
    proc = subprocess.Popen(
        [INDICATORS, "run", "--quiet", "--jobs", "2", "--data-dir", str(data_copy), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    first = out / "all" / "10-clean-indicators.zh-Hans.html"
    deadline = time.monotonic() + 120
    family: set[int] = set()
    while not first.exists() and proc.poll() is None and time.monotonic() < deadline:
        family |= children(proc.pid)  # the workers (and kernels) of this run, while they are alive
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers, in the middle of the per-report notebooks
    proc.wait()
    assert first.exists() and family
    assert_complete(out)
    assert_complete(paths.processed_dir(data_copy))
    for _ in range(100):  # kernels notice their worker is gone and exit (ipykernel's parent poller)
        if not kernels_of(family | {proc.pid}):
            break
        time.sleep(0.1)
    assert not kernels_of(family | {proc.pid})
    rerun = subprocess.run(
        [INDICATORS, "run", "--quiet", "--data-dir", str(data_copy), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "0 failed, 0 blocked" in rerun.stdout and not rerun.stdout.startswith("0 ran")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("✓ 最新") == 3
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".running.ipynb"))]
    assert_complete(out)


@pytest.mark.notebooks
def test_notebooks_survive_valid_edge_data(data_copy: Path, tmp_path: Path):
    """No figures at all, a count from 0 to 5, a region called `null`, `$…$` in a title, a catalog name `N/A`."""
    from helpers.runner import run
    from helpers.sources import register_report

    synthetic = Path(__file__).resolve().parent / "fixtures" / "synthetic"
    meta = {"organisation": "测试$单位", "synthetic": "true", "notes": "made up for tests; not real data"}
    register_report(
        data_copy,
        synthetic / "edge_nofigures_2023.txt",
        "nan",
        2023,
        meta | {"title": "$x^2$ 无数字", "region_zh": "无数镇", "region_en": "N/A"},
    )
    for year in (2022, 2023):
        register_report(
            data_copy,
            synthetic / f"edge_zero_{year}.txt",
            "null",
            year,
            meta | {"title": f"$1 {year}", "region_zh": "零镇", "region_en": "NULL"},
        )
    with paths.catalog_path(data_copy).open("a", encoding="utf-8") as fh:
        fh.write("service_stations_built,cadres,个,count,N/A,N/A,新建党群服务站\n")
    out = tmp_path / "reports"
    summary = run(data_dir=data_copy, out_dir=out, regions=["nan", "null"], langs=["zh-Hans", "en"], progress=False)
    assert not summary.failed, [(r.notebook, r.params, r.error) for r in summary.failed]
    zero = (tmp_path / "reports/null/2023/30-year-on-year.zh-Hans.html").read_text(encoding="utf-8")
    assert "零镇2023年 · 同比变化" in zero and "0个（2022年）" in zero and "5个（2023年）" in zero
    empty = (tmp_path / "reports/nan/2023/20-overview.en.html").read_text(encoding="utf-8")
    assert "N/A 2023 · The year at a glance" in empty
