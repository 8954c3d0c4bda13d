"""What each figure counts: subjects from the clause, the noun after the number, lead-ins, shares and lists."""

from __future__ import annotations

import pytest

from helpers.cleaning import clean_text
from helpers.extraction import find_figures
from helpers.subjects import resolve


def subjects(text: str, slogans: tuple[str, ...] = ()) -> list[tuple[float, str, str]]:
    simple = clean_text(text).simplified
    figs, _ = find_figures(simple, 2023, slogans)
    return [(f.value, s.subject, s.denominator) for f, s in zip(figs, resolve(simple, figs), strict=True)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the noun before the figure, without time words, connectives and the verb of having
        ("截至2023年底，全县共有党员3,280名。", [(3280, "党员", "")]),
        # a whole-area word of any rank (全兵团, 全旗) and 年末 name no part of what is counted
        ("全兵团户籍人口243.47万人，年末户籍人口239.68万人。", [(2434700, "户籍人口", ""), (2396800, "户籍人口", "")]),
        # a share inherits the count it follows and names its denominator where the text does
        ("女党员812名，占党员总数的24.8%。", [(812, "女党员", ""), (24.8, "女党员", "党员总数")]),
        ("发展少数民族党员35名，占6.1%。", [(35, "发展少数民族党员", ""), (6.1, "发展少数民族党员", "")]),
        # number first: the noun after the unit is what is counted
        ("选派207名干部到村担任第一书记。", [(207, "选派干部到村担任第一书记", "")]),
        ("全县422个城市街道、56个社区全部建立党组织。", [(422, "城市街道", ""), (56, "社区全部建立党组织", "")]),
        # a lead-in narrows every figure after it, across the items of a ；-list
        (
            "发展党员中，35岁及以下的412名，占80.4%；女性201名，占39.2%。",
            [
                (412, "发展党员中35岁及以下", ""),
                (80.4, "发展党员中35岁及以下", ""),
                (201, "发展党员中女性", ""),
                (39.2, "发展党员中女性", ""),
            ],
        ),
        # 其中 refers to the figure before it
        (
            "全年新发展党员512名。其中，女党员230名，占44.9%。",
            [(512, "新发展党员", ""), (230, "新发展党员中女党员", ""), (44.9, "新发展党员中女党员", "")],
        ),
        # 分别: the i-th item names the i-th figure
        (
            "新发展党员中，大专及以上学历、35岁及以下、女性分别占51.4%、81.2%、45.5%。",
            [
                (51.4, "新发展党员中大专及以上学历", ""),
                (81.2, "新发展党员中35岁及以下", ""),
                (45.5, "新发展党员中女性", ""),
            ],
        ),
        # a stated change inherits the subject of the level it follows
        ("党员总数为9,804名，比上年净增132名。", [(9804, "党员总数", ""), (132, "党员总数", "")]),
        # statistical prose: a footnote marker, a two-year average and the light verb 实现 are no part of the name
        (
            "全年全市实现地区生产总值[2]3120.5亿元，比上年增长6.2%，两年平均增长4.9%。",
            [(312_050_000_000, "地区生产总值", ""), (6.2, "地区生产总值", ""), (4.9, "地区生产总值", "")],
        ),
        # 按产业分 breaks down the total stated before it, as 其中 does
        (
            "全年地区生产总值3120.5亿元。按产业分，第一产业增加值210.3亿元，增长3.1%；第二产业实现增加值1203.8亿元。",
            [
                (312_050_000_000, "地区生产总值", ""),
                (21_030_000_000, "地区生产总值中第一产业增加值", ""),
                (3.1, "地区生产总值中第一产业增加值", ""),
                (120_380_000_000, "地区生产总值中第二产业增加值", ""),
            ],
        ),
        # a denominator said once serves the shares after it in the sentence
        (
            "第一产业增加值占地区生产总值比重为6.7%，第二产业增加值比重为38.6%。",
            [(6.7, "第一产业增加值", "地区生产总值"), (38.6, "第二产业增加值", "地区生产总值")],
        ),
        # 我国 is the place, 上涨 the verb
        ("全年我国居民消费价格上涨1.4%。", [(1.4, "居民消费价格", "")]),
        # a province's own name is the place, as 全省 is; 省委 is part of what is named
        (
            "2023年某某省生产总值3560.2亿元。某某省委组织部培训党员1200人次。",
            [(356_020_000_000, "生产总值", ""), (1200, "某某省委组织部培训党员", "")],
        ),
        # the k-th part of a structure written as a ratio is named by its place
        (
            "全市三大产业结构为6.4∶41.3∶52.3。",
            [(6.4, "三大产业结构第一项", ""), (41.3, "三大产业结构第二项", ""), (52.3, "三大产业结构第三项", "")],
        ),
        # 城乡 names two groups: a 分别 list gives 城镇 then 农村; a list right after a list of as many follows it
        (
            "城乡居民收入分别达到5.8万元、3.1万元，增长5.2%和6.9%。",
            [
                (58000, "城镇居民收入", ""),
                (31000, "农村居民收入", ""),
                (5.2, "城镇居民收入", ""),
                (6.9, "农村居民收入", ""),
            ],
        ),
        # a collective name needs no 分别 (城乡…35352元、13565元); 存贷款 and 第一、二、三产业 name their parts in turn
        (
            "金融机构存贷款余额分别增长4.1%、17%；城乡居民人均可支配收入3.5万元、1.4万元。",
            [
                (4.1, "金融机构存款余额", ""),
                (17, "金融机构贷款余额", ""),
                (35000, "城镇居民人均可支配收入", ""),
                (14000, "农村居民人均可支配收入", ""),
            ],
        ),
        (
            "第一、二、三产业对地区生产总值增长的贡献率分别为11.9%、62.3%、25.8%。",
            [
                (11.9, "第一产业对地区生产总值增长的贡献率", ""),
                (62.3, "第二产业对地区生产总值增长的贡献率", ""),
                (25.8, "第三产业对地区生产总值增长的贡献率", ""),
            ],
        ),
        # a breakdown of a change (分城乡看) breaks down the change stated right before it, not the last amount
        (
            "全年新增就业2.1万人。居民消费价格比上年上涨0.6%。分城乡看，城市上涨0.5%，农村上涨0.8%。",
            [
                (21000, "新增就业", ""),
                (0.6, "居民消费价格", ""),
                (0.5, "居民消费价格中城市", ""),
                (0.8, "居民消费价格中农村", ""),
            ],
        ),
        # 完成 after a name is a light verb, and an aside in brackets before it is dropped
        ("全县生产总值（GDP）完成24.34亿元，同比增长5.2%。", [(2_434_000_000, "生产总值", ""), (5.2, "生产总值", "")]),
        # 自然增长率 names a rate of its own: its 增长率 is no verb of change to strip
        ("人口自然增长率为-1.2‰。", [(-1.2, "人口自然增长率", "")]),
        # from one value to another: the verb between them is no noun counted by the first
        ("全县党员队伍由1200人增加到1350人。", [(1200, "党员队伍", ""), (1350, "党员队伍", "")]),
        # a qualifier alone shares the noun of the one after it (城镇和农村居民…)
        (
            "城镇和农村居民人均可支配收入分别为5.8万元、3.1万元。",
            [(58000, "城镇居民人均可支配收入", ""), (31000, "农村居民人均可支配收入", "")],
        ),
        # an aside in brackets that names it again is no part of the name; a ratio to one keeps its 比
        (
            "全市生产总值(GDP)1203.5亿元。城乡居民收入比缩小到1.85:1。",
            [(120_350_000_000, "生产总值", ""), (1.85, "城乡居民收入比", "")],
        ),
        # Taiwan's 比去年成长 is a verb of change, not part of what grew
        (
            "全省公共財政預算收入1,204.5億元，比去年成長3.2%。",
            [(120450000000, "公共财政预算收入", ""), (3.2, "公共财政预算收入", "")],
        ),
        # a measure said alone measures the item named just before; a lead-in's measure carries to its parts
        (
            "油料面积3900亩，产量528吨；蔬菜面积35189亩，产量10.3万吨。粮食总产量1644吨。其中，夏粮512吨。",
            [
                (3900, "油料面积", ""),
                (528, "油料产量", ""),
                (35189, "蔬菜面积", ""),
                (103000, "蔬菜产量", ""),
                (1644, "粮食总产量", ""),
                (512, "粮食总产量中夏粮产量", ""),
            ],
        ),
        # a growth rate after a figure is that figure's; a price rise held within a bound names the price
        (
            "全年实现地区生产总值5532.4亿元、增速进一步升至3.5%。居民消费价格指数涨幅控制在2.6%。",
            [(553_240_000_000, "地区生产总值", ""), (3.5, "地区生产总值", ""), (2.6, "居民消费价格指数", "")],
        ),
        # a ratio said without whose it is: the noun the sentence last qualified
        (
            "城乡居民收入分别达到6.5万元、3.7万元，收入比缩小到1.77:1。",
            [(65000, "城镇居民收入", ""), (37000, "农村居民收入", ""), (1.77, "城乡居民收入比", "")],
        ),
        # a province said without 省/自治区 in news copy, and 在全区 before a lead-in, are no part of the name
        (
            "西藏地区生产总值增长6.3%。在全区生产总值中，第一、二、三产业增加值所占比重分别为7.9%、42.0%和50.1%。",
            [
                (6.3, "地区生产总值", ""),
                (7.9, "生产总值中第一产业增加值所占比重", ""),
                (42, "生产总值中第二产业增加值所占比重", ""),
                (50.1, "生产总值中第三产业增加值所占比重", ""),
            ],
        ),
        ("北京市委组织部培训干部1200人。", [(1200, "北京市委组织部培训干部", "")]),
        # an adjusted rate (扣除…因素, 可比) is kept apart from the plain one; a city named first is no part of it
        (
            "一般公共预算收入下降1.6%，扣除减税降费等因素影响，可比增长11.5%。大连市去年实现地区生产总值同比增长0.9%。",
            [(-1.6, "一般公共预算收入", ""), (11.5, "一般公共预算收入可比口径", ""), (0.9, "地区生产总值", "")],
        ),
        ("农贸市场改造12个，城市居民收入增长5%。", [(12, "农贸市场改造", ""), (5, "城市居民收入", "")]),
        # an estimate's verbs and the place before them name nothing
        (
            "遵义市预计完成地区生产总值3000亿元，增长10%。",
            [(300_000_000_000, "地区生产总值", ""), (10, "地区生产总值", "")],
        ),
        # a round mark passed names nothing; a size class is the scope every report means
        (
            "全省生产总值突破2000亿元大关，达到2052.1亿元。500万元以上固定资产投资增长1.8%。",
            [(200_000_000_000, "生产总值", ""), (205_210_000_000, "生产总值", ""), (1.8, "固定资产投资", "")],
        ),
        # 其中 breaks down the total, not the gap with the city stated after it
        (
            "全区地区生产总值503.7亿元，增速低于全市平均水平（3.5%）2.9个百分点。其中，第一产业增加值21.8亿元。",
            [
                (50_370_000_000, "地区生产总值", ""),
                (3.5, "增速低于全市平均水平", ""),
                (-2.9, "增速低于全市平均水平", ""),
                (2_180_000_000, "地区生产总值中第一产业增加值", ""),
            ],
        ),
        # the year so far (累计) after a place or a kind of firm names nothing; 在 opens a lead-in, no part of it
        (
            "1-12月，丙区累计实现公共财政预算收入428.1亿元；规模以上工业企业累计完成工业总产值597.2亿元。"
            "在食品烟酒价格中，粮食价格上涨1.3%。",
            [
                (42_810_000_000, "丙区公共财政预算收入", ""),
                (59_720_000_000, "规模以上工业企业工业总产值", ""),
                (1.3, "食品烟酒价格中粮食价格", ""),
            ],
        ),
        # 其中 with a count breaks down the last count in its unit, not the amount said after it; 合计 keeps its 计
        (
            "丁区登记在册的各类企业35072户，注册资本合计16668.67亿元。其中公有制5875户。",
            [
                (35072, "丁区登记在册的各类企业", ""),
                (1_666_867_000_000, "注册资本合计", ""),
                (5875, "丁区登记在册的各类企业中公有制", ""),
            ],
        ),
    ],
)
def test_subject_of_each_figure(text, want):
    assert subjects(text) == [(float(v), s, d) for v, s, d in want]


def test_a_heading_sentence_names_the_group_of_the_list_after_it():
    text = "党员的职业。工人210名，农牧渔民1380名。\n发展党员的职业。工人12名，农牧渔民35名。\n"
    got = [s for _, s, _ in subjects(text)]
    assert got == ["党员中工人", "党员中农牧渔民", "发展党员中工人", "发展党员中农牧渔民"]


def test_the_reports_own_place_name_is_not_part_of_a_subject(reference):
    """SYNTHETIC: one year writes 某某市生产总值, the next 全市生产总值; the manifest names the region 某某市."""
    from helpers import dataset

    text = "某某市2023年统计公报\n某某市生产总值512.3亿元。某某市委组织部培训党员300人次。\n"
    rows = dataset.extract_text(text, "x", 2023, reference, place="某某市").rows
    assert rows["subject"].tolist() == ["生产总值", "某某市委组织部培训党员"]


@pytest.mark.parametrize("rest", ["委组织部培训党员", "级财政投入", "内公路里程", "人大代表", "政协委员", "直机关党员"])
def test_a_places_own_bodies_keep_its_name(rest):
    """One list serves the report's own place (某某市委) and any province (某某省人大): both keep the name."""
    from helpers.subjects import without_place

    assert without_place(f"某某市{rest}", "某某市") == f"某某市{rest}"
    assert subjects(f"某某省{rest}1200名。")[0][1] == f"某某省{rest}"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # parts named by 三次产业 in the clause before a 分别 list; a ratio after a ratio of as many parts
        (
            "三次产业结构调整为8.1:37.4:54.5，对GDP增长的贡献率分别为7.4%、55.9%和36.7%。",
            [
                (8.1, "第一产业结构", ""),
                (37.4, "第二产业结构", ""),
                (54.5, "第三产业结构", ""),
                (7.4, "第一产业对GDP增长的贡献率", ""),
                (55.9, "第二产业对GDP增长的贡献率", ""),
                (36.7, "第三产业对GDP增长的贡献率", ""),
            ],
        ),
        (
            "三产比重为7.9:36.4:55.7。",
            [(7.9, "第一产业比重", ""), (36.4, "第二产业比重", ""), (55.7, "第三产业比重", "")],
        ),
        (
            "三次产业结构由2022年的0.6:55.4:44调整为0.7:53.5:45.8。",
            [
                (0.6, "第一产业结构", ""),
                (55.4, "第二产业结构", ""),
                (44, "第三产业结构", ""),
                (0.7, "第一产业结构", ""),
                (53.5, "第二产业结构", ""),
                (45.8, "第三产业结构", ""),
            ],
        ),
    ],
)
def test_parts_of_the_three_industries_are_named_in_turn(text, want, reference):
    # (三产 names the three industries, 三产业 one of them)
    # 三次 of 三次产业 is a fixed term (the slogans list), not three times
    assert subjects(text, reference.slogans) == [(float(v), s, d) for v, s, d in want]
