"""The scorer against hand-computed figures."""

from __future__ import annotations

import pytest

from models.doc import Span
from models.scoring import DocTriples, attribute_matches, score_spans, score_triples, score_values, values_equal


def span(start, end, label, value=None):
    return Span(start, end, label, "x" * (end - start), value=value)


def test_score_spans_hand_computed():
    gold = [span(0, 3, "ZONE"), span(5, 8, "AMOUNT"), span(10, 12, "DATE"), span(20, 25, "COMPANY")]
    predicted = [span(0, 3, "ZONE"), span(5, 9, "AMOUNT"), span(10, 12, "DATE"), span(20, 25, "PROJECT")]
    scores = score_spans([(gold, predicted)])
    # tp 2 (ZONE, DATE), fp 2, fn 2
    assert scores["ents_p"] == pytest.approx(0.5)
    assert scores["ents_r"] == pytest.approx(0.5)
    assert scores["ents_f"] == pytest.approx(0.5)
    assert scores["ents_per_type"]["ZONE"]["f"] == 1.0
    assert scores["ents_per_type"]["AMOUNT"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 1}
    assert scores["ents_per_type"]["COMPANY"]["fn"] == 1 and scores["ents_per_type"]["PROJECT"]["fp"] == 1


def test_score_spans_sums_over_documents():
    first = ([span(0, 2, "DATE")], [span(0, 2, "DATE")])
    second = ([span(0, 2, "DATE"), span(4, 6, "DATE")], [])
    scores = score_spans([first, second])
    assert scores["ents_p"] == 1.0 and scores["ents_r"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["ents_f"] == pytest.approx(0.5)


def test_score_triples_and_attributes():
    gold = DocTriples.from_pairs([
        (("寿阳经济技术开发区", "metric", "31亿元"), "规模以上工业增加值"),
        (("寿阳经济技术开发区", "metric", "52.2%"), "营业收入同比增长"),
        (("项目A", "total_investment", "10.5亿元"), None),
    ])
    predicted = DocTriples.from_pairs([
        (("寿阳经济技术开发区", "metric", "31亿元"), "规上工业增加值"),
        (("寿阳经济技术开发区", "metric", "52.2%"), "工业投资"),
        (("项目B", "total_investment", "10.5亿元"), None),
    ])
    scores = score_triples([(gold, predicted)])
    assert scores["triples_p"] == pytest.approx(2 / 3, abs=1e-4) and scores["triples_r"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["triples_per_type"]["metric"]["f"] == 1.0
    assert scores["triples_per_type"]["total_investment"]["f"] == 0.0
    assert scores["attr_total"] == 2 and scores["attr_acc"] == 0.5


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ("规模以上工业增加值", "规模以上工业增加值同比增速", True),   # one contains the other
    ("规模以上工业增加值", "规上工业增加值", True),              # Dice 0.875
    ("工业投资", "营业收入", False),
    ("工业 投资", "工业投资", True),                           # white space removed
    (None, "工业投资", False),
])
def test_attribute_matching(gold, predicted, expected):
    assert attribute_matches(gold, predicted) is expected


def test_values_compare_exactly_with_defaults():
    assert values_equal({"value": 52.2, "unit": "%", "kind": "percent"},
                        {"value": 52.2, "unit": "%", "kind": "percent", "approx": False})
    assert not values_equal({"value": 52.2, "unit": "%", "kind": "percent"},
                            {"value": 52.2, "unit": "%", "kind": "percent", "approx": True})
    assert not values_equal({"value": "2024-03", "precision": "month"}, {"value": "2023-03", "precision": "month"})


def test_score_values_counts_found_and_all():
    gold = [span(0, 4, "AMOUNT", {"value": 1, "unit": "亿元", "kind": "money"}),
            span(5, 9, "DATE", {"value": "2024", "precision": "year"}),
            span(10, 12, "AMOUNT", {"value": 2, "unit": "家", "kind": "count"})]
    predicted = [span(0, 4, "AMOUNT", {"value": 1, "unit": "亿元", "kind": "money"}),
                 span(5, 9, "DATE", {"value": "2023", "precision": "year"})]
    scores = score_values([(gold, predicted)])
    assert scores["norm_acc"] == 0.5 and scores["norm_acc_all"] == pytest.approx(1 / 3, abs=1e-4)
