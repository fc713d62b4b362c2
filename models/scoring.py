"""The one scorer (SCHEMA.md, "Scoring"): the evaluator, the promotion gate and the tests all call it.

- Entities: strict span-and-label match; P/R/F1 per label and micro-averaged (`ents_p`, `ents_r`, `ents_f`,
  `ents_per_type`).
- Triples: exact (subject, predicate, object) keys after removing white space, zones by canonical name
  (`triples_f`, `triples_per_type`); metric attributes match when one contains the other or their character
  Dice is at least 0.6 (`attr_acc`, over matched metric triples).
- Values: share of gold AMOUNT/DATE entities, found with the right span, whose value matches exactly (`norm_acc`),
  and the same over all gold AMOUNT/DATE entities (`norm_acc_all`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from models.doc import Span
from models.schema import SCHEMA

TripleKey = tuple[str, str, str]


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def fscore(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f": round(self.fscore, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class DocTriples:
    """The triples of one document: keys and, for metric triples, attributes."""

    keys: set[TripleKey] = field(default_factory=set)
    attributes: dict[TripleKey, str | None] = field(default_factory=dict)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[TripleKey, str | None]]) -> DocTriples:
        triples = cls()
        for key, attribute in pairs:
            triples.keys.add(key)
            if attribute is not None:
                triples.attributes.setdefault(key, attribute)
        return triples


def score_spans(examples: Iterable[tuple[list[Span], list[Span]]], labels: Iterable[str] = SCHEMA.labels
                ) -> dict[str, Any]:
    """examples: (gold spans, predicted spans) per document."""
    per_label = {label: PRF() for label in labels}
    micro = PRF()
    for gold, predicted in examples:
        gold_keys = Counter((s.start, s.end, s.label) for s in gold)
        predicted_keys = Counter((s.start, s.end, s.label) for s in predicted)
        for label, score in per_label.items():
            g = Counter({k: v for k, v in gold_keys.items() if k[2] == label})
            p = Counter({k: v for k, v in predicted_keys.items() if k[2] == label})
            tp = sum((g & p).values())
            score.add(tp, sum(p.values()) - tp, sum(g.values()) - tp)
            micro.add(tp, sum(p.values()) - tp, sum(g.values()) - tp)
    return {
        "ents_p": round(micro.precision, 4),
        "ents_r": round(micro.recall, 4),
        "ents_f": round(micro.fscore, 4),
        "ents_per_type": {label: score.to_dict() for label, score in per_label.items()},
    }


def attribute_matches(gold: str | None, predicted: str | None) -> bool:
    gold_text = "".join((gold or "").split())
    predicted_text = "".join((predicted or "").split())
    if not gold_text or not predicted_text:
        return gold_text == predicted_text
    if gold_text in predicted_text or predicted_text in gold_text:
        return True
    overlap = sum((Counter(gold_text) & Counter(predicted_text)).values())
    return 2 * overlap / (len(gold_text) + len(predicted_text)) >= 0.6


def score_triples(examples: Iterable[tuple[DocTriples, DocTriples]], predicates: Iterable[str] = SCHEMA.predicates
                  ) -> dict[str, Any]:
    """examples: (gold triples, predicted triples) per document."""
    per_predicate = {predicate: PRF() for predicate in predicates}
    micro = PRF()
    attribute_total = attribute_correct = 0
    for gold, predicted in examples:
        for predicate, score in per_predicate.items():
            g = {k for k in gold.keys if k[1] == predicate}
            p = {k for k in predicted.keys if k[1] == predicate}
            tp = len(g & p)
            score.add(tp, len(p) - tp, len(g) - tp)
            micro.add(tp, len(p) - tp, len(g) - tp)
        for key in gold.keys & predicted.keys:
            if key in gold.attributes:
                attribute_total += 1
                attribute_correct += attribute_matches(gold.attributes[key], predicted.attributes.get(key))
    return {
        "triples_p": round(micro.precision, 4),
        "triples_r": round(micro.recall, 4),
        "triples_f": round(micro.fscore, 4),
        "triples_per_type": {predicate: score.to_dict() for predicate, score in per_predicate.items()},
        "attr_acc": round(attribute_correct / attribute_total, 4) if attribute_total else 0.0,
        "attr_total": attribute_total,
    }


def values_equal(gold: dict[str, Any] | None, predicted: dict[str, Any] | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    defaults = {"approx": False, "year_known": True, "modifier": None}
    keys = (set(gold) | set(predicted)) - {"text"}
    for key in keys:
        a, b = gold.get(key, defaults.get(key)), predicted.get(key, defaults.get(key))
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
            if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
                return False
        elif a != b:
            return False
    return True


def score_values(examples: Iterable[tuple[list[Span], list[Span]]]) -> dict[str, Any]:
    """Normalisation accuracy over gold AMOUNT and DATE spans (per label too)."""
    matched = defaultdict(lambda: [0, 0])  # label -> [correct, found]
    totals: Counter = Counter()
    for gold, predicted in examples:
        by_key = {(s.start, s.end, s.label): s for s in predicted}
        for span in gold:
            if span.label not in SCHEMA.valued_labels:
                continue
            totals[span.label] += 1
            found = by_key.get((span.start, span.end, span.label))
            if found is not None:
                matched[span.label][1] += 1
                matched[span.label][0] += values_equal(span.value, found.value)
    correct = sum(c for c, _ in matched.values())
    found = sum(f for _, f in matched.values())
    total = sum(totals.values())
    return {
        "norm_acc": round(correct / found, 4) if found else 0.0,
        "norm_acc_all": round(correct / total, 4) if total else 0.0,
        "norm_per_type": {label: round(matched[label][0] / matched[label][1], 4) if matched[label][1] else 0.0
                          for label in sorted(SCHEMA.valued_labels)},
    }
