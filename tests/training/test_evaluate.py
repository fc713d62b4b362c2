"""Evaluation report pieces that go beyond the scorer."""

from __future__ import annotations

from training.data import split_records
from training.evaluate import evaluate, figure_zones, format_report, predict


def test_seed_figures_are_counted_by_zone(rules_pipeline):
    seed = [r for r in split_records("test") if r["meta"]["source"] == "seed"]
    counts = figure_zones(predict(rules_pipeline, seed, gold_entities=True))
    metric_relations = sum(1 for r in seed[0]["relations"] if r["type"] == "metric")
    assert 0 < counts["figures"] <= metric_relations
    assert counts["right_zone"] + counts["wrong_zone"] + counts["missed"] == counts["figures"]
    assert counts["right_zone"] > counts["figures"] // 2  # the rules linker gives most seed figures their zone


def test_report_has_the_seed_line_only_when_the_seed_is_evaluated(rules_pipeline):
    records = split_records("test")
    seed = [r for r in records if r["meta"]["source"] == "seed"]
    other = [r for r in records if r["meta"]["source"] != "seed"][:2]
    with_seed = evaluate(rules_pipeline, seed + other, pdf=False, error_limit=0)
    without = evaluate(rules_pipeline, other, pdf=False, error_limit=0)
    assert "seed bulletin figures:" in format_report(with_seed, "rules")
    assert "seed_figure_zones" not in without.metrics
