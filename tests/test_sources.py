"""The raw data: byte-identical seed, provenance manifest, checksums, and errors that name the row and column."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA

from helpers import paths
from helpers.errors import InputError
from helpers.sources import find_report, load_manifest

SEED_SHA256 = "43e218ae9a9be6bd425b21d58c9643fb9410ea52fdd8c1dd5a7a809ee83d7dc7"
SHARED_SEED = paths.PROJ_ROOT.parent / "shared" / "seed" / "000_1b11d28e6b5bccc6.txt"


def test_seed_is_the_shared_file_byte_for_byte():
    data = paths.report_text_path("shuangliao", 2023).read_bytes()  # live data: rules only
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256
    if SHARED_SEED.exists():  # beside every clone made on the project's machines
        assert data == SHARED_SEED.read_bytes()


def test_the_frozen_copy_of_the_seed_is_the_seed():
    data = paths.report_text_path("shuangliao", 2023, FIXTURE_DATA).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256


def test_every_raw_file_matches_its_recorded_checksum():
    # The live data/ may hold any number of reports: every one must match its checksum, and the seed stays.
    reports = load_manifest(paths.DATA_DIR)  # live data: rules only; raises on any mismatch
    seed = [r for r in reports if (r.region, r.year) == ("shuangliao", 2023)]
    assert len(seed) == 1
    meta = seed[0].meta
    assert meta["author"] == "姜承相" and meta["organisation"] == "中共双辽市委组织部"
    assert meta["published"] == "2023-11-15" and meta["url"].startswith("http://zgkjsz.com/")
    assert meta["synthetic"] == "false" and meta["sha256"] == SEED_SHA256


def test_an_edited_raw_file_is_refused(data_copy: Path):
    raw = paths.report_text_path("shuangliao", 2023, data_copy)
    raw.write_bytes(raw.read_bytes() + b"\n")
    with pytest.raises(InputError, match=r"2023\.txt: checksum mismatch"):
        load_manifest(data_copy)


def test_a_raw_file_without_provenance_is_refused_with_its_checksum(data_copy: Path):
    extra = data_copy / "raw" / "reports" / "shuangliao" / "2024.txt"
    extra.write_text("新报告", encoding="utf-8")
    with pytest.raises(InputError, match=r"2024\.txt: has no provenance row .*its sha256 is [0-9a-f]{64}\)"):
        load_manifest(data_copy)


def edit_manifest(data_dir: Path, old: str, new: str) -> None:
    path = paths.manifest_path(data_dir)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "shuangliao,2023,",
            "shuangliao,twenty,",
            r"manifest\.csv:2: column 'year': 'twenty' is not a four-digit",
        ),
        (",2026-11-26,", ",yesterday,", r"manifest\.csv:2: column 'accessed': 'yesterday' is not a date"),
        (",false,", ",maybe,", r"manifest\.csv:2: column 'synthetic'"),
        ("43e218ae", "zz", r"manifest\.csv:2: column 'sha256'"),
        ("region,year,", "region,yr,", r"manifest\.csv:1: missing column\(s\) year"),
    ],
)
def test_malformed_manifest_rows_are_named(data_copy: Path, old, new, message):
    edit_manifest(data_copy, old, new)
    with pytest.raises(InputError, match=message):
        load_manifest(data_copy)


def test_duplicate_manifest_row(data_copy: Path):
    path = paths.manifest_path(data_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"manifest\.csv:3: a second row for shuangliao 2023"):
        load_manifest(data_copy)


def test_unknown_region_or_year_lists_what_exists():
    reports = load_manifest(FIXTURE_DATA)
    with pytest.raises(InputError, match="unknown region 'nowhere'; available: shuangliao"):
        find_report(reports, "nowhere", 2023)
    with pytest.raises(InputError, match="no shuangliao report for 1999; available years: 2023"):
        find_report(reports, "shuangliao", 1999)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",,,", r"manifest\.csv:3: has 4 fields, fewer than the 15 columns of the header$"),
        (",,,,,,,,,,,,,,,,,", r"manifest\.csv:3: has 18 fields, more than the 15 columns of the header; quote values"),
    ],
)
def test_a_row_with_too_few_or_too_many_fields_says_how_many(data_copy: Path, row, message):
    path = data_copy / "raw" / "reports" / "manifest.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_manifest(data_copy)


@pytest.mark.parametrize("name", ["shuangliao/2024.TXT", "2024.txt", "shuangliao/old/2024.txt"])
def test_a_report_file_misnamed_or_misplaced_is_refused_not_left_out(data_copy: Path, name):
    path = data_copy / "raw" / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("选派干部207名。", encoding="utf-8")
    with pytest.raises(InputError, match=r"report files are named <region>/<year>\.txt"):
        load_manifest(data_copy)


def test_corrections_for_no_registered_report_are_a_warning(data_copy: Path):
    orphan = data_copy / "raw" / "reports" / "shuangliao" / "2019.corrections.csv"
    orphan.write_text("original,replacement,reason\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="corrections for no registered report; ignored"):
        assert len(load_manifest(data_copy)) == 1


def test_register_refuses_the_same_text_twice_and_a_publication_after_access(data_copy: Path):
    from helpers.sources import register_report

    meta = {"title": "t", "organisation": "o", "synthetic": "true"}
    seed = data_copy / "raw" / "reports" / "shuangliao" / "2023.txt"
    with pytest.raises(InputError, match="is the same text as the registered shuangliao 2023 report"):
        register_report(data_copy, seed, "shuangliao", 2025, meta)
    synthetic = Path(__file__).resolve().parent / "fixtures" / "synthetic" / "shuangliao_2024.txt"
    with pytest.raises(InputError, match="'published': 2024-03-01 is after 'accessed'"):
        register_report(data_copy, synthetic, "shuangliao", 2024, meta | {"published": "2024-03-01"}, "2024-02-01")
    assert len(load_manifest(data_copy)) == 1 and not (seed.parent / "2024.txt").exists()


SYNTHETIC_2024 = Path(__file__).resolve().parent / "fixtures" / "synthetic" / "shuangliao_2024.txt"
META_2024 = {
    "title": "合成2024",
    "organisation": "测试",
    "author": "张三",
    "synthetic": "true",
    "region_zh": "新地",
    "region_en": "New",
}


def test_a_registration_follows_the_manifests_own_column_order(data_copy: Path):
    """A spreadsheet may save the manifest with its columns in another order: the new row follows the header."""
    from helpers.sources import register_report

    mpath = paths.manifest_path(data_copy)
    lines = mpath.read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines]  # the frozen manifest has no quoted commas
    t, a = rows[0].index("title"), rows[0].index("author")
    for r in rows:
        r[t], r[a] = r[a], r[t]
    mpath.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    report = register_report(data_copy, SYNTHETIC_2024, "shuangliao", 2024, META_2024)
    assert (report.meta["title"], report.meta["author"]) == ("合成2024", "张三")


def test_a_registration_that_cannot_write_the_manifest_leaves_nothing_behind(data_copy: Path, monkeypatch):
    """A full disk met while the row is written: the copied report is removed, so the next try is not blocked."""
    from helpers import atomic, sources

    before = paths.manifest_path(data_copy).read_bytes()
    real = atomic.write_text

    def full_disk(path, text, *args, **kwargs):
        if Path(path).name == "manifest.csv":
            raise OSError(28, "No space left on device")
        return real(path, text, *args, **kwargs)

    monkeypatch.setattr(atomic, "write_text", full_disk)
    with pytest.raises(OSError):
        sources.register_report(data_copy, SYNTHETIC_2024, "newplace", 2024, META_2024)
    assert not (paths.reports_raw_dir(data_copy) / "newplace").exists()
    assert paths.manifest_path(data_copy).read_bytes() == before
    monkeypatch.setattr(atomic, "write_text", real)
    assert sources.register_report(data_copy, SYNTHETIC_2024, "newplace", 2024, META_2024).year == 2024


def test_a_registration_dated_in_the_future_is_refused(data_copy: Path):
    from helpers.sources import register_report

    with pytest.raises(InputError, match="after today"):
        register_report(data_copy, SYNTHETIC_2024, "shuangliao", 2024, META_2024 | {"published": "2099-01-01"})
    with pytest.raises(InputError, match="--accessed"):
        register_report(data_copy, SYNTHETIC_2024, "shuangliao", 2024, META_2024, accessed="2099-12-31")
    assert not paths.report_text_path("shuangliao", 2024, data_copy).exists()


def test_a_synthetic_flag_saved_in_capitals_by_a_spreadsheet_is_read(data_copy: Path):
    mpath = paths.manifest_path(data_copy)
    text = mpath.read_text(encoding="utf-8")
    header, row = text.splitlines()[:2]
    cells = row.split(",")
    cells[header.split(",").index("synthetic")] = "FALSE"
    mpath.write_text(header + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    assert load_manifest(data_copy)[0].synthetic is False
