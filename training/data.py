"""The corpus as a Hugging Face `DatasetDict` and its fixed split.

    from training.data import load_corpus
    corpus = load_corpus()            # DatasetDict(train, dev, test)
    windows = corpus["train"].map(ner_windows, batched=True, remove_columns=..., fn_kwargs={...})

The split (`annotations/splits.json`) is by document, fixed, stratified by kind and source; documents from the
held-out provinces are only in test, so test measures generalisation to places the model never saw. The test
split is never used for model selection.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from datasets import Dataset, DatasetDict

from training.corpus import CORPUS_DIR, SPLITS_FILE, Record, load_records, load_splits

HELD_OUT_PROVINCES = ("海南", "贵州", "黑龙江")
SPLIT_NAMES = ("train", "dev", "test")


def _stable_fraction(text: str) -> float:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF


def make_splits(records: list[Record], existing: dict[str, list[str]] | None = None, dev: float = 0.15,
                test: float = 0.15) -> dict[str, list[str]]:
    """Assign every document once and keep earlier assignments: held-out provinces and the seed go to test; the
    rest, stratified by (kind, source), to the split furthest below its share in that stratum."""
    assigned = {doc_id: name for name, ids in (existing or {}).items() for doc_id in ids}
    targets = {"train": 1 - dev - test, "dev": dev, "test": test}
    strata: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        meta = record.get("meta", {})
        if record["id"] in assigned:
            pass
        elif meta.get("province") in HELD_OUT_PROVINCES or meta.get("source") == "seed":
            assigned[record["id"]] = "test"
            continue
        strata[(meta.get("kind", "?"), meta.get("source", "?"))].append(record)
    for members in strata.values():
        counts = {name: 0 for name in SPLIT_NAMES}
        for record in members:
            if record["id"] in assigned:
                counts[assigned[record["id"]]] += 1
        for record in sorted(members, key=lambda r: _stable_fraction(r["id"])):
            if record["id"] in assigned:
                continue
            total = sum(counts.values()) + 1
            name = max(SPLIT_NAMES, key=lambda n: (targets[n] * total - counts[n], n == "train"))
            assigned[record["id"]] = name
            counts[name] += 1
    present = {record["id"] for record in records}
    return {name: sorted(i for i, n in assigned.items() if n == name and i in present) for name in SPLIT_NAMES}


def to_row(record: Record) -> dict[str, Any]:
    """A record with a fixed Arrow schema: values as JSON strings, optional fields filled."""
    meta = record.get("meta", {})
    return {
        "id": record["id"],
        "text": record["text"],
        "entities": [
            {
                "id": e["id"],
                "label": e["label"],
                "start_offset": e["start_offset"],
                "end_offset": e["end_offset"],
                "canonical": e.get("canonical"),
                "value": json.dumps(e["value"], ensure_ascii=False) if e.get("value") is not None else None,
            }
            for e in record["entities"]
        ],
        "relations": [
            {"id": r["id"], "from_id": r["from_id"], "to_id": r["to_id"], "type": r["type"],
             "attribute": r.get("attribute")}
            for r in record["relations"]
        ],
        "meta": {key: (str(meta.get(key)) if meta.get(key) is not None else None)
                 for key in ("kind", "province", "year", "source", "layout", "author")},
    }


def row_to_record(row: dict[str, Any]) -> Record:
    """The inverse of the Arrow row: the corpus record shape again."""
    entities = []
    for e in row["entities"]:
        entity = {k: e[k] for k in ("id", "label", "start_offset", "end_offset")}
        if e.get("canonical") is not None:
            entity["canonical"] = e["canonical"]
        if e.get("value") is not None:
            entity["value"] = json.loads(e["value"])
        entities.append(entity)
    relations = [{k: v for k, v in r.items() if v is not None or k != "attribute"} for r in row["relations"]]
    return {"id": row["id"], "text": row["text"], "entities": entities, "relations": relations,
            "meta": {k: v for k, v in row["meta"].items() if v is not None}}


def load_corpus(folder: Path = CORPUS_DIR, splits_file: Path = SPLITS_FILE,
                extra_records: list[Record] | None = None) -> DatasetDict:
    """The corpus as DatasetDict(train, dev, test); `extra_records` (e.g. accepted annotations) join train."""
    records = {record["id"]: record for record in load_records(folder)}
    splits = load_splits(splits_file)
    datasets = {}
    for name in SPLIT_NAMES:
        rows = [to_row(records[i]) for i in splits[name] if i in records]
        if name == "train":
            rows += [to_row(r) for r in extra_records or [] if r["id"] not in records]
        datasets[name] = Dataset.from_list(rows)
    return DatasetDict(datasets)


def split_records(name: str, folder: Path = CORPUS_DIR, splits_file: Path = SPLITS_FILE) -> list[Record]:
    records = {record["id"]: record for record in load_records(folder)}
    return [records[i] for i in load_splits(splits_file)[name] if i in records]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.data", description="Write the fixed corpus split.")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="folder of corpus JSONL files")
    parser.add_argument("--output", type=Path, default=SPLITS_FILE, help="where the split is written")
    args = parser.parse_args(argv)
    existing = load_splits(args.output) if args.output.is_file() else None
    splits = make_splits(load_records(args.corpus), existing)
    args.output.write_text(json.dumps(splits, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print({name: len(ids) for name, ids in splits.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
