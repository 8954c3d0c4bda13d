"""Cleaning on the seed and on small cases: pinyin, the garbled run, corrections, punctuation, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_DATA

from helpers import paths
from helpers.cleaning import clean_text, normalize_punctuation, split_metadata, strip_pinyin, to_simplified
from helpers.corrections import Correction, apply_corrections, load_corrections
from helpers.errors import InputError
from helpers.garble import find_garbles

SEED = paths.report_text_path("shuangliao", 2023, FIXTURE_DATA)


def test_pinyin_is_stripped_but_real_brackets_stay():
    text, log = strip_pinyin("強化使命擔(dān)當(dāng),實現村(社區(qū))書記全覆蓋(APP)")
    assert text == "強化使命擔當,實現村(社區)書記全覆蓋(APP)"
    assert [r.before for r in log] == ["(dān)", "(dāng)", "(qū)"]


def test_the_seed_loses_every_pinyin_note_and_keeps_its_brackets(seed):
    text = seed.cleaned.simplified
    assert "(" not in text and "dān" not in text
    assert "村（社区）书记" in text and "乡镇（街道）行政执法" in text
    assert (seed.repairs["step"] == "pinyin").sum() == 263


def test_the_garbled_run_is_found_and_only_the_provable_part_recovered():
    raw = SEED.read_text(encoding="utf-8")
    (g,) = find_garbles(raw)
    assert g.text == "?!被顒?"
    assert g.recovered == "”活"  # bytes A1B1 BBEE once shifted by one byte
    assert (g.lost_trail, g.lost_lead) == (0xA3, 0x84)  # 校 ends with A3, 動 starts with 84 in GBK


def test_ordinary_text_between_question_marks_is_not_a_garble():
    assert find_garbles("你知道吗?这是真的吗?对") == []


def test_the_corrections_file_restores_the_garbled_run(seed):
    assert "开展“基层党员进党校”活动，培训党员" in seed.cleaned.simplified
    garble = seed.repairs[seed.repairs["step"] == "garble"].iloc[0]
    assert garble["status"] == "corrected" and "fixed by row 2" in garble["note"]


def test_without_corrections_the_garble_stays_flagged():
    cleaned = clean_text(SEED.read_text(encoding="utf-8"))
    flagged = [r for r in cleaned.repairs if r.step == "garble"]
    assert [r.status for r in flagged] == ["flagged"]
    assert "进党？！被颙？" in cleaned.simplified or "进党？！被顒？" in cleaned.simplified


def test_corrections_must_match_exactly_once(tmp_path: Path):
    with pytest.raises(InputError, match=r"corr\.csv:2: original '不存在' occurs 0 times"):
        apply_corrections("文本", [Correction("不存在", "x", "why", 2)], tmp_path / "corr.csv")
    with pytest.raises(InputError, match="occurs 2 times"):
        apply_corrections("甲甲", [Correction("甲", "乙", "why", 2)], "corr.csv")


def test_corrections_file_needs_its_columns(tmp_path: Path):
    bad = tmp_path / "2023.corrections.csv"
    bad.write_text("original,replacement\n甲,乙\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_corrections(bad)
    bad.write_text("original,replacement,reason\n甲,乙,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"2023\.corrections\.csv:2: column 'reason' is empty"):
        load_corrections(bad)


def test_author_unit_and_editor_become_metadata(seed):
    assert seed.cleaned.metadata == {"author": "姜承相", "editor": "柳絮", "affiliation": "中共雙遼市委組織部"}
    text = seed.cleaned.simplified
    assert not text.startswith("姜承相") and "作者单位" not in text and "责任编辑" not in text
    editor = seed.repairs[(seed.repairs["step"] == "metadata") & (seed.repairs["status"] == "flagged")]
    assert len(editor) == 1 and "柳 ? ?絮" in editor.iloc[0]["before"]


def test_punctuation_goes_full_width_except_inside_numbers():
    text, _ = normalize_punctuation("共12,000人,占比达1.5%;时间10:30(上午)!")
    assert text == "共12,000人，占比达1.5%；时间10:30（上午）！"


def test_stray_spaces_go_but_latin_words_keep_theirs():
    text, log = normalize_punctuation("主任由党员担任的 82个,使用 WeChat Work 办公")
    assert text == "主任由党员担任的82个，使用 WeChat Work 办公"
    assert [r.step for r in log] == ["spaces"]


def test_full_width_digits_become_ascii():
    text, _ = normalize_punctuation("２０２３年占比１２％")
    assert text == "2023年占比12%"


def test_simplified_conversion_is_character_level():
    # t2s, not a phrase-rewriting mode: 干部 and 规范 (left unconverted by the naive conversion) stay as they are.
    assert to_simplified("強化干部規范管理,鄉鎮黨委") == "强化干部规范管理,乡镇党委"


def test_metadata_split_leaves_ordinary_first_lines_alone():
    body, meta, _ = split_metadata("今年以来,全市开展活动12场。\n第二段。")
    assert meta == {} and body.startswith("今年以来")


def test_invisible_characters_inside_numbers_are_removed():
    from helpers.cleaning import clean_text
    from helpers.extraction import find_figures

    text = "选派2\u200b07名干部，培训1\u00a0000名党员，开展3\u00ad200人次培训。"
    cleaned = clean_text(text)
    assert [f.value for f in find_figures(cleaned.simplified, 2023, ())[0]] == [207, 1000, 3200]
    assert sum(r.step == "spaces" for r in cleaned.repairs) >= 3


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("占比1\u200e2%。", 12),  # a left-to-right mark
        ("投入1\u202a5万元。", 150_000),  # a bidi embedding
        ("选派2\ufe0f07名干部。", 207),  # a variation selector
        ("选派2\u034f07名干部。", 207),  # the grapheme joiner
        ("培训12\u2009000名党员。", 12_000),  # a thin space between thousands
        ("培训12\u3000000名党员。", 12_000),  # an ideographic space between thousands
        ("选派\x1b[31m干部207名。", 207),  # a terminal escape
    ],
)
def test_every_invisible_or_unusual_space_character_is_handled(text, value):
    from helpers.cleaning import clean_text
    from helpers.extraction import find_figures

    cleaned = clean_text(text).simplified
    assert [f.value for f in find_figures(cleaned, 2023, ())[0]] == [value] and "\x1b" not in cleaned


def test_an_ideographic_space_that_indents_a_paragraph_stays():
    from helpers.cleaning import clean_text

    assert not [r for r in clean_text("　　全年选派干部207名。\n").repairs if r.before == "\u3000"]


def test_a_chart_caption_between_paragraphs_becomes_its_own_line():
    # SYNTHETIC, reproducing a statistics bulletin copied from a web page: chart captions left between paragraphs.
    page = "比重提高0.5个百分点。 2019-2023年全县生产总值 年末全县常住人口52.3万人。选派 12名干部。"
    text, _ = normalize_punctuation(page)
    assert "2019-2023年全县生产总值\n年末全县常住人口52.3万人" in text
    assert "选派12名干部" in text  # a stray space inside a sentence is still removed


def test_the_caption_is_not_the_subject_of_the_figure_after_it(reference):
    from helpers import dataset

    text = "甲县2023年统计公报\n全年生产总值增长5%。 2019-2023年全县生产总值 年末全县常住人口52.3万人。\n"
    rows = dataset.extract_text(text, "x", 2023, reference).rows
    assert rows.loc[rows["value"] == 523000, "subject"].tolist() == ["常住人口"]  # 年末, 全县: time and place words


def test_the_repair_summary_counts_characters_not_log_rows():
    """The script conversion is one log row for 913 characters; a Simplified text gets no such row at all."""
    import pandas as pd

    from helpers.cleaning import clean_text
    from helpers.present import repair_summary

    seed = clean_text(SEED.read_text(encoding="utf-8"))
    assert not [r for r in clean_text("全年选派干部207名。").repairs if r.step == "script"]
    rows = pd.DataFrame([{"region": "a", "year": 2023, "encoding": "utf-8", **r.__dict__} for r in seed.repairs])
    table = repair_summary(rows, {("a", 2023): "A 2023"}, "en")
    assert table.loc[table["Step"] == "Traditional to Simplified", "Changes"].tolist() == [913]


def test_a_sentence_broken_at_every_number_by_a_copied_web_page_is_joined():
    # 一 span per line: numbers, signs and quotation marks each on their own line (a plan report copied from a page)
    raw = (
        "一、执行情况\n2\n023\n年是关键一年。\n坚持\n“\n两手抓\n”\n"
        "，增速分别为\n-4.5%\n、\n1.1%\n，总值\n5532.4\n亿元。\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "一、执行情况\n2023年是关键一年。\n坚持“两手抓”，增速分别为-4.5%、1.1%，总值5532.4亿元。\n"
    assert sum(r.step == "lines" for r in cleaned.repairs) == 12


def test_page_numbers_headings_and_finished_sentences_are_not_joined():
    raw = "一、综合\n初步核算，全年生产总值完成24.3亿元。\n12\n全县常住人口15.6万人。\n二、农业\n3\n个乡镇\n"
    assert (
        clean_text(raw).text
        == "一、综合\n初步核算，全年生产总值完成24.3亿元。\n12\n全县常住人口15.6万人。\n二、农业\n3个乡镇\n"
    )


def test_a_line_wrapped_inside_a_figure_is_joined():
    # the verb split from its number (同比增\n长6.0%) and the unit alone on the next line (增长1.6\n%)
    raw = "全县生产总值44.8亿元，同比增\n长6.0%，粮食面积比上年增长1.6\n%。\n一、综合\n2023年全县常住人口7万人。\n"
    assert clean_text(raw).text == (
        "全县生产总值44.8亿元，同比增长6.0%，粮食面积比上年增长1.6%。\n一、综合\n2023年全县常住人口7万人。\n"
    )
