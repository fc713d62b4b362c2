"""Generators of realistic zone, company and project names for entity-substitution augmentation.

Place names come from jieba's dictionary (words tagged `ns`); the other parts are lists written by the team.
The point is variety of shape, not truth: the model must learn where names start and end, not memorise them.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from models.places import place_names
from models.schema import EntityLabel

ZONE_KINDS = (
    "经济技术开发区 经济技术开发区 国家级经济技术开发区 高新技术产业开发区 高新技术产业开发区 高新区 经济开发区 经开区 "
    "工业园区 工业园区 产业园 产业园区 综合保税区 保税物流园区 物流园 农业高新技术产业示范区 现代农业产业园 新区 产业集聚区 "
    "化工园区 临港经济区 工业集中区 产业转移示范区 科技园 循环经济产业园 食品产业园 新材料产业园 装备制造产业园 数字经济产业园"
).split()
ZONE_MIDDLES = "国家 临港 空港 滨海 绿色 现代 数字 新能源 航空 海峡 沿江 智慧 东部 西部 南部 北部 城东 城南".split()
INDUSTRIES = (
    "科技 新材料 新能源 化工 生物 医药 电子 智能 装备 食品 纸业 物流 光电 半导体 汽车 机械 环保 能源 矿业 钢铁 铝业 "
    "纺织 农业 种业 乳业 建材 陶瓷 玻璃 储能 锂电 光伏 风电 氢能 信息 软件 数据 通信 精密 重工 石化 冶金 制药 包装 "
    "特钢 稀土 硅业 碳素 铜业 电力 热力 水务 冷链 粮油 酒业 茶业 果业 畜牧 饲料 智造 微电子 显示 机器人 航天"
).split()
LEGAL_FORMS = (
    "有限公司 有限公司 有限公司 股份有限公司 股份有限公司 集团有限公司 集团 集团股份有限公司 有限责任公司 科技有限公司 "
    "实业有限公司 发展有限公司 公司"
).split()
BRAND_CHARS = "鑫 恒 瑞 华 宏 泰 盛 隆 达 源 德 信 诚 鼎 辉 晟 昌 博 创 科 汇 丰 润 安 康 远 宇 凯 立 新 中 天 海 金 银 东 方 明 正 和 嘉 荣 兴 益 通 腾 飞 旭 晨 越 卓 航 睿 翔 峰 岳 川".split()
FOREIGN_FIRMS = (
    "巴斯夫 西门子 特斯拉 三星 埃克森美孚 林德 博世 霍尼韦尔 ABB 施耐德 杜邦 陶氏 空气化工 LG化学 SK海力士 松下 丰田 本田 "
    "大众 宝马 奔驰 现代摩比斯 雀巢 达能 联合利华 宝洁 强生 罗氏 诺和诺德 阿斯利康 赛诺菲 通用电气 卡特彼勒 康宁 英特尔 "
    "德州仪器 恩智浦 意法半导体 安森美 法液空 赢创 朗盛 科思创 沙特阿美 壳牌 道达尔 住友 三菱 日立 东丽 ASML 应用材料"
).split()
PRODUCTS = (
    "锂电池正极材料 锂电池负极材料 电解液 隔膜 动力电池 储能电池 光伏组件 单晶硅片 电池片 多晶硅 碳纤维 芳纶 聚碳酸酯 "
    "ABS树脂 聚乙烯 聚丙烯 乙二醇 环氧树脂 有机硅 氢燃料电池 电解铝 铝箔 铜箔 特种钢 不锈钢 汽车零部件 新能源汽车 "
    "智能网联汽车 工业机器人 数控机床 风电装备 轨道交通装备 工程机械 农机装备 医疗器械 生物制剂 原料药 中药饮片 疫苗 "
    "集成电路 功率半导体 显示面板 光纤光缆 服务器 智能终端 5G通信设备 芯片封装测试 乳制品 肉制品 预制菜 饮料 白酒 "
    "啤酒 功能食品 饲料 有机肥 生物质颗粒 再生资源 废旧电池回收 危废处置 固废综合利用 建筑垃圾资源化 装配式建筑构件 "
    "玻璃纤维 光伏玻璃 特种纸 包装纸 生活用纸 纺织面料 服装 家具 陶瓷 水泥 石墨烯 稀土永磁材料 钛合金 高温合金 "
    "冷链物流 仓储物流 数据中心 智算中心 云计算中心 污水处理 垃圾焚烧发电 分布式光伏 风电场 抽水蓄能 氢能"
).split()
PROJECT_HEADS = (
    "项目 项目 项目 项目 生产线 生产线项目 建设项目 产业园项目 产业化项目 基地项目 基地 技改项目 扩建项目 一期项目 二期项目 "
    "智能工厂项目 研发中心项目 工程"
).split()
CAPACITY_UNITS = "万吨 吨 万台 台 万套 万辆 GWh 万平方米 亿片 万件 万千瓦 兆瓦".split()
FACILITIES = (
    "污水处理厂 污水处理站 变电站 标准厂房 冷链物流中心 仓储中心 综合服务中心 人才公寓 市政道路 供热管网 天然气管道 "
    "铁路专用线 物流枢纽 孵化器 加速器 职业技能培训中心 检验检测中心"
).split()


def _place(rng: random.Random) -> str:
    """A place name, often without its 市/县 (`宜宾市` -> `宜宾`), as names are written."""
    place = rng.choice(place_names())
    if len(place) >= 3 and place[-1] in "市县" and rng.random() < 0.5:
        return place[:-1]
    return place


def _brand(rng: random.Random) -> str:
    return "".join(rng.sample(BRAND_CHARS, rng.choice((2, 2, 2, 3))))


def zone_name(rng: random.Random) -> str:
    place = _place(rng)
    middle = rng.choice(ZONE_MIDDLES) if rng.random() < 0.2 else ""
    return f"{place}{middle}{rng.choice(ZONE_KINDS)}"


def company_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(FOREIGN_FIRMS) + (rng.choice(("（中国）有限公司", "（中国）投资有限公司", "")))
    if roll < 0.3:
        return _brand(rng) + rng.choice(INDUSTRIES)  # short name used as the firm
    place = _place(rng) if rng.random() < 0.7 else ""
    return f"{place}{_brand(rng)}{rng.choice(INDUSTRIES)}{rng.choice(LEGAL_FORMS)}"


def project_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return _place(rng) + rng.choice(FACILITIES) + rng.choice(("", "项目", "建设项目"))
    prefix = ""
    if roll < 0.5:
        amount = rng.choice(("1", "2", "3", "5", "6", "8", "10", "12", "15", "20", "30", "50", "100", "1.5", "2.5"))
        prefix = f"年产{amount}{rng.choice(CAPACITY_UNITS)}"
    owner = _brand(rng) if rng.random() < 0.25 else ""
    return f"{owner}{prefix}{rng.choice(PRODUCTS)}{rng.choice(PROJECT_HEADS)}"


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    EntityLabel.ZONE.value: zone_name,
    EntityLabel.COMPANY.value: company_name,
    EntityLabel.PROJECT.value: project_name,
}
