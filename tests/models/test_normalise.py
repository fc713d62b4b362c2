"""Table-driven tests of AMOUNT and DATE normalisation (SCHEMA.md, "Normalised values")."""

from __future__ import annotations

import pytest

from models.normalise import parse_amount, parse_chinese_number, parse_date


def money(value, approx=False):
    out = {"value": value, "unit": "元", "kind": "money"}
    return {**out, "approx": True} if approx else out


def amount(value, unit, kind, approx=False):
    out = {"value": value, "unit": unit, "kind": kind}
    return {**out, "approx": True} if approx else out


AMOUNT_CASES = [
    # money with multipliers, spaces and line breaks as a PDF leaves them
    ("110.3 亿元", money(11030000000)),
    ("110.3 亿\n元", money(11030000000)),
    ("10.5 亿元", money(1050000000)),
    ("10.5亿元", money(1050000000)),
    ("１０．５亿元", money(1050000000)),
    ("5.27 亿元", money(527000000)),
    ("2.42 亿\n元", money(242000000)),
    ("0.97 亿元", money(97000000)),
    ("1 亿元", money(100000000)),
    ("57 亿元", money(5700000000)),
    ("900 万元", money(9000000)),
    ("1,200 万元", money(12000000)),
    ("12,500万元", money(125000000)),
    ("86,000 万元", money(860000000)),
    ("3 千万元", money(30000000)),
    ("5千万元", money(50000000)),
    ("三千万元", money(30000000)),
    ("一亿二千万元", money(120000000)),
    ("两亿元", money(200000000)),
    ("十亿元", money(1000000000)),
    ("一百亿元", money(10000000000)),
    ("3000 元", money(3000)),
    ("1.2 万亿元", money(1200000000000)),
    ("20 余万元", money(200000, approx=True)),
    ("20余万元", money(200000, approx=True)),
    ("9.9 亿元以上", money(990000000, approx=True)),
    ("5 亿元以上", money(500000000, approx=True)),
    ("30 亿元左右", money(3000000000, approx=True)),
    ("100 多亿元", money(10000000000, approx=True)),
    ("50余亿元", money(5000000000, approx=True)),
    ("10 亿美元", amount(1000000000, "美元", "money")),
    ("2.5亿美元", amount(250000000, "美元", "money")),
    ("3000 万欧元", amount(30000000, "欧元", "money")),
    ("8 亿港元", amount(800000000, "港元", "money")),
    ("5000 万日元", amount(50000000, "日元", "money")),
    ("346.4 万元/亩", amount(3464000, "元/亩", "money")),
    ("284.1 万元/亩", amount(2841000, "元/亩", "money")),
    ("60 万元/亩", amount(600000, "元/亩", "money")),
    ("2 万元/人", amount(20000, "元/人", "money")),
    ("500 元/平方米", amount(500, "元/平方米", "money")),
    # percentages and percentage points
    ("52.2%", amount(52.2, "%", "percent")),
    ("52.2 %", amount(52.2, "%", "percent")),
    ("183.2%", amount(183.2, "%", "percent")),
    ("100%", amount(100, "%", "percent")),
    ("0.07%", amount(0.07, "%", "percent")),
    ("20.4%以上", amount(20.4, "%", "percent", approx=True)),
    ("３３．３％", amount(33.3, "%", "percent")),
    ("百分之二十", amount(20, "%", "percent")),
    ("百分之三十五", amount(35, "%", "percent")),
    ("6.4 个百分点", amount(6.4, "个百分点", "percentage_point")),
    ("16 个百分点", amount(16, "个百分点", "percentage_point")),
    ("7个百分点", amount(7, "个百分点", "percentage_point")),
    ("1.9个百分点", amount(1.9, "个百分点", "percentage_point")),
    ("2.5 百分点", amount(2.5, "百分点", "percentage_point")),
    # land and area
    ("280 亩", amount(280, "亩", "quantity")),
    ("45.19 亩", amount(45.19, "亩", "quantity")),
    ("1173.3 亩", amount(1173.3, "亩", "quantity")),
    ("8000 余亩", amount(8000, "亩", "quantity", approx=True)),
    ("2000 亩左右", amount(2000, "亩", "quantity", approx=True)),
    ("29.6 万亩", amount(296000, "亩", "quantity")),
    ("一百四十亩", amount(140, "亩", "quantity")),
    ("三千亩", amount(3000, "亩", "quantity")),
    ("4.6 万平方米", amount(46000, "平方米", "quantity")),
    ("17 万平方米", amount(170000, "平方米", "quantity")),
    ("80 平方公里", amount(80, "平方公里", "quantity")),
    ("12.5平方公里", amount(12.5, "平方公里", "quantity")),
    ("3 公顷", amount(3, "公顷", "quantity")),
    ("320 米", amount(320, "米", "quantity")),
    ("20 公里", amount(20, "公里", "quantity")),
    ("5.8 公里", amount(5.8, "公里", "quantity")),
    # weights, volumes, capacities
    ("45 万吨", amount(450000, "吨", "quantity")),
    ("1.5 万吨", amount(15000, "吨", "quantity")),
    ("25 吨", amount(25, "吨", "quantity")),
    ("15 万吨/年", amount(150000, "吨/年", "quantity")),
    ("250万吨/年", amount(2500000, "吨/年", "quantity")),
    ("3万吨/日", amount(30000, "吨/日", "quantity")),
    ("6000t/a", amount(6000, "t/a", "quantity")),
    ("10GWh", amount(10, "GWh", "quantity")),
    ("20 GWh", amount(20, "GWh", "quantity")),
    ("500MW", amount(500, "MW", "quantity")),
    ("1.5 万千瓦", amount(15000, "千瓦", "quantity")),
    ("220 千伏", amount(220, "千伏", "quantity")),
    ("5 千瓦", amount(5, "千瓦", "quantity")),
    ("2 亿千瓦时", amount(200000000, "千瓦时", "quantity")),
    ("3000 万千瓦时", amount(30000000, "千瓦时", "quantity")),
    ("100 万标箱", amount(1000000, "标箱", "quantity")),
    ("50 万立方米", amount(500000, "立方米", "quantity")),
    ("20 万辆", amount(200000, "辆", "quantity")),
    ("1000 台", amount(1000, "台", "quantity")),
    ("5 万套", amount(50000, "套", "quantity")),
    ("一点八亿元", money(180000000)),
    ("二点六亿元", money(260000000)),
    ("三至五亿元", {"start": 300000000, "end": 500000000, "unit": "元", "kind": "money"}),
    ("百亿元以上", money(10000000000, approx=True)),
    ("千万元", money(10000000)),
    ("七成", amount(7, "成", "percent")),
    ("百分之十三点五", amount(13.5, "%", "percent")),
    # counts
    ("45 家", amount(45, "家", "count")),
    ("21 家", amount(21, "家", "count")),
    ("6\n个", amount(6, "个", "count")),
    ("12 个", amount(12, "个", "count")),
    ("4 家", amount(4, "家", "count")),
    ("260 余户", amount(260, "户", "count", approx=True)),
    ("80 余户", amount(80, "户", "count", approx=True)),
    ("5 户", amount(5, "户", "count")),
    ("19 次", amount(19, "次", "count")),
    ("30 余次", amount(30, "次", "count", approx=True)),
    ("2593 项", amount(2593, "项", "count")),
    ("900 余项", amount(900, "项", "count", approx=True)),
    ("673 名", amount(673, "名", "count")),
    ("10 万余人", amount(100000, "人", "count", approx=True)),
    ("3000 份", amount(3000, "份", "count")),
    ("十余家", amount(10, "家", "count", approx=True)),
    ("二十个", amount(20, "个", "count")),
    ("1-3 个", {"start": 1, "end": 3, "unit": "个", "kind": "count"}),
    ("1.2 万人次", amount(12000, "人次", "count")),
    ("20批次以上", amount(20, "批次", "count", approx=True)),
    # durations
    ("154 天", amount(154, "天", "duration")),
    ("3 个月", amount(3, "个月", "duration")),
    ("３个月", amount(3, "个月", "duration")),
    ("4 年", amount(4, "年", "duration")),
    ("十余载", amount(10, "年", "duration", approx=True)),
    ("20个月", amount(20, "个月", "duration")),
    ("15 个工作日", amount(15, "个工作日", "duration")),
    ("48 小时", amount(48, "小时", "duration")),
    ("5 分钟", amount(5, "分钟", "duration")),
    ("两个季度", amount(2, "个季度", "duration")),
    # ranges
    ("5-8 亿元", {"start": 500000000, "end": 800000000, "unit": "元", "kind": "money"}),
    ("5亿-8亿元", {"start": 500000000, "end": 800000000, "unit": "元", "kind": "money"}),
    ("5至8亿元", {"start": 500000000, "end": 800000000, "unit": "元", "kind": "money"}),
    ("10—20 万吨", {"start": 100000, "end": 200000, "unit": "吨", "kind": "quantity"}),
    ("3-5 年", {"start": 3, "end": 5, "unit": "年", "kind": "duration"}),
]

NOT_AMOUNTS = ["", "亿元", "开发区", "2023", "一是", "“22510”", "百度"]


@pytest.mark.parametrize(("text", "expected"), AMOUNT_CASES)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_parse_amount_refuses_non_amounts(text):
    assert parse_amount(text) is None


DATE_CASES = [
    # years, months, days; spaces and line breaks inside
    ("2023 年", None, {"value": "2023", "precision": "year"}),
    ("2023\n年", None, {"value": "2023", "precision": "year"}),
    ("２０２４年", None, {"value": "2024", "precision": "year"}),
    ("2024 年 5 月底", None, {"value": "2024-05", "precision": "month", "modifier": "end"}),
    ("2024年5月底", None, {"value": "2024-05", "precision": "month", "modifier": "end"}),
    ("2024\n年 5 月底", None, {"value": "2024-05", "precision": "month", "modifier": "end"}),
    ("2023 年 11 月", None, {"value": "2023-11", "precision": "month"}),
    ("2023 年 2 月", 2024, {"value": "2023-02", "precision": "month"}),
    ("2022 年 9 月", None, {"value": "2022-09", "precision": "month"}),
    ("2023 年 5 月 30 日", None, {"value": "2023-05-30", "precision": "day"}),
    ("2023 年 6 月 29 日", None, {"value": "2023-06-29", "precision": "day"}),
    ("2024年1月1日", None, {"value": "2024-01-01", "precision": "day"}),
    ("2024-03-05", None, {"value": "2024-03-05", "precision": "day"}),
    ("2024.3", None, {"value": "2024-03", "precision": "month"}),
    ("2023 年度", None, {"value": "2023", "precision": "year"}),
    ("2023 年底", None, {"value": "2023", "precision": "year", "modifier": "end"}),
    ("2023年末", None, {"value": "2023", "precision": "year", "modifier": "end"}),
    ("2025年初", None, {"value": "2025", "precision": "year", "modifier": "start"}),
    ("2024年6月底前", None, {"value": "2024-06", "precision": "month", "modifier": "before_end"}),
    ("2024年10月前", None, {"value": "2024-10", "precision": "month", "modifier": "before"}),
    ("2024年3月上旬", None, {"value": "2024-03", "precision": "month", "modifier": "start"}),
    ("2024年3月中旬", None, {"value": "2024-03", "precision": "month", "modifier": "mid"}),
    ("2024年3月下旬", None, {"value": "2024-03", "precision": "month", "modifier": "end"}),
    ("2024年3月初", None, {"value": "2024-03", "precision": "month", "modifier": "start"}),
    # the year from the section's context
    ("3 月份", 2024, {"value": "2024-03", "precision": "month"}),
    ("6 月份", 2024, {"value": "2024-06", "precision": "month"}),
    ("3\n月份", 2024, {"value": "2024-03", "precision": "month"}),
    ("3 月底前", 2024, {"value": "2024-03", "precision": "month", "modifier": "before_end"}),
    ("6 月底前", 2024, {"value": "2024-06", "precision": "month", "modifier": "before_end"}),
    ("9 月底前", 2024, {"value": "2024-09", "precision": "month", "modifier": "before_end"}),
    ("10 月 31 日", 2023, {"value": "2023-10-31", "precision": "day"}),
    ("12月26日", 2023, {"value": "2023-12-26", "precision": "day"}),
    ("4月", 2024, {"value": "2024-04", "precision": "month"}),
    ("年底", 2024, {"value": "2024", "precision": "year", "modifier": "end"}),
    ("年底前", 2024, {"value": "2024", "precision": "year", "modifier": "before_end"}),
    ("年初", 2024, {"value": "2024", "precision": "year", "modifier": "start"}),
    ("年中", 2024, {"value": "2024", "precision": "year", "modifier": "mid"}),
    ("今年 8 月", 2024, {"value": "2024-08", "precision": "month"}),
    ("今年8月", 2024, {"value": "2024-08", "precision": "month"}),
    ("去年底", 2024, {"value": "2023", "precision": "year", "modifier": "end"}),
    ("去年 12 月", 2024, {"value": "2023-12", "precision": "month"}),
    ("明年 6 月", 2024, {"value": "2025-06", "precision": "month"}),
    ("明年底", 2024, {"value": "2025", "precision": "year", "modifier": "end"}),
    ("前年", 2024, {"value": "2022", "precision": "year"}),
    # ranges
    ("1-3 月份", 2024, {"start": "2024-01", "end": "2024-03", "precision": "month"}),
    ("1-3月份", 2024, {"start": "2024-01", "end": "2024-03", "precision": "month"}),
    ("1—3月", 2023, {"start": "2023-01", "end": "2023-03", "precision": "month"}),
    ("1至5月", 2023, {"start": "2023-01", "end": "2023-05", "precision": "month"}),
    ("2019 年-2022 年", None, {"start": "2019", "end": "2022", "precision": "year"}),
    ("2019年-2022年", None, {"start": "2019", "end": "2022", "precision": "year"}),
    ("2021 年至 2023 年", None, {"start": "2021", "end": "2023", "precision": "year"}),
    ("2021-2023年", None, {"start": "2021", "end": "2023", "precision": "year"}),
    ("2023年1-6月", None, {"start": "2023-01", "end": "2023-06", "precision": "month"}),
    ("2023 年 1-6 月", None, {"start": "2023-01", "end": "2023-06", "precision": "month"}),
    ("2025年3月-2027年6月", None, {"start": "2025-03", "end": "2027-06", "precision": "month"}),
    ("2024年3月至6月", None, {"start": "2024-03", "end": "2024-06", "precision": "month"}),
    # quarters and halves
    ("前5个月", 2024, {"start": "2024-01", "end": "2024-05", "precision": "month"}),
    ("前10个月", 2023, {"start": "2023-01", "end": "2023-10", "precision": "month"}),
    ("一季度", 2023, {"start": "2023-01", "end": "2023-03", "precision": "quarter"}),
    ("第一季度", 2023, {"start": "2023-01", "end": "2023-03", "precision": "quarter"}),
    ("二季度", 2024, {"start": "2024-04", "end": "2024-06", "precision": "quarter"}),
    ("三季度", 2024, {"start": "2024-07", "end": "2024-09", "precision": "quarter"}),
    ("第四季度", 2024, {"start": "2024-10", "end": "2024-12", "precision": "quarter"}),
    ("首季", 2024, {"start": "2024-01", "end": "2024-03", "precision": "quarter"}),
    ("前三季度", 2023, {"start": "2023-01", "end": "2023-09", "precision": "quarter"}),
    ("2024年一季度", None, {"start": "2024-01", "end": "2024-03", "precision": "quarter"}),
    ("2024年第二季度", None, {"start": "2024-04", "end": "2024-06", "precision": "quarter"}),
    ("今年一季度", 2025, {"start": "2025-01", "end": "2025-03", "precision": "quarter"}),
    ("一季度末", 2024, {"start": "2024-01", "end": "2024-03", "precision": "quarter", "modifier": "end"}),
    ("上半年", 2024, {"start": "2024-01", "end": "2024-06", "precision": "half"}),
    ("下半年", 2024, {"start": "2024-07", "end": "2024-12", "precision": "half"}),
    ("2025年上半年", None, {"start": "2025-01", "end": "2025-06", "precision": "half"}),
    ("去年上半年", 2024, {"start": "2023-01", "end": "2023-06", "precision": "half"}),
    # named periods
    ("“十四五”末", None, {"value": "2025", "precision": "year", "modifier": "end"}),
    ("十四五末", None, {"value": "2025", "precision": "year", "modifier": "end"}),
    ("“十四五”", None, {"start": "2021", "end": "2025", "precision": "year"}),
    ("“十四五”期间", None, {"start": "2021", "end": "2025", "precision": "year"}),
    ("“十三五”", None, {"start": "2016", "end": "2020", "precision": "year"}),
    ("“十五五”", None, {"start": "2026", "end": "2030", "precision": "year"}),
    ("“十四五”初", None, {"value": "2021", "precision": "year", "modifier": "start"}),
    # Chinese numerals
    ("二〇二四年三月", None, {"value": "2024-03", "precision": "month"}),
    ("二〇二三年", None, {"value": "2023", "precision": "year"}),
    ("二〇二四年十月三十一日", None, {"value": "2024-10-31", "precision": "day"}),
    ("三月", 2024, {"value": "2024-03", "precision": "month"}),
    ("十二月", 2024, {"value": "2024-12", "precision": "month"}),
    ("十月三十一日", 2023, {"value": "2023-10-31", "precision": "day"}),
    # the year not fixed by the document: no guess
    ("今年 5 月", None, {"value": "--05", "precision": "month", "year_known": False}),
    ("5 月", None, {"value": "--05", "precision": "month", "year_known": False}),
    ("5月30日", None, {"value": "--05-30", "precision": "day", "year_known": False}),
    ("1-3 月份", None, {"start": "--01", "end": "--03", "precision": "month", "year_known": False}),
    ("一季度", None, {"start": "--01", "end": "--03", "precision": "quarter", "year_known": False}),
    ("年底", None, {"precision": "year", "modifier": "end", "year_known": False}),
]

NOT_DATES = ["", "全年", "当年", "年内", "目前", "月底", "13 月", "亿元"]


@pytest.mark.parametrize(("text", "year", "expected"), DATE_CASES)
def test_parse_date(text, year, expected):
    assert parse_date(text, year) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_date_refuses_non_dates(text):
    assert parse_date(text, 2024) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("一百四十", 140), ("三千万", 30000000), ("二〇二四", 2024), ("十", 10), ("十二", 12), ("一百零五", 105),
     ("一亿二千万", 120000000), ("两", 2), ("二十五万", 250000), ("三万亿", 3000000000000), ("abc", None)],
)
def test_parse_chinese_number(text, expected):
    assert parse_chinese_number(text) == expected


def test_table_has_at_least_200_cases():
    assert len(AMOUNT_CASES) + len(NOT_AMOUNTS) + len(DATE_CASES) + len(NOT_DATES) >= 200
