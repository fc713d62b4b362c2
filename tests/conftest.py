"""Session fixtures: the seed bulletin, the rules pipeline, and a tiny model trained on a slice of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED_FILE = DATA / "seed_000_1e2cc7a44f7504cb.txt"
SEED_ZONES = ["寿阳经济技术开发区", "阳泉高新技术产业开发区", "晋中国家农业高新技术产业示范区", "盂县经济技术开发区"]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rules_pipeline():
    from models.pipeline import rules_pipeline

    return rules_pipeline()


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A real model folder from the real training code: 1 layer, hidden 32, one epoch on 12 documents."""
    from training.train import TrainArguments, train

    output = tmp_path_factory.mktemp("tiny-model")
    args = TrainArguments(
        output_dir=str(output), version="0.0.1-test", epochs=1, hidden_size=32, num_layers=1, num_heads=2,
        max_length=128, margin=16, max_train_docs=12, max_eval_docs=4, augment_copies=1, relation_epochs=1,
        relation_hidden_size=32, relation_layers=1, batch_size=8, attention_dropout=0.0,
        relation_attention_dropout=0.0,
    )
    return train(args)


@pytest.fixture(scope="session")
def tiny_pipeline(tiny_model_dir):
    from models.pipeline import Pipeline

    return Pipeline.from_pretrained(tiny_model_dir, precision="fp32")
