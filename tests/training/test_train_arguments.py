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
