"""Words the notebooks and charts show, in Simplified Chinese, Traditional Chinese and English."""

from __future__ import annotations

import pandas as pd

from .cleaning import to_traditional
from .extraction import TO_ONE
from .notebook_params import LANGS

UNITS_EN = {
    "名": "people",
    "人": "people",
    "人次": "attendances",
    "场次": "events",
    "场": "events",
    "批次": "batches",
    "期": "editions",
    "个": "",
    "家": "organisations",
    "所": "sites",
    "份": "copies",
    "项": "items",
    "次": "times",
    "元": "yuan",
    "元/人": "yuan per person",
    "家次": "visits",
    "元/平方米": "yuan per m²",
    "元/床位": "yuan per bed",
    "元/床": "yuan per bed",
    "元/公斤": "yuan per kg",
    "元/亩": "yuan per mu",
    "元/吨": "yuan per tonne",
    "元/户": "yuan per household",
    "元/斤": "yuan per jin",
    "%": "%",
    "‰": "‰",
    "个百分点": "pp",
    "百分点": "pp",
    "户": "households",
    "条": "items",
    "件": "items",
    "篇": "articles",
    "处": "places",
    "支": "teams",
    "座": "buildings",
    "倍": "×",
    "岁": "years old",
    "件次": "cases",
    "头": "head",
    "只": "head",
    "羽": "birds",
    "块": "plots",
    "类": "kinds",
    "米": "m",
    "兆瓦": "MW",
    "斤": "jin",
    "对": "couples",
    "笔": "transactions",
    "个千分点": "per-mille points",
    "千分点": "per-mille points",
    "微克/立方米": "μg/m³",
    "毫克/立方米": "mg/m³",
    "公斤": "kg",
    "立方米": "m³",
    "千瓦": "kW",
    "千瓦时": "kWh",
    "标箱": "TEU",
    "架次": "flights",
    "亩": "mu",
    "公里": "km",
    "平方公里": "km²",
    "平方米": "m²",
    "公顷": "ha",
    "吨": "tonnes",
    "小时": "hours",
    "天": "days",
    "列": "trains",
    "辆": "vehicles",
    "艘": "vessels",
    "袋": "bags",
    "车次": "vehicle trips",
    "部": "works",
}
PER_EN = {
    "千人口": "1,000 people",
    "万人口": "10,000 people",
    "千人": "1,000 people",
    "万人": "10,000 people",
    "百人": "100 people",
    "人": "person",
    "户": "household",
    "亩": "mu",
    "平方公里": "km²",
}


def unit_en(unit: str) -> str:
    """A unit in English (批次/千人 → batches per 1,000 people); a unit without a name keeps its Chinese."""
    if unit in UNITS_EN:
        return UNITS_EN[unit]
    word, slash, per = unit.partition("/")
    if slash and per in PER_EN and word in UNITS_EN:
        return f"{UNITS_EN[word]} per {PER_EN[per]}".strip()
    return unit


# How a qualifier is said around a value (n) and its unit (u); a range or an average is said as the value itself.
QUALIFIER_WORDS = {
    "zh-Hans": {
        "more_than": "{n}余{u}",
        "approx": "约{n}{u}",
        "at_least": "{n}{u}以上",
        "less_than": "不足{n}{u}",
        "at_most": "{n}{u}以内",
    },
    "en": {
        "more_than": "more than {}",
        "approx": "about {}",
        "at_least": "at least {}",
        "less_than": "less than {}",
        "at_most": "at most {}",
    },
}
TEXT = {
    "source": {"zh-Hans": "资料来源：{title}（{org}，{year}年）", "en": "Source: {title} ({org}, {year})"},
    "section": {"zh-Hans": "部分", "en": "Section"},
    "indicator": {"zh-Hans": "指标", "en": "Indicator"},
    "value": {"zh-Hans": "数值", "en": "Value"},
    "unit": {"zh-Hans": "单位", "en": "Unit"},
    "period": {"zh-Hans": "时期", "en": "Period"},
    "source_phrase": {"zh-Hans": "原文", "en": "Source phrase (Chinese)"},
    "figures": {"zh-Hans": "数字个数", "en": "Figures"},
    "previous": {"zh-Hans": "对比值", "en": "Earlier"},
    "current": {"zh-Hans": "本期值", "en": "Now"},
    "change": {"zh-Hans": "变化", "en": "Change"},
    "years_between": {"zh-Hans": "间隔年数", "en": "Years apart"},
    "baseline_from": {"zh-Hans": "对比依据", "en": "Earlier value from"},
    "stated_in": {"zh-Hans": "{year}年报告原文所述", "en": "stated in the {year} report"},
    "report_of": {"zh-Hans": "{year}年报告", "en": "the {year} report"},
    "pp": {"zh-Hans": "个百分点", "en": " pp"},
    "times": {"zh-Hans": "为原来的{:.3g}倍", "en": "×{:.3g}"},
    "approx_mark": {"zh-Hans": "（约数）", "en": " (approximate)"},
    "n_figures_title": {
        "zh-Hans": "{year}年报告各部分共列出{n}个数字",
        "en": "The {year} report gives {n} figures across its sections",
    },
    "n_figures_axis": {"zh-Hans": "数字个数（个）", "en": "Number of figures"},
    "uncatalogued": {"zh-Hans": "（未编目）", "en": "(not in the catalog)"},
    "no_headline": {
        "zh-Hans": "{region}{year}年：没有可作头条的变化（没有已配对、带有早期数值的指标）。",
        "en": "{region} {year}: no indicator with a settled earlier value to show as the headline.",
    },
    "no_earlier": {
        "zh-Hans": "{region}：{year}年之前尚无可对比的数值（有数据的年份：{years}）。"
        "登记更早一年的报告（indicators register，见 README）后运行 make report。",
        "en": "{region}: no earlier observation than {year} yet (years with data: {years}). "
        "Register the report of an earlier year (indicators register, see the README) and run make report.",
    },
    "nothing": {"zh-Hans": "无。", "en": "None."},
    "page_title": {"zh-Hans": "{place}{year}年 · {title}", "en": "{place} {year} · {title}"},
    "all_reports": {"zh-Hans": "全部报告 · {title}", "en": "All reports · {title}"},
    "to_index": {"zh-Hans": "← 报告目录", "en": "← All pages"},
    "other_langs": {"zh-Hans": "其他语言：", "en": "Other languages: "},
    "other_years": {"zh-Hans": "本地区其他年份：", "en": "Earlier years of this place: "},
    "in_year": {"zh-Hans": "（{year}年）", "en": " ({year})"},
    "year_link": {"zh-Hans": "{year}年", "en": "{year}"},
    "synthetic_banner": {
        "zh-Hans": "注意：本页使用了合成数据（为测试编造，并非真实报告）：{reports}。",
        "en": "Note: this page uses synthetic data (made up for tests, not a real report): {reports}.",
    },
    "report_year_name": {"zh-Hans": "{place}{year}年报告", "en": "the {year} report of {place}"},
    "sources_line": {"zh-Hans": "资料来源：{items}", "en": "Sources: {items}"},
    "source_item": {"zh-Hans": "{org}{year}年报告《{title}》", "en": "{org}, {year} report “{title}”"},
    "synthetic_mark": {"zh-Hans": "（合成数据）", "en": " (synthetic)"},
    "list_sep": {"zh-Hans": "；", "en": "; "},
    "name_sep": {"zh-Hans": "、", "en": ", "},
    "baseline_nearest": {
        "zh-Hans": "每项指标与其序列中最近的前一个数值比较。",
        "en": "Each indicator is compared with the nearest earlier value in its series.",
    },
    "baseline_fixed": {
        "zh-Hans": "每项指标与{year}年的数值比较（参数 baseline_year）。",
        "en": "Each indicator is compared with its {year} value (parameter baseline_year).",
    },
    "off_axis": {"zh-Hans": "（超出坐标轴）", "en": " (beyond the axis)"},
    "headline_setting": {
        "zh-Hans": "头条指标由本地区的设置选定（data/raw/regions.csv）。",
        "en": "The headline indicator is this place's setting (data/raw/regions.csv).",
    },
    "headline_param": {
        "zh-Hans": "头条指标由参数 headline 选定。",
        "en": "The headline indicator was chosen with the parameter headline.",
    },
    "headline_auto": {
        "zh-Hans": "头条指标为本年相对变化最大的已配对指标（未设置头条时的默认选择）。",
        "en": "The headline is the settled comparison with the largest relative change (no headline is set).",
    },
    "every_figure_catalogued": {
        "zh-Hans": "每个数字都已对应到指标目录。",
        "en": "Every figure matched a catalog indicator.",
    },
    "stated_changes_title": {"zh-Hans": "报告所述的变化：", "en": "Changes the report states:"},
    "targets_title": {"zh-Hans": "报告提出的目标：", "en": "Targets the report sets:"},
    "gone_title": {"zh-Hans": "上一份报告有、本报告未延续的数字：", "en": "In the previous report, not continued now:"},
    "new_title": {"zh-Hans": "本报告新出现的数字：", "en": "New in this report:"},
    "few_years": {
        "zh-Hans": "{region}：没有指标有三年或以上的数据，暂无多年走势图。",
        "en": "{region}: fewer than three years of data for any indicator; no multi-year chart yet.",
    },
    "previous_stated": {"zh-Hans": "上一份报告所述", "en": "As stated a year before"},
    "computed_change": {"zh-Hans": "由数值算得", "en": "Computed from the levels"},
    "change_said": {"zh-Hans": "变化 {v}", "en": "change of {v}"},
    "target_said": {"zh-Hans": "目标（{year}年）：{v}", "en": "target for {year}: {v}"},
    "now_phrase": {"zh-Hans": "本期原文", "en": "This year's phrase"},
    "before_phrase": {"zh-Hans": "对比期原文", "en": "Earlier phrase"},
    "how_linked": {"zh-Hans": "如何配对", "en": "How the pair was made"},
    "link_catalog": {"zh-Hans": "指标目录", "en": "catalog"},
    "link_confirmed": {"zh-Hans": "人工确认", "en": "confirmed by a person"},
    "link_stated": {"zh-Hans": "报告原文所述", "en": "stated in the report"},
    "link_auto": {"zh-Hans": "自动配对（置信度{conf:.2f}）", "en": "automatic (confidence {conf:.2f})"},
    "confidence": {"zh-Hans": "置信度", "en": "Confidence"},
    "number": {"zh-Hans": "编号", "en": "No."},
    "stated_change": {"zh-Hans": "报告所述变化", "en": "Change as stated"},
    "target_year": {"zh-Hans": "目标年份", "en": "Target year"},
    "target": {"zh-Hans": "目标", "en": "Target"},
    "subject": {"zh-Hans": "统计对象", "en": "What is counted"},
    "share_axis": {"zh-Hans": "占比（%）", "en": "Share (%)"},
    "value_axis": {"zh-Hans": "数值（{unit}）", "en": "Value ({unit})"},
    "year_axis": {"zh-Hans": "年份", "en": "Year"},
    "rose": {"zh-Hans": "由{a}升至{b}", "en": "rose from {a} to {b}"},
    "fell": {"zh-Hans": "由{a}降至{b}", "en": "fell from {a} to {b}"},
    "flat": {"zh-Hans": "保持在{b}", "en": "stayed at {b}"},
    "series_title": {"zh-Hans": "{region}：{n}项指标的逐年变化", "en": "{region}: {n} indicators year by year"},
    "changes_title": {
        "zh-Hans": "{year}年与此前相比：{up}项上升，{down}项下降，{flat}项持平",
        "en": "{year} against earlier years: {up} up, {down} down, {flat} unchanged",
    },
    "pp_axis": {"zh-Hans": "占比变化（个百分点）", "en": "Change of shares (percentage points)"},
    "pct_only_axis": {"zh-Hans": "计数与金额变化（%）", "en": "Change of counts and money (%)"},
    "pct_axis": {"zh-Hans": "变化（计数与金额：%；占比：个百分点）", "en": "Change (counts and money: %; shares: pp)"},
}


# Column names of the tables the pages show (analysts' data-prep tables keep their fields, named for readers).
COLUMNS = {
    "region": ("地区", "Region"),
    "year": ("年份", "Year"),
    "report_year": ("报告年份", "Report year"),
    "title": ("标题", "Title"),
    "author": ("作者", "Author"),
    "organisation": ("发布单位", "Organisation"),
    "published": ("发布日期", "Published"),
    "url": ("网址", "Address"),
    "accessed": ("获取日期", "Accessed"),
    "synthetic": ("合成数据", "Synthetic"),
    "figures": ("数字", "Figures"),
    "levels": ("水平值", "Levels"),
    "changes": ("变化值", "Changes"),
    "targets": ("目标值", "Targets"),
    "catalogued": ("已编目", "In the catalog"),
    "links_settled": ("已配对（上一年）", "Linked to last year"),
    "links_suggested": ("待确认配对", "Links to confirm"),
    "encoding": ("编码", "Encoding"),
    "step": ("步骤", "Step"),
    "status": ("状态", "Status"),
    "before": ("改前", "Before"),
    "after": ("改后", "After"),
    "note": ("说明", "Note"),
    "section": ("部分", "Section"),
    "role": ("类型", "Role"),
    "subject": ("统计对象", "What is counted"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "qualifier": ("限定", "Qualifier"),
    "phrase": ("原文", "Source phrase"),
    "match_note": ("目录匹配说明", "Catalog note"),
    "number_as_written": ("原文数字", "Number as written"),
    "reason": ("原因", "Reason"),
    "text": ("原文", "Text"),
    "changes_made": ("改动数", "Changes"),
    "report": ("报告", "Report"),
}
# Coded values that readers meet in tables, in words.
VALUES = {
    "role": {"level": ("水平值", "level"), "change": ("变化值", "change"), "target": ("目标值", "target")},
    "qualifier": {
        "none": ("", ""),
        "more_than": ("余/超过", "more than"),
        "approx": ("约/近", "about"),
        "at_least": ("以上", "at least"),
        "less_than": ("不足/低于", "less than"),
        "at_most": ("以内/以下", "at most"),
        "range": ("区间", "range"),
        "annual_avg": ("年均", "annual average"),
    },
    "status": {
        "repaired": ("已修复", "repaired"),
        "flagged": ("待核对", "flagged"),
        "corrected": ("已人工更正", "corrected by hand"),
    },
    "step": {
        "pinyin": ("删除拼音注音", "pinyin removed"),
        "metadata": ("移出署名与编辑信息", "credit lines moved out"),
        "script": ("繁体转简体", "Traditional to Simplified"),
        "punctuation": ("标点规范化", "punctuation normalised"),
        "garble": ("乱码修复", "garbled text repaired"),
        "correction": ("人工更正", "correction by hand"),
        "digits": ("全角数字转半角", "full-width digits"),
        "encoding": ("编码", "encoding"),
        "spaces": ("删除多余空格", "stray spaces removed"),
    },
    "synthetic": {"true": ("是（编造的测试数据）", "yes (made up for tests)"), "false": ("否", "no")},
}


# Why a number was not taken for a figure (extraction gives the English reason; its first words are the key).
REASONS = {
    "label": ("标签（引号内）", "label (inside quotation marks)"),
    "slogan": ("固定提法", "slogan (a fixed phrase, not a count)"),
    "ordinal": ("序数或届次", "ordinal"),
    "model name": ("型号名称", "model name"),
    "threshold": ("界限（限定统计范围）", "threshold"),
    "rank": ("名次", "rank"),
    "part of a name": ("地名的一部分", "part of a name"),
    "part of a word": ("词语的一部分", "part of a word"),
    "title": ("职务名称", "title"),
    "duration": ("时长", "duration"),
    "not a number": ("不是数字", "not a number"),
    "article": ("量词“一”", "article"),
    "count of the report's own list": ("报告自身列举的条数", "count of the report's own list"),
    "refused by the schema": ("未通过数据校验", "refused by the schema"),
}


def reason_name(reason: str, lang: str) -> str:
    """Why a number was skipped, in `lang` (the reason's details stay in the English original)."""
    if lang == "en":
        return reason
    for key, (zh_words, _) in REASONS.items():
        if reason.startswith(key):
            return zh(zh_words, lang)
    return zh("其他", lang)


def period_name(period: str, lang: str) -> str:
    """A period code for readers: 2023 → 2023年, 2023-H1 → 2023年上半年, 2023-Q1-Q3 → 2023年前三季度,
    2023-M01-M10 → 2023年1—10月 (English: 2023, H1 2023, Q1–Q3 2023, Jan–Oct 2023)."""
    year, _, part = str(period).partition("-")
    if lang == "en":
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        if part.startswith("M"):
            first, last = (int(m[1:]) for m in part.split("-"))
            span = months[first - 1] if first == last else f"{months[first - 1]}–{months[last - 1]}"
            return f"{span} {year}"
        return f"{part.replace('-', '–')} {year}".strip()
    words = {"H1": "上半年", "H2": "下半年", "Q1-Q3": "前三季度"}
    if part.startswith("M"):
        first, last = (int(m[1:]) for m in part.split("-"))
        name = f"{first}月" if first == last else f"{first}—{last}月"
    elif part.startswith("Q"):
        name = words.get(part, f"第{'一二三四'[int(part[1]) - 1]}季度")
    else:
        name = words.get(part, part)
    return zh(f"{year}年{name}", lang)


def column_name(column: str, lang: str) -> str:
    """A table column's name in `lang` (unknown columns keep their own name)."""
    pair = COLUMNS.get(column)
    if pair is None:
        return column
    return pair[1] if lang == "en" else zh(pair[0], lang)


def value_name(column: str, value: object, lang: str) -> object:
    """A coded value (role, qualifier, status, step, synthetic) in words; anything else unchanged."""
    pair = VALUES.get(column, {}).get(str(value).lower() if isinstance(value, bool) else value)
    if pair is None:
        return value
    return pair[1] if lang == "en" else zh(pair[0], lang)


def check_lang(lang: str) -> str:
    """Return `lang` if supported, else raise ValueError naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r} is not one of {', '.join(LANGS)}")
    return lang


def t(key: str, lang: str, **kwargs: object) -> str:
    """A UI text in `lang` (Traditional Chinese is converted from Simplified with OpenCC)."""
    check_lang(lang)
    entry = TEXT[key]
    text = entry["en"] if lang == "en" else entry["zh-Hans"]
    text = text.format(**kwargs) if kwargs else text
    return to_traditional(text) if lang == "zh-Hant" else text


def zh(text: str, lang: str) -> str:
    """Chinese text in the script `lang` asks for (English readers get the Simplified original)."""
    return to_traditional(text) if lang == "zh-Hant" else text


def fmt_number(value: float, lang: str) -> str:
    """A number with separators suited to `lang` (万 for large Chinese figures)."""
    if value != value:  # NaN
        return ""
    if lang != "en" and abs(value) >= 10_000 and round(value / 10_000, 2) == value / 10_000:
        return f"{value / 10_000:g}" + ("万" if lang == "zh-Hans" else "萬")
    sep = "," if lang == "en" else ""  # Chinese reports write 3435名, not 3,435名
    return f"{value:{sep}.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:{sep}.0f}"


def _money(value: float, lang: str) -> str:
    """Money as people write it: 184.87万 / 3.2亿 (rounded to two decimals), 1.85 million in English."""
    steps = [(1e8, "亿"), (1e4, "万")] if lang != "en" else [(1e9, " billion"), (1e6, " million")]
    for divisor, word in steps:
        if abs(value) >= divisor:
            shown = f"{value / divisor:.2f}".rstrip("0").rstrip(".")
            return shown + (zh(word, lang) if lang != "en" else word)
    return fmt_number(value, lang)


def fmt_value(value: float, unit: str, qualifier: str, lang: str, high: float | None = None) -> str:
    """Value, qualifier and unit as a reader would say it: 2万余人次 / more than 20,000 attendances / 3至5名."""
    number = fmt_number(value, lang)
    if high is not None and high != high:  # NaN: no range
        high = None
    if unit == "元" and high is None:
        number = _money(value, lang)
    if high is not None and high == high:
        to = " to " if lang == "en" else "至"
        number = f"{number}{to}{fmt_number(high, lang)}"
    if lang == "en":
        body = f"{number}{unit}" if unit in ("%", TO_ONE) else f"{number} {unit_en(unit)}".strip()
        return QUALIFIER_WORDS["en"].get(qualifier, "{}").format(body)
    return zh(QUALIFIER_WORDS["zh-Hans"].get(qualifier, "{n}{u}").format(n=number, u=unit), lang)


def indicator_name(row: pd.Series, lang: str) -> str:
    """An indicator's name in `lang`; a figure without a catalog id is named by its subject (or source phrase)."""
    if isinstance(row.get("indicator_id"), str) and row["indicator_id"] and isinstance(row.get("name_zh"), str):
        return row["name_en"] if lang == "en" else zh(row["name_zh"], lang)
    return subject_name(row, lang) + (" " if lang == "en" else "") + t("uncatalogued", lang)


def subject_name(row: pd.Series, lang: str) -> str:
    """What a figure counts, in words from the report: 女党员, 女党员占比, 女党员占党员总数的比例."""
    subject = row.get("subject")
    name = subject if isinstance(subject, str) and subject else str(row.get("source_phrase", ""))
    den = row.get("denominator")
    if isinstance(den, str) and den:
        name = f"{name}占{den}的比例"
    elif row.get("unit") == "%" and row.get("kind") == "share":
        name = f"{name}占比"
    return zh(name, lang)


def section_name(section_id: str, sections: list, lang: str) -> str:
    """A section's name in `lang`."""
    for s in sections:
        if s.section_id == section_id:
            return s.name_en if lang == "en" else zh(s.name_zh, lang)
    return section_id
