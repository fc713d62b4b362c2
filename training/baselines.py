"""The baselines the learned model is compared with, trained on the same split:

- rules + gazetteer (`bulletin.rule_ner.v1` with the training names, `bulletin.rule_relations.v1`);
- a spaCy NER trained from scratch with `spacy train` (blank zh, character tokens, tok2vec + transition NER).

    python -m training baselines --output models/baselines

writes `rules/` and `spacy/` model folders that `python -m training evaluate --model …` scores like any model.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from models.converters import to_docbin
from models.pipeline import RULES_PIPELINE, build_pipeline
from models.schema import EntityLabel
from training.corpus import Record
from training.data import split_records
from training.train import user_words


def gazetteer(records: list[Record]) -> dict[str, list[str]]:
    names: dict[str, set[str]] = {EntityLabel.ZONE: set(), EntityLabel.COMPANY: set(), EntityLabel.PROJECT: set()}
    for record in records:
        for entity in record["entities"]:
            if entity["label"] in names:
                names[entity["label"]].add("".join(record["text"][entity["start_offset"]:entity["end_offset"]].split()))
    return {label: sorted(values) for label, values in names.items()}


def rules_baseline(train: list[Record], output: Path) -> Path:
    pipeline = build_pipeline({"name": "bulletin-rules-baseline", "version": "1.0.0", "pipeline": RULES_PIPELINE})
    pipeline.get("tokenizer").initialize(user_words=user_words(train))
    pipeline.get("ner").initialize(names=gazetteer(train))
    return pipeline.save_pretrained(output)


def spacy_config(max_steps: int, seed: int):
    from spacy.cli.init_config import init_config

    config = init_config(lang="zh", pipeline=["ner"], optimize="efficiency", gpu=False)
    config["nlp"]["tokenizer"] = {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "char"}
    config["initialize"]["tokenizer"] = {"pkuseg_model": None, "pkuseg_user_dict": "default"}
    config["training"]["max_steps"] = max_steps
    config["training"]["seed"] = seed
    config["training"]["eval_frequency"] = 200
    config["system"]["seed"] = seed
    return config


def spacy_baseline(train: list[Record], dev: list[Record], output: Path, max_steps: int = 3000,
                   seed: int = 13) -> Path:
    from spacy.cli.train import train as spacy_train

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "train.spacy").write_bytes(to_docbin(train))
        (folder / "dev.spacy").write_bytes(to_docbin(dev))
        config_path = folder / "config.cfg"
        spacy_config(max_steps, seed).to_disk(config_path)
        spacy_train(config_path, folder / "out", overrides={"paths.train": str(folder / "train.spacy"),
                                                            "paths.dev": str(folder / "dev.spacy")})
        import spacy

        nlp = spacy.load(folder / "out" / "model-best")
    components = [dict(entry, factory="bulletin.spacy_ner.v1") if entry["name"] == "ner" else entry
                  for entry in RULES_PIPELINE]
    pipeline = build_pipeline({"name": "bulletin-spacy-baseline", "version": "1.0.0", "pipeline": components})
    pipeline.get("ner").nlp = nlp
    return pipeline.save_pretrained(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training baselines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=Path("models/baselines"), help="where the folders go")
    parser.add_argument("--spacy-steps", type=int, default=3000, help="spaCy training steps")
    parser.add_argument("--seed", type=int, default=13, help="random seed")
    args = parser.parse_args(argv)
    random.seed(args.seed)
    train, dev = split_records("train"), split_records("dev")
    started = time.time()
    print(f"rules baseline: {rules_baseline(train, args.output / 'rules')} ({time.time() - started:.0f} s)")
    started = time.time()
    print(f"spaCy baseline: {spacy_baseline(train, dev, args.output / 'spacy', args.spacy_steps, args.seed)} "
          f"({time.time() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
