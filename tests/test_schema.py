"""The schema file mirrors SCHEMA.md, and the corpus uses only what the schema has."""

from __future__ import annotations

import re
from pathlib import Path

from models.schema import SCHEMA, EntityLabel, Predicate
from training.corpus import load_records

SCHEMA_MD = (Path(__file__).resolve().parents[1] / "annotations" / "SCHEMA.md").read_text(encoding="utf-8")


def table_first_column(heading: str) -> list[str]:
    section = SCHEMA_MD.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| label")
            and not line.startswith("| predicate") and not line.startswith("|---")]
    return [re.sub(r"\s", "", row.split("|")[1]) for row in rows]


def test_labels_and_predicates_mirror_schema_md():
    assert table_first_column("## Entities") == list(SCHEMA.labels) == [label.value for label in EntityLabel]
    assert table_first_column("## Relations") == list(SCHEMA.predicates) == [p.value for p in Predicate]


def test_relation_endpoints_mirror_schema_md():
    section = SCHEMA_MD.split("## Relations", 1)[1]
    for predicate, spec in SCHEMA.predicates.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| {predicate} |"))
        subjects, objects = (set(re.findall(r"[A-Z]+", cell)) for cell in row.split("|")[2:4])
        assert subjects == set(spec.subjects) and objects == set(spec.objects), predicate


def test_corpus_uses_only_schema_labels_and_predicates():
    for record in load_records():
        assert {e["label"] for e in record["entities"]} <= set(SCHEMA.labels)
        assert {r["type"] for r in record["relations"]} <= set(SCHEMA.predicates)
