"""The annotated corpus on disk: doccano relation JSONL files under `annotations/corpus/`, one document a line.

A record: {"id", "text", "entities": [{"id", "label", "start_offset", "end_offset", "value"?, "canonical"?}],
"relations": [{"id", "from_id", "to_id", "type", "attribute"?}], "meta": {kind, province, year, source, …}}.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.doc import Span, key_text
from models.schema import EntityLabel

REPO = Path(__file__).resolve().parent.parent
ANNOTATIONS_DIR = REPO / "annotations"
CORPUS_DIR = ANNOTATIONS_DIR / "corpus"
SPLITS_FILE = ANNOTATIONS_DIR / "splits.json"

Record = dict[str, Any]


def read_jsonl(path: Path) -> Iterator[tuple[int, Record]]:
    """(line number, record) for every non-empty line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, json.loads(line)


def write_jsonl(path: Path, records: list[Record]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def load_records(folder: Path = CORPUS_DIR) -> list[Record]:
    return [record for path in corpus_files(folder) for _, record in read_jsonl(path)]


def load_splits(path: Path = SPLITS_FILE) -> dict[str, list[str]]:
    return json.loads(path.read_text(encoding="utf-8"))


# --- gold objects for scoring ----------------------------------------------------------------------------
def gold_spans(record: Record) -> list[Span]:
    text = record["text"]
    return [
        Span(
            start=e["start_offset"],
            end=e["end_offset"],
            label=e["label"],
            text=text[e["start_offset"] : e["end_offset"]],
            value=e.get("value"),
            canonical=e.get("canonical"),
        )
        for e in record["entities"]
    ]


@dataclass(frozen=True)
class GoldTriple:
    key: tuple[str, str, str]
    attribute: str | None


def mention_key_text(record: Record, entity: dict[str, Any]) -> str:
    """What a triple compares for an entity: ZONEs by canonical name, others by text; no white space."""
    if entity["label"] == EntityLabel.ZONE and entity.get("canonical"):
        return key_text(entity["canonical"])
    return key_text(record["text"][entity["start_offset"] : entity["end_offset"]])


def gold_triples(record: Record) -> list[GoldTriple]:
    by_id = {e["id"]: e for e in record["entities"]}
    triples = []
    for relation in record["relations"]:
        subject, obj = by_id[relation["from_id"]], by_id[relation["to_id"]]
        key = (mention_key_text(record, subject), relation["type"], mention_key_text(record, obj))
        triples.append(GoldTriple(key=key, attribute=relation.get("attribute")))
    return triples
