"""The `indicators` command: output files, one-line errors, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURE_DATA, SYNTHETIC, SYNTHETIC_SHUANGLIAO

from helpers import paths
from helpers.cli import main

SEED = paths.report_text_path("shuangliao", 2023, FIXTURE_DATA)
CORRECTIONS = paths.corrections_path("shuangliao", 2023, FIXTURE_DATA)
REQUIRED = [
    "region",
    "year",
    "period",
    "section",
    "indicator_id",
    "name_zh",
    "name_en",
    "value",
    "unit",
    "qualifier",
    "number_as_written",
    "source_phrase",
]


def test_extract_writes_the_seed_indicators(tmp_path: Path, capsys):
    out = tmp_path / "out.csv"
    code = main(
        [
            "extract",
            str(SEED),
            "--region",
            "shuangliao",
            "--year",
            "2023",
            "--out",
            str(out),
            "--corrections",
            str(CORRECTIONS),
            "--repairs",
            str(tmp_path / "repairs.csv"),
        ]
    )
    assert code == 0
    df = pd.read_csv(out)
    assert set(REQUIRED) <= set(df.columns) and len(df) == 59
    assert "59 indicators (0 not in the catalog), read as utf-8" in capsys.readouterr().out
    assert (pd.read_csv(tmp_path / "repairs.csv")["status"] == "corrected").sum() == 2


def test_build_writes_processed_data(data_copy: Path):
    assert main(["build", "--data-dir", str(data_copy)]) == 0
    df = pd.read_csv(paths.indicators_csv(data_copy))
    assert len(df) == 59 and not list(data_copy.joinpath("processed").rglob("*.tmp"))
    assert paths.cleaned_text_path("shuangliao", 2023, data_copy).read_text(encoding="utf-8").startswith("近年来")


BASELINE_2023 = ["--baseline-year", "2023", "--out", "c.csv"]
BASELINE_2020 = ["--baseline-year", "2020", "--out", "c.csv"]


@pytest.mark.parametrize(
    ("argv", "starts"),
    [
        (["extract", "missing.txt", "--region", "x", "--year", "2023", "--out", "o.csv"], "missing.txt: no such file"),
        (["extract", str(SEED), "--region", "x", "--year", "20x3", "--out", "o.csv"], "indicators extract: argument"),
        (["run", "--region", "nowhere"], "region: unknown region 'nowhere'; available: shuangliao"),
        (["run", "--year", "1999"], "year: no report for 1999; available years: 2023"),
        (["run", "--lang", "fr"], "--lang: 'fr' is not one of zh-Hans, zh-Hant, en"),
        (["run", "--notebook", "99-nothing"], "--notebook: unknown notebook '99-nothing'"),
        (
            ["compare", "--data-dir", str(FIXTURE_DATA), "--region", "shuangliao", "--year", "2023", *BASELINE_2023],
            "--baseline-year: 2023 is not before 2023",
        ),
        (
            ["compare", "--data-dir", str(FIXTURE_DATA), "--region", "shuangliao", "--year", "2023", *BASELINE_2020],
            "--baseline-year: 2020 is not an earlier report year of shuangliao; earlier: none",
        ),
        (["extract", str(SEED), "--region", "all", "--year", "2023", "--out", "o.csv"], "indicators extract: argument"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, starts, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) if "20x3" in argv or "all" in argv else _nothing():
        run = ["run", "--data-dir", str(FIXTURE_DATA), "--out", str(tmp_path / "r"), *argv[1:]]
        code = main(run if argv[0] == "run" else argv)
        assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(starts) and err.count("\n") == 1 and "Traceback" not in err


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("indicators")
    return subprocess.run(
        [str(exe if exe.exists() else shutil.which("indicators")), *args], capture_output=True, text=True, check=False
    )


def test_console_script_reports_bad_input_without_traceback(tmp_path: Path):
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("选派207名干部".encode("utf-16"))
    extract = ["extract", str(utf16), "--region", "x", "--year", "2023", "--out", str(tmp_path / "o.csv")]
    proc = _console(*extract)
    assert proc.returncode == 2
    assert proc.stderr == f"{utf16}: is UTF-16; save it as UTF-8 (or GBK/Big5) and try again\n"
    assert not (tmp_path / "o.csv").exists()
    debug = _console("--debug", *extract)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_check_validates_everything(capsys):
    assert main(["check", "--data-dir", str(FIXTURE_DATA)]) == 0
    assert "ok: 1 reports with matching checksums, 58 catalog indicators" in capsys.readouterr().out


def test_check_names_a_region_that_no_report_has(data_copy: Path, capsys):
    # a misspelled region in regions.csv or in sections.csv's regions column applies to nothing: check says so
    paths.regions_path(data_copy).write_text("region,headline\nshuangliaoo,\n", encoding="utf-8")
    sections = paths.sections_path(data_copy)
    header, *rows = sections.read_text(encoding="utf-8").splitlines()
    lines = [f"{header},regions", *(f"{r}," for r in rows), "x,9,^某某,某某,Something,nowhere"]
    sections.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", "--data-dir", str(data_copy)]) == 0
    err = capsys.readouterr().err
    assert "regions.csv: region 'shuangliaoo' has no registered report" in err and "did you mean 'shuangliao'?" in err
    assert (
        "sections.csv: region 'nowhere' has no registered report" in err and "regions with reports: shuangliao" in err
    )


def test_check_passes_on_the_live_data(capsys):
    assert main(["check"]) == 0  # live data: rules only (whatever a user has added)
    assert capsys.readouterr().out.startswith("ok: ")


def test_extract_of_a_registered_report_applies_its_corrections_and_says_so(data_copy: Path, tmp_path: Path, capsys):
    raw = paths.report_text_path("shuangliao", 2023, data_copy)
    out = tmp_path / "x.csv"
    args = ["extract", str(raw), "--region", "shuangliao", "--year", "2023", "--out", str(out)]
    assert main([*args, "--data-dir", str(data_copy)]) == 0
    said = capsys.readouterr().out
    assert "59 indicators" in said and "corrections applied from" in said and "2023.corrections.csv" in said


def test_compare_writes_comparisons_and_suggestions(data_copy: Path, tmp_path: Path, capsys):
    from helpers.sources import register_report

    meta = {
        "title": "合成",
        "organisation": "测试",
        "region_zh": "甲省",
        "region_en": "A province",
        "synthetic": "true",
    }
    for year in (2022, 2023):
        register_report(data_copy, SYNTHETIC / f"province_{year}.txt", "province", year, meta)
    out = tmp_path / "c.csv"
    argv = ["compare", "--region", "province", "--year", "2023", "--data-dir", str(data_copy), "--out", str(out)]
    assert main(argv) == 0
    df = pd.read_csv(out)
    need = [
        "region",
        "year",
        "previous_year",
        "indicator",
        "value",
        "previous_value",
        "unit",
        "change",
        "change_unit",
        "link",
        "confidence",
        "review",
        "source_phrase",
        "previous_source_phrase",
    ]
    assert set(need) <= set(df.columns) and len(df) == 23 and not df["review"].any()
    row = df.set_index("phrase").loc["占26.7%"]
    assert (row["previous_value"], row["value"], row["change_unit"]) == (26.4, 26.7, "个百分点")
    assert abs(row["change"] - 0.3) < 1e-9 and row["link"] == "auto" and 0.62 <= row["confidence"] <= 1
    assert "23 comparisons, 0 suggestions" in capsys.readouterr().out


def register_training_2024(data_dir: Path, tmp_path: Path) -> None:
    """A made-up Shuangliao 2024 whose one figure (培训3500余人次) the linker only suggests pairing with 2023's."""
    from helpers.sources import register_report

    meta = SYNTHETIC_SHUANGLIAO
    (tmp_path / "2024.txt").write_text("聚力支部建设提标。全年举办党员培训3500余人次。\n", encoding="utf-8")
    register_report(data_dir, tmp_path / "2024.txt", "shuangliao", 2024, meta)


def test_link_records_a_decision_that_the_next_build_applies(data_copy: Path, tmp_path: Path, capsys):
    register_training_2024(data_copy, tmp_path)
    assert main(["link", "--data-dir", str(data_copy)]) == 0
    listing = capsys.readouterr().out
    assert "1. shuangliao 2024 ← 2023" in listing and "now:    全年举办党员培训3500余人次" in listing
    assert main(["link", "--data-dir", str(data_copy), "--accept", "1", "--note", "same training"]) == 0
    decisions = pd.read_csv(paths.decisions_path(data_copy), dtype=str)
    assert decisions.iloc[-1].tolist()[-2:] == ["same", "same training"]
    out = tmp_path / "c.csv"
    main(["compare", "--region", "shuangliao", "--year", "2024", "--data-dir", str(data_copy), "--out", str(out)])
    row = pd.read_csv(out).iloc[0]
    assert (row["previous_value"], row["value"], row["link"], bool(row["review"])) == (3200, 3500, "confirmed", False)


def test_register_for_a_known_region_takes_its_names_from_the_earlier_row(data_copy: Path):
    argv = ["register", str(SYNTHETIC / "shuangliao_2024.txt"), "--region", "shuangliao", "--year", "2024"]
    assert main([*argv, "--title", "合成", "--synthetic", "--data-dir", str(data_copy)]) == 0
    row = pd.read_csv(paths.manifest_path(data_copy), dtype=str).iloc[-1]
    assert (row["region_zh"], row["organisation"], row["synthetic"]) == ("双辽市", "中共双辽市委组织部", "true")
    new = ["register", str(SYNTHETIC / "county_2024.txt"), "--region", "county", "--year", "2024", "--title", "x"]
    assert main([*new, "--data-dir", str(data_copy)]) == 2  # a new region must be named


def test_the_yearly_routine_leaves_the_rule_checks_green(data_copy: Path, tmp_path: Path, capsys):
    """The README's routine on a copy: register a reworded next year, add a catalog row, record a decision."""
    text = "聚力支部建设提标。全年组织培训党员3500余人次，新建党员活动室12个。\n"
    (tmp_path / "2024.txt").write_text(text, encoding="utf-8")
    argv = ["register", str(tmp_path / "2024.txt"), "--region", "shuangliao", "--year", "2024", "--title", "合成"]
    assert main([*argv, "--synthetic", "--data-dir", str(data_copy)]) == 0
    with paths.catalog_path(data_copy).open("a", encoding="utf-8") as fh:
        fh.write(
            "member_activity_rooms,branches,个,count,新建党员活动室,Party-member activity rooms built,新建党员活动室\n"
        )
    decision = ["link", "--region", "shuangliao", "--year", "2024", "--data-dir", str(data_copy)]
    assert main([*decision, "--different", "新建党员活动室12个", "开设4个专栏"]) == 0
    assert main(["check", "--data-dir", str(data_copy)]) == 0
    assert main(["build", "--data-dir", str(data_copy)]) == 0
    df = pd.read_csv(paths.indicators_csv(data_copy), dtype=str)
    assert "member_activity_rooms" in set(df["indicator_id"]) and "member_training_attendance" in set(
        df.loc[df["report_year"] == "2024", "indicator_id"]
    )


def test_link_decisions_are_checked_against_each_other_and_follow_the_files_header(
    data_copy: Path, tmp_path: Path, capsys
):
    """Red-team cases: a number given twice or both ways, contradictory rows merged into links.csv, and a
    links.csv whose columns a spreadsheet reordered."""
    register_training_2024(data_copy, tmp_path)
    base = ["link", "--data-dir", str(data_copy)]
    assert main([*base, "--region", "shuangliao", "--year", "2024"]) == 0
    assert "link --region shuangliao --year 2024 --accept N" in capsys.readouterr().out
    assert main([*base, "--accept", "1", "--reject", "1"]) == 2
    assert "given more than once" in capsys.readouterr().err
    pair = ["全年举办党员培训3500余人次", "培训党员3200余人次"]
    scoped = [*base, "--region", "shuangliao", "--year", "2024"]
    assert main([*scoped, "--same", *pair, "--different", *pair]) == 2
    assert "both same and different" in capsys.readouterr().err
    path = paths.decisions_path(data_copy)
    path.write_text("decision,region,year,previous_year,phrase,previous_phrase,note,reviewer\n", encoding="utf-8")
    assert main([*base, "--accept", "1"]) == 0 and "1. same: shuangliao 2024" in capsys.readouterr().out
    row = pd.read_csv(path, dtype=str).iloc[-1]
    assert (row["decision"], row["region"], row["previous_year"], row["phrase"]) == (
        "same",
        "shuangliao",
        "2023",
        pair[0],
    )
    with path.open("a", encoding="utf-8") as fh:  # another analyst's file, merged
        fh.write(f"different,shuangliao,2024,2023,{pair[0]},{pair[1]},,\n")
    assert main(["build", "--data-dir", str(data_copy)]) == 2
    assert "links.csv:3: says 'different' for the pair that line 2 says 'same'" in capsys.readouterr().err
