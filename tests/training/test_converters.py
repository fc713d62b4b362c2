"""Round trips: corpus record -> Label Studio / spaCy DocBin -> the same record."""

from __future__ import annotations

import json

import pytest

from models.converters import from_docbin, from_label_studio, to_docbin, to_label_studio
from training.corpus import load_records


@pytest.fixture(scope="module")
def records():
    all_records = load_records()
    seed = [r for r in all_records if r["meta"]["source"] == "seed"]
    return seed + all_records[:10]


def canonical(record):
    """Comparable form: entities by position, relations by endpoints."""
    by_id = {e["id"]: e for e in record["entities"]}
    entities = sorted(json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True, ensure_ascii=False)
                      for e in record["entities"])
    relations = sorted((by_id[r["from_id"]]["start_offset"], r["type"], by_id[r["to_id"]]["start_offset"],
                        r.get("attribute")) for r in record["relations"])
    return record["id"], record["text"], entities, relations, record.get("meta")


def test_label_studio_round_trip(records):
    for record in records:
        task = json.loads(json.dumps(to_label_studio(record), ensure_ascii=False))
        assert canonical(from_label_studio(task)) == canonical(record)


def test_label_studio_regions_read_the_text(records):
    task = to_label_studio(records[0])
    text = task["data"]["text"]
    for item in task["annotations"][0]["result"]:
        if item["type"] == "labels":
            assert text[item["value"]["start"] : item["value"]["end"]] == item["value"]["text"]


def test_spacy_docbin_round_trip(records):
    assert [canonical(r) for r in from_docbin(to_docbin(records))] == [canonical(r) for r in records]
