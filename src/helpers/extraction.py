"""Find every numeric figure in a cleaned, Simplified-Chinese report text: value, unit, role, qualifier, period."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .headings import plan_spans
from .numbers import CN_DIGITS, MULTIPLIERS, NumberFormatError, parse_number
from .periods import PERIOD, PERIOD_RE, period_of, so_far
from .printed_tables import canonical_unit, table_cells

# Measure words, longest first so that 人次 wins over 人 and 个百分点 over 个.
UNITS = [
    "人（次）",  # 培训17.3万人（次）: person-times, as 人次
    "人(次)",
    "个百分点",
    "百分点",
    "个千分点",
    "千分点",
    "微克/立方米",
    "毫克/立方米",
    "平方公里",
    "平方千米",
    "公斤/公顷",
    "公斤/亩",
    "斤/亩",
    "平方米",
    "吨标准煤",
    "公顷",
    "立方米",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "标准箱",
    "标箱",
    "架次",
    "件次",
    "人次",
    "场次",
    "批次",
    "轮次",
    "户次",
    "课时",
    "学时",
    "小时",
    "公里",
    "万元/人",
    "元/人",
    "家次",
    "元/平方米",  # a price or an allowance per item: 1.5万元/床位, 600元/亩
    "元/床位",
    "元/公斤",
    "元/床",
    "元/亩",
    "元/吨",
    "元/户",
    "元/斤",
    "万元",
    "亿元",
    "名",
    "人",
    "场",
    "期",
    "个",
    "家",
    "所",
    "份",
    "项",
    "次",
    "户",
    "条",
    "件",
    "篇",
    "处",
    "支",
    "座",
    "套",
    "台",
    "辆",
    "列",  # 中欧班列开行1.6万列: trains
    "袋",  # 食用菌53万袋
    "车次",
    "部",  # 2部法律 (部门, 部署: words)
    "艘",
    "架",
    "栋",
    "幢",
    "穴",
    "种",
    "宗",
    "枚",
    "盏",  # 路灯320盏, 取得5盏绿灯
    "株",
    "门",
    "间",
    "张",
    "本",
    "册",
    "位",
    "例",
    "起",
    "轮",
    "批",
    "届",
    "天",
    "亩",
    "吨",
    "公斤",
    "斤",
    "头",
    "只",
    "羽",
    "块",
    "类",
    "米",
    "倍",
    "周岁",
    "岁",
    "㎡",  # 60㎡: square metres, stored as 平方米
    "对",
    "笔",
    "元",
    "美元",
    "%",
    "％",
    "‰",
]
UNITS = tuple(sorted(UNITS, key=len, reverse=True))
ROLES = ("level", "change", "target")
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
# 12,000 / 12 000 (a space between thousands) / 1.2万 / 3百; 8兆7,435.1亿 / 1亿2000万 (a composite, first);
# 兆 as a number only before 元 (Taiwan's 1兆元 = 1万亿元): elsewhere it is part of a unit (兆瓦).
_GROUPED = r"\d+(?:[, ]\d{3}(?!\d))*(?:\.\d+)?"
_ARABIC = (
    rf"(?:\d+(?:兆|万亿|亿)\d+(?:,\d{{3}}(?!\d))*(?:\.\d+)?(?:亿|万)|\d+万\d千"
    rf"|{_GROUPED}(?:兆(?=美?元)|万亿|亿|万|千|百)?)"
)
# A number in words is at most 16 characters (一千二百三十四万五千六百七十八); the bound keeps a long run of numerals
# from being matched again from each of its characters (quadratic time).
_CHINESE = f"[{CN_DIGITS}]{{1,16}}(?:点[零〇一二三四五六七八九]{{1,6}}(?:万亿|亿|万)?)?"
_NUMBER = rf"(?:(?<![\d.,]){_ARABIC}|{_CHINESE})"
# 增长-39.7%: a sign written after a verb of change (never between two numbers, where - is a range)
# 发展党员负5名: 负 as a sign after a word (not 减负700亿元, 担负)
_SIGN = (
    r"(?P<sign>(?<=[\u4e00-\u9fff、，,：:（(])[-−－+＋](?=\d)"
    r"|(?<=[\u4e00-\u9fff])(?<![减担抱肩背自欺胜])负(?=\d))?"
)
FIGURE_RE = re.compile(
    rf"(?P<pre>不超过|不高于|超过|高于|突破|首破|跃上|迈上|站上|不少于|不低于|至少|不足|不到|少于|低于|多于|将近|接近|近|约合|(?<![签节预公条制契违履缔特])约|超|逾|上|数)?"
    rf"{_SIGN}(?P<num>{_NUMBER})"
    rf"(?:(?P<u1>%|％)?(?P<rsep>至|到|-|－|~|～|—|(?<=[\d%％])一(?=\d))(?P<num2>{_NUMBER}))?"
    rf"(?:(?P<post>余|多)(?P<mult2>万|亿)?)?"  # 1,580余万人次: the multiplier after 余
    rf"(?P<unit>{_UNIT_ALT})"
    rf"(?P<tail>及以上|以上|左右|及以下|以下|以内|之多)?"
)
# 百分之九十六 / 百分之12.5: a percentage in words.
# 一半完成换届, 超半数, 超过一半: half, as a share in %.
HALF_RE = re.compile(r"(?P<pre>超过|超|近|约|逾|过)?(?:一半|半数)(?P<tail>以上)?")
# 接近信访总量的二分之一, 三分之二以上的村: a fraction in words, as a share in % (rounded to one decimal).
FRACTION_RE = re.compile(
    r"(?P<pre>超过|不足|不到|接近|近|约|逾)?(?P<den>[二三四五六七八九十])分之(?P<num>[一二三四五六七八九])"
    r"(?P<tail>以上|(?:强|弱)(?![\u4e00-\u9fff]))?"  # 八分之一强: a little more than an eighth
)
# 不足全省1/20的耕地, 近1/8的粮食: a fraction written with a slash, before 的 or a clause's end, as a share in %.
SLASH_FRACTION_RE = re.compile(
    r"(?P<pre>超过|不足|不到|接近|近|约|逾)?(?<![\d./])(?P<num>[1-9])/(?P<den>[1-9]\d?)(?![\d./])(?=的|[，。；、])"
)
PERCENT_WORDS_RE = re.compile(
    rf"(?P<pre>超过|不足|不到|近|约|逾)?百分(?:之(?P<num>\d+(?:\.\d+)?|[{CN_DIGITS}点]+)|(?P<all>百))"
)
# 化解率达九成以上 / 占三成: tenths after a verb of reaching or a share, never a word (建成, 成为, 成效).
# 近四成农户 (before a noun, not a word: 成为, 成效, 成员 …); 一成二 is 12%; 不足两成; 满意率九成以上.
TENTHS_RE = re.compile(
    r"(?:(?<=[达超近约占逾为有过的足到])|(?<=[^生]率))(?P<num>[一二两三四五六七八九]|[1-9](?:\.\d)?)成"
    r"(?P<sub>[一二三四五六七八九](?![\u4e00-\u9fff]))?(?P<tail>以上|左右|多)?"
    r"(?![为效功果立绩本熟员长都交型就品片批套风网林链势规建])"
)
# 惠及12万群众, 带动2.3万余农户, 摸清15.47万农村人口: a count of people (or households) whose noun stands where the
# measure word would, after a multiplier or 余/多 (a bare number before a noun is a name or a code: 3号楼, 5G).
_PEOPLE_MODIFIERS = (
    "农村|城镇|城乡|常住|户籍|流动|贫困|脱贫|困难|低收入|留守|在校|农业转移|返乡|外出务工|建档立卡|"
    "参保|适龄|辖区|受益|周边"
)
_PEOPLE = (
    "人口|群众|居民|农民工|农民|市民|村民|党员|职工|员工|学生|师生|儿童|老人|劳动力|工人|游客|患者|考生|干部|青年|妇女"
)
_HOUSEHOLDS = "农户|家庭"
PEOPLE_RE = re.compile(
    r"(?P<pre>将近|接近|近|约|超过|逾|超|不足|不到)?"
    rf"(?P<num>(?<![\d.,]){_GROUPED}(?:万|亿|千)?|[{CN_DIGITS}]{{1,16}})(?P<post>余|多)?"
    rf"(?=(?:{_PEOPLE_MODIFIERS})?(?:(?P<people>{_PEOPLE})|(?P<households>{_HOUSEHOLDS})))"
)
RATIO_SEPARATORS = ":∶：︰"
# 三次产业结构为7.2∶40.0∶52.8: the parts of a structure, after a word that names it. Only parts that add up to 100
# are read (as the shares in % they are); other ratios (1∶1.5, a sex ratio) have no unit to give them.
RATIO_RE = re.compile(
    r"(?:(?:结构|构成|比例|比重|之比|比)(?:比|调整|优化)?(?:由(?:(?:上年|去年|上一年|(?:19|20)\d{2}年)(?:底|末)?的?)?)?"
    r"(?:缩小|扩大|下降|降低|降|提高|上升|调整|优化)?(?:依次|分别)?(?:为|是|达到?|到|至)?[：:]?"
    # 比例由上年的4.0:47.2:48.8调整为4.0:47.4:48.6, …调整到2023年的40.1:16.9:43
    r"|(?<=\d)(?:调整|优化|变化|转变)(?:为|到|至)(?:(?:19|20)\d{2}年(?:底|末)?的)?)"
    rf"(?P<parts>\d+(?:\.\d+)?(?:[{RATIO_SEPARATORS}]\d+(?:\.\d+)?)+)(?![\d.%％{RATIO_SEPARATORS}])"
)
RATIO_TO_RE = re.compile(r"(?:调整|优化|变化|转变|变)(?:为|到|至)")
# 城乡居民收入比缩小到1.79:1: a ratio to one is one number, written with its ":1".
TO_ONE = ":1"
FIGURE_UNITS = (*UNITS, TO_ONE)  # every unit a figure can have
CLAUSE_END = "，。；！？：\n"
SENTENCE_END = "。；！？\n"
OPEN_QUOTES, CLOSE_QUOTES = "“‘《「『", "”’》」』"
QUALIFIERS = {
    "之多": "more_than",  # 增加两倍之多
    "强": "more_than",  # 八分之一强
    "弱": "less_than",  # 五分之一弱
    "近": "approx",
    "将近": "approx",
    "接近": "approx",
    "约": "approx",
    "约合": "approx",
    "数": "approx",
    "左右": "approx",
    "超": "more_than",
    "过": "more_than",
    "超过": "more_than",
    "突破": "more_than",
    "首破": "more_than",
    "跃上": "more_than",
    "迈上": "more_than",
    "站上": "more_than",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "不超过": "at_most",
    "不高于": "at_most",
    "高于": "more_than",
    "逾": "more_than",
    "余": "more_than",
    "多": "more_than",
    "以上": "at_least",
    "及以上": "at_least",
    "上": "at_least",
    "不足": "less_than",
    "少于": "less_than",
    "多于": "more_than",
    "不到": "less_than",
    "低于": "less_than",
    "以下": "at_most",
    "及以下": "at_most",
    "以内": "at_most",
}
# A floor or a ceiling is either reached or not: 以上/不少于 (at_least) vs 超过/余 (more_than), 以下/以内/不超过
# (at_most) vs 不足/低于 (less_than).
QUALIFIER_VALUES = ("none", "more_than", "approx", "at_least", "less_than", "at_most", "range", "annual_avg")
# 年均增长6.2% / 两年平均增长5.6%: an average over several years, never compared with one year's change.
# 年均新增城镇就业4200人: an average of what was done each year is a level, but an average too.
# 年均城镇新增就业1300万人, 预计年均为企业减负1800亿元: whatever stands between 年均 and the figure in its clause.
ANNUAL_AVG_RE = re.compile(r"(?:(?<!每)年均|年平均|平均每年|[两二三四五六七八九十]年平均)[^\d，。；、：:（）()]{0,14}$")
_BOUND_PRE = ("超过", "超", "逾", "高于", "多于", "不足", "不到", "少于", "低于", "不超过", "不高于")
# 由2021年的4% / 2021年底为4%: a year written right before a figure says when that figure was observed.
BASELINE_RE = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})年(?P<month>1[0-2]|0?[1-9])?(?(month)月份?)(?:建[县市区州镇乡]|成立|建党|建国)?时?"
    r"|(?P<last>上年|去年|上一年))"  # 比1949年建县时的1206名: that year
    r"(?P<same>同期)?(?:底|末|初)?(?:仅|只|也只|才)?(?:的|为|是|达到?|有)?"
    r"(?:每[人户村](?:每[年月])?|每[年月])?$"  # 由2022年的每人每年5800元: a rate per person is still that year's
)
# The items of a list before this one (7.9亿人、1.5亿人、): what stands before them speaks for the whole list.
LIST_TAIL_RE = re.compile(r"(?:\d+(?:\.\d+)?[万亿千]?[^\d、，。；：:]{0,4}、)+$")
COMPARED_WITH_LAST_RE = re.compile(r"(?:与|同|和)(?:上年|去年|上一年)(?:同期)?[\u4e00-\u9fff]{0,4}?的?$")
# A year that dates what follows: 2022年上半年, 截至2023年底, or a clause that opens with the year; a span of years
# opening the sentence (2017年~2023年，…提出提案1386件) dates its total to the last year.
DATED_RE = re.compile(
    # 截至2023年3月 / 11月底: the year so far; 截至2019年10月31日 (a day): a moment, a stock's date, no period
    r"(?:(?:截至|截止|到|至)(?P<upto>(?:19|20)\d{2})年(?:底|末|\d{1,2}月\d{1,2}日|(?P<upto_month>\d{1,2})月份?(?:底|末)?)?"
    r"|^(?:[^\d，。；：,]{2,12}[，,])?(?:19|20)\d{2}年?[~～—–\-－至到](?P<last>(?:19|20)\d{2})年"
    rf"|(?P<part>(?:19|20)\d{{2}})年(?P<marker>{PERIOD})"
    r"|^(?:[^\d，。；：,]{2,12}[，,]|[\u4e00-\u9fff]{1,4}[省市县区州镇乡]|根据|据|按)?(?P<lead>(?:19|20)\d{2})年(?!以来|相比|同期|比|的)"
    r"|(?<=[，,；])(?P<mid>(?:19|20)\d{2})年(?=[增降达为减升]|全[年县市区省镇]|[共实完])"  # …，2023年增至3870件
    r"|^(?:[^\d，。；：,]{2,12}[，,])?(?P<rel>去年|上年|上一年|前年)(?:同期|末|底)?(?!以来|相比|比|的))"
)
# 24小时值班/在线/服务: round the clock, not an amount of time.
ROUND_THE_CLOCK_RE = re.compile(r"(?:不间断|全天候|动态)?[值在服巡监响营待守热轮接受开运清]")
# 1-9月，… / 上半年，…: a period that opens a sentence, before its first comma.
# 全年 names the whole year again, except in 完成全年任务的52%, which is the part year's progress
ALL_YEAR = r"(?<![上去前]年)全年(?!任务|目标|计划)"  # 比上年全年加快: the year compared with
WHOLE_YEAR_RE = re.compile(rf"{ALL_YEAR}|年末|年底|年度(?!控制|目标|计划|任务|预算)|(?:19|20)\d{{2}}年")
# 第三、四种形态 / 第一、二、三、四种形态: 第 covers every numeral of the list
ORDINAL_LIST_RE = re.compile(r"第[一二三四五六七八九十\d]{1,3}(?:、[一二三四五六七八九十\d]{1,3})*、$")
COMPARED_YEAR_RE = re.compile(
    rf"(?:比|较)(?:19|20)\d{{2}}年(?:{PERIOD})?(?:同期)?(?=[^\d，。；]{{0,6}}(?:增|减|下降|上升|提高|降低|多|少))"
)
OPENING_YEAR_RE = re.compile(
    r"(?P<year>(?:19|20)\d{2})年(?![底末初]|[上下]半年|\d|第?[一二三四]季度)(?:[，,]|(?=[\u4e00-\u9fff]))"
)
PRIOR_RATE_RE = re.compile(rf"(?:比|较)(?P<marker>{PERIOD})的?(?:增速|增幅|增长率?)(?:为)?$")
COMPARED_PERIODS_RE = re.compile(rf"(?:比|较)(?:{PERIOD})(?:[、和及与](?:{PERIOD}))+")
RATE_NAMED_BEFORE_RE = re.compile(r"(?:增幅|增速|涨幅|(?P<fall>降幅|跌幅))(?:最高|最快|最大|较大|较快)?[，,]$")
# 1-9月，… or 1-9月实现…；…, also after a lead clause of statistical prose (初步核算，前三季度全县生产总值…；其中…)
SENTENCE_PERIOD_RE = re.compile(
    rf"(?:(?:据|经)?(?:初步)?(?:核算|统计|测算)[，,]|(?:同时|此外|另外|目前)[，,]?)?(?:(?:初步)?预计)?(?:今年|本年)?"
    rf"(?P<marker>{PERIOD})(?:[，,]|(?![的\d]))"  # 同时，到10月底全市…；…: a connective before the period
)
# 由1200人增加到1350人 / 从5万元提高至8万元: a value and the one it moved to, no year said.
# 由1200人增加到1350人; 由上年增长27.1%回落到5.0% (a rate of growth that moved: both figures are changes).
_FROM = r"(?:由|从)(?:上年|去年|上一年|原来|原)?的?"
FROM_RE = re.compile(rf"{_FROM}(?:(?:同比)?(?:增长|下降|增速|增幅)|(?:年|每年|每月|月)?(?:标准|水平))?$")
TO_RE = re.compile(
    r"(?:增加|提高|提升|上升|增长|扩大|扩充|发展|下降|减少|降低|缩小|压缩|缩减|缩短|延长|调整|回落|回升|变|增|降|升|减)?"
    r"(?:到|至|为)了?"
    r"[\d一二两三四五六七八九十百千]"
)
RATE_MOVED_RE = re.compile(
    rf"{_FROM}(?:同比)?(?:增长|增速|增幅)[-−]?\d+(?:\.\d+)?[%‰](?:回落|回升|提高|下降|加快|放缓|降|升)?(?:到|至)$"
)
# 由一季度的下降1.6%转为增长2.9%: a period after 由 dates the figure it moved from, not the one it moved to
FROM_PERIOD_RE = re.compile(
    rf"(?:由|从)(?:{PERIOD})的?[^，。；\d]{{0,8}}\d[^，。；]*?(?:转为|转|变为|到|至|为)[^，。；\d]{{0,6}}$"
)
RATE_TO_RE = re.compile(r"(?:增速|增幅|增长率|涨幅)[^，。；\d]{0,6}?(?:回升|回落|提高|提升|加快|放缓|升|降)(?:到|至)$")
GROWTH_AFTER_RE = re.compile(r"的[\u4e00-\u9fff]{0,2}?(?:增长|增幅)(?![率点])")
SPAN_RE = re.compile(r"(?:[两二三四五六七八九十]|\d{1,2})年(?:来|间|以来)|本届|这届|届内|任期")


def _span_years(span: str) -> int:
    """How many years a span names (五年来 → 5, 3年来 → 3); a term of office (本届) is five years."""
    m = re.match(r"(\d{1,2}|[两二三四五六七八九十])年", span)
    return 5 if m is None else int(parse_number(m[1]))


# 是2016年的1.5倍, 分别恢复至2019年的82.46%、63.17%: this year compared with then, a figure of this year
RATIO_TO_YEAR_RE = re.compile(r"(?:是|恢复(?:至|到)|相当于)(?:19|20)\d{2}年(?:同期|底|末)?(?:水平)?的$")
AT_LEAST_BEFORE_RE = re.compile(r"至少[^\d，。；、]{1,16}$|(?:不低于|不少于)[^\d，。；、]{1,24}的$")
# 按不超过主职干部的70%: a ceiling stated before what it is a share of
AT_MOST_BEFORE_RE = re.compile(r"(?:不高于|不超过)[^\d，。；、]{1,24}的$")
# 完成全年目标任务2800人的107.6% / 控制在4%的年度目标以内: the report year's own target, stated beside the result
OWN_TARGET_BEFORE_RE = re.compile(r"(?:全年|年度|年初)?(?:目标任务|目标|预算数?|计划数?)$")
# 低保资金年预算为400万元: the year's budget, a target of the year
BUDGET_RE = re.compile(r"(?:年|年初|年度|全年)预算(?:数|资金|总额)?(?:为|是|达|安排)?$")
PLAN_WORD_RE = re.compile(r"力争|目标|计划|确保|争取")
BREAKDOWN_RE = re.compile(r"其中[：:，,]?")
# 由2.9亿元增长为8亿元: 为 after a verb of change, once a starting value is said, gives the value reached.
MOVED_TO_RE = re.compile(r"(?:由|从)[^，。；]{0,20}?\d[^，。；]{0,8}?(?:增长|增加|提高|提升|上升|下降|减少|降低)为$")
# 较上年同期破案858起上升28.9%: the figure between the comparison and its verb is last year's
LAST_NAMED_RE = re.compile(r"(?:较|比)(?:上年|去年|上一年)(?:同期)?[\u4e00-\u9fff]{0,4}?$")
MOVED_AFTER_RE = re.compile(r"(?:上升|下降|增长|减少|增加|提高|降低)")
# 比年目标任务4.5%低1.08个百分点: the year's target, stated as what the result is compared with
OWN_TARGET_COMPARED_RE = re.compile(r"(?:比|较)(?:年初|年度|全年|年|预期)?(?:目标任务|目标|计划)$")
OWN_TARGET_AFTER_RE = re.compile(r"的(?:年度|全年)?(?:[\u4e00-\u9fff]{0,4}?)(?:目标|计划)")
# 今后五年, 未来3年: the years ahead (a plan, dated to the last of them)
_AHEAD = r"(?:今后|未来)(?P<ahead>[两二三四五六七八九十\d]{1,2})年"
# Words that make a figure a target: 力争到2025年达到20%, 计划培训3000人次, 预计全年完成.
TARGET_RE = re.compile(
    r"力争|目标(?:是|为|：|达到|到|值|增长|任务$)|(?:(?<![工作年度实施行动人展占成善造兴育])|(?<=[今明]年)|(?<=全年)(?<!占全年)|(?<=半年))计划(?!书|执行|完成情况|完成率|单列)"
    r"|规划(?=新建|建设|改造|新增)"  # 规划新建校舍7055平方米: planned
    rf"|{_AHEAD}"  # 今后五年，…确保年均增长15%: the plan of those years
    r"|争取(?:到|在)(?:19|20)\d{2}年|下达[^，。；\d]{0,12}?(?:指导数|任务数|指标数)"
    r"|将(?:再|进一步)?(?:达到|突破|超过|实现|新增|增加|提高|提升|建成|完成|培训|选派|发展|打造|筹措|投入|安排|奖励)"
    r"|(?<=\d年)计划(?=投资|完成|建设|实施|新增|培训|发展|选派)"  # 2023年计划投资3600万元: the year's plan
    r"|任务(?:是|为)"  # 建设任务是2.06万亩: the quota set, not what was done
    r"|确保(?![了得住])[^，。；\d]{0,16}?(?:稳定在|达到|保持在|不低于|控制在)"  # 确保棉花产量稳定在42万吨以上
)
# 预计全年完成 / 有望达到: an estimate of the report's own year (有望: approximate), a target only with a later year.
ESTIMATE_RE = re.compile(r"(?:预计|预期|有望)[^，。；]{0,12}$")
# 3项指标分别是…, 两类问题，即…: the words between a count and the list it introduces
ANNOUNCED_RE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:分别是|分别为|[，,]?即)[：:]?")
# A list of targets introduced once: every figure of the sentence (through its ；) is a target.
TARGET_LIST_RE = re.compile(
    r"(?:预期目标|主要目标|目标任务|发展目标|工作目标|主要指标预期)(?:建议|初步|拟)?"
    r"(?:(?:还包括|包括|安排为|定为|是|为|有)?(?:[一二三四五六七八九十\d]{1,2}(?:项|个|条))?[：:]"  # 工作目标有四项：
    r"|是(?=[\u4e00-\u9fff]))"  # 今年主要预期目标是经济增长6%以上
)
BOOK_TITLE_RE = re.compile(r"《[^《》]{1,80}》")
QUOTED_NAME_RE = re.compile(r"[“「『][^“”「」『』，。；]{1,20}[”」』]")
# 5.36批次/千人, 6.5张/千人口, 3.2人/户: a count per person, household or area, the unit written whole.
PER_UNITS = ("千人口", "万人口", "千人", "万人", "百人", "人", "户", "亩", "平方公里")
PER_UNIT_RE = re.compile(f"/(?:{'|'.join(PER_UNITS)})")


def is_figure_unit(unit: str) -> bool:
    """Whether a figure can have this unit: a measure word, or one per person, household or area (批次/千人)."""
    word, slash, per = unit.partition("/")
    return unit in FIGURE_UNITS or (bool(slash) and word in UNITS and per in PER_UNITS)


# A sentence that opens with a later time plans in all its parts (今后五年，…；…；到2025年，…；明年，…).
FUTURE_OPENING_RE = re.compile(rf"{_AHEAD}(?:内|间)?[，,]|到(?P<year>(?:19|20)\d{{2}})年(?:底|末)?[，,]|明年[，,]")
# After a target, 目前/已 bring the sentence back to what has been achieved: 力争达到20%，目前已达15%.
NOW_RE = re.compile(r"目前|现已|已经|已达|已完成|现有|截至目前|实际")
# Words that date a target: 到2025年, “十四五”末, 明年 / 新一年, 今年 / 全年. Without one, a target is for the coming
# year: the reports are written at the end of their year and plan the next one.
PLAN_RE = re.compile(r"十(?P<n>[一二三四五六])五[”\"’]?(?P<when>(?:时期|规划)?(?:期末|末)|期间|时期)?")
PLAN_BASELINE_RE = re.compile(r"(?:由|从)[“\"]?十(?P<n>[一二三四五六])五[”\"]?(?:时期|规划)?(?:期末|末)的?$")
NEXT_YEAR_WORDS = ("明年", "新一年", "新的一年", "下一年", "来年")
THIS_YEAR_WORDS = ("今年", "全年", "本年", "下半年", "上半年")
TIME_WORD_RE = re.compile(
    rf"(?P<year>(?:19|20)\d{{2}})(?=年)|{PLAN_RE.pattern}|(?P<rel>{'|'.join(NEXT_YEAR_WORDS + THIS_YEAR_WORDS)})"
    rf"|{_AHEAD}"  # 今后五年: the last of those years
)
# A stated change: the verb stands right before the figure (增加到/提高至 give a level instead).
CHANGE_RE = re.compile(
    r"(?P<verb>净增加?|净减少?|比增|比降|增长|增加|减少|下降|降低|提高|提升|上升|上涨|下跌|回落|扩大|缩小|缩减"
    r"|(?:提高|提升|增长|上涨|增加)幅度|回升|增幅|降幅|涨幅|跌幅|增速|(?<!自然)增长率|下降率|增量|加快|放缓|减缓|收窄|成长(?!为)|衰退|增收|增产|减收|减产|缩短|延长"
    r"|同比|环比)"  # 同比+19.82%, 同比-4.5%: a signed rate right after 同比
    r"(?:分别)?(?:了|为|达到?|(?<=[速率幅])(?:保持|稳定|控制)?在)?$"
)  # 增速在4.5%至5%之间, 增长率保持在6%: a rate of growth is a change (在 only after a noun, 增长在 is no phrase).
# 增速比上年加快2.2个百分点 and an economy's 增量 are changes; Taiwan writes 成长/衰退 for 增长/下降.
# 比上年多培训党员800人次: a comparison with an earlier time, then the verb, then what was counted.
_BY_COMPARISON_RE = re.compile(
    r"(?:比|较)(?:上年|去年|上一年|(?:19|20)\d{2}年|年初)"  # 较年初新增: how far a stock moved, a change
    r"(?:底|末|同期)?(?P<verb>净?增|净?减|新增|多|少|高|低)"
)
_COMPARED_RE = re.compile(r"比|较|同比|环比|净")
# 提升/提高/扩大 before a count is often what was done (改造提升120个), not how much it moved.
_AMBIGUOUS_VERBS = ("提升", "提高", "扩大", "加快", "放缓", "减缓", "收窄")
_NEGATIVE = ("减", "下降", "降低", "缩小", "缩减", "降幅", "下降率", "少", "比降", "下跌", "回落")
_NEGATIVE += ("放缓", "减缓", "收窄", "衰退", "低", "缩短", "跌幅")
# 最终消费拉动经济增长1.2个百分点: the points are a contribution to another figure's growth, a level of their own.
CONTRIBUTION_RE = re.compile(r"(?:拉动|带动)[^，。；：]{1,16}?(?:增长|成长|上升|提高)了?(?:分别)?(?:为|达)?$")
FALL_NAMED_RE = re.compile(r"(?:降幅|跌幅|下降幅度|下滑幅度)[^，。；]{0,12}$")  # 降幅比1-9月扩大0.9个百分点
# 占全年投资计划的112%, 占年初审计项目计划22个的131.8%, 完成…调整预算40.2亿元的106%: how much of the plan was done
SHARE_OF_PLAN_RE = re.compile(
    r"(?:占|为|是|完成|超出|超过|超)[^，。；\d]{0,20}?(?:计划|目标|任务|预算)(?:[\d.,]+(?:万|亿)?[\u4e00-\u9fff]{0,2})?的$"
)
# 比原计划多提升改造公厕7座: the plan is what the result is compared with
COMPARED_WITH_PLAN_RE = re.compile(r"(?:比|较)[^，。；\d]{0,6}(?:计划|目标|任务|预算)")
# 高于全国GDP增速2.8个百分点: a gap with another place's rate in the same year, a level of its own.
GAP_RE = re.compile(r"(?:高于|低于|快于|慢于)[^，。；\d]{1,16}$")
GAP_BELOW_RE = re.compile(
    r"(?<!不)(?:低于|慢于|落后于?)[^，。；\d]{1,16}$|(?:比|较)[^，。；]{1,20}?(?<!不)(?:低|慢)了?$"
)
# 增速低于全市平均水平（3.5%）2.9个百分点: the bracketed value is the other area's own figure, unsigned; the gap
# after the bracket is read with the bracket left out.
BENCH_VALUE_RE = re.compile(r"(?:高于|低于|快于|慢于|(?:比|较)(?!上年|去年|上月|同期|年初))[^，。；\d（(]{1,16}[（(]$")
_BRACKETED_RE = re.compile(r"[（(][^（）()，。；]{0,16}[）)]")
_GROWTH_NAMED_RE = re.compile(r"增速|增幅|增长率|涨幅")
_GROWTH_BEFORE_RE = re.compile(r"(?:增长|下降|上涨|回落|减少|增加)[^，。；\d]{0,4}-?[\d.]+%[，,]$")
_CN_SMALL = "一二两三四五六七八九十"
_FINANCIAL = "壹贰叁肆伍陆柒捌玖拾佰仟"
# Nouns after which a small Chinese numeral counts the report's own items (六项措施, 三项举措, 六个问题).
OWN_ITEMS_RE = re.compile(
    r"^(?:项|个|条|大|方面)?(?:措施|举措|问题|机制|方面|原则|任务|行动|工程|环节|要求|步骤|做法|经验|重点|目标|特点"
    r"|举动|途径|路径|抓手|模式|体系|清单|篇文章|文章|着力|攻坚战|战役|部分)"
)
# 一 counts (1 person) only after a verb of counting: 选派一名干部, 新增一名.
_ONE_VERB_RE = re.compile(
    r"(?:选派|增派|新增|增加|减少|发展|表彰|评选|培养|引进|招录|招聘|调整|提拔|处分|问责|下派)了?$"
)
_AGE_VERBS = ("下降", "降低", "降至", "降到", "提高", "上升", "增加", "减少", "增长", "左右")
_PLACE_SUFFIX = ("区", "县", "市", "镇", "乡", "街", "路", "村")
# Measure words that count people or things before a noun (五名村干部, 三个村): never the middle of a place name.
_COUNTING_UNITS = ("名", "人", "人次", "位", "个")
RANK_AFTER_RE = re.compile(r"(?:至|到|升至|居)第")
# What follows a bound that selects: a short noun and 的 (不足3名正式党员的单位), a count after 的 (90-100万元的2个),
# or the end of a bracket that defines a term (规模以上工业企业（年主营业务收入2000万元及以上）).
THRESHOLD_AFTER_RE = re.compile(r"的\d|[）)]")
SELECTED_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{1,6}的(?![\u4e00-\u9fff]{0,4}(?:目标|计划))")
COUNT_AFTER_RE = re.compile(r"的[\u4e00-\u9fff]{0,6}?\d+(?:\.\d+)?[个家名人所户村]")
# 超过50人、不足100人的: a second bound that selects (before 的) makes the first one select too.
SECOND_BOUND_RE = re.compile(r"、(?:不足|不到|少于|低于|超过|不超过)?\d+(?:\.\d+)?[^\d，。；、]{0,4}?的")
# 投资4664万元的39个项目: the amount is what the count after it adds up to, not a bound that selects them.
INVESTED_BEFORE_RE = re.compile(r"(?:投资|投入|总额|资金|共计|合计)(?:约|近|达|为)?$")
# Units of amount or size: 500万元以上 before a noun is a class of projects or firms, not an amount reached.
AMOUNT_UNITS = ("元", "美元", "亩", "吨", "平方米", "千瓦", "兆瓦")
SIZE_CLASS_AFTER_RE = re.compile(r"(?!的|完成|实现|达到|以上)[\u4e00-\u9fff]{2}")
SAMPLE_AFTER_RE = re.compile(r"(?:人口)?(?:变动)?抽样")
CJK_RE = re.compile("[\u4e00-\u9fff]")
POINTS_LIST_AFTER_RE = re.compile(r"[、和及与](?:\d+(?:\.\d+)?个[、和及与])*\d+(?:\.\d+)?个百分点")
SESSION_RE = re.compile(r"(?:全会|会议|全体会议|常委会|全委会|全委扩大会)")
DURATION_AFTER = ("季度", "月", "年", "星期", "工作日", "周")
DURATION_BEFORE = ("连续", "为期", "历时", "用时", "耗时")
_UPPER_BOUNDS = ("以下", "及以下", "以内")
# Quotation marks in ASCII that a cleaner cannot tell open from closed: they toggle.
_ASCII_QUOTES = '"'
# How far to look for the marks around a quoted figure; a quotation still open beyond it is speech.
SPEECH_REACH = 40


@dataclass(frozen=True)
class Figure:
    """One figure found in the text."""

    value: float
    unit: str
    qualifier: str
    number_as_written: str
    year: int
    period: str
    start: int
    end: int
    phrase_start: int
    phrase_end: int
    source_phrase: str
    role: str = "level"
    value_high: float | None = None
    moves: bool = False  # a verb of change stands before it (增长5%): a target for a rate of change, not a level
    label: str = ""  # a table cell's row label: what it counts (the prose around it has no words for it)
    base: str = ""  # a change against an earlier year than the last (比2019年上半年): that year, said


class TextIndex:
    """Clause and sentence boundaries and quotation depth of a text, computed once; each lookup is logarithmic.

    Reports of several megabytes stay linear: no lookup scans the text again.
    """

    def __init__(self, text: str, sentence_end: str = SENTENCE_END) -> None:
        self.length = len(text)
        self.boundaries = [m.start() for m in re.finditer(f"[{CLAUSE_END}]", text)]
        self.sentences = [m.start() for m in re.finditer(f"[{re.escape(sentence_end)}]", text)]
        self.full_stops = [m.start() for m in re.finditer("[。！？\n]", text)]
        self.positions, self.depths = [0], [0]
        depth, ascii_open = 0, False
        # A quotation that is not closed by the end of its sentence (a lost mark, as in the garbled run)
        # is closed there, so that one damaged mark cannot hide the rest of the report.
        for m in re.finditer(f"[{OPEN_QUOTES}{CLOSE_QUOTES}{_ASCII_QUOTES}。\n]", text):
            ch = m.group()
            if ch in "。\n":
                if depth:
                    depth, ascii_open = 0, False
                    self.positions.append(m.start() + 1)
                    self.depths.append(depth)
                continue
            opening = ch in OPEN_QUOTES or (ch in _ASCII_QUOTES and not ascii_open)
            if ch in _ASCII_QUOTES:
                ascii_open = not ascii_open
            if opening:
                depth += 1
                self.positions.append(m.start())  # the opening mark itself is inside
            else:
                depth = max(0, depth - 1)
                self.positions.append(m.start() + 1)  # the closing mark is still inside
            self.depths.append(depth)

    def depth(self, pos: int) -> int:
        """How many quotation marks or title brackets are open at `pos`."""
        return self.depths[bisect.bisect_right(self.positions, pos) - 1]

    @staticmethod
    def _around(bounds: list[int], length: int, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_left(bounds, start)
        left = bounds[i - 1] + 1 if i else 0
        j = bisect.bisect_left(bounds, end)
        return left, bounds[j] if j < len(bounds) else length

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): from the previous to the next clause-ending punctuation."""
        return self._around(self.boundaries, self.length, start, end)

    def full_sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end) up to 。！？ or a line end (a ；-list stays whole)."""
        return self._around(self.full_stops, self.length, start, end)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around [start, end): from the previous to the next 。；！？ or line end."""
        return self._around(self.sentences, self.length, start, end)


def _value(num: str) -> float | None:
    """The number's value, or None when the characters only look like a numeral."""
    try:
        return parse_number(num)
    except NumberFormatError:
        return None


def _approx_word(pre: str | None, num: str, post: str | None) -> float | None:
    """百余/千余/万余, 近千/近万, 上千/上万, 数十/数百: a bare power of ten made a figure by the word beside it."""
    powers = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 10**8}
    # 逾百亿元, 超千万人次, 近十万: a power of ten times a larger one (never 万万 or 亿亿)
    bare = 1 <= len(num) <= 2 and all(ch in powers for ch in num) and (len(num) == 1 or powers[num[0]] < powers[num[1]])
    if bare and (post or pre in ("近", "将近", "接近", "上", "数", "约", "超", "逾", "突破", "超过", "首破")):
        return float(powers[num[0]] * (powers[num[1]] if len(num) == 2 else 1))
    return None


def _list_after(text: str, pos: int) -> int:
    """How many items the list that a figure introduces (`六项措施：…`) has; 0 when no list follows."""
    colon = text.find("：", pos, pos + 12)
    if colon == -1:
        return 0
    end = min(x for x in (text.find("。", colon), len(text)) if x != -1)
    body = text[colon + 1 : end]
    quoted = re.findall(r"“[^”]*”", body)
    if len(quoted) > 1:
        return len(quoted)
    parts = [p for p in re.split("[、；，]", body) if p.strip()]
    return len(parts) if len(parts) > 1 else 0


def _quoted_speech(text: str, start: int, end: int) -> bool:
    """Whether the figure stands in quoted speech (a spokesman's words: “全年全省生产总值45045亿元，同比增长3.5%。”)
    rather than in a name (“三会一课”, “1+3+N”模式): speech has clauses or runs on, a name is a few characters."""
    opened = max(text.rfind(q, max(0, start - SPEECH_REACH), start) for q in "“「")
    if opened == -1:
        return False
    closed = min((p for p in (text.find(q, end, end + SPEECH_REACH) for q in "”」") if p != -1), default=-1)
    return closed == -1 or any(ch in text[opened:closed] for ch in "，。；")


_CLASS_UNITS = ("吨", "千瓦", "兆瓦", "米", "平方米", "立方米", "标准箱", "标箱")  # 30万吨级: a size class


def exclusion(text: str, m: re.Match[str], index: TextIndex, slogans: list[tuple[int, int]]) -> str | None:
    """Why a match is not a figure (label, ordinal, threshold, slogan, duration, list count, ...), or None."""
    num, unit, tail = m["num"], m["unit"], m["tail"] or ""
    start, after_unit = m.start("num"), m.end("unit")
    if index.depth(start) and not _quoted_speech(text, start, after_unit):
        return "label (inside quotation marks)"
    i = bisect.bisect_right(slogans, (start, 10**12)) - 1
    if i >= 0 and slogans[i][0] <= start < slogans[i][1]:
        return "slogan (a fixed phrase, not a count)"
    prev = text[start - 1 : start]
    if prev == "第" or (unit == "届" and num[0] in CN_DIGITS):
        return "ordinal"
    if unit == "届" and re.fullmatch(r"(?:19|20)\d{2}", num):
        return "a cohort (2021届毕业生: the year it graduates)"
    if text[after_unit : after_unit + 1] == "级" and unit in _CLASS_UNITS:
        return "a size class (30万吨级码头, 百万千瓦级机组)"
    if unit == "列" and text[after_unit : after_unit + 1] in "入为出举表明席支":
        return "a verb (列入, 列为: not trains)"
    if unit == "部" and (text[after_unit : after_unit + 1] in "门署委分队位长件" or num[0] in CN_DIGITS):
        return "a word (3部门, 两部分: not works)"
    if prev.isascii() and prev.isalpha() and not m["pre"] and not m["sign"]:
        return "part of a code (1e5, G20, A3)"
    if unit == "次" and SESSION_RE.match(text, after_unit) and "届" in text[max(0, start - 8) : start]:
        return "ordinal (a session: 十届人大三次会议)"
    if unit == "次" and text[start - 1 : start] in ("届", "次") and _sessions_follow(text, after_unit):
        return "ordinal (sessions listed: 八届六次七次八次全委会)"
    if (prev == "+" and not m["sign"]) or text[m.end("num") : m.end("num") + 1] == "+":
        return "model name"
    if unit in ("对", "笔") and (
        text.startswith(num, after_unit) or text[after_unit : after_unit + 1] in tuple("口象接应照比于待外多")
    ):  # the same number again (1对1, 一对一, 一笔一画) or a word; 356笔5280万元 is two figures
        return "part of a phrase (1对1, 对口, 一笔一画)"
    if unit == "岁" and (tail or _names_a_group(text, after_unit) or text[after_unit : after_unit + 1].isdigit()):
        return "threshold"
    if tail in _UPPER_BOUNDS and not _ends_clause(text, m.end()):
        return "threshold"  # 50人以下的党支部, 10万元以下项目: a bound that selects what is counted
    after = text[m.end() : m.end() + 1]
    if (
        after == "的"
        and (m["pre"] in _BOUND_PRE or tail in ("以上", "及以上"))
        and not OWN_TARGET_AFTER_RE.match(text, m.end())
        and (unit not in ("%", "％") or COUNT_AFTER_RE.match(text, m.end()))  # 70%以上的居委会: a share of them
    ):  # 收入超过50万元的村, 不足50人的党支部: a bound that selects what is counted (低于3.5%的年度目标 compares)
        return "threshold"
    if (m["pre"] in ("不足", "不到", "少于", "低于") and SELECTED_AFTER_RE.match(text, m.end())) or (
        (m["pre"] in _BOUND_PRE or tail or m["num2"]) and THRESHOLD_AFTER_RE.match(text, m.end())
    ):
        return "threshold"  # 不足3名正式党员的单位, 90-100万元的2个, （年主营业务收入2000万元及以上）
    if (
        after == "的"
        and COUNT_AFTER_RE.match(text, m.end())
        and not INVESTED_BEFORE_RE.search(text[max(0, m.start() - 6) : m.start()])
    ):  # 达到100万元的村2个: the amount selects what the count after it counts (总投资160亿元的41个项目: their sum)
        return "threshold"
    if m["pre"] in _BOUND_PRE and SECOND_BOUND_RE.match(text, m.end()):
        return "threshold"  # 党员超过50人、不足100人的7个村党支部: both bounds select
    if tail in ("以上", "及以上") and unit in AMOUNT_UNITS and SIZE_CLASS_AFTER_RE.match(text, m.end()):
        return "threshold"  # 500万元以上固定资产投资, 10亿元以上项目: a size class of what is counted
    if unit in ("‰", "%") and SAMPLE_AFTER_RE.match(text, after_unit):
        return "sampling fraction of a survey (5‰人口变动抽样调查)"
    if unit == "次" and num == "二" and CJK_RE.match(text[after_unit : after_unit + 1] or "x"):
        return "a word (二次遴选, 二次创业: 'second')"
    if unit == "类" and (num[0] in CN_DIGITS or num == "1"):
        return "a class (二类企业, 三类人员, 1类新药: one kind is never counted so)"
    if unit == "位" and text[after_unit : after_unit + 1] == "数":
        return "a word (两位数增长: double-digit)"
    if unit == "位" and (
        RANK_AFTER_RE.match(text, after_unit)
        or any(w in text[max(0, start - 12) : start] for w in ("排名", "位次"))
        or text[max(0, start - 3) : start].endswith(("居前", "列前", "排前", "前"))  # 占比前两位的是
    ):
        return "rank (排名上升2位至第7位)"
    if unit in ("%", "％") and prev in "前后" and re.match(r"的?[\u4e00-\u9fff]", text[after_unit : after_unit + 2]):
        return "a rank band (集体经济后30%村, 排名前10%的单位: who is selected, not a share)"
    if unit == "名" and num == "一" and "每" in text[max(0, start - 6) : start]:
        return "each one (每发展一名新党员: a rate's unit, not a count)"
    if _place_name(text, m):
        return "part of a name (三元区)"
    if unit == "户" and text[after_unit : after_unit + 1] == "长":
        return "title (十户长)"
    if unit in ("项", "个", "条") and num[0] in CN_DIGITS and text[after_unit : after_unit + 1] in "：:":
        return "count of the list it announces (工作目标有四项：)"
    if ORDINAL_LIST_RE.search(text[max(0, start - 24) : start]):
        return "ordinal (第三、四种形态: 第 covers the list)"
    if text[start - 1 : start] == "每" and text.startswith(("一组", "为一组", "一个小组", "一班"), after_unit):
        return "a group's size (每5人一组), not a count"
    if unit == "种" and text[after_unit : after_unit + 1] in "植养子苗粮地业田类":
        return "a word (3种植方式: 种 of 种植, not kinds)"
    # a bounded slice: never a copy of the rest of the text
    own_list = OWN_ITEMS_RE.match(text[m.start("unit") : m.start("unit") + 12])
    own_words = own_list is not None and num[0] in CN_DIGITS  # 三项举措: said below, as the report's own list
    if unit in ("项", "类", "个", "种") and not own_words and _counts_list_before(text, start, value_of=num):
        return "count of the list before it (甲、乙、丙3类问题, 甲和乙两项)"
    if unit in ("项", "类", "个", "种", "条") and _announces_list(text, after_unit, value_of=num):
        return "count of the list it announces (3项指标分别是甲、乙和丙)"
    if unit == "期" and (
        text.startswith(("工程", "项目"), after_unit)
        or (num[0] in CN_DIGITS and text[after_unit : after_unit + 1] in "等、")
    ):
        return "phase (三期工程, 核电二期等项目)"
    if unit == "个" and POINTS_LIST_AFTER_RE.match(text, after_unit):
        return "part of a list in 个百分点 (分别加快3.3个和12.3个百分点)"
    if (unit == "个" and text[after_unit : after_unit + 8].lstrip("多余半").startswith(DURATION_AFTER)) or text[
        max(0, m.start() - 2) : m.start()
    ] in DURATION_BEFORE:
        return "duration"  # 连续3年, 为期3天, 为期两个月: how long something lasted, not a count
    if unit == "小时" and num in ("24", "二十四") and ROUND_THE_CLOCK_RE.match(text, after_unit):
        return "round the clock (24小时值班)"
    if any(ch in _FINANCIAL for ch in num) and len(num) == 1:
        return "part of a word (队伍)"
    value = _value(num) if _approx_word(m["pre"], num, m["post"]) is None else 1.0
    if value is None or (m["num2"] and _value(m["num2"]) is None):
        return "not a number"  # 万人, 十十: characters that look like numerals but count nothing
    if num[0] in CN_DIGITS and not m["num2"]:
        one_fold = unit == "倍" and CHANGE_RE.search(text[max(0, start - 4) : start])  # 增长一倍: doubled
        if (
            num == "一"
            and not m["post"]
            and unit != "倍"  # 是往年同期的一倍以上: a multiple, never 'a'
            and not one_fold
            and not _ONE_VERB_RE.search(text[max(0, start - 4) : start])
        ):
            return "article (一 = 'a')"
        own = own_list or value == _list_after(text, m.end())
        if all(ch in _CN_SMALL for ch in num) and own:
            return "count of the report's own list"
    return None


def _counts_list_before(text: str, start: int, value_of: str) -> bool:
    """Whether a small count right after a list (甲、乙、丙3类问题) counts that list's items: it adds nothing."""
    value = _value(value_of)
    floor = max(0, start - 120)  # a list of short items is near: a bounded look back keeps long reports linear
    c0 = max(max(text.rfind(ch, floor, start) for ch in "，。；：！？\n（(") + 1, floor)
    body = text[c0:start]
    # 特钢、新材料、装备制造、中药及食品等4个产业集群: with 等 the count is kept (annotators of held-out 12 and
    # unseen 9 disagree on it; it was kept before)
    if not body or value is None or "等" in body[-2:]:
        return False
    return _is_list_of(body, value, 16)


def _is_list_of(body: str, n: float, longest: int) -> bool:
    """Whether `body` lists exactly n short items, parted by 、 alone (an item may hold 和: 公开和管理混乱) or by
    、和及与."""
    for parts in (body.split("、"), re.split("[、和及与]", body)):
        items = [x for x in parts if x]
        if len(items) >= 2 and len(items) == n and all(1 <= len(x) <= longest for x in items):
            return True
    return False


def _announces_list(text: str, after_unit: int, value_of: str) -> bool:
    """Whether a count introduces the list that follows it (3项指标分别是甲、乙和丙): it adds nothing."""
    m = ANNOUNCED_RE.match(text, after_unit)
    value = _value(value_of)
    if m is None or value is None:
        return False
    reach = min(len(text), m.end() + 400)
    end = min((p for p in (text.find(ch, m.end(), reach) for ch in "。；！？\n") if p != -1), default=reach)
    return _is_list_of(text[m.end() : end], value, 30)


def _sessions_follow(text: str, pos: int) -> bool:
    """Whether a run of session numbers (七次八次) ends at a meeting's name (全委会)."""
    m = re.match(rf"(?:[{CN_DIGITS}]{{1,3}}次)*", text[pos : pos + 24])
    return SESSION_RE.match(text, pos + (m.end() if m else 0)) is not None


def _ends_clause(text: str, pos: int) -> bool:
    """Whether the clause ends at `pos` (控制在5.5%以内。): a bound that closes its clause is the figure itself."""
    return pos >= len(text) or text[pos] in CLAUSE_END or text[pos] in "）)"


def _place_name(text: str, m: re.Match[str]) -> bool:
    """三元区, 九台区: a Chinese numeral and a unit-like character that begin a place name."""
    if m["num"][0] not in CN_DIGITS or m["pre"] or m["post"] or m["unit"] in _COUNTING_UNITS:
        return False  # 百余名村干部, 五名村党组织书记: a count of people from villages
    return text[m.end("unit") : m.end("unit") + 1] in _PLACE_SUFFIX


def _names_a_group(text: str, pos: int) -> bool:
    """After an age (35岁党员, 31至35岁的), a noun or 的 means the age selects who is counted."""
    ch = text[pos : pos + 1]
    return bool(ch) and "\u4e00" <= ch <= "\u9fff" and not text.startswith(_AGE_VERBS, pos)


def slogan_spans(text: str, slogans: Iterable[str]) -> list[tuple[int, int]]:
    """Sorted (start, end) of every fixed phrase (四个意识, 三会一课, …) written in the text."""
    words = sorted({s for s in slogans if s}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def find_figures(text: str, year: int, slogans: Iterable[str] = ()) -> tuple[list[Figure], list[tuple[str, str]]]:
    """Return the figures in `text` (a report of `year`) and the (phrase, reason) of what was skipped."""
    index = TextIndex(text)
    spans = slogan_spans(text, slogans)
    figures, skipped = [], []
    for m in FIGURE_RE.finditer(text):
        why = exclusion(text, m, index, spans)
        if why:
            skipped.append((m.group(0), why))
            continue
        figures.append(_figure(text, m, index, year))
    figures += _shared_unit(text, figures)
    figures = _runs_share_their_role(text, sorted(figures, key=lambda f: f.start), index)
    figures = _tails_cover_the_list(text, figures, index)
    figures = _percent_parts_share_their_year(text, figures)
    figures += _ratio_parts(text, year, index)
    for m in TENTHS_RE.finditer(text):
        if index.depth(m.start()):
            continue
        value = 10.0 * parse_number(m["num"]) + (parse_number(m["sub"]) if m["sub"] else 0.0)
        end_num = m.end("num")
        pre = text[m.start() - 1] if text[m.start() - 1] in "近约超逾过" else None  # 近四成: about 40%
        pre = text[m.start() - 2 : m.start()] if text[m.start() - 2 : m.start()] in ("不足", "不到") else pre
        begin = m.start() - len(pre or "")  # 增长近一成二, 下降不足二成: the verb stands before the qualifier
        figures.append(_make(text, index, year, begin, m.end(), value, None, "%", pre, None, m["tail"], end_num))
    taken = _Spans((f.start, f.end) for f in figures)
    for m in PEOPLE_RE.finditer(text):
        num = m["num"]
        # a multiplier or 余/多 makes it a count (not 3号楼党员 or a date); a number already read is skipped
        if not (num[-1] in "万亿千" or m["post"]) or index.depth(m.start()) or taken.covers(m.start("num")):
            continue
        value = _value(num)  # 千千万万群众, 百万人口大县: words, not numbers
        if value is None:
            continue
        unit = "户" if m["households"] else "人"
        begin = m.start("pre") if m["pre"] else m.start("num")
        figures.append(_make(text, index, year, begin, m.end(), value, None, unit, m["pre"], m["post"], None, m.end()))
    for m in HALF_RE.finditer(text):
        # 党员占半数以上比例达100%: the half selects what the share after it counts (a threshold)
        if not index.depth(m.start()) and not re.match(r"的|比例|比重|占比", text[m.end() : m.end() + 2]):
            figures.append(_make(text, index, year, m.start(), m.end(), 50.0, None, "%", m["pre"], None, m["tail"]))
    for m in FRACTION_RE.finditer(text):
        den, num = _value(m["den"]), _value(m["num"])
        # 比2022年的900人次多三分之一: a comparison said as a fraction is left to the reader (no figure)
        if (
            den
            and num
            and num < den
            and not index.depth(m.start())
            and (m.start() == 0 or text[m.start() - 1] not in "多少")
        ):
            value = round(100 * num / den, 1)
            figures.append(_make(text, index, year, m.start(), m.end(), value, None, "%", m["pre"], None, m["tail"]))
    for m in SLASH_FRACTION_RE.finditer(text):
        num, den = int(m["num"]), int(m["den"])
        if num < den and not index.depth(m.start()):
            value = round(100 * num / den, 1)
            figures.append(_make(text, index, year, m.start(), m.end(), value, None, "%", m["pre"], None, None))
    for m in PERCENT_WORDS_RE.finditer(text):
        value = _percent_words(m["num"] or m["all"])
        if value is None or index.depth(m.start()):
            skipped.append((m.group(0), "not a number" if value is None else "label (inside quotation marks)"))
            continue
        figures.append(_make(text, index, year, m.start(), m.end(), value, None, "%", m["pre"], None, None))
    figures = _with_table_cells(text, figures, year)
    figures.sort(key=lambda f: f.start)
    return _planned(text, _listed_periods(text, figures, index), year), skipped


def _with_table_cells(text: str, figures: list[Figure], year: int) -> list[Figure]:
    """The cells of tables printed in the text (printed_tables) replace whatever the prose rules read there."""
    cells = table_cells(text, UNITS, QUALIFIERS)
    if not cells:
        return figures
    rows = sorted({(c.row_start, c.row_end) for c in cells})
    starts = [r0 for r0, _ in rows]

    def in_a_row(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < rows[k][1]

    kept = [f for f in figures if not in_a_row(f.start)]
    for c in cells:
        when = c.year or year
        role = "target" if c.target else "change" if c.change else "level"
        # a row whose cells stand on lines of their own is shown on one line (the label, then its numbers)
        phrase = " ".join(text[c.row_start : c.row_end].split())[:120]
        kept.append(
            Figure(
                c.value,
                c.unit,
                c.qualifier,
                c.text,
                when,
                str(when),
                c.start,
                c.end,
                c.row_start,
                c.row_end,
                phrase,
                role,
                moves=c.change,
                label=c.label,
            )
        )
    return kept


def _planned(text: str, figures: list[Figure], year: int) -> list[Figure]:
    """Figures of this year under a heading that plans a later one (二、2026年重点工作): targets for that year."""
    spans = plan_spans(text, year)
    if not spans:
        return figures
    out = []
    for f in figures:
        plan = next((y for s0, s1, y in spans if s0 <= f.start < s1), None)
        if plan is not None and f.role != "target" and f.year == year:
            f = replace(f, role="target", year=plan, period=str(plan))
        out.append(f)
    return out


_RUN_SEPARATORS = ("、", "和", "及", "与")


def listed_together(separator: str, unit: str, separators: tuple[str, ...] = _RUN_SEPARATORS) -> bool:
    """Two figures listed one after the other: a list word between them, or nothing after a % (分别增长8.8%10.3%,
    a list whose separator a page lost: two percentages cannot be one number)."""
    return separator in separators or (separator == "" and unit in ("%", "％"))


def _runs_share_their_role(text: str, figures: list[Figure], index: TextIndex) -> list[Figure]:
    """分别比增5.1%和15.3%: figures listed one after another share the role, sign and annual average of the first."""
    out = list(figures)
    for i in range(1, len(out)):
        prev, f = out[i - 1], out[i]
        same_clause = index.clause(prev.start, prev.end) == index.clause(f.start, f.end)
        listed = same_clause and listed_together(text[prev.end : f.start], prev.unit) and f.unit == prev.unit
        if listed and f.role in ("level", prev.role):
            if prev.qualifier == "annual_avg" and f.qualifier == "none":  # 年均分别增长7.2%和8.9%
                f = out[i] = replace(f, qualifier="annual_avg")
            # 分别下降3%和2%: the verb's sign covers the list; a printed sign (-4.5%、-2.6%、1.1%) is each one's own
            falls = prev.value < 0 and not _printed_sign(prev) and not _printed_sign(f)
            if prev.role == "change":
                out[i] = replace(f, role="change", value=-abs(f.value) if falls else f.value, moves=True)
            elif prev.role == "target":  # 力争能耗和水耗分别下降3%和2%: the sign of a target for a fall too
                value = -abs(f.value) if falls else f.value
                out[i] = replace(f, role="target", value=value, year=prev.year, period=prev.period, moves=prev.moves)
    return out


def _printed_sign(f: Figure) -> bool:
    """Whether the figure's sign is printed with it (-2.6%, 负5) rather than said by a verb (下降2.6%)."""
    return f.number_as_written[:1] in "-−－负"


# 分别增长6.5%、7.5%左右: a word of approximation or a floor after the last of a list speaks for the whole list.
_LIST_TAILS = ("左右", "以上", "及以上", "以内", "以下", "及以下")


def _tails_cover_the_list(text: str, figures: list[Figure], index: TextIndex) -> list[Figure]:
    """Earlier figures of a list (、/和/及) take the 左右, 以上 or 以内 written after its last one."""
    out = list(figures)
    for i in range(len(out) - 1, 0, -1):
        last, f = out[i], out[i - 1]
        tail = next((t for t in _LIST_TAILS if text.startswith(t, last.end - len(t))), None)
        if (
            tail
            and f.qualifier == "none"
            and f.unit == last.unit
            and text[f.end : last.start] in _RUN_SEPARATORS
            and index.clause(f.start, f.end) == index.clause(last.start, last.end)
        ):
            out[i - 1] = replace(f, qualifier=last.qualifier)
    return out


def _listed_periods(text: str, figures: list[Figure], index: TextIndex) -> list[Figure]:
    """一季度、二季度分别增长4.2%和5.6%: as many periods listed before 分别 as figures after it, one each."""
    out, by_clause = list(figures), {}
    for i, f in enumerate(out):
        by_clause.setdefault(index.clause(f.start, f.end), []).append(i)
    for (c0, _), members in by_clause.items():
        first = out[members[0]]
        if "分别" not in text[c0 : first.start]:
            continue
        head = text[index.sentence(first.start, first.end)[0] : first.start]  # the periods may open the sentence
        # 一季度、上半年、前三季度、全年…分别增长: 全年 is the whole year, in its place in the list
        markers = re.findall(rf"{PERIOD_RE.pattern}|{ALL_YEAR}", head[: head.rfind("分别")])
        if len(markers) < 2 or len(markers) != len(members):
            continue
        for i, marker in zip(members, markers, strict=True):
            out[i] = replace(out[i], period=str(out[i].year) if marker == "全年" else period_of(out[i].year, marker))
    return out


# 分别提高13.2、5.6、0.7个百分点: numbers listed before a figure share its unit (and the first one's role).
_LISTED_RE = re.compile(r"(?<![\d.])((?:\d+(?:\.\d+)?个?[、和及与])+)$")
# 增速分别为-4.5%、-2.6%、1.1%: the figures listed before this one, skipped to reach the words that name them all.
_LISTED_FIGURES_RE = re.compile(r"(?<![\d.])((?:[-−]?\d+(?:\.\d+)?[%‰个]?[、和及与])+)$")


def _shared_unit(text: str, figures: list[Figure]) -> list[Figure]:
    """The bare numbers listed (with 、) right before a figure, each with the figure's unit."""
    out = []
    for f in figures:
        m = _LISTED_RE.search(text, max(0, f.start - 80), f.start)
        if not m or f.qualifier == "range":
            continue
        if "个" in m[1] and f.unit != "个百分点":
            continue  # 3个、5个 are counts; only 0.3、5.2个和5.4个百分点 writes the points' 个 on each
        pos = m.start(1)
        items = re.split("[、和及与]", m[1][:-1])
        # 1、十余名党员… at a line's head: the first number is the item's numbering, not part of a list
        head = text[max(0, pos - 8) : pos]  # bounded: never a copy of the text before
        at_head = not head[head.rfind("\n") + 1 :].strip() and ("\n" in head or pos <= 8)
        if at_head and m[1][len(items[0])] == "、":
            pos += len(items[0]) + 1
            items = items[1:]
        first = None
        # 分别为98.35、82.65、319.75亿元: the multiplier written once (亿) is every item's, as the unit is
        own = re.fullmatch(r"[^\d]*\d+(?:\.\d+)?(?P<mult>[万亿千]*)[^\d]*", f.number_as_written)
        mult = own["mult"] if own else ""
        for item in items:
            num = item.removesuffix("个")
            value = _value(num + mult) if mult else float(num)
            if value is None:
                break
            role_sign = -1.0 if f.role == "change" and f.value < 0 else 1.0
            start, end = pos, pos + len(num)
            if first is None:
                first = replace(f, value=value * role_sign, number_as_written=num, start=start, end=end)
            out.append(replace(first, value=value * role_sign, number_as_written=num, start=start, end=end))
            pos = start + len(item) + 1
    return out


def _percent_parts_share_their_year(text: str, figures: list[Figure]) -> list[Figure]:
    """由上年的21.6%:19.8%:58.6%调整为…: the parts of a ratio printed with % signs are dated as its first part."""
    out = list(figures)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        joined = text[prev.end : cur.start] in tuple(RATIO_SEPARATORS)
        if joined and prev.unit == cur.unit == "%" and (cur.year, cur.period) != (prev.year, prev.period):
            out[i] = replace(cur, year=prev.year, period=prev.period)
    return out


def _ratio_parts(text: str, year: int, index: TextIndex) -> list[Figure]:
    """Each part of a structure written as a ratio (7.2∶40.0∶52.8) whose parts add up to 100: a share in %."""
    out = []
    for m in RATIO_RE.finditer(text):
        nums = re.split(f"[{RATIO_SEPARATORS}]", m["parts"])
        if index.depth(m.start("parts")):
            continue
        if len(nums) == 2 and float(nums[1]) == 1 and float(nums[0]) != 1:
            p0 = m.start("parts")
            out.append(
                _make(
                    text,
                    index,
                    year,
                    p0,
                    m.end("parts"),
                    float(nums[0]),
                    None,
                    TO_ONE,
                    None,
                    None,
                    None,
                    p0 + len(nums[0]),
                )
            )
            continue
        if abs(sum(float(n) for n in nums) - 100) > 0.5:
            continue
        pos, parts = m.start("parts"), []
        for num in nums:
            parts.append(_make(text, index, year, pos, pos + len(num), float(num), None, "%", None, None, None))
            pos += len(num) + 1
        # 由上年的4.0:47.2:48.8: the year written before the ratio dates every part of it
        first_year, first_period = parts[0].year, parts[0].period
        opening = text[m.start() : m.start("parts")]
        if "由" in opening and first_year == year and RATIO_TO_RE.match(text, m.end("parts")):
            first_year, first_period = year - 1, str(year - 1)  # 由21.3︰38.6︰40.1优化为…: where the year started
        out += [replace(p, year=first_year, period=first_period) for p in parts]
    return out


def _percent_words(num: str) -> float | None:
    """百分之九十六 → 96, 百分之五十三点四 → 53.4, 百分之12.5 → 12.5, 百分之百 → 100."""
    if num == "百":
        return 100.0
    whole, _, decimals = num.partition("点")
    value = _value(whole)
    if value is None or (decimals and not all(ch in "零〇一二三四五六七八九" for ch in decimals)):
        return None
    digits = "".join(str("零一二三四五六七八九".index(ch)) if ch != "〇" else "0" for ch in decimals)
    return float(f"{int(value)}.{digits}") if digits else value


class _Spans:
    """The spans of figures already read, asked whether a position falls within one (in log time: a report of
    thousands of figures is asked once per candidate, so a scan of every span each time was quadratic)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # the furthest end of any span starting at or before each one
        for _, b in ordered:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def covers(self, pos: int) -> bool:
        """Whether `pos` falls within one of the spans."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos


def _figure(text: str, m: re.Match[str], index: TextIndex, year: int) -> Figure:
    """A Figure from a match that exclusion() accepted."""
    pre, num, post = m["pre"], m["num"], m["post"]
    word = _approx_word(pre, num, post)
    if pre in ("上", "数") and word is None:
        pre = None  # 以上3个: 上 belongs to the word before
    value = word if word is not None else parse_number(num)
    if m["sign"] and m["sign"] not in "+＋":  # 同比+19.82%: a sign printed for a rise
        value = -value
    high = None
    if m["num2"]:
        high = parse_number(m["num2"])
        mult = re.search("(万亿|亿|万|千)$", m["num2"])
        if mult and not re.search("(万亿|亿|万|千|百)$", num) and num[-1].isdigit():
            value *= MULTIPLIERS[mult[1]]  # 3-5万元: the multiplier is written once
        if high <= value:
            high = None
    if m["mult2"] and num[-1].isdigit():
        value *= MULTIPLIERS[m["mult2"]]
    unit = m["unit"]
    if unit.startswith(("万元", "亿元")):  # 万元/人 too: a productivity in 元 per person
        value, unit = value * MULTIPLIERS[unit[0]], unit[1:]
        high = high * MULTIPLIERS[m["unit"][0]] if high is not None else None
    unit = canonical_unit(unit)
    # 增长率为-2.1%: the words before the sign say what the figure is, so the figure begins at the sign.
    begin = m.start("pre") if pre else m.start("sign") if m["sign"] else m.start("num")
    end = m.end()
    per = PER_UNIT_RE.match(text, end) if not m["tail"] and "/" not in unit and unit not in ("%", "‰") else None
    if per:  # 抽检量达到5.36批次/千人: a rate per thousand people, its unit written whole
        unit, end = unit + per.group(), per.end()
    return _make(text, index, year, begin, end, value, high, unit, pre, post, m["tail"], m.start("unit"))


def _make(
    text: str,
    index: TextIndex,
    year: int,
    start: int,
    end: int,
    value: float,
    high: float | None,
    unit: str,
    pre: str | None,
    post: str | None,
    tail: str | None,
    unit_start: int | None = None,
) -> Figure:
    """Qualifier, role, period and source phrase of a figure at text[start:end]."""
    quals = {QUALIFIERS[q] for q in (pre, post, tail) if q}
    if high is not None:
        qualifier = "range"
    elif ANNUAL_AVG_RE.search(text[max(0, start - 20) : start]):
        qualifier = "annual_avg"
    elif "approx" in quals:
        qualifier = "approx"
    else:
        qualifier = sorted(quals)[0] if quals else "none"
    c0, c1 = index.clause(start, end)
    s0, _ = index.sentence(start, end)
    # Bounded windows (linear on a clause without punctuation); "…" marks a window that does not reach the
    # clause or sentence start, so that an anchored rule (a clause opening with a year) cannot fire there.
    before = text[c0:start] if start - c0 <= 120 else "…" + text[start - 120 : start]
    sentence = text[s0:start] if start - s0 <= 240 else "…" + text[start - 240 : start]
    before = _LISTED_FIGURES_RE.sub("", before)  # 分别提高13.2、5.6、0.7个百分点: the verb stands before the list
    f0, _ = index.full_sentence(start, end)
    head = text[f0 : min(start, f0 + 16)]
    if f0 >= 2 and BREAKDOWN_RE.match(head) and text[f0 - 1] == "。":
        # 1-5月，…完成4348万元。其中：税收收入3511万元: the breakdown is of the sentence before, and of its months
        p0, _ = index.full_sentence(f0 - 2, f0 - 1)
        if SENTENCE_PERIOD_RE.match(text, p0, min(f0, p0 + 16)) or OPENING_YEAR_RE.match(text, p0, min(f0, p0 + 16)):
            head = text[p0 : min(f0, p0 + 16)]
    # 前三季度，…；1—10月份，…增长7.5%；固定资产投资3.1亿元: the latest part that opens with a period covers the rest
    for cut in _semicolons(text, max(f0, start - 240), start):
        if SENTENCE_PERIOD_RE.match(text, cut + 1, min(start, cut + 17)):
            head = text[cut + 1 : min(start, cut + 17)]
            break
    # 由一季度的下降1.6%转为增长2.9%: the period after 由 is the first figure's, not this one's
    from_part = FROM_PERIOD_RE.search(before)
    obs_year, period = _period_before(before, sentence, from_part.start() if from_part else len(before), year, head)
    if (COMPARED_WITH_LAST_RE.search(before) and text.startswith(("相比", "比较"), end)) or (
        obs_year == year and LAST_NAMED_RE.search(before) and MOVED_AFTER_RE.match(text, end)
    ):  # 与去年同期占比41.6%相比, 较上年同期破案858起上升28.9%: last year's value
        obs_year, period = year - 1, str(year - 1)
    if obs_year == year and FROM_RE.search(before) and TO_RE.match(text, end):
        # 由1200人增加到1350人: the value it moved from is the year before's (a span said in the sentence,
        # 五年来, would make it older: then it is dated nowhere near this year's figures either).
        span = SPAN_RE.search(sentence)
        obs_year = year - (1 if span is None else _span_years(span[0]))
        period = str(obs_year)
    one_month = re.fullmatch(r"(\d{4})-M(\d\d)-M\2", period)
    if one_month and "累计" in text[max(f0, start - 240) : start]:  # 4月，…累计完成: January to April
        period = so_far(obs_year, int(one_month[2]))
    ratio_to = RATIO_TO_YEAR_RE.search(before) if unit in ("倍", "%") else None
    if ratio_to:  # 是2013年的2.1倍: how the year compares with then, a figure of the year the sentence is about
        obs_year, period = _period_before(before, sentence, ratio_to.start(), year, head)
    if qualifier == "none" and re.search(r"(?:约|大约)(?:占|产|收|为|有|达|需|合|计)[^，。；\d]{0,16}$", before):
        qualifier = "approx"  # 两项约占总收入的75%, 一亩地约产红薯1600斤: the 约 stands before the verb
    elif qualifier == "none" and AT_LEAST_BEFORE_RE.search(before):
        qualifier = "at_least"  # 每年至少讲党课1次: the floor is stated before the verb
    elif qualifier == "none" and AT_MOST_BEFORE_RE.search(before):
        qualifier = "at_most"
    role, value = _role(before, sentence, value, unit, year)
    if (
        role == "level"
        and unit in ("%", "‰")
        and (RATE_MOVED_RE.search(before) or RATE_TO_RE.search(before) or GROWTH_AFTER_RE.match(text, end))
    ):  # 由上年增长27.1%回落到5.0%, 增速进一步升至3.5%, 实现8%的快速增长: the year's growth, a change
        role = "change"
    listed = TARGET_LIST_RE.search(text[f0:start]) if start - f0 <= 400 else None
    if role != "target" and listed:
        role = "target"  # 主要预期目标是：地区生产总值增长6%左右；…；城镇新增就业8.9万人
    ahead = FUTURE_OPENING_RE.match(text, f0, min(start, f0 + 12)) if start - f0 <= 400 else None
    later = ahead is not None and (not ahead["year"] or int(ahead["year"]) > year)
    if role != "target" and later and not NOW_RE.search(text[ahead.end() : start]):
        role = "target"  # 今后五年，…确保年均增长15%；全部财政收入确保年均增长15%: every part plans
    if role == "target" and obs_year < year:
        role = "level"  # 力争将覆盖率由2022年的60%…: a stated past value is what was observed
    estimate = role != "target" and qualifier == "none" and ESTIMATE_RE.search(text[max(0, start - 14) : start])
    if estimate and estimate.group(0).startswith("有望"):
        qualifier = "approx"  # 有望达到: hoped for, about; 预计完成 is an estimate, qualified none
    undated = False
    if role == "target":
        part = period if "-" in period and obs_year == year else ""
        said = text[max(f0, start - 400) : start]
        dating = _time_words(said, year)
        undated = not dating
        # the nearest word that dates it (到2025年, 十四五末, 明年, 今年), else the next year
        obs_year = dating[-1][1] if dating else year + 1
        if listed and obs_year == year and "今年" in text[f0 : f0 + listed.start()]:
            obs_year = year + 1  # 今年…主要预期目标是: a work report read in the new year plans that year
        period = part if part and obs_year == year else str(obs_year)  # 下半年计划完成3至5个: 2023-H2
        if obs_year == year and "预计" in said and not PLAN_WORD_RE.search(said):
            role = "level"  # 预计到2023年底，生产总值将完成65亿元: an estimate of the report's own year
    if (
        (role in ("level", "change") or undated)
        and (
            (OWN_TARGET_BEFORE_RE.search(before) and text[end : end + 1] == "的")
            or (OWN_TARGET_COMPARED_RE.search(before) and re.match(r"[低高少多]", text[end : end + 1]))
            or OWN_TARGET_AFTER_RE.match(text, end)
            or BUDGET_RE.search(before)
            # 比年初目标（7%）低2.4个百分点, 完成年度任务（76.5亿元）的37.4%: the plan stated in brackets
            or (re.search(r"(?:目标|任务|计划)[（(]$", before) and text[end : end + 1] in "）)")
            # 失业率3.47%，控制在4.0%以内 / 控制在年度目标4%以内: the ceiling the year was held to, beside its value
            # (alone, 失业率控制在3.6%以内 is what is known of the value: a level at most; 涨幅控制在2.6%: the value)
            or (
                qualifier == "at_most"
                and (
                    re.search(r"控制在(?:年度|全年|年初)?(?:目标|计划)$", before)
                    # a clause of its own after the value (…3.47%，控制在…): 失业率控制在5.5%以内 is the value
                    or (re.fullmatch(r"[均并且也]?控制在", before) and re.search(rf"\d{re.escape(unit)}", text[f0:c0]))
                )
            )
        )
    ):
        role, obs_year, period = "target", year, str(year)  # the year's own target beside its result
        if (pre in _BOUND_PRE and qualifier != "range") or estimate:
            qualifier = "none"  # 低于3.5%的年度目标: the bound compares; 未完成预期增长13%的目标: 预期 names the target
    if high is not None and role == "change" and value < 0:
        high = -high
        value, high = min(value, high), max(value, high)  # 降幅在0.2%-3.6%之间: from -3.6 to -0.2
    written = text[start : unit_start if unit_start is not None else end] + (tail or "")
    # A bounded window: a clause without punctuation (a pasted table) must not make every phrase huge.
    p0, p1 = max(c0, start - 60), min(c1, end + 60)
    moves = role == "change" or (role == "target" and _change_verb(before, unit) is not None)
    base = COMPARED_YEAR_RE.search(before) if role == "change" else None
    # 比2019年上半年增长7.9% beside 同比增长12.7%: two measures of one subject, never linked with each other
    said = base.group()[1:] if base and int(base.group()[1:5]) < obs_year - 1 else ""
    return Figure(
        value, unit, qualifier, written, obs_year, period, start, end, p0, p1, text[p0:p1], role, high, moves, base=said
    )


def _role(clause_before: str, sentence_before: str, value: float, unit: str, year: int) -> tuple[str, float]:
    """'target', 'change' (signed) or 'level', from the words before the figure."""
    earlier = sentence_before[: len(sentence_before) - len(clause_before)]  # the sentence's clauses before this one
    # 完成投资86.4亿元，占全年投资计划的112%: how much of the plan was done is a level, not a target
    share_of_plan = SHARE_OF_PLAN_RE.search(sentence_before)
    unquoted = QUOTED_NAME_RE.sub(lambda q: " " * len(q.group()), sentence_before)  # 推动“长安计划”实施: a name
    words = [t for t in TARGET_RE.finditer(unquoted) if not share_of_plan or t.start() < share_of_plan.start()]
    target = words[-1] if words else None
    gap = (
        GAP_RE.search(clause_before)
        or GAP_BELOW_RE.search(clause_before)
        or COMPARED_WITH_PLAN_RE.search(clause_before)
    )
    if target and gap and target.start() >= len(earlier) + gap.start():
        target = None  # 低于县计划0.8个百分点: the plan is what the result is measured against, a gap
    if target and re.search(r"的(?:占|比例|比重)", sentence_before[target.end() :]):
        target = None  # 已经解决或计划解决的占总数的79%: the plan describes what is counted
    # 制定《2023-2026年…实施方案》，明确9个重点领域: a year in a document's title plans nothing
    untitled = BOOK_TITLE_RE.sub(lambda q: " " * len(q.group()), sentence_before)
    future = [y for _, y in _time_words(untitled, year) if y > year]
    if future and ESTIMATE_RE.search(sentence_before):
        target = target or ESTIMATE_RE.search(sentence_before)
    bench = BENCH_VALUE_RE.search(clause_before)
    if bench:  # the other area's figure: a growth rate is a change, anything else a level; never the gap's sign
        # 同比下降8.7%，低于全市（0.2%）: the growth rate said in the clause before
        growth = _GROWTH_NAMED_RE.search(clause_before[: bench.start()]) or _GROWTH_BEFORE_RE.search(earlier)
        return ("change" if growth and unit == "%" else "level"), value
    clause_before = _BRACKETED_RE.sub("", clause_before)
    if MOVED_TO_RE.search(clause_before) and not (target or future):
        return "level", value  # 由2.9亿元增长为8亿元: the value it grew to, as 增长到 gives
    verb = _change_verb(clause_before, unit)
    stem = verb.removeprefix("净") if verb else ""  # 较上年末净减0.4万人 falls as 减 does
    signed = -value if verb and any(stem.startswith(w) or stem == w for w in _NEGATIVE) else value
    if verb in ("收窄", "缩小", "扩大") and FALL_NAMED_RE.search(clause_before):
        signed = value if verb != "扩大" else -value  # 降幅收窄2.9个百分点: the fall shrank, the rate rose
    if (target or future) and not NOW_RE.search(sentence_before[target.end() if target else 0 :]):
        return "target", signed  # 力争能耗下降3.2%: a target for a change is signed like the change
    if not verb and GAP_BELOW_RE.search(clause_before):
        return "level", -value  # 低于年初目标1.5个百分点, 比全市低2.4个百分点: a gap below, signed
    if not verb and unit == "%" and re.fullmatch(r"(?:分别)?(?:达到?|为|是)?", clause_before):
        named = RATE_NAMED_BEFORE_RE.search(earlier)
        if named:  # 增幅最高，达一成五 / 降幅最大，为12.1%: the rate the clause before names
            return "change", -value if named["fall"] else value
    return ("change", signed) if verb else ("level", value)


def _change_verb(clause_before: str, unit: str) -> str | None:
    """The verb of change that stands right before a figure (增长, 下降, 比上年多), or None for a level."""
    if unit == "个百分点" and (CONTRIBUTION_RE.search(clause_before) or GAP_RE.search(clause_before)):
        return None
    m = CHANGE_RE.search(clause_before) or _BY_COMPARISON_RE.search(clause_before)
    if m and m["verb"] in _AMBIGUOUS_VERBS and unit not in ("%", "个百分点") and not _COMPARED_RE.search(clause_before):
        return None
    if m and not clause_before[: m.start("verb")].endswith("新"):  # 新增 counts what was added: a level
        return m["verb"]
    return None


def _plan_end(n: str) -> int:
    """The last year of a five-year plan: 十三五 → 2020, 十四五 → 2025."""
    return 2005 + 5 * "一二三四五六".index(n) + 5


def _time_words(window: str, year: int) -> list[tuple[int, int]]:
    """(position, year) of every word in `window` that dates a target; years before `year` are baselines."""
    out = []
    for m in TIME_WORD_RE.finditer(window):
        if m["year"] and int(m["year"]) >= year:
            out.append((m.start(), int(m["year"])))
        elif m["n"] and m["when"] and m["when"].endswith("末"):
            out.append((m.start(), _plan_end(m["n"])))
        elif m["rel"] in NEXT_YEAR_WORDS:
            out.append((m.start(), year + 1))
        elif m["ahead"]:
            span = _value(m["ahead"])
            if span:
                out.append((m.start(), year + int(span)))
        elif m["rel"]:
            # 2024年主要预期目标是：…，全年完成…8600万元以上: the whole of the year named before, not this one
            named = [y for _, y in out if y > year] if m["rel"].startswith("全年") else []
            out.append((m.start(), named[-1] if named else year))
    return out


def _period_before(before: str, sentence: str, at: int, report_year: int, head: str) -> tuple[int, str]:
    """The year and period read from the words before position `at` of the clause `before` (which ends the
    sentence window `sentence`): words from there on name something else (a period compared with)."""
    cut = len(before) - at
    return _period(before[:at], sentence[: len(sentence) - cut], report_year, head)


def _semicolons(text: str, lo: int, hi: int) -> list[int]:
    """Positions of ；in text[lo:hi], the latest first."""
    out, pos = [], text.rfind("；", lo, hi)
    while pos != -1:
        out.append(pos)
        pos = text.rfind("；", lo, pos)
    return out


def _period(clause_before: str, sentence_before: str, report_year: int, head: str = "") -> tuple[int, str]:
    """The year and period a figure refers to, read from the words before it; a period that opens the whole
    sentence (`head`: 1-9月，…；处分205人) covers its later parts too."""
    prior = PRIOR_RATE_RE.search(clause_before)
    if prior:  # 增幅比1-4月增速15%上升4.6个百分点: the 15% is the rate of January to April
        return report_year, period_of(report_year, prior["marker"])
    # 分别比前三季度、1~8月和1~7月加快: the periods compared with are not the figure's
    clause_before = COMPARED_PERIODS_RE.sub(lambda m: " " * len(m.group()), clause_before)
    sentence_before = COMPARED_PERIODS_RE.sub(lambda m: " " * len(m.group()), sentence_before)
    # 比2019年上半年增长7.9%: the period compared with is not the figure's (a change of this year's first half)
    clause_before = COMPARED_YEAR_RE.sub(lambda m: " " * len(m.group()), clause_before)
    sentence_before = COMPARED_YEAR_RE.sub(lambda m: " " * len(m.group()), sentence_before)
    plan = PLAN_BASELINE_RE.search(clause_before)
    if plan and _plan_end(plan["n"]) < report_year:  # 由“十三五”末的512.4亿元增加到…: that plan's last year
        return _plan_end(plan["n"]), str(_plan_end(plan["n"]))
    m = BASELINE_RE.search(clause_before)
    earlier_items = None if m else LIST_TAIL_RE.search(clause_before)
    if earlier_items:  # 从2012年的7.9亿人、1.5亿人、1.9亿人: the year before the list's first item dates every item
        m = BASELINE_RE.search(clause_before[: earlier_items.start()])
    if m:
        found = int(m["year"]) if m["year"] else report_year - 1
        if m["month"]:  # 比2022年12月的431起: that month's figure
            return found, f"{found}-M{int(m['month']):02d}-M{int(m['month']):02d}"
        if m["same"]:  # 1—9月…，较去年同期的231件: the same months of the year before
            markers = list(PERIOD_RE.finditer(sentence_before))
            opening = SENTENCE_PERIOD_RE.match(head)
            if markers or opening:
                return found, period_of(found, markers[-1].group(0) if markers else opening["marker"])
        return found, str(found)
    for scope in (clause_before, sentence_before):
        # 与2022年一季度…相比，今年一季度增加了47件: 今年 after the earlier year brings the sentence back
        back = max((m.end() for m in re.finditer("今年|本年", scope)), default=-1)
        # the nearest: 2022年全市立案3210件，2023年增至3870件，处分人数由…增加到3620人 is 2023's
        for d in reversed(list(DATED_RE.finditer(scope))):
            if d.start() < back:
                break
            if d["part"]:
                return int(d["part"]), period_of(int(d["part"]), d["marker"])
            if d["rel"]:  # 去年全县接待游客320万人次: a clause that opens with last year is last year's
                found = report_year - (2 if d["rel"] == "前年" else 1)
                return found, str(found)
            found = int(d["upto"] or d["last"] or d["lead"] or d["mid"])
            if found <= report_year and d["upto_month"] and 1 <= int(d["upto_month"]) <= 12:
                return found, so_far(found, int(d["upto_month"]))  # 截至2023年3月: the year so far
            if found <= report_year:
                return found, str(found)
    # 2022年全县生产总值完成216.5亿元，增长3.2%；地方一般公共预算收入…: a year opening the sentence covers its ；-parts
    opening_year = OPENING_YEAR_RE.match(head)
    if opening_year and int(opening_year["year"]) < report_year and not re.search("今年|本年", sentence_before):
        return int(opening_year["year"]), opening_year["year"]
    plans = [m for m in PLAN_RE.finditer(sentence_before) if m["when"] in ("期间", "时期")]
    if plans and _plan_end(plans[-1]["n"]) <= report_year:  # “十三五”期间 in a later report: the plan's years
        return _plan_end(plans[-1]["n"]), str(_plan_end(plans[-1]["n"]))
    for scope in (clause_before, sentence_before):
        found_markers = list(PERIOD_RE.finditer(scope))
        if found_markers:  # the nearest: 上半年…，其中二季度增长6% is the second quarter's
            if re.search(ALL_YEAR, scope[found_markers[-1].end() :]):
                break  # 前三季度增长2.5%、全年增长3.9%: the whole year again
            return report_year, period_of(report_year, found_markers[-1].group(0))
    opening = SENTENCE_PERIOD_RE.match(head)
    if opening and not WHOLE_YEAR_RE.search(sentence_before):  # 上半年…；全年增长6%: the year again
        return report_year, period_of(report_year, opening["marker"])
    return report_year, str(report_year)
