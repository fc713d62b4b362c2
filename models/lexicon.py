"""Word lists the rules, the normaliser and the model features share (one copy of each table)."""

from __future__ import annotations

import functools
import re

# --- numerals -------------------------------------------------------------------------------
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(CHINESE_SMALL_UNITS) + "".join(CHINESE_LARGE_UNITS)

# Multipliers written after an Arabic number (`1.5 万吨`, `3 千万元`); longest first.
MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2}

# --- amounts --------------------------------------------------------------------------------
# Approximators inside an AMOUNT span (SCHEMA rule 3). Prefix words such as 约/近/超 stay outside.
APPROX_INFIXES = ("余", "多")
APPROX_SUFFIXES = ("左右", "以上", "上下", "开外")

# Unit -> kind. A unit not listed here is a physical quantity; a compound unit (`万元/亩`) takes the kind of
# its numerator when that is money, else quantity.
MONEY_UNITS = ("元", "美元", "欧元", "港元", "港币", "日元", "英镑", "人民币", "元人民币", "韩元", "卢布")
PERCENT_UNITS = ("%", "‰", "成")  # 八成 -> {8, 成, percent}
PERCENTAGE_POINT_UNITS = ("个百分点", "百分点")
# Bare 月 and 日 are left out: after a number they write a date (`3 月`, `30 日`), not a duration.
DURATION_UNITS = ("个工作日", "工作日", "个小时", "小时", "分钟", "个月", "个季度", "天", "周", "年", "载")
# Counts of firms, projects, events, places; products (台, 辆, 套, 件, 片) are quantities (the corpus majority).
COUNT_UNITS = (
    "家", "个", "项", "户", "人次", "人", "名", "次", "批", "座", "栋", "幢", "所", "处", "位", "场", "届",
    "支", "例", "种", "类", "款", "宗", "条", "份", "间", "架", "张", "本", "篇", "部", "门", "盏", "口", "眼",
    "座次", "项次", "家次", "批次", "单", "列",
)
QUANTITY_UNITS = (
    "平方公里", "平方千米", "平方米", "平米", "立方米", "公顷", "亩", "公里", "千米", "米", "厘米", "毫米",
    "吨", "千克", "公斤", "克", "斤", "标箱", "TEU", "千瓦时", "度", "千瓦", "兆瓦", "瓦", "千伏安", "千伏", "伏",
    "GWh", "MWh", "kWh", "GW", "MW", "kW", "t/a", "t", "kg", "km", "m²", "m2", "m³", "㎡", "万", "升", "立方",
    "片", "颗", "粒", "箱", "车次", "架次", "标准箱", "亿", "头份", "羽", "枚", "倍", "台", "辆", "套", "台套",
    "件", "只", "头", "根", "块", "棵", "株", "艘",
)
ALL_AMOUNT_UNITS = tuple(
    sorted(
        set(MONEY_UNITS + PERCENTAGE_POINT_UNITS + DURATION_UNITS + COUNT_UNITS + QUANTITY_UNITS + ("成", "‰"))
        - {"万", "亿"},
        key=len,
        reverse=True,
    )
)
# Units written differently but normalised to one form (SCHEMA: `十余载` -> 10 年).
UNIT_ALIASES = {"载": "年", "％": "%"}
# Characters that follow a numeral without starting a unit (`一是`, `三大产业`, `两期`, `第一`).
NOT_UNIT_STARTS = "是要大期点的在和与及为等中上下前后第级型"
# Unit prefixes that look like multipliers but belong to the unit.
UNIT_WORDS_WITH_MULTIPLIER_CHAR = ("千瓦时", "千瓦", "千伏安", "千伏", "千克", "千米", "百分点")

# --- dates ----------------------------------------------------------------------------------
DATE_MODIFIER_WORDS = {
    "底前": "before_end", "末前": "before_end", "以前": "before", "之前": "before", "前": "before",
    "初": "start", "上旬": "start", "中旬": "mid", "下旬": "end", "中": "mid", "底": "end", "末": "end",
}
GENERIC_YEAR_WORDS = ("今年", "本年", "本年度", "当年")  # alone they are no DATE (SCHEMA rule 4)
RELATIVE_YEARS = {"今年": 0, "本年": 0, "本年度": 0, "当年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1, "次年": 1, "翌年": 1}
FIVE_YEAR_PLANS = {"十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "首": 1}

# --- names ----------------------------------------------------------------------------------
ZONE_SUFFIXES = (
    "国家级经济技术开发区", "经济技术开发区", "高新技术产业开发区", "高新技术产业园区", "农业高新技术产业示范区",
    "高新技术开发区", "综合保税区", "保税物流园区", "保税港区", "保税区", "经济开发区", "工业开发区", "开发区",
    "经开区", "高新区", "农高区", "自贸区", "自由贸易试验区", "片区", "示范区", "新区", "工业园区", "产业园区",
    "工业园", "产业园", "物流园区", "物流园", "科技园", "科技城", "产业基地", "园区", "工业集中区", "集聚区",
    "产业集聚区", "合作区", "试验区", "新城", "港区",
)
# Suffixes of a whole zone, as against a park or base inside one (产业园, 基地, 片区).
ZONE_LEVEL_SUFFIXES = ("开发区", "高新区", "经开区", "农高区", "综保区", "新区", "示范区", "试验区", "实验区", "合作区", "保税区",
                       "工业区", "经济区", "投资区")
# The last characters of a zone's name, broader than ZONE_SUFFIXES (which feed the tagger's features and the
# sectioner's patterns, so they stay as the bundled model was trained with): sub-parks and special areas also end in
# 园 (南海园, 中关村昌平园), 城 (光谷生物城, 中新广州知识城), 镇 (德清地理信息小镇), 谷 (济南药谷), 港, 岛, 湾, 基地 or 区
# (上海化学工业区, 泉州台商投资区, 天津经开区西区). 9% of the corpus's located_in zones end in none of ZONE_SUFFIXES.
ZONE_HEADS = ZONE_SUFFIXES + ("保税物流中心", "区", "园", "城", "镇", "谷", "港", "岛", "湾", "基地")
_TRAILING_BRACKETS = re.compile(r"[（(][^（()）]*[)）]$")


@functools.lru_cache(maxsize=4096)  # asked for every zone-side pair; a document repeats its few zone names
def reads_like_zone(name: str) -> bool:
    """Whether a name ends like a zone's (a bracketed place after it aside: `…临空经济区（廊坊）`), as a name the
    tagger cut wrongly (`七大产`) does not."""
    return _TRAILING_BRACKETS.sub("", name).endswith(ZONE_HEADS)


# Names a zone is widely known by that no abbreviation rule derives (`光谷` is 武汉东湖新技术开发区): the zone's official
# full name, which a document's mentions of the nickname resolve to.
ZONE_NICKNAMES = {
    "光谷": "武汉东湖新技术开发区", "中国光谷": "武汉东湖新技术开发区", "武汉光谷": "武汉东湖新技术开发区",
    "麓谷": "长沙高新技术产业开发区", "泰达": "天津经济技术开发区", "TEDA": "天津经济技术开发区",
    "星沙": "长沙经济技术开发区", "中国医药城": "泰州医药高新技术产业开发区", "漕河泾": "上海漕河泾新兴技术开发区",
    "张江": "上海张江高科技园区", "松山湖": "东莞松山湖高新技术产业开发区",
}
SHORT_ZONE_FORMS = ("开发区", "经开区", "高新区", "农高区", "园区", "工业园区", "产业园区", "新区", "综保区", "示范区")
COMPANY_SUFFIXES = (
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "控股集团", "集团", "公司", "厂",
    "股份", "实业", "科技", "控股", "株式会社", "合作社",
)
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "厂")
PROJECT_SUFFIXES = (
    "项目", "生产线", "产业园", "基地", "工程", "中心", "电站", "污水处理厂", "污水处理站", "处理站", "厂房",
    "变电站", "仓库", "粮库", "园", "站", "道路", "管网", "大桥", "码头", "仓储中心",
)
HEADING_MARKERS = ("【", "（一）", "一是", "一要", "供稿")
