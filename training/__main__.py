"""`python -m training <command>`: the offline tools.

    train      train a model folder            (python -m training train --config training/configs/default.json)
    evaluate   evaluate a model on a split     (python -m training evaluate --model models/… --split test)
    validate   check the annotations           (python -m training validate annotations/)
    split      write the fixed corpus split    (python -m training split)
    build      convert annotations/src/*.bie to the corpus JSONL
    agreement  compare an independent annotation pass with the corpus
    ingest | export | train-run | promote | worker   the review loop offline (see training/loop.py)
    extract    batch extraction over an archive (local datasets engine or Ray)
    baselines  train the rules and spaCy baselines on the same split
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from training import agreement, markup, validate


def _train(argv: list[str]) -> int:
    from transformers import HfArgumentParser

    from training.train import TrainArguments, train

    parser = HfArgumentParser(TrainArguments, prog="python -m training train")
    parser.add_argument("--config", type=Path, default=None, help="JSON file of arguments; flags override it")
    config_path = parser.parse_known_args(argv)[0].config
    if config_path:
        parser.set_defaults(**json.loads(config_path.read_text(encoding="utf-8")))
    namespace = vars(parser.parse_args(argv))
    arguments = TrainArguments(**{k: v for k, v in namespace.items() if k in TrainArguments.__dataclass_fields__})

    def progress(report: dict) -> None:
        print(report["report"] if "report" in report else json.dumps(report, ensure_ascii=False), flush=True)

    print(f"model written to {train(arguments, progress)}")
    return 0


def _evaluate(argv: list[str]) -> int:
    from models.pipeline import Pipeline
    from training.data import split_records
    from training.evaluate import evaluate, format_report, write_evaluation

    parser = argparse.ArgumentParser(prog="python -m training evaluate", description="Evaluate a model folder.")
    parser.add_argument("--model", type=Path, required=True, help="model folder")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"), help="corpus split")
    parser.add_argument("--errors", type=int, default=30, help="how many errors to list")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF re-wrapped evaluation")
    parser.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16"), help="inference precision")
    parser.add_argument("--output", type=Path, default=None, help="write the evaluation as JSON here")
    parser.add_argument("--gold-entities", action="store_true",
                        help="replace the tagger's output by the gold spans (evaluates what follows the tagger)")
    parser.add_argument("--relations", choices=("model", "rules"), default="model",
                        help="use the model's relation component or the rule baseline")
    args = parser.parse_args(argv)
    pipeline = Pipeline.from_pretrained(args.model, precision=args.precision)
    if args.relations == "rules":
        from models.registry import create

        pipeline.replace("relations", create("bulletin.rule_relations.v1", "relations", {}))
    evaluation = evaluate(pipeline, split_records(args.split), pdf=not args.no_pdf, error_limit=args.errors,
                          gold_entities=args.gold_entities)
    print(format_report(evaluation, f"{pipeline.meta.name} {pipeline.meta.version} on {args.split}"))
    if args.output:
        write_evaluation(evaluation, args.output)
    return 0


def _loop(command: str, argv: list[str]) -> int:
    from training import loop

    return loop.main(command, argv)


def _extract(argv: list[str]) -> int:
    from training import extract

    return extract.main(argv)


def _split(argv: list[str]) -> int:
    from training import data

    return data.main(argv)


COMMANDS = {
    "train": _train,
    "evaluate": _evaluate,
    "validate": validate.main,
    "split": _split,
    "build": lambda argv: markup.main(["build", *argv]),
    "agreement": agreement.main,
    "extract": lambda argv: _extract(argv),
    "baselines": lambda argv: __import__("training.baselines", fromlist=["main"]).main(argv),
    **{name: (lambda argv, name=name: _loop(name, argv)) for name in ("ingest", "export", "train-run", "promote",
                                                                      "worker")},
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
