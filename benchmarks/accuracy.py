"""Accuracy table: the default model and every baseline on the test split (entities, triples, normalisation),
also on the test documents re-wrapped like PDF text.

    python benchmarks/accuracy.py [--models DIR …]
"""

from __future__ import annotations

import argparse
import json

from _common import REPO, default_model


def main() -> None:
    from models.pipeline import Pipeline
    from training.data import split_records
    from training.evaluate import evaluate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="*", default=[str(default_model()), str(REPO / "models/baselines/rules"),
                                                       str(REPO / "models/baselines/spacy")])
    args = parser.parse_args()
    records = split_records("test")
    rows = []
    for path in args.models:
        pipeline = Pipeline.from_pretrained(path)
        metrics = evaluate(pipeline, records, error_limit=0).metrics
        rows.append({
            "model": f"{pipeline.meta.name} {pipeline.meta.version}",
            "ents_f": metrics["ents_f"],
            "ents_per_label_f": {k: v["f"] for k, v in metrics["ents_per_type"].items()},
            "triples_f": metrics["triples_f"],
            "triples_per_predicate_f": {k: v["f"] for k, v in metrics["triples_per_type"].items()},
            "attr_acc": metrics["attr_acc"],
            "norm_acc": metrics["norm_acc"],
            "pdf_rewrapped": metrics.get("pdf_rewrapped"),
            "held_out_provinces": metrics.get("held_out_provinces"),
        })
    print(json.dumps({"documents": len(records), "rows": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
