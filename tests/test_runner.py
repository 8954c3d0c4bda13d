"""The batch runner: failure isolation, incremental reruns, byte-identical output, parameter checks, escaping."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA

from helpers import paths
from helpers.cli import main
from helpers.errors import InputError
from helpers.notebook_params import coerce, declared_parameters
from helpers.runner import run
from helpers.sources import register_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FAILING = FIXTURES / "notebooks" / "25-fails-on-purpose.ipynb"
# Stand-ins for a batch notebook and a page: the runner's mechanics without the project's notebooks (whose pages the
# tests of the seed, of a new year and of edge data build).
TINY = FIXTURES / "notebooks" / "tiny"


@pytest.fixture
def nb_dir(tmp_path: Path) -> Path:
    """The stand-in notebooks plus one that fails on purpose."""
    folder = tmp_path / "notebooks"
    shutil.copytree(TINY, folder)
    shutil.copy(FAILING, folder)
    return folder


@pytest.mark.notebooks
def test_a_failing_notebook_does_not_stop_the_others(data_copy, nb_dir, tmp_path, capsys, monkeypatch):
    out = tmp_path / "reports"
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # the kernels' home: they write no history there
    code = main(["run", "--quiet", "--data-dir", str(data_copy), "--out", str(out), "--notebooks", str(nb_dir)])
    assert code == 1
    err = capsys.readouterr().err
    assert "FAILED 25-fails-on-purpose (region=shuangliao, year=2023, lang=zh-Hans) at cell In [4]:" in err
    assert "ValueError: deliberate failure for shuangliao 2023" in err
    assert (out / "shuangliao/2023/20-page.zh-Hans.html").exists()  # the others completed
    assert (out / "all/10-batch.zh-Hans.html").exists()
    failed_html = (out / "shuangliao/2023/25-fails-on-purpose.zh-Hans.html").read_text(encoding="utf-8")
    assert "deliberate failure for shuangliao 2023" in failed_html and "the cell before the failure ran" in failed_html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "✗ 失败（单元格 In [4]）: ValueError: deliberate failure" in index
    assert not list((tmp_path / "ipython").rglob("history.sqlite"))
    # The failure is retried on the next run; the successes are not.
    again = run(data_dir=data_copy, out_dir=out, nb_dir=nb_dir, progress=False)
    assert {r.notebook: r.status for r in again.results} == {
        "10-batch": "skipped",
        "20-page": "skipped",
        "25-fails-on-purpose": "failed",
    }


@pytest.mark.notebooks
def test_same_inputs_give_byte_identical_reports_on_a_dask_cluster_and_changes_rerun(data_copy, tmp_path):
    """The same inputs built twice, the second time on a Dask LocalCluster (`--scheduler local`), give the same bytes;
    then only what changed reruns. (One test: each collection run costs seconds of kernels.)"""
    first, second = tmp_path / "a", tmp_path / "b"
    assert not run(data_dir=data_copy, out_dir=first, jobs=2, progress=False).failed
    on_dask = run(data_dir=data_copy, out_dir=second, jobs=2, progress=False, force=True, scheduler="local")
    assert [r.status for r in on_dask.results] == ["ok"] * 3
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.suffix in (".html", ".ipynb"))
    assert len(names) == 7  # index + 3 html + 3 ipynb
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # Nothing changed: nothing runs. A page emptied by hand: that page reruns. A changed catalog: everything reruns.
    assert {r.status for r in run(data_dir=data_copy, out_dir=first, progress=False).results} == {"skipped"}
    (first / "shuangliao/2023/20-overview.zh-Hans.html").write_text("")
    (first / "shuangliao/2023/30-year-on-year.zh-Hans.ipynb").write_text("")
    again = run(data_dir=data_copy, out_dir=first, progress=False).results
    assert sorted(r.notebook for r in again if r.status == "ok") == ["20-overview", "30-year-on-year"]
    page = Path("shuangliao/2023/20-overview.zh-Hans.html")
    assert (first / page).read_bytes() == (second / page).read_bytes()
    catalog = paths.catalog_path(data_copy)
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("Leaflets distributed", "Leaflets handed out"), encoding="utf-8"
    )
    assert {r.status for r in run(data_dir=data_copy, out_dir=first, progress=False).results} == {"ok"}


@pytest.mark.notebooks
def test_report_text_is_escaped_in_the_html(data_copy, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "聚力基层干部提能，开展<script>alert('x')</script>活动12场。<b>粗体</b>选派3名干部。\n", encoding="utf-8"
    )
    meta = {
        "title": "<script>alert('t')</script>",
        "organisation": "测试",
        "region_zh": "测试",
        "region_en": "Test",
        "synthetic": "true",
    }
    register_report(data_copy, hostile, "hostile", 2024, meta)
    out = tmp_path / "reports"
    summary = run(data_dir=data_copy, out_dir=out, regions=["hostile"], progress=False)
    assert not summary.failed
    for html in [out / "index.html", *out.joinpath("hostile").rglob("*.html")]:
        text = html.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>粗体" not in text, html
    overview = (out / "hostile/2024/20-overview.zh-Hans.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in overview or "&lt;script&gt;alert" in overview


def test_parameters_are_checked_before_any_kernel_starts(tmp_path):
    nb = paths.NOTEBOOKS_DIR / "30-year-on-year.ipynb"
    declared = declared_parameters(nb)
    assert coerce(nb, declared, {"year": "2024", "region": "0110"}) == {"year": 2024, "region": "0110"}
    with pytest.raises(InputError, match=r"parameter 'yaer': is not declared by 30-year-on-year\.ipynb"):
        coerce(nb, declared, {"yaer": 2024})
    with pytest.raises(InputError, match="parameter 'year': '20x4' is not a valid int"):
        coerce(nb, declared, {"year": "20x4"})
    with pytest.raises(InputError, match="parameter 'region': 110 is not a valid str"):
        coerce(nb, declared, {"region": 110})
    with pytest.raises(InputError, match="parameter 'lang': 'fr'"):
        coerce(nb, declared, {"lang": "fr"})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "basline_year=2021"], "parameter 'basline_year': is not declared by any selected notebook"),
        (["-p", "baseline_year=twenty"], "parameter 'baseline_year': 'twenty' is not a valid int"),
        (["-p", "year=2023"], "parameter 'year': is set by the runner; use --year"),
        (["-p", "nonsense"], "--param: 'nonsense' must look like NAME=VALUE"),
        (["--jobs", "0"], "--jobs: 0 must be at least 1"),
        (
            ["-p", "baseline_year=2019"],
            "parameter 'baseline_year': '2019' is not an earlier report year of shuangliao 2023; earlier years: none",
        ),
        (["-p", "baseline_year=-5"], "parameter 'baseline_year': '-5' is not an earlier report year of shuangliao"),
        (["-p", "baseline_year=+1999"], "parameter 'baseline_year': '+1999' is not an earlier report year"),
        (
            ["-p", "headline=typo"],
            "parameter 'headline': 'typo' is not a catalog id; ids: agency_cadres_in_communities",
        ),
        (["-p", "headline=", "-p", "headline=x"], "--param: 'headline' is given twice ('' and 'x')"),
    ],
)
def test_bad_run_parameters_exit_2_before_running(args, message, tmp_path, capsys):
    argv = ["run", "--quiet", "--data-dir", str(FIXTURE_DATA), "--out", str(tmp_path / "r"), *args]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(message)
    assert not (tmp_path / "r").exists()


@pytest.mark.notebooks
@pytest.mark.skipif(sys.platform != "linux", reason="the patch reaches workers only when they are forked")
def test_an_export_that_fails_is_reported_not_fatal(data_copy, tmp_path, monkeypatch):
    import helpers.export

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(helpers.export, "to_html", broken)  # workers are forked, so they inherit it
    out = tmp_path / "reports"
    summary = run(data_dir=data_copy, out_dir=out, notebook_names=["10-clean-indicators"], progress=False)
    (result,) = summary.results
    assert result.status == "failed" and result.error == "HTML export failed: RuntimeError: template exploded"
    page = (out / "all" / "10-clean-indicators.zh-Hans.html").read_text(encoding="utf-8")
    assert "HTML export failed" in page
    assert (out / "all" / "10-clean-indicators.zh-Hans.ipynb").exists()  # the executed notebook is kept


def test_a_plain_run_rebuilds_every_language_that_already_has_pages(tmp_path):
    from helpers.collection import languages_to_build

    assert languages_to_build(None, tmp_path / "none-yet") == ["zh-Hans"]
    page = tmp_path / "shuangliao" / "2023"
    page.mkdir(parents=True)
    (page / ".30-year-on-year.en.state.json").write_text('{"params": {"lang": "en"}}', encoding="utf-8")
    assert languages_to_build(None, tmp_path) == ["zh-Hans", "en"]  # en pages exist: they are kept current
    assert languages_to_build(["zh-Hant"], tmp_path) == ["zh-Hant"]  # asked for: only that
    assert languages_to_build(["all"], tmp_path) == ["zh-Hans", "zh-Hant", "en"]


@pytest.mark.notebooks
def test_the_index_marks_pages_whose_inputs_changed_as_out_of_date(data_copy, tmp_path):
    out, tiny = tmp_path / "reports", {"nb_dir": TINY, "progress": False}
    run(data_dir=data_copy, out_dir=out, **tiny)
    with paths.catalog_path(data_copy).open("a", encoding="utf-8") as fh:
        fh.write("new_indicator,cadres,名,count,新指标,A new indicator,从未出现的统计对象\n")
    # Only the batch notebook is rebuilt: the per-report page reads the catalog, now changed.
    run(data_dir=data_copy, out_dir=out, notebook_names=["10-batch"], **tiny)
    rows = re.findall(r'<tr class="(\w+)">.*?<a href="([^"]+)"', (out / "index.html").read_text(encoding="utf-8"))
    status = {href: cls for cls, href in rows}
    assert status == {"all/10-batch.zh-Hans.html": "ok", "shuangliao/2023/20-page.zh-Hans.html": "stale"}
    run(data_dir=data_copy, out_dir=out, **tiny)
    assert "stale" not in (out / "index.html").read_text(encoding="utf-8").split("<tbody>")[1]


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "nonsense", "http://example.com", "silent"])
def test_an_unreachable_scheduler_is_one_line(data_copy, tmp_path, capsys, monkeypatch, address):
    """Closed port, malformed address, wrong scheme, or a server that accepts and never answers (an HTTP port such
    as the dashboard's): one line, exit 2, never a hang or a traceback."""
    import socket

    from helpers import workers

    monkeypatch.setattr(workers, "SCHEDULER_TIMEOUT", 1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        if address == "silent":
            address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        out = str(tmp_path / "r")
        code = main(["run", "--quiet", "--data-dir", str(data_copy), "--out", out, "--force", "--scheduler", address])
    assert code == 2 and "--scheduler: cannot reach a Dask scheduler" in capsys.readouterr().err


def test_a_parameter_given_at_its_default_is_no_change(tmp_path):
    """-p baseline_year=0 is what the notebook does anyway: the same job (and fingerprint), so nothing reruns."""
    from helpers.collection import plan
    from helpers.sources import load_manifest

    reports, nbs = load_manifest(FIXTURE_DATA), [paths.NOTEBOOKS_DIR / "30-year-on-year.ipynb"]
    plain = plan(FIXTURE_DATA, tmp_path, reports, nbs, ["zh-Hans"])
    default = plan(FIXTURE_DATA, tmp_path, reports, nbs, ["zh-Hans"], {"baseline_year": "0"})
    assert plain == default and "baseline_year" not in plain[1][0].params


def test_a_scheduler_without_workers_is_one_line_not_a_wait(data_copy, tmp_path, capsys, monkeypatch):
    """A reachable scheduler that no worker has joined: one line, exit 2, within the deadline."""
    import asyncio
    import threading

    from distributed import Scheduler

    from helpers import workers

    monkeypatch.setattr(workers, "SCHEDULER_TIMEOUT", 2)
    ready, stop, box = threading.Event(), threading.Event(), {}

    def serve() -> None:
        async def main_loop() -> None:
            async with Scheduler(port=0, dashboard_address=None) as scheduler:
                box["address"] = scheduler.address
                ready.set()
                while not stop.is_set():
                    await asyncio.sleep(0.1)

        asyncio.run(main_loop())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(30)
    try:
        out = str(tmp_path / "r")
        code = main(["run", "--quiet", "--data-dir", str(data_copy), "--out", out, "--scheduler", box["address"]])
    finally:
        stop.set()
        thread.join(10)
    assert code == 2 and "has no worker" in capsys.readouterr().err


ORDERED = FIXTURES / "notebooks" / "ordered"  # stand-ins: a slow writer, a summary and a page reading its output


@pytest.mark.notebooks
def test_a_reader_runs_after_what_it_reads_is_written_and_only_a_failed_writer_blocks_it(data_copy, tmp_path):
    """The order comes from what the notebooks declare: a summary without region/year reading processed/ waits for
    the writer (which takes 3 s) as the pages do; when the writer fails, what reads its output is blocked and a
    notebook reading raw/ only still runs."""
    out = tmp_path / "reports"
    done = run(data_dir=data_copy, out_dir=out, nb_dir=ORDERED, progress=False, jobs=2)
    assert {r.notebook: r.status for r in done.results} == dict.fromkeys(
        ["10-writes", "15-summary", "16-raw-only", "20-page"], "ok"
    )
    again = run(data_dir=data_copy, out_dir=out, nb_dir=ORDERED, progress=False, jobs=2)
    assert {r.status for r in again.results} == {"skipped"}  # reading processed/ does not make a page always stale
    (paths.processed_dir(data_copy) / "written.zh-Hans.txt").unlink()
    failed = run(data_dir=data_copy, out_dir=out, nb_dir=ORDERED, progress=False, jobs=2, extra={"fail": "true"})
    outcome = {r.notebook: (r.status, r.error) for r in failed.results}
    assert outcome["10-writes"][0] == "failed" and "the writer failed on purpose" in outcome["10-writes"][1]
    assert outcome["15-summary"] == outcome["20-page"] == ("blocked", "not run: 10-writes failed")
    assert outcome["16-raw-only"][0] in ("ok", "skipped")


KERNEL_STATE = """import json, os, sys
import matplotlib as mpl, numpy as np, pandas as pd
print(json.dumps({
    "path": sys.path, "cwd": os.getcwd(), "argv0": os.path.basename(sys.argv[0]), "backend": mpl.get_backend(),
    "pandas": {k: repr(pd.get_option(k)) for k in pd._config.config._registered_options},
    "rc": {k: repr(v) for k, v in mpl.rcParams.items()}, "numpy": repr(np.get_printoptions()),
    "env": sorted(k for k in os.environ if k != "JPY_SESSION_NAME"), "stdout": type(sys.stdout).__name__,
}, sort_keys=True))"""

# Run in a process of its own: jupyter_core keeps an event loop per process, which processes forked later from
# this test process (the runner's workers) would inherit.
BOTH_KERNELS = """import asyncio, json, os, sys
import nbformat, papermill as pm
from jupyter_client.manager import AsyncKernelManager
from helpers.zygote import ForkingKernelManager, Zygote

notebook, out = sys.argv[1], sys.argv[2]
zygote = Zygote(("ipykernel.kernelapp", "pandas", "matplotlib.pyplot", "seaborn", "helpers.plots"), dict(os.environ))
states = []
try:
    for km in (AsyncKernelManager(kernel_name="python3"), ForkingKernelManager(zygote, kernel_name="python3")):
        asyncio.run(km.start_kernel(extra_arguments=["--HistoryManager.enabled=False"]))
        try:
            done = pm.execute_notebook(notebook, out, kernel_name="python3", progress_bar=False, km=km)
        finally:
            asyncio.run(km.shutdown_kernel(now=True))
        states.append(json.loads(done.cells[0].outputs[0]["text"]))
finally:
    zygote.close()
print(json.dumps(states))"""


@pytest.mark.notebooks
@pytest.mark.skipif(sys.platform != "linux", reason="kernels are forked from a zygote on Linux only")
def test_a_kernel_forked_from_the_zygote_is_the_kernel_a_fresh_start_gives(tmp_path):
    """The same import path, working folder, pandas and numpy print options, matplotlib settings and backend, and
    environment names (a page prints the same tables either way: Dask workers start kernels anew)."""
    import subprocess

    import nbformat

    notebook = tmp_path / "state.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KERNEL_STATE)]), notebook)
    script = tmp_path / "both.py"
    script.write_text(BOTH_KERNELS, encoding="utf-8")
    done = subprocess.run([sys.executable, script, notebook, tmp_path / "out.ipynb"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    fresh, forked = json.loads(done.stdout.splitlines()[-1])
    assert forked["backend"] == "module://matplotlib_inline.backend_inline"
    for key in fresh:
        assert forked[key] == fresh[key], key
