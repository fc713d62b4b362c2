"""The authoring markup: spans, values, canonical names, relations, and errors with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.markup import MarkupError, parse_amount_value, parse_date_value, parse_file

DOCUMENT = """id: test-001
kind: project_news
province: 广东
year: 2024
layout: plain
author: test
---
[广州南沙经济技术开发区]{ZONE#z1}又有项目开工。[广汽埃安]{COMPANY#c1}投资建设的[年产 20 万辆新能源整车项目]{PROJECT#p1}
总投资[45 亿\\n元]{AMOUNT#a1=4500000000 元 money}，于[今年 3 月]{DATE#d1=2024-03 month}开工。[开发区]{ZONE=广州南沙经济技术开发区}签约项目[26 个]{AMOUNT#a2=26 个 count}。
===
c1 builds p1
p1 located_in z1
p1 total_investment a1
p1 started_on d1
@广州南沙经济技术开发区 metric a2 | 签约项目
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.bie"
    path.write_text(text.replace("\\n", "\n"), encoding="utf-8")
    return path


def test_parse_document(tmp_path):
    record = parse_file(write(tmp_path, DOCUMENT))
    text = record["text"]
    spans = {text[e["start_offset"] : e["end_offset"]]: e for e in record["entities"]}
    assert "45 亿\n元" in spans and spans["45 亿\n元"]["value"] == {"value": 4500000000, "unit": "元", "kind": "money"}
    assert spans["开发区"]["canonical"] == "广州南沙经济技术开发区"
    assert spans["广州南沙经济技术开发区"]["canonical"] == "广州南沙经济技术开发区"
    types = [r["type"] for r in record["relations"]]
    assert types == ["builds", "located_in", "total_investment", "started_on", "metric"]
    metric = record["relations"][-1]
    assert metric["attribute"] == "签约项目"
    # `@canonical` links the nearest mention before the object: the short form 开发区.
    assert record["entities"][metric["from_id"]]["start_offset"] == text.index("开发区签约")
    assert record["meta"] == {"kind": "project_news", "province": "广东", "year": 2024, "layout": "plain",
                              "author": "test", "source": "written"}


@pytest.mark.parametrize(("change", "message"), [
    (("{PROJECT#p1}", "{PROJEKT#p1}"), "unknown label 'PROJEKT'"),
    (("c1 builds p1", "c1 builds a1"), "builds does not take COMPANY -> AMOUNT"),
    (("{AMOUNT#a2=26 个 count}", "{AMOUNT#a2}"), "AMOUNT needs '=value'"),
    (("| 签约项目", ""), "metric needs '| attribute'"),
    (("p1 started_on d1", "p1 started_on d9"), "no entity with id 'd9'"),
    (("=2024-03 month", "=2024-03 monthly"), "DATE precision 'monthly'"),
])
def test_errors_name_the_problem_and_line(tmp_path, change, message):
    with pytest.raises(MarkupError) as error:
        parse_file(write(tmp_path, DOCUMENT.replace(*change)))
    assert message in str(error.value)
    assert error.value.line > 0


def test_value_specs():
    assert parse_amount_value("8000 亩 quantity ~") == {"value": 8000, "unit": "亩", "kind": "quantity", "approx": True}
    assert parse_amount_value("5..8 元 money") == {"start": 5, "end": 8, "unit": "元", "kind": "money"}
    assert parse_date_value("--05 month") == {"value": "--05", "precision": "month", "year_known": False}
    assert parse_date_value("2024-01..2024-03 quarter end") == {
        "start": "2024-01", "end": "2024-03", "precision": "quarter", "modifier": "end"}
