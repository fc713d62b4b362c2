"""A processed `Doc` as plain data in the API's shape (entities, triples, sections, tokens).

The service validates it into its response models; batch jobs write it to JSONL and Parquet.
"""

from __future__ import annotations

from typing import Any

from models.doc import Doc, Span


def doc_to_dict(doc: Doc, *, tokens: bool = False, min_confidence: float = 0.0) -> dict[str, Any]:
    entities = [span for span in doc.ents if span.confidence >= min_confidence]
    ids = {span.key: f"T{number}" for number, span in enumerate(entities, start=1)}
    result: dict[str, Any] = {
        "entities": [_entity(span, ids[span.key]) for span in entities],
        "triples": [
            {
                "subject": {"id": ids[t.subject.key], "text": t.subject_canonical or t.subject.text},
                "predicate": t.predicate,
                "object": {"id": ids[t.object.key], "text": t.object.canonical or t.object.text},
                "attribute": t.attribute,
                "evidence": {"start": t.evidence[0], "end": t.evidence[1]},
                "confidence": t.confidence,
            }
            for t in doc.triples
            if t.confidence >= min_confidence and t.subject.key in ids and t.object.key in ids
        ],
        "sections": [
            {"start": s.start, "end": s.end, "heading": s.heading, "zone": s.zone, "year": s.year, "level": s.level}
            for s in doc.sections
        ],
        "warnings": [f"{w.name}: {w.value}" for w in doc.user_data.get("warnings", [])],
    }
    if tokens:
        result["tokens"] = [{"start": t.start, "end": t.end, "text": t.text} for t in doc.tokens]
    return result


def _entity(span: Span, entity_id: str) -> dict[str, Any]:
    return {
        "id": entity_id,
        "label": span.label,
        "text": span.text,
        "start": span.start,
        "end": span.end,
        "value": span.value,
        "canonical": span.canonical,
        "confidence": round(span.confidence, 4),
    }


def doc_to_record(doc: Doc, *, record_id: str = "", meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """A processed Doc in the annotation format (doccano relation JSONL): what a reviewer starts from."""
    index = {span.key: number for number, span in enumerate(doc.ents)}
    entities = []
    for number, span in enumerate(doc.ents):
        entity: dict[str, Any] = {"id": number, "label": span.label, "start_offset": span.start,
                                  "end_offset": span.end}
        if span.value is not None:
            entity["value"] = span.value
        if span.canonical is not None:
            entity["canonical"] = span.canonical
        entities.append(entity)
    relations = []
    for triple in doc.triples:
        if triple.subject.key not in index or triple.object.key not in index:
            continue
        relation: dict[str, Any] = {"id": len(relations), "from_id": index[triple.subject.key],
                                    "to_id": index[triple.object.key], "type": triple.predicate}
        if triple.attribute is not None:
            relation["attribute"] = triple.attribute
        relations.append(relation)
    return {"id": record_id, "text": doc.text, "entities": entities, "relations": relations, "meta": meta or {}}
