"""What the pipeline answers, kept for comparison: a speed change must not change it.

    python benchmarks/outputs.py --out before.json [--model DIR] [--batch-size 16]
    python benchmarks/outputs.py --out after.json --compare before.json

Writes `doc_to_dict` of every dev+test bulletin (entities, normalised values, triples, confidences), and with
--compare counts the bulletins whose output is identical, and those whose entities and triples are (confidences
aside). `--batch-size 1` runs one bulletin at a time, as the service does.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _common import corpus_texts, default_model


def outputs(model: str, batch_size: int) -> list[dict]:
    import torch

    from models.export import doc_to_dict
    from models.pipeline import Pipeline

    torch.set_num_threads(2)
    pipeline = Pipeline.from_pretrained(model)
    return [doc_to_dict(doc, tokens=False, min_confidence=0.0)
            for doc in pipeline.pipe(corpus_texts(), batch_size=batch_size)]


def structure(output: dict) -> tuple:
    """Entities and triples without their confidences."""
    entities = sorted((e["start"], e["end"], e["label"]) for e in output["entities"])
    triples = sorted(json.dumps([t["subject"], t["predicate"], t["object"], t.get("attribute")], sort_keys=True,
                                ensure_ascii=False) for t in output["triples"])
    return entities, triples


def compare(new: list[dict], old: list[dict]) -> dict:
    if len(new) != len(old):
        raise SystemExit(f"{len(new)} bulletins against {len(old)}: not the same corpus")
    return {"bulletins": len(new), "identical": sum(a == b for a, b in zip(new, old)),
            "same_entities_and_triples": sum(structure(a) == structure(b) for a, b in zip(new, old))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", default=str(default_model()))
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--compare", type=Path, help="an earlier --out file")
    args = parser.parse_args()
    new = outputs(args.model, args.batch_size)
    args.out.write_text(json.dumps(new, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    summary = {"bulletins": len(new), "entities": sum(len(o["entities"]) for o in new),
               "triples": sum(len(o["triples"]) for o in new)}
    if args.compare:
        summary["compared_with"] = str(args.compare)
        summary.update(compare(new, json.loads(args.compare.read_text(encoding="utf-8"))))
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
