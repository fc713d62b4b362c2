"""Chinese place names from jieba's dictionary: provinces, cities, counties and their short forms.

Registered names start with their place (`福建新大陆电脑股份有限公司`, `包头稀土高新区`); the tagger sometimes leaves
the place out or tags it as a name of its own, and the training augmentation writes new names with these places.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PROVINCES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 "
    "云南 西藏 陕西 甘肃 青海 宁夏 新疆"
).split()
# Countries stay outside a company's span (`德国[巴斯夫]`, GUIDE.md), so they never join one.
FOREIGN_COUNTRIES = frozenset(
    "德国 美国 日本 韩国 法国 英国 意大利 荷兰 瑞士 瑞典 新加坡 丹麦 芬兰 挪威 比利时 奥地利 西班牙 加拿大 澳大利亚 以色列 印度 "
    "俄罗斯 泰国 马来西亚 越南 印尼 印度尼西亚 葡萄牙 新西兰 沙特 巴西 墨西哥 爱尔兰 卢森堡 波兰 捷克 匈牙利 土耳其 阿联酋 "
    "菲律宾 巴基斯坦 哈萨克斯坦 乌兹别克斯坦 南非 埃及 智利 阿根廷".split()
)
_ADMINISTRATIVE_ENDINGS = "市县区州旗镇"


@cache
def place_names() -> tuple[str, ...]:
    """Place names of two to five characters from jieba's dictionary (tag `ns`), plus the provinces."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    names = set(PROVINCES)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 3 or parts[2] != "ns" or not 2 <= len(parts[0]) <= 5:
                continue
            word, frequency = parts[0], int(parts[1])
            # Administrative names (…市, …县) are reliable; other `ns` words only when common (太原, 苏州).
            if word[-1] in _ADMINISTRATIVE_ENDINGS or (len(word) == 2 and frequency >= 200):
                names.add(word)
    return tuple(sorted(names - FOREIGN_COUNTRIES))


@cache
def name_prefix_places() -> frozenset[str]:
    """Places that may open a zone's or a company's name: the names, and cities and counties without 市/县/旗
    (`包头市` -> `包头`), as names write them."""
    names = set(place_names())
    names |= {name[:-1] for name in names if len(name) >= 3 and name[-1] in "市县旗"}
    return frozenset(name for name in names if len(name) >= 2)
