"""Converters between the corpus format (doccano relation JSONL) and Label Studio JSON and spaCy `DocBin`.

Both directions are lossless for what each tool can hold: spans, labels, relations, and our extras (values,
canonical zone names, metric attributes) in Label Studio region `meta` and spaCy `user_data`.
"""

from __future__ import annotations

import copy
from typing import Any

Record = dict[str, Any]

LS_FROM, LS_TO = "label", "text"


# --- Label Studio -------------------------------------------------------------------------------------------
def to_label_studio(record: Record) -> dict[str, Any]:
    """A Label Studio task with one annotation holding labelled regions and relations."""
    text = record["text"]
    result: list[dict[str, Any]] = []
    for entity in record["entities"]:
        start, end = entity["start_offset"], entity["end_offset"]
        region: dict[str, Any] = {
            "id": f"e{entity['id']}",
            "from_name": LS_FROM,
            "to_name": LS_TO,
            "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [entity["label"]]},
        }
        extras = {k: entity[k] for k in ("value", "canonical") if entity.get(k) is not None}
        if extras:
            region["meta"] = extras
        result.append(region)
    for relation in record["relations"]:
        item: dict[str, Any] = {"type": "relation", "from_id": f"e{relation['from_id']}",
                                "to_id": f"e{relation['to_id']}", "direction": "right", "labels": [relation["type"]]}
        if relation.get("attribute") is not None:
            item["meta"] = {"attribute": relation["attribute"]}
        result.append(item)
    return {"data": {"text": text, "document_id": record["id"]}, "meta": copy.deepcopy(record.get("meta", {})),
            "annotations": [{"result": result}]}


def from_label_studio(task: dict[str, Any]) -> Record:
    """The corpus record of a Label Studio task (its latest annotation; predictions when there is none)."""
    text = task["data"]["text"]
    results = (task.get("annotations") or task.get("predictions") or [{"result": []}])[-1]["result"]
    entities, ids = [], {}
    for item in results:
        if item.get("type") != "labels":
            continue
        value = item["value"]
        entity: dict[str, Any] = {"id": len(entities), "label": value["labels"][0], "start_offset": value["start"],
                                  "end_offset": value["end"]}
        entity.update(item.get("meta") or {})
        ids[item["id"]] = entity["id"]
        entities.append(entity)
    relations = []
    for item in results:
        if item.get("type") != "relation":
            continue
        relation: dict[str, Any] = {"id": len(relations), "from_id": ids[item["from_id"]], "to_id": ids[item["to_id"]],
                                    "type": item["labels"][0]}
        if (item.get("meta") or {}).get("attribute") is not None:
            relation["attribute"] = item["meta"]["attribute"]
        relations.append(relation)
    return {"id": task["data"].get("document_id", str(task.get("id", ""))), "text": text, "entities": entities,
            "relations": relations, "meta": copy.deepcopy(task.get("meta", {}))}


# --- spaCy --------------------------------------------------------------------------------------------------
def _blank_zh():
    import spacy

    # The character segmenter: one token per character, so every corpus span is a token span.
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


def to_spacy_docs(records: list[Record]) -> list:
    """spaCy Docs with `doc.ents`; values, canonical names and relations travel in `doc.user_data`."""
    nlp = _blank_zh()
    docs = []
    for record in records:
        doc = nlp.make_doc(record["text"])
        spans = []
        for entity in record["entities"]:
            span = doc.char_span(entity["start_offset"], entity["end_offset"], label=entity["label"],
                                 alignment_mode="strict")
            if span is None:
                raise ValueError(f"{record['id']}: span {entity['start_offset']}-{entity['end_offset']} "
                                 "does not align with characters")
            spans.append(span)
        doc.ents = spans
        doc.user_data["bulletin"] = {"id": record["id"], "meta": record.get("meta", {}),
                                     "entities": record["entities"], "relations": record["relations"]}
        docs.append(doc)
    return docs


def to_docbin(records: list[Record]) -> bytes:
    from spacy.tokens import DocBin

    return DocBin(docs=to_spacy_docs(records), store_user_data=True).to_bytes()


def from_docbin(data: bytes) -> list[Record]:
    from spacy.tokens import DocBin

    nlp = _blank_zh()
    records = []
    for doc in DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab):
        stored = doc.user_data.get("bulletin", {})
        extras = {(e["start_offset"], e["end_offset"]): e for e in stored.get("entities", [])}
        entities = []
        for index, span in enumerate(doc.ents):
            entity = {"id": index, "label": span.label_, "start_offset": span.start_char, "end_offset": span.end_char}
            known = extras.get((span.start_char, span.end_char), {})
            entity.update({k: known[k] for k in ("value", "canonical") if known.get(k) is not None})
            entities.append(entity)
        old_to_new = {extras[(e["start_offset"], e["end_offset"])]["id"]: e["id"] for e in entities
                      if (e["start_offset"], e["end_offset"]) in extras}
        relations = [{**r, "from_id": old_to_new[r["from_id"]], "to_id": old_to_new[r["to_id"]]}
                     for r in stored.get("relations", []) if r["from_id"] in old_to_new and r["to_id"] in old_to_new]
        records.append({"id": stored.get("id", ""), "text": doc.text, "entities": entities,
                        "relations": relations, "meta": stored.get("meta", {})})
    return records
