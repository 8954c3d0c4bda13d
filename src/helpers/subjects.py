"""What each figure counts: its subject (and a share's denominator), read from its clause and the lead-in before it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extraction import CJK_RE, RATIO_SEPARATORS, TO_ONE, TO_RE, Figure, TextIndex, listed_together

UNIT_FAMILY = {"名": "persons", "人": "persons", "位": "persons"}


def unit_family(unit: str) -> str:
    """名, 人 and 位 all count people; other units only match themselves."""
    return UNIT_FAMILY.get(unit, unit)


# Words around a figure that say when or how, not what: removed from the subject.
_TIME = (
    r"(?:截至|截止|到|至|由|从|在)?(?:(?:19|20)\d{2}年|上年度?|去年度?|上一年|今年|当年|本年)"
    r"(?:底|末|初|上半年|下半年|前三季度|第?一季度|\d{1,2}月(?:\d{1,2}日)?)?(?:以来|前|内|的|，)?"
)
_LEAD_WORDS = (
    r"^(?:其中|共有|共计|累计|合计|总计|现有|目前|全年|整年|年初以来|今年以来|近年来|年内|同时|另外|此外|先后|分别|均|共|已|还"
    r"|上半年|下半年|前三季度|第?一季度|完成|实现|初步统计|预计"
    r"|并|和|及|与|以及|、|，|在(?=全|我)|全县|全市|全区|全镇|全省|全国|我县|我市|我区|我省|我国"
    r"|全州|全盟|全旗|全乡|全师|全兵团|年末|年底)+"  # 年末户籍人口 is 户籍人口 of another year's report
)
_TRAIL_WORDS = (
    r"(?:(?:同比|环比|比|较)(?:上年|去年|上一年)?(?:底|末|同期)?)?"
    r"(?:净增加?|净减少?|增长|成长|衰退|加快|放缓|增加|减少|下降|降低|提高|提升|上升|上涨|下跌|回落|扩大|缩小|缩减|增幅|降幅|增速"
    r"|(?<!自然)增长率|增至|降至|增加到|提高到"
    r"|下降到|提升到|上升到|减少到|降低到|达到|达|为|是|有|(?<![合总累共统])计|约|近|到|至|了|由|从|分别|的|有望|预计|预期|完成|实现"
    r"|(?<=结构)(?:调整|优化|变化|转变)|(?<=进一步)(?:回升|回落|升|降)|(?<=[速幅率])进一步"
    r"|涨幅|跌幅|(?<=[速幅率数])(?:控制|保持|稳定)在)*$"
)
# 湖南省共有… / 某某县现有…: the place and the verb of having are not part of what is counted.
# 安徽省生产总值 is 全省生产总值 of another year: a province's name is no part of what is counted (省委, 省级 are).
# Only 省 and 自治区: a 市 or 县 ending three characters (农贸市场, 城市) is too often a word of its own.
# what follows a place's name when the words are the place's own bodies or bounds (市委, 省级, 县内), not a name
_OWN_BODIES = "委|政府|级|人大|政协|纪委|内|外|直|属|份"
# The 34 provincial-level names, said without 省/自治区/市 in news copy (西藏地区生产总值增长6.3%).
PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州"
    "|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_PROVINCE = (
    rf"^(?:[\u4e00-\u9fff]{{2,3}}?省|[\u4e00-\u9fff]{{2,5}}?自治区|(?:{PROVINCES})(?:市|全区|全省|全市)?)"
    rf"(?!(?:市|省|区)?(?:{_OWN_BODIES}))(?=[\u4e00-\u9fff]{{2}})"  # 北京市委组织部: the city's own body
)
_PLACE_HAS = r"^[\u4e00-\u9fff]{1,6}?(?:省|市|县|区|州|盟|旗|镇|乡)(?:共有|现有|共|有)"
_SHARE_RE = re.compile(r"^(?P<what>.*?)占(?P<den>[^占]*?)(?:的)?(?:比例|比重|比)?(?:为|达到?|是)?$")
# 国内生产总值[2]: a footnote marker is no part of the name.
_FOOTNOTE_RE = re.compile(r"\[\d{1,2}\]")
_AVERAGE_RE = re.compile(r"(?:年均|年平均|平均每年|[两二三四五]年平均)$")
# 按产业分，… / 分产业看，…: a breakdown of the total stated before, as 其中 is.
BREAKDOWN_RE = re.compile(r"^(?:按|分)[\u4e00-\u9fff]{1,6}?(?:分|看|划分)$")
# 第三产业增加值比重为52.8%: a share named without its denominator, said once for the first share of the sentence.
_SHARE_WORDS_RE = re.compile(r"(?:所占)?(?:比重|占比)$")
MAX_SUBJECT = 30
# Adjusted rates: 扣除减税降费等因素影响, 可比增长, 按可比价格计算 (the subject takes ADJUSTED instead).
ADJUSTED_RE = re.compile(r"扣除[^，。；]{0,20}?因素(?:影响)?后?|(?:按)?可比(?:价格?|口径)?(?:计算)?")
ADJUSTED = "可比口径"
# 比2019年上半年增长7.9% (beside 同比增长12.7%): a change against an older year, marked in its subject
BASED_RE = re.compile(r"（比(?:19|20)\d{2}年[^（）]*）$")  # the mark only: a subject may hold （比重…） of its own


def based_subject(subject: str, base: str) -> str:
    """The subject of a change against an older year than the last (`base`: 2019年上半年), marked as such."""
    return f"{subject}（比{base}）" if base else subject


def is_based(subject: str) -> bool:
    """Whether a subject carries based_subject's mark (a change against an older year than the last)."""
    return BASED_RE.search(subject) is not None


# 大连市去年实现地区生产总值…: a city named before what it measures (its own bodies stay: 市委, 市场)
_CITY_FIRST_RE = re.compile(
    rf"^[\u4e00-\u9fff]{{2,3}}?市(?!{_OWN_BODIES}|场|民|区|县|镇|值|容|面|本级)(?=[\u4e00-\u9fff]{{4}})"
)
_MARK_RE = re.compile(r"^[，、]?的?新?(?:大关|台阶|关口)")


@dataclass(frozen=True)
class Subject:
    """What a figure counts, the denominator of a share, and the words around it (for matching)."""

    subject: str
    denominator: str
    context: str
    phrase: str


def _strip(words: str) -> str:
    """The noun phrase left when time words, connectives and verbs of change are removed."""
    s = _FOOTNOTE_RE.sub("", re.sub(_TIME, "", words))
    s = _MARK_RE.sub("", s)  # 突破2000亿元大关，达到2052.12亿元: the mark names nothing
    s = ADJUSTED_RE.sub("", s)
    s = _CITY_FIRST_RE.sub("", s)
    # 500万元以上固定资产投资: the statistical scope of the indicator every report means by 固定资产投资
    s = re.sub(r"^\d+(?:\.\d+)?(?:万|亿)?元(?:及)?以上(?=[\u4e00-\u9fff]{2})", "", s)
    s = re.sub(_LEAD_WORDS, "", s)
    s = re.sub(_PLACE_HAS, "", s)
    s = re.sub(_PROVINCE, "", s)
    s = re.sub(r"^[\u4e00-\u9fff]{2,3}?(?=全年|全市|全县|全区|全省|全镇)", "", s)  # 成都全年… : a place name
    s = re.sub(_LEAD_WORDS, "", s)
    s = _AVERAGE_RE.sub("", s)
    s = s.replace("中国共产党", "")
    s = re.sub(r"实现(?=[\u4e00-\u9fff])", "", s)  # 第一产业实现增加值: a light verb of statistical prose
    # 西城区累计实现公共财政预算收入, 规上工业企业累计完成工业总产值: the year so far, as every year's total is
    s = re.sub(r"(?<=[区县市镇业])累计(?:完成|实现)?(?=[\u4e00-\u9fff]{2})", "", s)
    # 遵义市预计完成地区生产总值: an estimate's verbs, and the place before them, name nothing
    s = re.sub(r"^(?:[\u4e00-\u9fff]{1,4}[市县区州盟旗])?(?:预计|预期|有望)(?:全年)?(?:完成|实现|达到)?", "", s)
    s = re.sub(r"(?:(?:同比|环比|比|较)(?:上年|去年|上一年)(?:底|末|同期)?)", "", s)
    for _ in range(3):  # 增加到了 / 达到为 / 两年平均增长: a few verbs in a row, and the average they are
        s = _AVERAGE_RE.sub("", re.sub(_TRAIL_WORDS, "", s))
    s = re.sub(r"[（(][^（()）]{0,12}[）)]?$", "", s)  # 生产总值(GDP)6739.45亿元: an aside that names it again
    return s.strip("，、：；（）() ")


def _cjk_count(s: str) -> int:
    return len(CJK_RE.findall(s))


def _post_subject(post: str) -> str:
    """The noun after a number-first figure (207名干部到村担任第一书记): up to the clause end, without 的."""
    s = re.sub(r"^(?:的|，|、)+", "", post)
    s = re.sub(r"[，。；：].*$", "", s)
    return s[:MAX_SUBJECT].rstrip("、和及与")


def mask_numbers(text: str) -> str:
    """Text with every number replaced by '#', so that only the words are compared."""
    return re.sub(r"[\d.,]+(?:兆|万亿|亿|万|千)?|[一二两三四五六七八九十百千万零〇]{2,}", "#", text)


def resolve(text: str, figures: list[Figure]) -> list[Subject]:
    """The subject of each figure (in order): its own words, else those of the figure it follows."""
    # Items of a list separated by ； share the lead-in before them: sentences end at 。！？ only here.
    index = TextIndex(text, sentence_end="。！？\n")
    out: list[Subject] = []
    clauses = [index.clause(f.start, f.end) for f in figures]
    sentences = [index.sentence(f.start, f.end) for f in figures]
    spread = _respectively(text, figures, clauses, sentences)
    parts = _ratio_parts(text, figures)
    ratio_base: dict[int, str] = {}
    ratio_names: dict[int, list[str]] = {}
    number_first = [False] * len(figures)
    for i, f in enumerate(figures):
        c0, c1 = clauses[i]
        s0, s1 = sentences[i]
        if f.label:  # a table cell: its row says what it counts
            context = mask_numbers(text[f.phrase_start : f.phrase_end])
            out.append(Subject(f.label[-MAX_SUBJECT * 2 :], "", context, f.source_phrase))
            continue
        prev_in_clause = i > 0 and clauses[i - 1] == clauses[i]
        next_in_clause = i + 1 < len(figures) and clauses[i + 1] == clauses[i]
        pre = text[figures[i - 1].end if prev_in_clause else c0 : f.start][-MAX_SUBJECT * 2 :]
        post = text[f.end : figures[i + 1].start if next_in_clause else c1][: MAX_SUBJECT * 2]
        # 由1200人增加到1350人: a verb of change after the unit is no noun that the number counts
        noun_follows = (
            (CJK_RE.match(post[:1]) is not None or post[:1] == "“")
            and not TO_RE.match(post + "1")
            and not _MARK_RE.match(post)  # 突破2000亿元大关: a round mark the level passed, not what is counted
        )
        if prev_in_clause and number_first[i - 1] and noun_follows:
            pre = ""  # 422个城市街道、5681个社区: the words before this figure named the one before it
        local, den = _strip(pre), ""
        # 扣除减税降费因素，可比增长11.5%: an adjusted rate of the figure named before, kept apart from the plain one
        adjusted = ADJUSTED_RE.search(pre) is not None
        share = f.unit == "%" and _SHARE_RE.match(local)
        if share:
            local, den = _strip(share["what"]), _strip(share["den"])
        elif f.unit == "%" and _SHARE_WORDS_RE.search(local):
            den = _said_denominator(out, sentences, i)
            local = _SHARE_WORDS_RE.sub("", local) if den else local
        if not share and f.unit not in ("%", "个百分点") and noun_follows:
            # Number first (选派207名干部到村担任第一书记): the noun after the unit is what is counted.
            post_s = _post_subject(post)
            if _cjk_count(post_s) >= 2:
                local, number_first[i] = local + post_s, True
        if i in spread:
            ref = spread[i]
            local = out[int(ref[1:])].subject if ref.startswith("@") else ref
        if f.unit == TO_ONE and local and not local.endswith("比"):
            local += "比"  # 城乡居民收入比缩小到1.79:1: a ratio to one is named with its 比
        if i in parts:  # 三次产业结构为7.2∶40.0∶52.8: the k-th part of the structure its first part names
            first, k = parts[i]
            base = ratio_base.setdefault(first, local)
            # 三次产业增加值占GDP的比重为26.3:24.7:49: a collective name gives each part its own (第一产业…)
            n = sum(1 for f0, _ in parts.values() if f0 == first)
            names = ratio_names.setdefault(
                first, _collective(base, n) or _earlier_ratio(ratio_names, n, first, sentences)
            )
            local = names[k - 1] if names else f"{base}第{_CN_ORDINALS[k]}项"
            den = den or (out[first].denominator if first != i else "")
        if _cjk_count(local) < 2:
            local = _inherit(out, figures, sentences, number_first, i, prev_in_clause) or local
            local = local.removesuffix(ADJUSTED)
        if adjusted and local:
            local += ADJUSTED
        elif local in MEASURES and i > 0 and sentences[i - 1] == sentences[i]:
            local = _item_of(out[i - 1].subject) + local  # 油料面积3900亩，产量528吨: the item is said once
        elif local.endswith("比") and _cjk_count(local) <= 3:
            local = _whose(text[s0:c0], local[:-1]) + local  # 城乡居民收入分别…，收入比缩小到1.77:1
        lead = _lead(text, index, c0, s0, out, figures, i) or _topic(text, s0)
        if lead and not local.startswith(lead):
            if len(local) > 3 and local[:2] == lead[:2]:
                local = local[2:]  # 发展党员中 + 发展女党员: the verb is said once
            measure = next((m for m in MEASURES if lead.endswith(m)), "")
            if measure and 2 <= _cjk_count(local) <= 4 and not local.endswith(MEASURES):
                local += measure.removeprefix("总")  # 粮食总产量中夏粮512吨: 夏粮产量, as next year may write it
            local = f"{lead}中{local}" if local else lead  # 分季度看，一季度增长4.5%: the total's own growth
        context = mask_numbers(text[max(s0, f.start - 80) : min(s1, f.end + 40)])
        seg0 = max(figures[i - 1].end if prev_in_clause else c0, f.start - 24)
        seg1 = min(figures[i + 1].start if next_in_clause else c1, f.end + 16)
        out.append(Subject(local[-MAX_SUBJECT * 2 :], den, context, text[seg0:seg1].strip("、，")))
    return out


_RESPECTIVELY_RE = re.compile(r"(?P<items>[^，。；：]+?)分别(?:占|为|是|达到?|增长|增加|提高|下降|减少)?$")


def _respectively(
    text: str, figures: list[Figure], clauses: list[tuple[int, int]], sentences: list[tuple[int, int]]
) -> dict[int, str]:
    """大专及以上学历、35岁及以下、女性分别占51.4%、81.2%、45.5%: the i-th item names the i-th figure."""
    out: dict[int, str] = {}
    i = 0
    while i < len(figures):
        j = i
        while (
            j + 1 < len(figures)
            and clauses[j + 1] == clauses[i]
            and listed_together(text[figures[j].end : figures[j + 1].start], figures[j].unit, ("、", "和", "及"))
        ):
            j += 1
        if j > i:
            c0 = clauses[i][0]
            m = _RESPECTIVELY_RE.search(_strip_time(text[c0 : figures[i].start]))
            items = []
            for sep in ("、", "[、和与及]", "[和与]"):
                items = [x for x in re.split(sep, m["items"]) if x] if m else []
                if len(items) == j - i + 1:
                    break
            if m and (len(items) != j - i + 1 or not all(_cjk_count(x) >= 2 for x in items)):
                items = (
                    _collective(m["items"], j - i + 1)
                    or _named_before(text[sentences[i][0] : c0], m["items"], j - i + 1)
                    or items
                )
            elif m is None:  # 城乡居民人均可支配收入35352元、13565元: a collective name needs no 分别
                items = _collective(_strip(_strip_time(text[c0 : figures[i].start])), j - i + 1)
            items = _shared_head(items)
            if len(items) == j - i + 1 and all(_cjk_count(x) >= 2 for x in items):
                for k, item in enumerate(items):
                    out[i + k] = _strip(item) or item
            elif (
                m is None
                and i >= j - i + 1
                and (
                    text[c0 : figures[i].start].startswith("分别")
                    or (
                        _cjk_count(_strip(text[c0 : figures[i].start])) < 2
                        and _one_run(text, clauses, i - (j - i + 1), i)
                    )
                )
            ):
                # 生产总值92.51亿元，规上工业增加值10.74亿元，分别比增5.1%和15.3%: the figures before name them;
                # 城乡居民收入分别为60134元和33633元，增长8%和8.9%: a list after a list of as many, in turn
                for k in range(j - i + 1):
                    out[i + k] = f"@{i - (j - i + 1) + k}"
        i = j + 1
    return out


_CN_ORDINALS = "零一二三四五六七八九十"
# Nouns that say what is measured of an item (油料面积, 油料产量): said alone, they measure the item named before.
MEASURES = (
    "总产量",
    "产量",
    "面积",
    "产值",
    "增加值",
    "销售额",
    "营业额",
    "人数",
    "户数",
    "金额",
    "总额",
    "总量",
    "数量",
)


def _item_of(subject: str) -> str:
    """The item a subject measures (油料面积 → 油料; 蔬菜 → 蔬菜), without any lead-in."""
    item = _without_lead(subject)
    for measure in MEASURES:
        if item.endswith(measure):
            return item[: -len(measure)]
    return item if 2 <= _cjk_count(item) <= 4 else ""


def _whose(before: str, noun: str) -> str:
    """The words that qualify `noun` where the sentence last named it (城乡居民收入… → 城乡居民), or ''."""
    at = before.rfind(noun)
    if at <= 0:
        return ""
    m = re.search(r"[\u4e00-\u9fff]{1,4}$", before[:at])
    return m[0] if m else ""


def _earlier_ratio(names: dict[int, list[str]], n: int, first: int, sentences: list[tuple[int, int]]) -> list[str]:
    """由2020年的0.65:55.35:44调整为0.7:53.5:45.8: a ratio after one of as many parts in its sentence has its parts."""
    earlier = [f for f, got in names.items() if f < first and len(got) == n and sentences[f] == sentences[first]]
    return names[max(earlier)] if earlier else []


def _named_before(before: str, item: str, n: int) -> list[str]:
    """三次产业结构调整为8.1:37.4:54.5，对GDP增长的贡献率分别为…: parts named earlier in the sentence, in turn."""
    for word, parts in COLLECTIVES:
        if len(parts) == n and word in before:
            return [part + item for part in parts]
    return []


def _one_run(text: str, clauses: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether figures a..b-1 stand in one clause, the clause right before figure b's (after a comma)."""
    end = clauses[a][1]
    return len({clauses[k] for k in range(a, b)}) == 1 and end + 1 == clauses[b][0] and text[end : end + 1] in "，,"


# Words that name several groups at once, and the groups a 分别 list gives in turn: 城乡居民收入分别达到64886元、
# 36632元 is 城镇居民收入 then 农村居民收入 (the order every statistical text keeps).
COLLECTIVES = (
    ("城乡", ("城镇", "农村")),
    ("进出口", ("进口", "出口")),
    ("中小学", ("中学", "小学")),
    ("存贷款", ("存款", "贷款")),
    ("三次产业", ("第一产业", "第二产业", "第三产业")),
    ("第一、二、三产业", ("第一产业", "第二产业", "第三产业")),
    ("第一二三产业", ("第一产业", "第二产业", "第三产业")),
    ("一二三产业", ("第一产业", "第二产业", "第三产业")),
    ("一、二、三产业", ("第一产业", "第二产业", "第三产业")),
    ("三产", ("第一产业", "第二产业", "第三产业")),  # 三产比重为7.9:36.4:55.7: three parts, so not 第三产业 alone
)


# Words that qualify one noun in parallel (城镇和农村居民, 男性和女性党员, 公办和民办幼儿园).
PARALLEL = frozenset(
    [
        "城镇",
        "农村",
        "城市",
        "乡村",
        "男性",
        "女性",
        "境内",
        "境外",
        "国内",
        "国外",
        "公办",
        "民办",
        "国有",
        "民营",
        "进口",
        "出口",
    ]
)


def _shared_head(items: list[str]) -> list[str]:
    """城镇和农村居民人均可支配收入: a qualifier alone before a qualified last item shares the last one's noun."""
    last = items[-1] if items else ""
    if len(items) < 2 or last[:2] not in PARALLEL or len(last) < 4:
        return items
    return [x + last[2:] if x in PARALLEL else x for x in items[:-1]] + [last]


def _collective(item: str, n: int) -> list[str]:
    """The n groups one collective word names, each in the item's words (城乡居民收入 → 城镇居民收入, 农村居民收入)."""
    for word, parts in COLLECTIVES:
        if word == "三产" and "三产业" in item:
            continue  # 三产 names the three industries, 三产业 one of them
        if word in item and len(parts) == n:
            return [item.replace(word, part, 1) for part in parts]
    return []


def _ratio_parts(text: str, figures: list[Figure]) -> dict[int, tuple[int, int]]:
    """7.2∶40.0∶52.8: for each part of a ratio, (index of its first part, its place in the ratio from 1)."""
    out: dict[int, tuple[int, int]] = {}
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        sep = text[a.end : b.start]
        # a part of a ratio is a bare number: no unit written after it (3期：414人次 is no ratio)
        if len(sep) == 1 and sep in RATIO_SEPARATORS and text[a.end - 1].isdigit() and text[b.end - 1].isdigit():
            first, k = out.get(i - 1, (i - 1, 1))
            out[i - 1] = (first, k)
            out[i] = (first, min(k + 1, len(_CN_ORDINALS) - 1))
    return out


def _said_denominator(done: list[Subject], sentences: list[tuple[int, int]], i: int) -> str:
    """The denominator of the nearest share before figure i in its sentence (占国内生产总值比重为7.3%)."""
    for j in range(i - 1, -1, -1):
        if sentences[j] != sentences[i]:
            break
        if done[j].denominator:
            return done[j].denominator
    return ""


def _strip_time(words: str) -> str:
    return re.sub(_TIME, "", words)


# How many figures back a figure looks for a subject to inherit: a real sentence has far fewer, and a pasted list
# of 40,000 figures in one sentence must not take quadratic time.
INHERIT_REACH = 64


def _inherit(
    done: list[Subject],
    figures: list[Figure],
    sentences: list[tuple[int, int]],
    number_first: list[bool],
    i: int,
    prev_in_clause: bool,
) -> str:
    """The subject of an earlier figure of the same sentence (占45.9% after 发展女党员110.5万名; 达2.08万亿元 after
    地区生产总值…): one in the same unit family first, and never one that names only its own noun (7个千亿级台阶)."""
    same_sentence = []
    for j in range(i - 1, max(-1, i - 1 - INHERIT_REACH), -1):
        if sentences[j] != sentences[i]:
            break
        if done[j].subject:
            same_sentence.append(j)
    if same_sentence and (prev_in_clause or figures[i].unit in ("%", "个百分点")):
        return done[same_sentence[0]].subject  # 84场次、2万余人次 / 占45.9%: the figure right before it
    family = unit_family(figures[i].unit)
    for keep in (
        lambda j: unit_family(figures[j].unit) == family and not number_first[j],
        lambda j: not number_first[j],
        lambda j: True,
    ):
        found = next((j for j in same_sentence if keep(j)), None)
        if found is not None:
            return done[found].subject
    return ""


GAP_WORD_RE = re.compile(r"高于|低于|快于|慢于")
# How many figures back 其中 or a breakdown looks for what it refers to: enough for any paragraph, and a long
# report stays linear (a scan of every earlier figure made an 18 MB report take minutes).
LOOK_BACK = 60


def _before_clause(done: list[Subject], figures: list[Figure], pos: int, unit: str = "") -> str:
    """The subject of the last figure before `pos` (what 其中 refers to), without its own lead-in; a gap with
    another area (增速低于全市平均水平2.9个百分点。其中，…) is not what the list breaks down. A count or an amount
    breaks down the last one in its own unit (企业35072户，注册资本合计16668.67亿元。其中公有制5875户)."""
    fallback = None
    for j in range(len(done) - 1, max(-1, len(done) - 1 - LOOK_BACK), -1):
        if figures[j].end > pos or not done[j].subject or GAP_WORD_RE.search(done[j].subject):
            continue
        if not unit or unit in ("%", "个百分点", "‰") or figures[j].unit == unit:
            return _without_lead(done[j].subject)
        fallback = j if fallback is None else fallback
    return _without_lead(done[fallback].subject) if fallback is not None else ""


def _total_before(done: list[Subject], figures: list[Figure], pos: int, kind: Figure | None = None) -> str:
    """What 按产业分 breaks down: the nearest amount stated before `pos` (a level not in %, points or ‰); for a
    change, the change stated right before (居民消费价格上涨0.6%。分城乡看，城市上涨0.5%)."""
    last = next((j for j in range(len(done) - 1, -1, -1) if figures[j].end <= pos), None)
    if (
        kind is not None
        and kind.role == "change"
        and last is not None
        and figures[last].role == "change"
        and figures[last].unit == kind.unit
        and done[last].subject
    ):
        return _without_lead(done[last].subject)
    for j in range(len(done) - 1, max(-1, len(done) - 1 - LOOK_BACK), -1):
        f = figures[j]
        if f.end <= pos and done[j].subject and f.role == "level" and f.unit not in ("%", "个百分点", "‰"):
            return _without_lead(done[j].subject)
    return ""


def _without_lead(subject: str) -> str:
    """A subject without its lead-in (发展党员中女党员 → 女党员): what 其中 or a breakdown refers to."""
    return re.sub(r"^.*?中(?=.)", "", subject) if "中" in subject[:-1] else subject


def _lead(text: str, index: TextIndex, c0: int, s0: int, done: list[Subject], figures: list[Figure], i: int) -> str:
    """A lead-in that narrows the subject: 发展党员中，… / 全县1286名村干部中，… / 其中，…"""
    if text.startswith("其中", c0):
        return _before_clause(done, figures, c0, figures[i].unit)
    # Clauses of the same sentence before this one that end with 中: the nearest one is the lead.
    pos, looked = c0 - 1, 0
    while pos > s0 and looked < 12:  # bounded: a sentence of many clauses must not make this quadratic
        looked += 1
        l0, l1 = index.clause(pos - 1, pos - 1)
        part = text[l0:l1]
        if part == "其中" or part.startswith("其中"):
            return _before_clause(done, figures, l0, figures[i].unit)
        if BREAKDOWN_RE.match(part):
            return _total_before(done, figures, l0, figures[i])
        if part.endswith("中") and len(part) <= MAX_SUBJECT:  # 在食品烟酒价格中: 在 is no part of it
            return _strip(re.sub(r"[\d.,]+(?:万|亿)?[名人个]", "", part[:-1].removeprefix("在")))
        pos = l0 - 1
    return ""


def _topic(text: str, s0: int) -> str:
    """A paragraph that opens with a short heading sentence such as 发展党员的职业。: its noun (发展党员)."""
    line_start = text.rfind("\n", 0, s0) + 1
    first_end = text.find("。", line_start, line_start + 24)
    if first_end == -1 or first_end >= s0:  # the heading is a sentence before this one
        return ""
    head = text[line_start:first_end]
    m = re.match(r"^([\u4e00-\u9fff]{2,10})的[\u4e00-\u9fff、和]{2,12}$", head)
    return m[1] if m else ""


_PLACE_SUFFIX = "省|市|县|区|自治区|自治州|州|盟|旗|镇|乡|街道"


def without_place(subject: str, place: str) -> str:
    """The subject without the report's own place name at its head (马鞍山市生产总值 is 全市生产总值 in another
    year's words); the place's own bodies (市委, 市政府, 县级) keep it."""
    base = re.sub(f"(?:{_PLACE_SUFFIX})$", "", place)
    if len(base) < 2:
        return subject
    m = re.match(f"{re.escape(base)}(?:{_PLACE_SUFFIX})?", subject)  # the whole name, suffix and all
    if m is None or re.match(_OWN_BODIES, subject[m.end() :]):
        return subject
    return subject[m.end() :] if len(CJK_RE.findall(subject[m.end() :])) >= 2 else subject
