"""The annotation schema (``annotations/schema.json``) as Python objects.

Labels and predicates are data: adding one is an edit to the schema file, annotation and a retrain.
The enums are built from the file so that code never spells a label as a bare string literal.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "annotations" / "schema.json"


@dataclass(frozen=True)
class PredicateSpec:
    name: str
    subjects: frozenset[str]
    objects: frozenset[str]
    cues: tuple[str, ...]
    has_attribute: bool


@dataclass(frozen=True)
class Schema:
    version: int
    labels: tuple[str, ...]
    valued_labels: frozenset[str]
    canonical_labels: frozenset[str]
    predicates: dict[str, PredicateSpec]
    amount_kinds: frozenset[str]
    date_precisions: frozenset[str]
    date_modifiers: frozenset[str]
    document_kinds: frozenset[str]
    sources: frozenset[str]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schema:
        predicates = {
            name: PredicateSpec(
                name=name,
                subjects=frozenset(spec["subjects"]),
                objects=frozenset(spec["objects"]),
                cues=tuple(spec.get("cues", ())),
                has_attribute=bool(spec.get("attribute", False)),
            )
            for name, spec in data["predicates"].items()
        }
        return cls(
            version=int(data["version"]),
            labels=tuple(data["labels"]),
            valued_labels=frozenset(data["valued_labels"]),
            canonical_labels=frozenset(data["canonical_labels"]),
            predicates=predicates,
            amount_kinds=frozenset(data["amount_kinds"]),
            date_precisions=frozenset(data["date_precisions"]),
            date_modifiers=frozenset(data["date_modifiers"]),
            document_kinds=frozenset(data["document_kinds"]),
            sources=frozenset(data["sources"]),
        )

    def allows(self, predicate: str, subject_label: str, object_label: str) -> bool:
        spec = self.predicates.get(predicate)
        return spec is not None and subject_label in spec.subjects and object_label in spec.objects


@cache
def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    return Schema.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


SCHEMA = load_schema()
EntityLabel = StrEnum("EntityLabel", {name: name for name in SCHEMA.labels})
Predicate = StrEnum("Predicate", {name: name for name in SCHEMA.predicates})

_FULL_ISO = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}(?:-\d{2})?)$")


def value_problems(label: str, value: dict[str, Any] | None, schema: Schema = SCHEMA) -> list[str]:
    """What is wrong with a normalised value, as readable phrases (empty when well-formed)."""
    if label not in schema.valued_labels:
        return [] if value is None else [f"{label} carries no value"]
    if value is None:
        return []
    if label == EntityLabel.AMOUNT:
        return _amount_problems(value, schema)
    return _date_problems(value, schema)


def _amount_problems(value: dict[str, Any], schema: Schema) -> list[str]:
    problems = []
    numbers = [value[k] for k in ("value", "start", "end") if k in value]
    if not numbers:
        problems.append("AMOUNT value needs 'value' or 'start'/'end'")
    if any(not isinstance(n, (int, float)) or isinstance(n, bool) for n in numbers):
        problems.append(f"AMOUNT numbers must be numeric, got {numbers}")
    if not isinstance(value.get("unit"), str) or not value.get("unit"):
        problems.append("AMOUNT value needs a unit")
    if value.get("kind") not in schema.amount_kinds:
        problems.append(f"AMOUNT kind {value.get('kind')!r} not in {sorted(schema.amount_kinds)}")
    return problems


def _date_problems(value: dict[str, Any], schema: Schema) -> list[str]:
    problems = []
    points = [value[k] for k in ("value", "start", "end") if k in value]
    if not points:
        problems.append("DATE value needs 'value' or 'start'/'end'")
    for point in points:
        if not isinstance(point, str) or not _FULL_ISO.match(point):
            problems.append(f"DATE point {point!r} is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, --MM, --MM-DD)")
    if value.get("precision") not in schema.date_precisions:
        problems.append(f"DATE precision {value.get('precision')!r} not in {sorted(schema.date_precisions)}")
    modifier = value.get("modifier")
    if modifier is not None and modifier not in schema.date_modifiers:
        problems.append(f"DATE modifier {modifier!r} not in {sorted(schema.date_modifiers)}")
    return problems
