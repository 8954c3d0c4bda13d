"""Bad input, each answered clearly: encodings, empty and figure-less reports, huge reports, mixed digits."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURE_DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import dataset, extraction, paths
from helpers.cleaning import clean_text
from helpers.cli import main
from helpers.corrections import load_corrections
from helpers.errors import InputError
from helpers.extraction import find_figures
from helpers.textio import MAX_REPORT_BYTES, decode_report, read_report

SEED = paths.report_text_path("shuangliao", 2023, FIXTURE_DATA)
CORRECTIONS = paths.corrections_path("shuangliao", 2023, FIXTURE_DATA)
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"
COLUMNS = ["indicator_id", "value", "unit", "qualifier", "period", "source_phrase"]


def rows_of(text: str, reference, corrections=()) -> pd.DataFrame:
    return dataset.extract_text(text, "x", 2023, reference, list(corrections)).rows[COLUMNS]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_the_seed_in_any_chinese_encoding_gives_the_same_indicators(tmp_path, reference, encoding):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    decoded = read_report(path)
    assert decoded.encoding == ("gb18030" if encoding in ("gbk", "gb18030") else encoding)
    assert decoded.text == text
    corrections = load_corrections(CORRECTIONS)
    pd.testing.assert_frame_equal(rows_of(decoded.text, reference, corrections), rows_of(text, reference, corrections))


def test_big5_is_detected_and_logged(tmp_path, reference):
    # Big5 has no pinyin letters, so the made-up county report is used without its one pinyin note.
    text = (SYNTHETIC / "county_2024.txt").read_text(encoding="utf-8").replace("(péi)", "")
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    decoded = read_report(path)
    assert decoded.encoding == "big5" and decoded.text == text
    result = dataset.extract_text(decoded.text, "county", 2024, reference, encoding=decoded.encoding)
    assert len(result.rows) == 15 and set(result.repairs["encoding"]) == {"big5"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("选派207名干部".encode("utf-16"), "is UTF-16"),
        ("选派207名干部".encode("utf-16-le"), "looks binary"),  # too short to tell
        (
            "聚力基层党建。选派207名干部到村担任第一书记。\n".encode("utf-16-le"),
            r"is UTF-16 \(without a byte-order mark\)",
        ),
        ("聚力基层党建。选派207名干部到村担任第一书记。\n".encode("utf-32"), "is UTF-32"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        (bytes(range(0x80, 0x100)) * 4, "is not UTF-8, GB18030/GBK or Big5 text"),
        (b"\xef\xbb\xbf\xff\xfe bad", "is not valid utf-8 at byte"),
    ],
)
def test_undecodable_files_get_an_error_naming_the_file(tmp_path, data, message):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_report(path)
    assert info.value.where == str(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "nope.txt")


def test_a_file_above_the_size_cap_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.seek(MAX_REPORT_BYTES + 1)
        fh.write(b"\n")
    with pytest.raises(InputError, match="is larger than 20 MB; a report above that is refused"):
        read_report(path)


@pytest.mark.parametrize(
    ("content", "warning"),
    [(b"", "is empty"), (b" \n\n", "is empty"), ("今年工作扎实推进。".encode(), "no numeric indicator")],
)
def test_empty_or_figureless_reports_warn_and_give_an_empty_table(tmp_path, capsys, content, warning):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    out = tmp_path / "out.csv"
    assert main(["extract", str(path), "--region", "x", "--year", "2023", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert (
        err
        == f"warning: {path}: {'the report is empty' if warning == 'is empty' else warning + ' found in the report'}\n"
    )
    df = pd.read_csv(out)
    assert df.empty and "value" in df.columns


def test_registering_an_empty_report_is_refused(data_copy, tmp_path):
    from helpers.sources import register_report

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="is empty; there is nothing to register"):
        register_report(
            data_copy,
            empty,
            "shuangliao",
            2024,
            {"title": "t", "organisation": "o", "region_zh": "z", "region_en": "e"},
        )
    assert not paths.report_text_path("shuangliao", 2024, data_copy).exists()


def test_full_width_and_ascii_digits_mixed(reference):
    text = (
        "聚力基层治理提效。目前35岁以下执法人员占比由２０２１年的４％提升到１２%，选派２０７名干部到村担任第一书记。\n"
    )
    rows = rows_of(text, reference)
    assert rows[["indicator_id", "value", "period"]].to_numpy().tolist() == [
        ["enforcement_staff_under35_share", 4.0, "2021"],
        ["enforcement_staff_under35_share", 12.0, "2023"],
        ["first_secretaries_assigned", 207.0, "2023"],
    ]


def test_a_report_of_several_megabytes_is_extracted_in_full(reference):
    raw = SEED.read_text(encoding="utf-8")
    body = raw.split("\n", 1)[1].rsplit("\n", 1)[0]
    big = raw.split("\n")[0] + "\n" + "\n".join([body] * 400)  # about 3.8 MB (timings: benchmarks/bench_large.py)
    assert len(big.encode()) > 3_500_000
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rows = dataset.extract_text(big, "big", 2023, reference).rows
    # Without the corrections file, the garbled quotation hides 2 figures of its sentence in each copy (the rest
    # read as the words of a long quotation, as they are with the corrections).
    assert len(rows) == 57 * 400
    # The same paragraphs stated 400 times are one report's figures restated: the first statement of each keeps
    # its id, the other 399 are marked repeats (never 400 rivals for one id, never linked twice).
    assert rows["indicator_id"].notna().sum() == 57
    assert (rows["match_note"] == dataset.REPEAT_NOTE).sum() == 57 * 399


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_the_cleaner_and_extractor_never_crash_on_arbitrary_text(text):
    ref = _REF
    cleaned = clean_text(text)
    assert isinstance(cleaned.simplified, str)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset.extract_text(text, "x", 2023, ref)
    except InputError:
        pass


REPORT_CHARS = (
    "选派名干部到村担任第一书记余近约超过以上万亿千百十一二三两“”《》（）(),。，；：、%％"
    "０１２３４５６７８９0123456789.\n ?由年的提升到"
)
CHINESE_BITS = st.sampled_from(
    [*REPORT_CHARS, "擔(dān)", "2021年", "35岁以下", "上半年", "十余名", "六项措施", "(作者单位:某)", "责任编辑/某"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CHINESE_BITS, max_size=60).map("".join))
def test_report_like_noise_never_crashes_and_keeps_offsets_right(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = dataset.extract_text(text, "x", 2023, _REF)
    simple = result.cleaned.simplified
    for r in result.rows.itertuples(index=False):
        # a list's items before its last (3、5名) carry the unit written once after it; 2万干部 counts people
        listed = simple[r.end : r.end + 1] in ("、", "和", "及", "与")
        counted = r.unit in ("人", "户") and extraction.PEOPLE_RE.match(simple, r.start) is not None
        assert simple[r.start : r.end].endswith(r.unit) or r.unit == "元" or listed or counted
        assert r.value >= 0 and r.source_phrase in simple


_REF = dataset.load_reference(FIXTURE_DATA)


def test_a_number_numbering_a_line_is_no_item_of_the_list_after_it():
    """Found by hypothesis: ０、十余名 read 0 名 (the numbering taken for an item sharing 十余名's unit)."""
    rows = dataset.extract_text("０、十余名党员参加", "x", 2023, _REF).rows
    assert rows[["value", "unit"]].values.tolist() == [[10.0, "名"]]
    listed = dataset.extract_text("全县选派3、5名干部", "x", 2023, _REF).rows
    assert listed["value"].tolist() == [3.0, 5.0]


@pytest.mark.parametrize("text", ["万%", "万十余名", "十十余名"])
def test_numeral_lookalikes_found_by_hypothesis_are_skipped(text):
    figures, skipped = find_figures(text, 2023)
    assert figures == [] and skipped[0][1] == "not a number"


def test_decode_prefers_utf8_when_bytes_are_valid_utf8():
    assert decode_report("选派207名干部".encode(), "x").encoding == "utf-8"


def test_warnings_about_a_registered_report_name_the_report_file(data_copy, tmp_path):
    from helpers.sources import register_report

    text = tmp_path / "quiet.txt"
    text.write_text("今年工作扎实推进。\n", encoding="utf-8")
    meta = {"title": "t", "organisation": "o", "region_zh": "z", "region_en": "e", "synthetic": "true"}
    report = register_report(data_copy, text, "quiet", 2024, meta)
    paths.corrections_path("quiet", 2024, data_copy).write_text("original,replacement,reason\n", encoding="utf-8")
    with pytest.warns(dataset.NoFiguresWarning) as caught:
        dataset.extract_report(report, dataset.load_reference(data_copy), data_copy)
    assert str(caught[0].message) == f"{report.path}: no numeric indicator found in the report"


def test_a_file_that_mixes_encodings_is_refused_with_its_lines(tmp_path, capsys):
    """UTF-8 lines and GBK lines pasted into one file: read as either, half of it would be mojibake."""
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("全年选派干部到村任职。\n".encode() + "全年培训党员三千人次。\n".encode("gbk"))
    args = ["extract", str(mixed), "--region", "x", "--year", "2023", "--out", str(tmp_path / "o.csv")]
    assert main(args) == 2
    assert "mixes encodings: line 1 is UTF-8, line 2 is not" in capsys.readouterr().err
    gbk = tmp_path / "gbk.txt"  # a file in one encoding is read as before
    gbk.write_bytes("全年选派干部到村任职207名。\n全年培训党员三千人次。\n".encode("gbk"))
    assert main([*args[:1], str(gbk), *args[2:]]) == 0
