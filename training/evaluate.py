"""Evaluate a model folder (or a pipeline) on a split of the corpus.

    python -m training evaluate --model models/bulletin-zh-1.10.0 --split test [--pdf] [--errors 30]

Prints per-label P/R/F1 (strict spans), per-predicate triple P/R/F1, attribute and normalisation accuracy, the
figures on held-out provinces, a label confusion table and the errors; `--output` writes them as JSON.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.doc import Doc
from models.pipeline import Pipeline
from models.schema import SCHEMA, Predicate
from models.scoring import DocTriples, score_spans, score_triples, score_values
from training.augment import pdf_rewrap
from training.corpus import Record, gold_spans, gold_triples
from training.data import HELD_OUT_PROVINCES


@dataclass
class Prediction:
    record: Record
    doc: Doc


def predict(pipeline: Pipeline, records: list[Record], *, gold_entities: bool = False) -> list[Prediction]:
    """Run the pipeline; with `gold_entities`, the tagger's output is replaced by the gold spans (zone names
    re-resolved), to measure what follows the tagger on its own."""
    if not gold_entities:
        return [Prediction(r, doc) for r, doc in zip(records, pipeline.pipe(r["text"] for r in records))]
    predictions = []
    tagger = pipeline.component_names.index("ner")
    for record in records:
        doc = pipeline.make_doc(record["text"])
        for component in pipeline.components[:tagger]:
            doc = component(doc)
        doc.ents = [s.with_(canonical=None, value=None) for s in gold_spans(record)]
        for component in pipeline.components[tagger + 1 :]:
            doc = component(doc)
        predictions.append(Prediction(record, doc))
    return predictions


def doc_triples(doc: Doc) -> DocTriples:
    return DocTriples.from_pairs((t.key, t.attribute) for t in doc.triples)


def record_triples(record: Record) -> DocTriples:
    return DocTriples.from_pairs((t.key, t.attribute) for t in gold_triples(record))


def score(predictions: list[Prediction]) -> dict[str, Any]:
    span_pairs = [(gold_spans(p.record), p.doc.ents) for p in predictions]
    metrics = {**score_spans(span_pairs), **score_values(span_pairs)}
    metrics.update(score_triples((record_triples(p.record), doc_triples(p.doc)) for p in predictions))
    metrics["documents"] = len(predictions)
    return metrics


def confusion(predictions: list[Prediction]) -> dict[str, Counter]:
    """gold label -> Counter of what was predicted on the same characters (`-` for nothing, `~X` for a wrong span)."""
    table: dict[str, Counter] = {label: Counter() for label in SCHEMA.labels}
    for prediction in predictions:
        predicted = prediction.doc.ents
        for gold in gold_spans(prediction.record):
            exact = [s for s in predicted if s.start == gold.start and s.end == gold.end]
            overlapping = [s for s in predicted if s.start < gold.end and gold.start < s.end]
            if exact:
                table[gold.label][exact[0].label] += 1
            elif overlapping:
                table[gold.label]["~" + overlapping[0].label] += 1
            else:
                table[gold.label]["-"] += 1
    return table


def errors(predictions: list[Prediction], limit: int) -> list[str]:
    lines = []
    for prediction in predictions:
        text = prediction.record["text"]
        gold = {(s.start, s.end, s.label) for s in gold_spans(prediction.record)}
        predicted = {(s.start, s.end, s.label) for s in prediction.doc.ents}
        for kind, keys in (("missed", gold - predicted), ("spurious", predicted - gold)):
            for start, end, label in sorted(keys):
                context = text[max(0, start - 12) : start] + "[" + text[start:end] + "]" + text[end : end + 12]
                lines.append(f"{prediction.record['id']}\t{kind}\t{label}\t{' '.join(context.split())}")
    return lines[:limit]


def triple_errors(predictions: list[Prediction], limit: int) -> list[str]:
    """Missed and spurious triples as scoring sees them (texts without white space, zones by canonical name)."""
    lines = []
    for prediction in predictions:
        gold, predicted = record_triples(prediction.record).keys, doc_triples(prediction.doc).keys
        for kind, keys in (("missed", gold - predicted), ("spurious", predicted - gold)):
            for subject, predicate, obj in sorted(keys):
                lines.append(f"{prediction.record['id']}\t{kind}\t{predicate}\t{subject} -> {obj}")
    return lines[:limit]


def figure_zones(predictions: list[Prediction]) -> dict[str, int]:
    """Every gold metric triple (a zone's figure): is the figure given to the right zone, another zone, or none?"""
    counts = Counter({"figures": 0, "right_zone": 0, "wrong_zone": 0, "missed": 0})
    for prediction in predictions:
        predicted: dict[str, set[str]] = {}
        for subject, predicate, obj in doc_triples(prediction.doc).keys:
            if predicate == Predicate.metric.value:
                predicted.setdefault(obj, set()).add(subject)
        for subject, predicate, obj in record_triples(prediction.record).keys:
            if predicate == Predicate.metric.value:
                counts["figures"] += 1
                zones = predicted.get(obj, set())
                counts["right_zone" if subject in zones else "wrong_zone" if zones else "missed"] += 1
    return dict(counts)


@dataclass
class Evaluation:
    metrics: dict[str, Any]
    confusion: dict[str, Counter] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    triple_errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"metrics": self.metrics, "confusion": {k: dict(v) for k, v in self.confusion.items()},
                "errors": self.errors, "triple_errors": self.triple_errors}


def evaluate(pipeline: Pipeline, records: list[Record], *, pdf: bool = True, error_limit: int = 50,
             gold_entities: bool = False) -> Evaluation:
    predictions = predict(pipeline, records, gold_entities=gold_entities)
    metrics = score(predictions)
    held_out = [p for p in predictions if p.record.get("meta", {}).get("province") in HELD_OUT_PROVINCES]
    seen = [p for p in predictions if p not in held_out]
    if held_out and seen:
        metrics["held_out_provinces"] = {"ents_f": score(held_out)["ents_f"], "documents": len(held_out),
                                         "seen_provinces_ents_f": score(seen)["ents_f"]}
    seed = [p for p in predictions if p.record.get("meta", {}).get("source") == "seed"]
    if seed:
        metrics["seed_figure_zones"] = figure_zones(seed)
    if pdf:
        wrapped = [pdf_rewrap(r, random.Random(f"pdf:{r['id']}")) for r in records]
        pdf_metrics = score(predict(pipeline, wrapped))
        metrics["pdf_rewrapped"] = {k: pdf_metrics[k] for k in ("ents_f", "triples_f", "norm_acc")}
    return Evaluation(metrics=metrics, confusion=confusion(predictions), errors=errors(predictions, error_limit),
                      triple_errors=triple_errors(predictions, error_limit))


def format_report(evaluation: Evaluation, title: str) -> str:
    m = evaluation.metrics
    lines = [f"== {title}: {m['documents']} documents", "", "label       P       R       F1      gold"]
    for label, s in m["ents_per_type"].items():
        lines.append(f"{label:10s} {s['p']:.4f}  {s['r']:.4f}  {s['f']:.4f}  {s['tp'] + s['fn']}")
    lines.append(f"{'micro':10s} {m['ents_p']:.4f}  {m['ents_r']:.4f}  {m['ents_f']:.4f}")
    lines += ["", "predicate          P       R       F1      gold"]
    for predicate, s in m["triples_per_type"].items():
        lines.append(f"{predicate:17s} {s['p']:.4f}  {s['r']:.4f}  {s['f']:.4f}  {s['tp'] + s['fn']}")
    lines.append(f"{'micro':17s} {m['triples_p']:.4f}  {m['triples_r']:.4f}  {m['triples_f']:.4f}")
    lines += ["", f"metric attribute accuracy {m['attr_acc']:.4f} (over {m['attr_total']} matched metric triples)",
              f"normalisation accuracy {m['norm_acc']:.4f} (found spans), {m['norm_acc_all']:.4f} (all gold)"]
    if "held_out_provinces" in m:
        h = m["held_out_provinces"]
        lines.append(f"held-out provinces ents_f {h['ents_f']:.4f} ({h['documents']} docs) vs seen provinces "
                     f"{h['seen_provinces_ents_f']:.4f}")
    if "seed_figure_zones" in m:
        z = m["seed_figure_zones"]
        lines.append(f"seed bulletin figures: {z['right_zone']} of {z['figures']} given to the right zone, "
                     f"{z['wrong_zone']} to another zone, {z['missed']} missed")
    if "pdf_rewrapped" in m:
        p = m["pdf_rewrapped"]
        lines.append(f"PDF re-wrapped: ents_f {p['ents_f']:.4f}, triples_f {p['triples_f']:.4f}, "
                     f"norm_acc {p['norm_acc']:.4f}")
    if evaluation.confusion:
        lines += ["", "confusion (gold -> predicted; - missed, ~X overlapping span of X)"]
        for label, counter in evaluation.confusion.items():
            lines.append(f"{label:10s} " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))
    if evaluation.errors:
        lines += ["", "errors (document, kind, label, context)"] + evaluation.errors
    if evaluation.triple_errors:
        lines += ["", "triple errors (document, kind, predicate, subject -> object)"] + evaluation.triple_errors
    return "\n".join(lines)


def write_evaluation(evaluation: Evaluation, path: Path) -> None:
    path.write_text(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")

