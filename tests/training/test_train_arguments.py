"""What a model folder records of its training command."""

from __future__ import annotations

from training.corpus import CORPUS_DIR, REPO
from training.train import TrainArguments, recorded_arguments


def test_paths_inside_the_repository_are_recorded_relative_to_it():
    args = TrainArguments(corpus=str(CORPUS_DIR), splits=str(REPO / "annotations" / "splits.json"),
                          output_dir="/tmp/elsewhere/model")
    recorded = recorded_arguments(args)
    assert recorded["corpus"] == "annotations/corpus"
    assert recorded["splits"] == "annotations/splits.json"
    assert recorded["output_dir"] == "/tmp/elsewhere/model"  # outside the repository: kept as given
    assert recorded["epochs"] == args.epochs


def test_attention_dropout_reaches_both_models(tiny_model_dir):
    """The tiny model trains without attention dropout (fused CPU attention); the tagger and the relation
    classifier both record it, and the default keeps what the bundled model was trained with."""
    from models.pipeline import Pipeline

    pipeline = Pipeline.from_pretrained(tiny_model_dir)
    assert TrainArguments().attention_dropout == TrainArguments().relation_attention_dropout == 0.1
    for name in ("ner", "relations"):
        assert pipeline.get(name).model.config.attention_probs_dropout_prob == 0.0
