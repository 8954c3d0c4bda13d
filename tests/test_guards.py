"""Faults a careless user or an attacker finds (issue 12): each is answered with the right data or one clear line,
nothing is lost, and no process outlives its run. Every case here is a row of the README's table."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURE_DATA, children, kernels_of

from helpers import atomic, dataset, paths
from helpers.catalog import load_sections, section_of
from helpers.cli import main
from helpers.errors import InputError
from helpers.guards import exclusive
from helpers.kernel_files import kernel_files_dir
from helpers.textio import read_report

INDICATORS = str(Path(sys.executable).with_name("indicators"))
SEED = FIXTURE_DATA / "raw" / "reports" / "shuangliao" / "2023.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Two stand-in notebooks (a batch one, a per-report one) for tests of the runner's mechanics: what they test does
# not depend on the project's notebooks, and these start in a fraction of the time.
TINY = FIXTURES / "notebooks" / "tiny"


def test_extract_never_writes_onto_its_input_or_into_raw(tmp_path, capsys):
    report = tmp_path / "report.txt"
    shutil.copy(SEED, report)
    before = report.read_bytes()
    assert main(["extract", str(report), "--region", "x", "--year", "2023", "--out", str(report)]) == 2
    assert "is the input file itself" in capsys.readouterr().err and report.read_bytes() == before
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA / "raw", data / "raw")
    into_raw = data / "raw" / "out.csv"
    args = ["extract", str(report), "--region", "x", "--year", "2023", "--data-dir", str(data), "--out", str(into_raw)]
    assert main(args) == 2 and not into_raw.exists()
    assert "holds the raw inputs" in capsys.readouterr().err


def test_cleanup_removes_only_the_projects_own_leftovers(tmp_path):
    mine = tmp_path / ".notes.tmp"  # a user's own hidden file
    mine.write_text("keep me")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / "sub" / f".indicators.csv.{atomic.TAG}-{dead.pid}-abc.tmp"
    leftover.parent.mkdir()
    leftover.write_text("half")
    live = tmp_path / f".x.csv.{atomic.TAG}-{os.getpid()}-abc.tmp"  # a write still going on (this process)
    live.write_text("busy")
    assert atomic.remove_leftovers(tmp_path) == [leftover]
    assert mine.exists() and live.exists() and not leftover.exists()


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/urandom", "folder"])
def test_special_files_are_refused_at_once(tmp_path, special):
    if special == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path
    else:
        path = Path(special)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(_refusal(path)), daemon=True)
    worker.start()
    worker.join(timeout=20)  # a read that blocks (FIFO) or never ends (/dev/zero) would hang here
    assert outcome and isinstance(outcome[0], InputError), outcome


def _refusal(path: Path) -> object:
    try:
        return read_report(path)
    except InputError as exc:
        return exc


def test_nul_bytes_anywhere_mean_a_binary_file(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("培训党员120名。".encode() * 1000 + b"\x00" + "开展活动30场。".encode())
    with pytest.raises(InputError, match="NUL byte at byte 21000"):
        read_report(path)


def test_one_long_line_is_read_in_bounded_windows(reference):
    text = "培训党员120名开展活动30场" * 5000  # 75 000 characters, no clause punctuation at all
    result = dataset.extract_text(text, "x", 2023, reference, [], "x.txt", "utf-8", "", "")
    assert len(result.rows) == 10_000
    assert result.rows["source_phrase"].str.len().max() <= 130 and max(map(len, result.contexts)) <= 130


def test_a_catastrophic_heading_pattern_is_refused_not_waited_for(tmp_path):
    sections = tmp_path / "sections.csv"
    sections.write_text(
        "section_id,order,heading_pattern,name_zh,name_en\nintro,0,,引言,Intro\nother,9,,其他,Other\n"
        "slow,1,(a|aa)+$,慢,Slow\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    with pytest.raises(InputError, match="backtracks without end"):
        section_of("a" * 40 + "!", load_sections(sections))
    assert time.monotonic() - started < 10
    assert section_of("(?i) is fine", []) is None and load_sections(sections)  # (?i) etc. compile as written


def test_csv_cells_that_look_like_formulas_are_escaped_and_read_back(data_copy):
    report = data_copy / "raw" / "reports" / "shuangliao" / "2023.txt"
    evil = data_copy.parent / "evil.txt"
    evil.write_text("=HYPERLINK(1)培训党员120名。\n@SUM(1)开展活动30场。\n", encoding="utf-8")
    from helpers.sources import register_report

    register_report(
        data_copy,
        evil,
        "evil",
        2023,
        {"title": "t", "organisation": "o", "region_zh": "恶", "region_en": "E", "synthetic": "true"},
    )
    indicators, repairs, per, links = dataset.build(data_copy)
    dataset.write(data_copy, indicators, repairs, per, links)
    raw_csv = pd.read_csv(paths.indicators_csv(data_copy), dtype=str, keep_default_na=False)
    cells = raw_csv.to_numpy().ravel().tolist()
    assert not [c for c in cells if c.startswith(("=", "@", "+"))] and any(c.startswith("'=") for c in cells)
    back = dataset.load_indicators(data_copy)
    assert any(str(p).startswith("=HYPERLINK") for p in back["source_phrase"])
    assert report.exists()


@pytest.mark.notebooks
def test_a_second_run_on_the_same_folder_is_refused_with_one_line(data_copy, tmp_path, capsys):
    out = tmp_path / "reports"
    with exclusive(out, "a run"):
        code = main(["run", "--quiet", "--data-dir", str(data_copy), "--out", str(out)])
    assert code == 2
    assert "another `indicators run` into this reports folder is already in progress" in capsys.readouterr().err


def test_eight_registrations_at_once_lose_no_row(data_copy, tmp_path):
    procs = []
    for i in range(8):
        text = tmp_path / f"r{i}.txt"
        text.write_text(f"培训党员{100 + i}名。\n", encoding="utf-8")
        procs.append(
            subprocess.Popen(
                [
                    INDICATORS,
                    "register",
                    str(text),
                    "--region",
                    f"town{i}",
                    "--year",
                    "2023",
                    "--title",
                    "t",
                    "--organisation",
                    "o",
                    "--region-zh",
                    "镇",
                    "--region-en",
                    "Town",
                    "--synthetic",
                    "--data-dir",
                    str(data_copy),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    assert [p.wait(timeout=120) for p in procs] == [0] * 8, [p.stderr.read() for p in procs]
    manifest = paths.manifest_path(data_copy).read_text(encoding="utf-8")
    assert all(f"town{i},2023" in manifest for i in range(8))


def test_a_refused_registration_leaves_nothing_behind(data_copy, tmp_path, capsys):
    text = tmp_path / "r.txt"
    text.write_text("培训党员100名。\n", encoding="utf-8")
    before = paths.manifest_path(data_copy).read_bytes()
    args = [
        "register",
        str(text),
        "--region",
        "newtown",
        "--year",
        "2023",
        "--title",
        "t",
        "--organisation",
        "o",
        "--region-zh",
        "镇",
        "--region-en",
        "Town",
        "--published",
        "2023-13-45",
        "--data-dir",
        str(data_copy),
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "nothing was registered" in err and "manifest.csv:" not in err
    assert paths.manifest_path(data_copy).read_bytes() == before
    assert not (data_copy / "raw" / "reports" / "newtown").exists()


def test_a_mistyped_data_dir_starts_no_new_tree(tmp_path, capsys):
    text = tmp_path / "r.txt"
    text.write_text("培训党员100名。\n", encoding="utf-8")
    wrong = tmp_path / "dta"
    args = [
        "register",
        str(text),
        "--region",
        "t",
        "--year",
        "2023",
        "--title",
        "t",
        "--organisation",
        "o",
        "--region-zh",
        "镇",
        "--region-en",
        "Town",
        "--data-dir",
        str(wrong),
    ]
    assert main(args) == 2 and not wrong.exists()
    capsys.readouterr()
    assert main(["run", "--quiet", "--data-dir", str(wrong), "--out", str(tmp_path / "r")]) == 2
    assert not wrong.exists() and capsys.readouterr().err.startswith(f"--data-dir: {wrong} is not a data folder")


@pytest.mark.parametrize("case", ["missing", "empty-folder", "empty-file", "not-json"])
def test_a_bad_notebook_folder_or_file_is_one_line_and_exit_2(data_copy, tmp_path, capsys, case):
    folder = tmp_path / "nbs"
    if case != "missing":
        folder.mkdir()
    if case == "empty-file":
        (folder / "10-broken.ipynb").write_text("")
    if case == "not-json":
        (folder / "10-broken.ipynb").write_text('{"cells": [')
    code = main(
        ["run", "--quiet", "--data-dir", str(data_copy), "--out", str(tmp_path / "r"), "--notebooks", str(folder)]
    )
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_an_unwritable_reports_folder_is_refused_before_any_kernel(data_copy, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["run", "--quiet", "--data-dir", str(data_copy), "--out", str(blocker / "reports")]) == 2
    assert "cannot be created" in capsys.readouterr().err


@pytest.mark.notebooks
def test_a_notebook_that_never_ends_is_stopped_by_the_timeout(data_copy, tmp_path):
    """One notebook loops without end, one prints without end: the timeout stops the first, the print cap the
    second long before it (its kernel would otherwise grow by gigabytes), and the other pages complete."""
    folder = tmp_path / "nbs"
    shutil.copytree(TINY, folder)
    shutil.copy(FIXTURES / "notebooks" / "26-never-ends.ipynb", folder)
    shutil.copy(FIXTURES / "notebooks" / "27-prints-forever.ipynb", folder)
    started = time.monotonic()
    proc = subprocess.run(
        [
            INDICATORS,
            "run",
            "--quiet",
            "--data-dir",
            str(data_copy),
            "--out",
            str(tmp_path / "r"),
            "--notebooks",
            str(folder),
            "--timeout",
            "8",  # a cell of the stand-in notebooks takes milliseconds
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 1 and "FAILED 26-never-ends" in proc.stderr and "Timeout" in proc.stderr
    assert "FAILED 27-prints-forever" in proc.stderr and "PrintLimitExceeded: the notebook printed more" in proc.stderr
    assert "2 ran" in proc.stdout and time.monotonic() - started < 300  # the two others completed


@pytest.mark.notebooks
@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "SIGKILL", "SIGTERM twice"])
def test_killing_the_runner_leaves_no_worker_or_kernel_running(data_copy, tmp_path, how):
    """…nor its kernels' connection files: SIGTERM and SIGHUP stop it as Ctrl-C does, a second SIGTERM does not cut
    the cleanup the first started short, and after SIGKILL the next run removes what the killed one left."""
    out = tmp_path / "reports"
    tiny = ["--notebooks", str(TINY)]  # the runner's mechanics: stand-ins, the page waiting until it is killed
    cmd = [INDICATORS, "run", "--quiet", "--jobs", "2", "--data-dir", str(data_copy), "--out", str(out), *tiny]
    proc = subprocess.Popen(
        [*cmd, "-p", "nap=120"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while not kernels_of(workers) and proc.poll() is None and time.monotonic() < deadline:
        workers = children(proc.pid)
        time.sleep(0.05)
    assert kernels_of(workers), "the pool had not started"
    os.kill(proc.pid, getattr(signal, how.split()[0]))  # the runner only, not its process group
    if how.endswith("twice"):
        time.sleep(0.05)  # while the first one's cleanup runs
        os.kill(proc.pid, signal.SIGTERM)
    code = proc.wait(timeout=60)
    assert code == (-signal.SIGKILL if how == "SIGKILL" else 130), proc.stderr.read()
    assert (how == "SIGKILL") == kernel_files_dir(proc.pid).exists()
    for _ in range(20):  # killed by the kernel, not left to notice (a booting kernel noticed after 3-11 s)
        alive = [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in _state(w)]
        if not alive and not kernels_of(workers):
            break
        time.sleep(0.1)
    assert not alive and not kernels_of(workers)
    assert main(["run", "--quiet", "--data-dir", str(data_copy), "--out", str(out), *tiny]) == 0  # the rerun completes
    assert not kernel_files_dir(proc.pid).exists()


@pytest.mark.skipif(sys.platform != "linux", reason="the death signal is Linux's (prctl)")
def test_a_kernel_whose_worker_died_while_it_was_forked_exits_before_it_runs():
    """The kernel's death signal is set in the child after the fork: a worker killed in between never sends it, so
    the child checks its parent is still the worker, and exits at once (the kill test met such a kernel alive)."""
    code = (
        "import functools, os, subprocess, sys\n"
        "from helpers import workers\n"
        "workers._die_with_parent(os.getppid())\n"
        "die = workers._WORKER['die']\n"
        "run = [sys.executable, '-c', 'print(\"ran\")']\n"
        "for parent in (os.getpid(), 1):  # the worker itself, then a parent that is no longer the worker\n"
        "    p = subprocess.run(run, preexec_fn=functools.partial(die, parent), capture_output=True, text=True)\n"
        "    print(p.returncode, p.stdout.strip() or '-')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split("\n")[:2] == ["0 ran", "1 -"], out.stderr


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


def test_link_decisions_recorded_at_once_lose_no_row(data_copy):
    from helpers.decisions import append_decisions

    def record(i: int) -> None:
        append_decisions(data_copy, [("shuangliao", 2023, f"短语{i}", 2022, f"旧短语{i}", "same")], note=f"n{i}")

    threads = [threading.Thread(target=record, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    text = paths.decisions_path(data_copy).read_text(encoding="utf-8")
    assert all(f"短语{i}," in text for i in range(8))


def test_outputs_never_replace_a_device_a_pipe_or_the_other_output(tmp_path, capsys):
    report = tmp_path / "r.txt"
    shutil.copy(SEED, report)
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    base = ["extract", str(report), "--region", "x", "--year", "2023"]
    assert main([*base, "--out", str(pipe)]) == 2 and "not a regular file" in capsys.readouterr().err
    same = tmp_path / "both.csv"
    assert main([*base, "--out", str(same), "--repairs", str(same)]) == 2 and not same.exists()
    assert "also --out" in capsys.readouterr().err


def test_a_pipe_among_the_raw_reports_is_refused_not_read(data_copy, capsys):
    os.mkfifo(data_copy / "raw" / "reports" / "shuangliao" / "2024.txt")
    with (paths.manifest_path(data_copy)).open("a", encoding="utf-8") as fh:
        fh.write("shuangliao,2024,双辽市,Shuangliao,,,t,,o,,,2026-11-27," + "0" * 64 + ",true,\n")
    outcome: list[int] = []
    worker = threading.Thread(target=lambda: outcome.append(main(["check", "--data-dir", str(data_copy)])), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert outcome == [2] and "is not a regular file" in capsys.readouterr().err


@pytest.mark.notebooks
def test_reports_are_never_written_into_the_data_folder(data_copy, capsys):
    for inside in ("raw", "processed/site"):
        out = data_copy / inside
        assert main(["run", "--quiet", "--data-dir", str(data_copy), "--out", str(out)]) == 2
        assert "write the reports elsewhere" in capsys.readouterr().err
    assert not (data_copy / "raw" / "index.html").exists()
    # A folder that is or holds the data, the notebooks or the code: a run would clean up and write all over it.
    for out, held in (
        ("/", data_copy),
        (data_copy, data_copy),
        (data_copy.parent, data_copy),
        (paths.PROJ_ROOT, paths.NOTEBOOKS_DIR),
        (paths.PROJ_ROOT / "src", paths.PROJ_ROOT / "src" / "helpers"),
    ):
        assert main(["run", "--quiet", "--data-dir", str(data_copy), "--out", str(out)]) == 2
        assert f"{held}; give the reports a folder of their own" in capsys.readouterr().err
    assert not (data_copy / "index.html").exists() and not (data_copy.parent / "index.html").exists()


def test_a_decision_for_a_year_without_a_report_is_a_warning_not_a_crash(data_copy):
    from helpers.decisions import append_decisions

    append_decisions(data_copy, [("shuangliao", 2031, "无此短语", 2030, "旧", "same")])
    with pytest.warns(UserWarning, match="decision not applied"):
        indicators, *_ = dataset.build(data_copy)
    assert len(indicators) == 59


def test_a_parameter_default_that_is_not_a_literal_is_one_line(data_copy, tmp_path, capsys):
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = json.loads((paths.NOTEBOOKS_DIR / "20-overview.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = "region: str = open('x').read()  # not a literal\n"
    (folder / "20-overview.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    code = main(
        ["run", "--quiet", "--data-dir", str(data_copy), "--out", str(tmp_path / "r"), "--notebooks", str(folder)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "the default must be a literal" in err and "Traceback" not in err


def test_titles_that_look_like_formulas_stay_text_in_the_manifest(data_copy, tmp_path):
    from helpers.sources import load_manifest, register_report

    text = tmp_path / "r.txt"
    text.write_text("培训党员100名。\n", encoding="utf-8")
    meta = {"title": "=HYPERLINK(1)", "organisation": "@o", "region_zh": "镇", "region_en": "T", "synthetic": "true"}
    register_report(data_copy, text, "town", 2023, meta)
    assert ",'=HYPERLINK(1),," in paths.manifest_path(data_copy).read_text(encoding="utf-8")
    report = next(r for r in load_manifest(data_copy) if r.region == "town")
    assert report.meta["title"] == "=HYPERLINK(1)" and report.meta["organisation"] == "@o"


def test_a_long_run_of_numerals_is_not_read_again_from_each_character(reference):
    text = "一二三四五六七八九十百千万" * 2000  # 26 000 numerals and nothing else
    from helpers.extraction import FIGURE_RE

    assert all(len(m["num"]) <= 16 for m in FIGURE_RE.finditer(text + "名"))
    with pytest.warns(dataset.NoFiguresWarning, match="x.txt: no numeric indicator found"):
        assert dataset.extract_text(text, "x", 2023, reference, [], "x.txt", "utf-8", "", "").rows.empty


@pytest.mark.notebooks
def test_outputs_that_cannot_be_written_mid_run_are_named_and_the_rerun_completes(data_copy, tmp_path):
    """A full disk met while pages are written (simulated by a file-size limit that every page exceeds): each page
    fails with the file it could not write, no temporary file is left, and the next run builds everything."""
    import resource

    def small_files_only() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    out = tmp_path / "reports"
    cmd = [INDICATORS, "run", "--quiet", "--jobs", "2", "--data-dir", str(data_copy), "--out", str(out)]
    cmd += ["--notebooks", str(TINY)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, preexec_fn=small_files_only, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    failed = [line for line in proc.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 2 and all("File too large" in line and ".html'" in line for line in failed)
    assert not [p for p in out.rglob("*") if "~ind" in p.name]
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0 and "2 ran" in again.stdout


def test_an_output_that_is_a_symbolic_link_is_refused_and_the_link_kept(data_copy, tmp_path, capsys):
    """An atomic write replaces what it writes to: through a link (`--out /dev/stdout` as root) it would replace the
    link itself, for every user of it."""
    report = tmp_path / "r.txt"
    shutil.copy(SEED, report)
    target = tmp_path / "target.csv"
    target.write_text("mine\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    base = ["extract", str(report), "--region", "x", "--year", "2023"]
    assert main([*base, "--out", str(link)]) == 2 and "--out: " in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "o.csv"), "--repairs", str(link)]) == 2
    assert "--repairs: " in capsys.readouterr().err
    compare = ["compare", "--region", "shuangliao", "--year", "2023", "--data-dir", str(data_copy)]
    assert main([*compare, "--out", str(link)]) == 2 and "is a symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and target.read_text() == "mine\n"


def test_a_corrections_file_named_but_missing_is_an_error(tmp_path, capsys):
    report = tmp_path / "r.txt"
    shutil.copy(SEED, report)
    missing = tmp_path / "typo.csv"
    args = ["extract", str(report), "--region", "x", "--year", "2023", "--out", str(tmp_path / "o.csv")]
    assert main([*args, "--corrections", str(missing)]) == 2
    assert f"{missing}: no such file" in capsys.readouterr().err and not (tmp_path / "o.csv").exists()


def test_a_link_decision_is_checked_before_it_is_written(data_copy, capsys):
    """Blank phrases, phrases that name no figure, a contradiction of an earlier decision and an unknown region are
    refused with one line; links.csv is written only for a decision that names one figure on each side."""
    from helpers.sources import register_report

    meta = {"title": "合成", "organisation": "测试", "synthetic": "true"}
    register_report(data_copy, FIXTURES / "synthetic" / "shuangliao_2024.txt", "shuangliao", 2024, meta)
    link = ["link", "--data-dir", str(data_copy), "--region", "shuangliao", "--year", "2024"]
    pair = ["新建口袋公园5个", "开展党性教育20批次"]
    before = paths.decisions_path(data_copy).read_bytes()
    for args, said in (
        (["--same", " ", "x"], "a phrase is empty"),
        (["--same", "没有这句话9个", pair[1]], "matches no figure of shuangliao 2024"),
        (["--same", pair[0], "没有这句话9个"], "matches no figure of shuangliao 2023"),
    ):
        assert main([*link, *args]) == 2 and said in capsys.readouterr().err
    assert paths.decisions_path(data_copy).read_bytes() == before
    assert main([*link, "--different", *pair]) == 0
    assert main([*link, "--same", *pair]) == 2 and "already says 'different'" in capsys.readouterr().err
    assert main(["link", "--data-dir", str(data_copy), "--region", "nowhere"]) == 2
    assert "unknown region 'nowhere'" in capsys.readouterr().err


@pytest.mark.notebooks
@pytest.mark.skipif(sys.platform != "linux", reason="the notebook finds its worker in /proc")
def test_a_worker_killed_mid_run_costs_only_its_own_page(data_copy, tmp_path):
    """A notebook whose worker is killed (here: it kills it itself, as the OOM killer would) breaks the process
    pool; the pages that shared the pool are run again and complete, and the killer fails alone, saying why."""
    folder = tmp_path / "nbs"
    shutil.copytree(TINY, folder)
    shutil.copy(FIXTURES / "notebooks" / "28-kills-its-worker.ipynb", folder)
    cmd = [INDICATORS, "run", "--quiet", "--data-dir", str(data_copy), "--out", str(tmp_path / "r")]
    proc = subprocess.run(
        [*cmd, "--notebooks", str(folder), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    failed = [line for line in proc.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "28-kills-its-worker" in failed[0] and "died twice" in failed[0], proc.stderr
    assert "2 ran" in proc.stdout


@pytest.mark.notebooks
def test_a_planted_connection_file_folder_is_not_used(data_copy, tmp_path):
    """The folder's name is predictable: a link planted there (to a folder another user could read) is not used."""
    planted, target = kernel_files_dir(os.getpid()), tmp_path / "elsewhere"
    target.mkdir()
    planted.symlink_to(target)
    try:
        argv = ["run", "--quiet", "--data-dir", str(data_copy), "--out", str(tmp_path / "r"), "--notebooks", str(TINY)]
        assert main(argv) == 0
        assert planted.is_symlink() and not list(target.iterdir())  # no key written through the link, link kept
    finally:
        planted.unlink()
