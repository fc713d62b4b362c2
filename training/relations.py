"""Training of the relation classifier (`bulletin.neural_relations.v1`) on gold entities.

Every candidate pair gets the gold predicate or `none`: exact entities for mention pairs; for the section-zone
candidates, the zone's canonical name (a metric triple may be anchored on any mention of the zone). The best epoch
by dev triple F1 (with gold entities) is kept.
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import torch

from models.components.neural_relations import RELATION_CLASSES, Candidate, NeuralRelations
from models.doc import Span
from models.linking import LinkContext
from models.pipeline import Pipeline
from models.schema import Predicate
from models.scoring import DocTriples, score_triples
from training import optim
from training.corpus import Record, gold_spans, gold_triples, mention_key_text
from training.optim import optimizer_and_schedule

SpanKey = tuple[int, int, str]


@dataclass
class Example:
    record: Record
    context: LinkContext
    windows: list[tuple[int, int]]
    encoded: list[tuple[np.ndarray, np.ndarray]]
    candidates: list[Candidate]
    labels: list[int]


def gold_context(pipeline: Pipeline, record: Record) -> LinkContext:
    """The document with its gold entities (and gold zone names), sectioned as at inference."""
    doc = pipeline.make_doc(record["text"])
    for name in ("sectioner", "tokenizer"):
        doc = pipeline.get(name)(doc)
    spans = gold_spans(record)
    doc.ents = list(spans)
    doc = pipeline.get("zone_resolver")(doc)
    gold_canonical = {s.key: s.canonical for s in spans if s.canonical}
    # Where the resolver names a zone differently from the annotators, use the annotators' name everywhere.
    renamed = {s.canonical: gold_canonical[s.key] for s in doc.ents if s.key in gold_canonical and s.canonical}
    doc.ents = [s.with_(canonical=gold_canonical.get(s.key, s.canonical)) for s in doc.ents]
    doc.sections = [replace(section, zone=renamed.get(section.zone, section.zone)) for section in doc.sections]
    return LinkContext.from_doc(doc)


def _key(span: Span) -> SpanKey:
    return span.start, span.end, span.label


def candidate_labels(record: Record, candidates: list[Candidate]) -> list[int]:
    """The gold class of every candidate. A located_in is a fact about names, not mentions (scoring compares
    names): every mention of a project or sub-park that gold places in a zone is a positive, not only the one
    mention the annotator linked; otherwise the other mentions of the same name teach the model `none`."""
    by_id = {e["id"]: e for e in record["entities"]}
    exact, by_zone, by_name = set(), set(), set()
    for relation in record["relations"]:
        subject, obj = by_id[relation["from_id"]], by_id[relation["to_id"]]
        subject_key = (subject["start_offset"], subject["end_offset"], subject["label"])
        object_key = (obj["start_offset"], obj["end_offset"], obj["label"])
        exact.add((subject_key, relation["type"], object_key))
        if relation["type"] == Predicate.metric and subject.get("canonical"):
            by_zone.add((subject["canonical"], relation["type"], object_key))
        if relation["type"] == Predicate.located_in:
            by_name.add((subject["label"], mention_key_text(record, subject), mention_key_text(record, obj)))
    index = {c: i for i, c in enumerate(RELATION_CLASSES)}
    labels = []
    for candidate in candidates:
        object_key = _key(candidate.obj.span)
        label = 0
        for predicate in candidate.allowed:
            if candidate.subject is None:
                hit = ((candidate.zone, predicate, object_key) in by_zone if predicate == Predicate.metric
                       else (candidate.obj.label, candidate.obj.span.name_key, candidate.zone) in by_name)
            else:
                subject_key = _key(candidate.subject.span)
                hit = (subject_key, predicate, object_key) in exact
                if not hit and predicate == Predicate.metric:
                    hit = (candidate.subject.span.canonical, predicate, object_key) in by_zone
                if not hit and predicate == Predicate.located_in:
                    hit = (candidate.subject.label, candidate.subject.span.name_key,
                           candidate.obj.span.name_key) in by_name
            if hit:
                label = index[predicate]
                break
        labels.append(label)
    return labels


def make_examples(component: NeuralRelations, pipeline: Pipeline, records: list[Record]) -> list[Example]:
    examples = []
    for record in records:
        context = gold_context(pipeline, record)
        windows, candidates = component.candidates(context)
        if not candidates:
            continue
        encoded = component.encode_windows(context.doc, context, windows)
        examples.append(Example(record, context, windows, encoded, candidates, candidate_labels(record, candidates)))
    return examples


def dev_triple_f1(component: NeuralRelations, examples: list[Example]) -> float:
    pairs = []
    for example in examples:
        probabilities = component.classify(example.encoded, example.windows, example.candidates)
        triples = component.triples(example.context, example.candidates, probabilities)
        predicted = DocTriples.from_pairs((t.key, t.attribute) for t in triples)
        gold = DocTriples.from_pairs((t.key, t.attribute) for t in gold_triples(example.record))
        pairs.append((gold, predicted))
    return score_triples(pairs)["triples_f"]


def train_relations(component: NeuralRelations, pipeline: Pipeline, train_records: list[Record],
                    dev_records: list[Record], *, seed: int, progress: Callable[[dict[str, Any]], None] | None = None,
                    learning_rate: float = 1e-3, windows_per_batch: int = 16) -> dict[str, Any]:
    progress = progress or (lambda report: None)
    started = time.time()
    train_examples = make_examples(component, pipeline, train_records)
    dev_examples = make_examples(component, pipeline, dev_records)
    model = component.model
    generator = random.Random(seed)
    epochs, patience = component.config["epochs"], component.config.get("patience", 0)
    batches_per_epoch = max(1, sum(len(e.windows) for e in train_examples) // windows_per_batch)
    total = max(1, epochs * batches_per_epoch)
    optimizer, schedule = optimizer_and_schedule(model, learning_rate, 0.01, total, 0.06)
    best = {"f": -1.0, "epoch": 0, "state": None}
    for epoch in range(1, epochs + 1):
        model.train()
        order = list(train_examples)
        generator.shuffle(order)
        losses = []
        for batch in _batches(order, windows_per_batch):
            candidates, labels, encoded, windows = [], [], [], []
            for example in batch:
                offset = len(windows)
                windows += example.windows
                encoded += example.encoded
                for candidate in example.candidates:
                    shifted = copy.copy(candidate)
                    shifted.window += offset
                    if shifted.subject_window is not None:
                        shifted.subject_window += offset
                    candidates.append(shifted)
                labels += example.labels
            tensors = component.batch_tensors(encoded, windows, candidates)
            loss = model(**tensors, labels=torch.tensor(labels, dtype=torch.long)).loss
            losses.append(optim.step(model, loss, optimizer, schedule))
        model.eval()
        dev_f = dev_triple_f1(component, dev_examples) if dev_examples else 0.0
        elapsed = time.time() - started
        progress({"stage": "relations", "epoch": epoch, "epochs": epochs, "loss": round(float(np.mean(losses)), 4),
                  "dev_triples_f_gold_entities": dev_f, "elapsed_s": round(elapsed, 1),
                  "eta_s": round(elapsed / epoch * (epochs - epoch), 1)})
        if dev_f > best["f"]:
            best = {"f": dev_f, "epoch": epoch, "state": {k: v.detach().clone() for k, v in model.state_dict().items()}}
        if patience and epoch - best["epoch"] >= patience:
            break
    model.load_state_dict(best["state"])
    model.eval()
    return {"relation_best_epoch": best["epoch"], "relation_dev_triples_f_gold_entities": best["f"],
            "relation_train_seconds": round(time.time() - started, 1)}


def _batches(examples: list[Example], windows_per_batch: int) -> list[list[Example]]:
    batches, current, count = [], [], 0
    for example in examples:
        current.append(example)
        count += len(example.windows)
        if count >= windows_per_batch:
            batches.append(current)
            current, count = [], 0
    if current:
        batches.append(current)
    return batches
