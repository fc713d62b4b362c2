"""Relation training on a slice of the corpus with the tiny model: early stopping and the epoch kept."""

from __future__ import annotations

from models.pipeline import Pipeline
from training.data import split_records


def test_relation_training_stops_after_patience_epochs_and_keeps_the_best(tiny_model_dir):
    pipeline = Pipeline.from_pretrained(tiny_model_dir, precision="fp32")
    relations = pipeline.get("relations")
    relations.config.update(epochs=6, patience=1)
    reports = []
    result = relations.initialize(pipeline=pipeline, train_records=split_records("train")[:6],
                                  dev_records=split_records("dev")[:2], seed=13, progress=reports.append)
    scores = [report["dev_triples_f_gold_entities"] for report in reports]
    best_epoch = scores.index(max(scores)) + 1
    assert result["relation_best_epoch"] == best_epoch
    assert result["relation_dev_triples_f_gold_entities"] == max(scores)
    # It ran every epoch up to one past the best, and no further.
    assert len(reports) == min(6, best_epoch + 1)
    assert [report["epoch"] for report in reports] == list(range(1, len(reports) + 1))
