"""Checks of an annotated record (doccano relation JSONL shape) against the schema, with coded errors.

The corpus validator (`python -m training validate`) and the store (saving an annotation) both use them.
"""

from __future__ import annotations

from typing import Any

from models.errors import BulletinError, ErrorCode
from models.schema import SCHEMA, Schema, value_problems


def check_record(record: dict[str, Any], schema: Schema = SCHEMA, *, require_values: bool = True
                 ) -> list[BulletinError]:
    """Every problem of one record (an empty list when it is clean). The corpus requires values on AMOUNT and
    DATE; a reviewer's save may leave them out (they are computed again at prediction time)."""
    problems: list[BulletinError] = []
    text = record.get("text") or ""
    document = record.get("id", "?")
    if not text.strip():
        return [BulletinError(ErrorCode.E311, document=document)]
    ids: set[Any] = set()
    spans = []
    for entity in record.get("entities", []):
        problems += _check_entity(entity, text, schema, require_values)
        if entity["id"] in ids:
            problems.append(BulletinError(ErrorCode.E309, id=entity["id"], document=document))
        ids.add(entity["id"])
        spans.append((entity["start_offset"], entity["end_offset"]))
    spans.sort()
    for (first_start, first_end), (second_start, second_end) in zip(spans, spans[1:]):
        if second_start < first_end:
            problems.append(BulletinError(ErrorCode.E304, first_start=first_start, first_end=first_end,
                                          second_start=second_start, second_end=second_end))
    problems += _check_canonical_names(record)
    problems += _check_relations(record, schema)
    return problems


def _check_canonical_names(record: dict[str, Any]) -> list[BulletinError]:
    """A zone's canonical name is one the text writes (GUIDE.md): the service can only ever answer those."""
    written = "".join(record["text"].split())
    return [BulletinError(ErrorCode.E314, start=e["start_offset"], end=e["end_offset"], canonical=e["canonical"])
            for e in record.get("entities", [])
            if e.get("label") == "ZONE" and e.get("canonical") and "".join(e["canonical"].split()) not in written]


def _check_entity(entity: dict[str, Any], text: str, schema: Schema, require_values: bool) -> list[BulletinError]:
    start, end, label = entity["start_offset"], entity["end_offset"], entity["label"]
    if not 0 <= start < end <= len(text):
        return [BulletinError(ErrorCode.E301, start=start, end=end, length=len(text))]
    problems = []
    span_text = text[start:end]
    if span_text != span_text.strip():
        problems.append(BulletinError(ErrorCode.E302, start=start, end=end, found=span_text,
                                      expected=span_text.strip()))
    if label not in schema.labels:
        problems.append(BulletinError(ErrorCode.E303, label=label, labels=", ".join(schema.labels)))
    for problem in value_problems(label, entity.get("value"), schema):
        problems.append(BulletinError(ErrorCode.E307, label=label, start=start, end=end, problem=problem))
    if require_values and label in schema.valued_labels and entity.get("value") is None:
        problems.append(BulletinError(ErrorCode.E307, label=label, start=start, end=end, problem="no value"))
    return problems


def _check_relations(record: dict[str, Any], schema: Schema) -> list[BulletinError]:
    problems = []
    by_id = {e["id"]: e for e in record.get("entities", [])}
    seen = set()
    for relation in record.get("relations", []):
        predicate = relation["type"]
        spec = schema.predicates.get(predicate)
        if spec is None:
            problems.append(BulletinError(ErrorCode.E305, predicate=predicate,
                                          predicates=", ".join(schema.predicates)))
            continue
        missing = [i for i in (relation["from_id"], relation["to_id"]) if i not in by_id]
        if missing:
            problems.append(BulletinError(ErrorCode.E308, relation_id=relation["id"], entity_id=missing[0]))
            continue
        subject, obj = by_id[relation["from_id"]]["label"], by_id[relation["to_id"]]["label"]
        if not schema.allows(predicate, subject, obj):
            allowed = f"{'|'.join(sorted(spec.subjects))} -> {'|'.join(sorted(spec.objects))}"
            problems.append(BulletinError(ErrorCode.E306, predicate=predicate, subject_label=subject,
                                          object_label=obj, allowed=allowed))
        if spec.has_attribute and not (relation.get("attribute") or "").strip():
            problems.append(BulletinError(ErrorCode.E310, predicate=predicate, relation_id=relation["id"]))
        key = (relation["from_id"], predicate, relation["to_id"])
        if key in seen:
            problems.append(BulletinError(ErrorCode.E312, relation_id=relation["id"]))
        seen.add(key)
    return problems
