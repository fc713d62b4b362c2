"""The learned relation extractor: `PairRoFormerForRelationClassification` over candidate entity pairs.

Candidates, per window of the cleaned text: every ordered pair of entities the schema allows (project -> amount,
company -> project, …) within `max_distance` characters, and every figure or name paired with the zone of its
section (`metric`, `located_in`) even where the zone is named only in a heading or a `供稿` line. Each pair is
classified once, in the window where its object is most central. Metric triples get their attribute from the
indicator written before the figure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from models import lexicon
from models.components.neural_ner import ARCHITECTURE_KEYS, inference_dtype, text_windows
from models.doc import Doc, Triple
from models.features import FEATURE_VOCAB_SIZES, Vocab, doc_features
from models.linking import (
    LinkContext,
    Mention,
    add_comparison_bases,
    add_cued_firms,
    add_placements,
    add_report_zones,
    dedupe,
    drop_whole_zones_in_bonded_zones,
    give_areas_to_their_zones,
    give_park_items_their_figures,
    make_triple,
    place_park_items_projects,
    place_parks_in_their_parents,
    place_project_groups,
    place_projects_by_placing_cues,
    place_projects_in_topic_parks,
    place_projects_named_after_their_zone,
    place_projects_where_zones_are_their_place,
    place_table_rows,
)
from models.modeling_pair_roformer import PairRoFormerConfig, PairRoFormerForRelationClassification
from models.registry import Component, register
from models.schema import SCHEMA, EntityLabel, Predicate
from models.weights import load_weights, save_weights

WEIGHTS_FILE = "relations.safetensors"
VOCAB_FILE = "relations_vocab.txt"
NONE = "none"
RELATION_CLASSES = [NONE] + list(SCHEMA.predicates)
_CLASS_INDEX = {name: index for index, name in enumerate(RELATION_CLASSES)}
ENTITY_FEATURE_SIZE = 1 + 2 * len(SCHEMA.labels)
_DISTANCE_BOUNDS = (0, 2, 5, 10, 20, 40, 80, 160, 320, 640)
PAIR_FEATURE_SIZES = {"distance": len(_DISTANCE_BOUNDS) + 2, "order": 3, "sentences": 4, "clause": 2, "event": 4}
_VIRTUAL_DISTANCE = len(_DISTANCE_BOUNDS) + 1
# Predicates whose subject and object may stand far apart: an event's date, then the projects signed or started.
_FAR_PREDICATES = ("signed_on", "started_on", "completed_on")
_CLAUSE_BREAK = re.compile("[，,；;。！？!?\n]")
# The event a date's sentence tells of (the `event` pair feature: 0 none, then these groups in order). A ceremony's
# date opens the report (`9月26日上午，…集中开工仪式在…举行`) and the projects follow sentences later, beyond the
# reach of the encoder's window: without the cue the model cannot tell a signing's list from a start's.
_EVENT_CUES = re.compile("(签约|签署|签订)|(开工|动工|奠基|开建|破土)|(竣工|投产|建成|投运|完工|落成|交付|投入使用)")
# An event named after a zone (`数智新城产业发展大会`, `阳泉高新区招商推介会`): the zone's name there is a mention
# (GUIDE.md) but not the zone the nearby figures belong to.
_EVENT_AFTER = re.compile(r"[^，,；;。：:！？!?\n]{0,10}?(?:大会|推介会|洽谈会|博览会|交易会|论坛|峰会|发布会|对接会|招商会|说明会)")
# The count of a ranking's field (`在全国 178 家国家高新区综合评价中`, `在全省 7 个综合保税区中排名第二`) tells of the nation
# or the province, not of the zone: none of the corpus's 12 such counts carries a triple; bulletin-zh-1.10.0 made them
# metric.
_RANK_BASE = re.compile(r"在全[国省市区州盟]\s*(?P<count>[\d一二三四五六七八九十百零〇两,]+\s*(?:个|家|所|座))[^，。；,;]{0,20}?中")
_ZONE_SIDE = {Predicate.metric.value: "subject", Predicate.located_in.value: "object"}
# The predicates the schema allows for a (subject label, object label) pair.
_ALLOWED = {
    (subject, obj): [p for p in SCHEMA.predicates if SCHEMA.allows(p, subject, obj)]
    for subject in SCHEMA.labels for obj in SCHEMA.labels
}
# Label pairs with a zone-side predicate (metric, located_in), whose zone must read like a zone.
_ZONE_CHECKED = {pair: any(p in _ZONE_SIDE for p in predicates) for pair, predicates in _ALLOWED.items()}
# Paragraph candidates: a park opens its paragraph within this many characters; names up to this far after it.
_PARAGRAPH_LEAD = 12
_PARAGRAPH_REACH = 800
_LOCATED_SUBJECTS = SCHEMA.predicates[Predicate.located_in.value].subjects
# The subject labels worth pairing with an object of each label.
_SUBJECT_LABELS = {obj: {subject for subject in SCHEMA.labels if _ALLOWED[subject, obj]} for obj in SCHEMA.labels}


@dataclass
class Candidate:
    """A pair to classify: `subject` None means the section's zone (then `obj` is the real entity). The object is
    read in `window`, the subject in `subject_window` (the same window unless the pair stands far apart)."""

    window: int
    subject: Mention | None
    obj: Mention
    allowed: list[str]
    pair_features: list[int]
    zone: str | None = None  # the section's zone, for virtual pairs
    subject_window: int | None = None

    @property
    def subject_home(self) -> int:
        return self.window if self.subject_window is None else self.subject_window


def _event_of(context: LinkContext, date: Mention) -> int:
    """The `_EVENT_CUES` group nearest the date in its sentence (0 where none): signing 1, start 2, completion 3."""
    sentence_start, sentence_end = context.sentences[date.sentence]
    nearest, event = None, 0
    for cue in _EVENT_CUES.finditer(context.text, sentence_start, sentence_end):
        distance = max(cue.start() - date.end, date.start - cue.end())
        if nearest is None or distance < nearest:
            nearest, event = distance, cue.lastindex
    return event


# A list of projects that share the event just told of (`同日开工的还有…`, `同一板块签约的还有…`): every one of them
# gets the event's date (GUIDE.md, signing events; 83 of the 83 such projects in the corpus's gold do).
_SAME_EVENT_LIST = re.compile(r"同(?:日|时|批|期|一天|一板块)(?:集中)?(?P<event>签约|签署|开工|动工|开建|竣工|投产)的?(?:重点)?(?:项目)?"
                              r"(?:还有|有|包括|还包括)")


def _bucket(distance: int) -> int:
    """The index of the first bound the distance does not exceed (len(bounds) beyond the last)."""
    return bisect.bisect_left(_DISTANCE_BOUNDS, distance)


def entity_feature(length: int, mentions: list[Mention]) -> np.ndarray:
    labels = list(SCHEMA.labels)
    feature = np.zeros(length, dtype=np.int64)
    for mention in mentions:
        begin = 1 + 2 * labels.index(mention.label)
        feature[mention.start] = begin
        feature[mention.start + 1 : mention.end] = begin + 1
    return feature


@register("bulletin.neural_relations.v1")
class NeuralRelations(Component):
    assigns = ("doc.triples",)
    requires = ("doc.ents", "doc.sections", "Span.canonical")
    default_config = {
        "model": {},
        "max_length": 256,
        "margin": 32,
        "max_distance": 120,
        "batch_size": 16,
        "threshold": 0.5,
        # A higher bar for located_in, the predicate whose pairs are most often a near miss (the sub-park against
        # the report's zone): on bulletin-zh-1.7.0's dev split 0.7 gave located_in F1 0.7164 -> 0.7279 and triples
        # 0.8234 -> 0.8278 (0.6: 0.8249, 0.8: 0.8279, 0.9: 0.8260).
        "predicate_thresholds": {Predicate.located_in.value: 0.7},
        # Bars by the label of the triple's subject, before `predicate_thresholds`: a firm that a zone's report names
        # is in the zone more often than the model's probability says, a project or sub-park less often. On
        # bulletin-zh-1.10.0's dev split located_in at 0.5 for companies and 0.8 for the rest gave triples
        # 0.8487 -> 0.8506 (company 0.4: 0.8506, 0.6: 0.8500; the rest 0.9: 0.8506), test 0.8402 -> 0.8421.
        "subject_thresholds": {Predicate.located_in.value: {EntityLabel.COMPANY.value: 0.5}},
        # Bars for a pair of two mentions, before `predicate_thresholds` (which then bind the section's zone's pairs):
        # a project placed in a park it is written near is more often wrong than one placed in the report's zone. On
        # bulletin-zh-1.10.0's dev split located_in at 0.95 for mention pairs and 0.7 for the section's zone (companies
        # 0.5 either way) gave triples 0.8580 -> 0.8607 (0.9/0.7: 0.8596, 0.95/0.8: 0.8598, 0.7/0.8: 0.8568), test
        # 0.8483 -> 0.8496. With the document-structure rules of 2026-11-27 placing projects in their parks, 0.98 took
        # dev 0.8858 -> 0.8863 (0.9: 0.8838, 0.995: 0.8855), test 0.8773 -> 0.8776.
        "pair_thresholds": {Predicate.located_in.value: 0.98},
        # A figure no subject won may still go to its likeliest subject by these predicates: a capacity
        # (`年加工椰子2亿个`) stated after the project's investment often reads P(capacity) 0.2-0.45 against `none`.
        # On bulletin-zh-1.8.0's dev split capacity F1 went 0.8649 -> 0.8860 (0.3: 0.8789, 0.1: 0.8709) and triples
        # 0.8308 -> 0.8316; the same for started_on gave +0.0005, within noise, and a date may have several subjects.
        "fallback_thresholds": {Predicate.capacity.value: 0.2},
        # Fallback bars by the figure's unit, before `fallback_thresholds`: counts of market entities (`新增市场主体
        # 2,418户`, `惠及80余户经营主体`) are a zone's figures in 85 of the corpus's 87, counts of items (`办结审批事项
        # 136项`, `9项区域评价`) in 19 of 25, and the model gives some of them P(metric) 0.04-0.2 (the seed bulletin's
        # 80余户 and 9项). With 户 0.1 and 项 0.03 dev triples stay 0.8869, test 0.8790 -> 0.8792 (both at 0: dev
        # 0.8868); all counts (家, 个, 次 …) at 0.1 took dev 0.8870 -> 0.8868, test 0.8787 -> 0.8786.
        "unit_fallback_thresholds": {Predicate.metric.value: {"户": 0.1, "项": 0.03}},
        # The confidence of a located_in that a cue before a firm gives (`区内企业X`), where the model placed it nowhere:
        # 159 of 167 such firms in the corpus's gold are in a zone.
        "cued_firm_confidence": 0.9,
        # The confidence of an event date given to a project of a `同日开工的还有…` list (83 of 83 in the gold).
        "same_event_confidence": 0.9,
        # The confidence of an area given to the zone named right after it (`占地17万平方米的功能食品加工园`; 3 of 3).
        "placed_area_confidence": 0.9,
        # The confidence of a comparison's base given the subject of the figure it is compared with (4 of 4).
        "comparison_base_confidence": 0.9,
        # The confidence of a figure given to the sub-park that opens its list item.
        "park_item_confidence": 0.6,
        # The confidence of a located_in that a paragraph opening with a sub-park gives its projects (454 of 472).
        "park_paragraph_confidence": 0.9,
        # The confidence of a park's located_in its parent written right before it (`西宁经济技术开发区南川工业园区`; 77 of 77).
        "written_park_confidence": 0.9,
        # The confidence of a project's located_in the zone after `落户` in its sentence (190 of 226), or named as the
        # place of what follows (`在X`, `X内`: 235 of 237).
        "placing_cue_confidence": 0.9,
        # The confidence of a project's located_in the park its table row names in a park column (50 of 50).
        "table_row_confidence": 0.9,
        "precision": "auto",
        "epochs": 6,
        "patience": 0,  # training only: epochs without a better dev score before stopping (0: all epochs)
        "hidden_size": 128,
        "num_layers": 2,
        "attention_dropout": 0.1,  # training only (training.train.TrainArguments explains the cost)
        "local_context": "lstm",  # lstm | conv | none (CharRoFormerConfig)
    }

    def __init__(self, name: str, **config: Any):
        super().__init__(name, **config)
        self.model: PairRoFormerForRelationClassification | None = None
        self.vocab: Vocab | None = None

    # --- set-up ---------------------------------------------------------------------------------------------
    def initialize(self, *, pipeline: Any = None, train_records: list | None = None, dev_records: list | None = None,
                   seed: int = 13, progress: Any = None, vocab: Vocab | None = None, **_: Any) -> dict[str, Any]:
        """Build a fresh model and, given training records, train it (training.relations does the work)."""
        if vocab is None and pipeline is not None:
            vocab = pipeline.get("ner").vocab
        hidden = self.config["hidden_size"]
        config = PairRoFormerConfig(
            vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=self.config["num_layers"],
            num_attention_heads=max(1, hidden // 64), intermediate_size=4 * hidden,
            max_position_embeddings=self.config["max_length"], type_vocab_size=1,
            attention_probs_dropout_prob=self.config["attention_dropout"], local_context=self.config["local_context"],
            feature_vocab_sizes={**FEATURE_VOCAB_SIZES, "entity": ENTITY_FEATURE_SIZE},
            pair_feature_sizes=PAIR_FEATURE_SIZES,
            id2label=dict(enumerate(RELATION_CLASSES)), label2id={c: i for i, c in enumerate(RELATION_CLASSES)},
        )
        self.vocab = vocab
        self._set_model(PairRoFormerForRelationClassification(config))
        if pipeline is None or not train_records:
            return {}
        from training.relations import train_relations  # training code stays in training/

        return train_relations(self, pipeline, train_records, dev_records or [], seed=seed, progress=progress)

    def _set_model(self, model: PairRoFormerForRelationClassification) -> None:
        self.model = model
        keep = ARCHITECTURE_KEYS + ("pair_feature_sizes", "context_width")
        self.config["model"] = {k: v for k, v in model.config.to_dict().items() if k in keep}

    # --- candidates -----------------------------------------------------------------------------------------
    def candidates(self, context: LinkContext) -> tuple[list[tuple[int, int]], list[Candidate]]:
        """The windows of the text and the pairs to classify in them. Only subjects within `max_distance` of an
        object are looked at, so the cost grows with the document's length, not with its square."""
        windows = text_windows(len(context.text), self.config["max_length"], self.config["margin"])
        keep_starts = [keep_start for _, _, keep_start, _ in windows]
        home = {id(m): bisect.bisect_right(keep_starts, m.start) - 1 for m in context.mentions}
        reach = self.config["max_distance"] + max((m.end - m.start for m in context.mentions), default=0)
        out: list[Candidate] = []
        rank_bases = {match.start("count") for match in _RANK_BASE.finditer(context.text)}
        for index, (start, end, keep_start, keep_end) in enumerate(windows):
            for obj in context.between(keep_start, keep_end):
                if obj.end > end or obj.start in rank_bases:
                    continue
                out += self._virtual_candidates(context, index, obj)
                near = context.between(max(start, obj.start - reach), min(end, obj.end + reach))
                subject_labels = _SUBJECT_LABELS[obj.label]
                for subject in near:
                    if subject is not obj and subject.end <= end and subject.label in subject_labels:
                        candidate = self._pair(context, index, subject, obj)
                        if candidate is not None:
                            out.append(candidate)
                if obj.label == EntityLabel.DATE:
                    out += self._far_candidates(context, index, obj, (start, end), home)
                elif obj.label == EntityLabel.ZONE:
                    out += self._paragraph_candidates(context, index, obj, home)
        events: dict[int, int] = {}
        for candidate in out:
            date = candidate.obj
            if date.label == EntityLabel.DATE and id(date) not in events:
                events[id(date)] = _event_of(context, date)
            candidate.pair_features.append(events.get(id(date), 0))
        return [(s, e) for s, e, _, _ in windows], out

    def _far_candidates(self, context: LinkContext, window: int, date: Mention, window_bounds: tuple[int, int],
                        home: dict[int, int]) -> list[Candidate]:
        """Projects of the date's section beyond `max_distance` of it (those nearer are paired in `candidates`),
        read in their own windows: a signing's date, then the list of projects signed at it."""
        out = []
        for subject in context.between(*self._section_bounds(context, date.start)):
            if subject.label != EntityLabel.PROJECT:
                continue
            distance = subject.start - date.end if subject.start >= date.end else date.start - subject.end
            inside = window_bounds[0] <= subject.start and subject.end <= window_bounds[1]
            if inside and distance <= self.config["max_distance"]:
                continue
            features = [_bucket(distance), 0 if subject.start < date.start else 1,
                        min(3, abs(date.sentence - subject.sentence)), 0]
            out.append(Candidate(window, subject, date, list(_FAR_PREDICATES), features,
                                 subject_window=home[id(subject)]))
        return out

    def _paragraph_candidates(self, context: LinkContext, window: int, zone: Mention, home: dict[int, int]
                              ) -> list[Candidate]:
        """Names of a sub-park's paragraph beyond `max_distance` of the park, read in their own windows: a paragraph
        that opens with a park (`南海园：…`, `（三）东区。…`) or names one goes on about the projects and firms in it.
        A name is paired with the paragraph's opening park and with the nearest park before it."""
        if not self._holds_figures(context, zone) or context.is_column_header(zone):
            return []
        paragraph_start, paragraph_end = context.line_bounds(zone)
        leads = zone.start - paragraph_start <= _PARAGRAPH_LEAD and not any(
            m.label == EntityLabel.ZONE for m in context.between(paragraph_start, zone.start))
        limit = min(paragraph_end, zone.end + _PARAGRAPH_REACH)
        out = []
        for subject in context.between(zone.end + self.config["max_distance"], limit):
            if subject.label == EntityLabel.ZONE and subject.span.canonical != zone.span.canonical:
                if not leads:
                    break  # a nearer park takes the names after it
                continue
            if subject.end > limit or subject.label not in _LOCATED_SUBJECTS:
                continue
            distance = subject.start - zone.end
            features = [_bucket(distance), 1, min(3, abs(subject.sentence - zone.sentence)), 0]
            out.append(Candidate(window, subject, zone, [Predicate.located_in.value], features,
                                 subject_window=home[id(subject)]))
        return out

    @staticmethod
    def _section_bounds(context: LinkContext, position: int) -> tuple[int, int]:
        """View offsets of the level-1 section (else the innermost one) around a view position."""
        raw = context.doc.view.to_raw(position, position + 1)[0]
        section = context.doc.section_at(raw, level=1) or context.doc.section_at(raw)
        if section is None:
            return 0, len(context.text)
        return context.doc.view.from_raw_span(section.start, section.end)

    @staticmethod
    def _proper_zone(mention: Mention) -> bool:
        """A zone mention may carry figures or hold projects only when its name reads like a zone (开发区, 园区 …);
        a fragment the tagger cut wrongly (`七大产`) may not."""
        return mention.label == EntityLabel.ZONE and lexicon.reads_like_zone(mention.span.canonical or "")

    def _holds_figures(self, context: LinkContext, mention: Mention) -> bool:
        """A zone mention that may carry figures or hold names: one that reads like a zone, outside an event's name."""
        return self._proper_zone(mention) and _EVENT_AFTER.match(context.text, mention.end) is None

    def _virtual_candidates(self, context: LinkContext, window: int, mention: Mention) -> list[Candidate]:
        zone = context.section_zone(mention)
        if zone is None:
            return []
        out = []
        for predicate, side in _ZONE_SIDE.items():
            spec = SCHEMA.predicates[predicate]
            labels = spec.objects if side == "subject" else spec.subjects
            if mention.label not in labels:
                continue
            if mention.label == EntityLabel.ZONE and mention.span.canonical == zone:
                continue
            out.append(Candidate(window, None, mention, [predicate], [_VIRTUAL_DISTANCE, 2, 0, 0], zone))
        return out

    def _pair(self, context: LinkContext, window: int, subject: Mention, obj: Mention) -> Candidate | None:
        allowed = _ALLOWED[subject.label, obj.label]
        if not allowed or context.is_column_header(subject) or context.is_column_header(obj):
            return None
        low, high = (subject, obj) if subject.start <= obj.start else (obj, subject)
        distance = max(0, high.start - low.end)
        if distance > self.config["max_distance"]:
            return None
        if _ZONE_CHECKED[subject.label, obj.label]:
            allowed = [p for p in allowed
                       if p not in _ZONE_SIDE or self._holds_figures(context, subject if p == "metric" else obj)]
            if not allowed:
                return None
        if subject.label == obj.label == EntityLabel.ZONE and subject.span.canonical == obj.span.canonical:
            return None
        same_clause = _CLAUSE_BREAK.search(context.text, low.end, max(low.end, high.start)) is None
        features = [_bucket(distance), 0 if subject.start < obj.start else 1,
                    min(3, abs(obj.sentence - subject.sentence)), int(same_clause)]
        return Candidate(window, subject, obj, allowed, features)

    # --- model inputs ---------------------------------------------------------------------------------------
    def encode_windows(self, doc: Doc, context: LinkContext, windows: list[tuple[int, int]]
                       ) -> list[tuple[np.ndarray, np.ndarray]]:
        ids = self.vocab.encode(context.text)
        features = doc_features(doc)
        entity = entity_feature(len(context.text), context.mentions)
        all_features = np.concatenate([features, entity[:, None]], axis=1)
        return [(ids[s:e], all_features[s:e]) for s, e in windows]

    def batch_tensors(self, encoded: list[tuple[np.ndarray, np.ndarray]], windows: list[tuple[int, int]],
                      candidates: list[Candidate]) -> dict[str, torch.Tensor]:
        """Tensors for the windows that hold `candidates` (window indices are renumbered)."""
        used = sorted({c.window for c in candidates} | {c.subject_home for c in candidates})
        n_pair_features = len(self.model.config.pair_feature_sizes)  # a model saved before `event` has four
        row_of = {w: r for r, w in enumerate(used)}
        width = self.config["max_length"]  # every window padded alike: see NeuralNER.predict_tags
        n_features = encoded[used[0]][1].shape[1]
        input_ids = torch.zeros(len(used), width, dtype=torch.long)
        feature_ids = torch.zeros(len(used), width, n_features, dtype=torch.long)
        mask = torch.zeros(len(used), width, dtype=torch.long)
        for row, w in enumerate(used):
            ids, features = encoded[w]
            input_ids[row, : len(ids)] = torch.from_numpy(ids)
            feature_ids[row, : len(ids)] = torch.from_numpy(features)
            mask[row, : len(ids)] = 1
        allowed_cells = [(index, _CLASS_INDEX[p]) for index, c in enumerate(candidates) for p in c.allowed]
        allowed = torch.zeros(len(candidates), len(RELATION_CLASSES), dtype=torch.bool)
        allowed[:, 0] = True
        allowed[tuple(torch.tensor(allowed_cells, dtype=torch.long).T)] = True
        object_spans = [(c.obj.start - windows[c.window][0], c.obj.end - windows[c.window][0]) for c in candidates]
        subject_spans = [(0, 0) if c.subject is None else (c.subject.start - windows[c.subject_home][0],
                                                             c.subject.end - windows[c.subject_home][0])
                         for c in candidates]
        return {
            "input_ids": input_ids, "feature_ids": feature_ids, "attention_mask": mask,
            "pair_rows": torch.tensor([row_of[c.window] for c in candidates], dtype=torch.long),
            "subject_rows": torch.tensor([row_of[c.subject_home] for c in candidates], dtype=torch.long),
            "subject_spans": torch.tensor(subject_spans, dtype=torch.long),
            "object_spans": torch.tensor(object_spans, dtype=torch.long),
            "pair_feature_ids": torch.tensor([c.pair_features[:n_pair_features] for c in candidates], dtype=torch.long),
            "allowed": allowed,
        }

    # --- inference ------------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Any) -> Any:
        """Classify the candidates of several documents in shared batches: windows of short bulletins fill a
        batch together instead of one small forward pass per document."""
        docs = list(docs)
        contexts, per_doc, windows, encoded, candidates = [], [], [], [], []
        for doc in docs:
            context = LinkContext.from_doc(doc)
            doc_windows, doc_candidates = self.candidates(context)
            base = len(windows)
            for candidate in doc_candidates:
                candidate.window += base
                if candidate.subject_window is not None:
                    candidate.subject_window += base
            windows += doc_windows
            encoded += self.encode_windows(doc, context, doc_windows) if doc_candidates else [None] * len(doc_windows)
            contexts.append(context)
            per_doc.append(slice(len(candidates), len(candidates) + len(doc_candidates)))
            candidates += doc_candidates
        probabilities = self.classify(encoded, windows, candidates)
        for doc, context, rows in zip(docs, contexts, per_doc):
            doc.triples = self.triples(context, candidates[rows], probabilities[rows])
        return docs

    @torch.inference_mode()
    def classify(self, encoded: list, windows: list[tuple[int, int]], candidates: list[Candidate]) -> np.ndarray:
        """(candidates, classes) probabilities, `batch_size` windows per forward pass."""
        if not candidates:
            return np.zeros((0, len(RELATION_CLASSES)), dtype=np.float32)
        model = self.model
        dtype = inference_dtype(self.config["precision"])
        if model.dtype != dtype:
            model.to_inference_dtype(dtype)
        model.eval()
        by_window: dict[int, list[int]] = {}
        for index, candidate in enumerate(candidates):
            by_window.setdefault(candidate.window, []).append(index)
        window_ids = sorted(by_window)
        out = np.zeros((len(candidates), len(RELATION_CLASSES)), dtype=np.float32)
        for batch_start in range(0, len(window_ids), self.config["batch_size"]):
            indices = [i for w in window_ids[batch_start : batch_start + self.config["batch_size"]] for i in by_window[w]]
            tensors = self.batch_tensors(encoded, windows, [candidates[i] for i in indices])
            out[indices] = model(**tensors).logits.float().softmax(-1).numpy()
        return out

    def triples(self, context: LinkContext, candidates: list[Candidate], probabilities: np.ndarray) -> list[Triple]:
        triples = []
        previous_attribute: str | None = None
        ranked = sorted(self._exclusive(candidates, probabilities), key=lambda cp: cp[0].obj.start)
        for candidate, probs in ranked:
            best = int(probs.argmax())
            predicate = Predicate(RELATION_CLASSES[best])
            confidence = float(probs[best])
            if candidate.subject is not None:
                attribute = None
                if predicate == Predicate.metric:
                    previous_attribute = attribute = context.attribute(candidate.obj, previous_attribute)
                triples.append(make_triple(context, candidate.subject, predicate, candidate.obj, confidence,
                                           attribute=attribute))
                continue
            zone_span = context.zone_mention(candidate.zone, candidate.obj)
            if zone_span is None:
                continue
            zone = Mention(zone_span, candidate.obj.start, candidate.obj.end, candidate.obj.sentence)
            if predicate == Predicate.metric:
                previous_attribute = context.attribute(candidate.obj, previous_attribute)
                triples.append(make_triple(context, zone_span, predicate, candidate.obj, confidence,
                                           attribute=previous_attribute))
            else:
                triples.append(make_triple(context, candidate.obj, predicate, zone, confidence))
        triples = add_cued_firms(context, triples, self.config["cued_firm_confidence"])
        triples = give_areas_to_their_zones(context, triples, self.config["placed_area_confidence"])
        triples = add_comparison_bases(context, triples, self.config["comparison_base_confidence"])
        triples = give_park_items_their_figures(context, triples, self.config["park_item_confidence"])
        triples = self._add_same_event_lists(context, triples)
        triples = self._add_park_paragraph_projects(context, triples)
        triples = place_projects_by_placing_cues(context, triples, self.config["placing_cue_confidence"])
        triples = place_projects_where_zones_are_their_place(context, triples, self.config["placing_cue_confidence"])
        triples = place_projects_named_after_their_zone(context, triples, self.config["placing_cue_confidence"])
        triples = place_projects_in_topic_parks(context, triples, self.config["placing_cue_confidence"])
        triples = place_park_items_projects(context, triples, self.config["park_paragraph_confidence"])
        triples = place_table_rows(context, triples, self.config["table_row_confidence"])
        triples = place_project_groups(context, triples, self.config["placing_cue_confidence"])
        triples = place_parks_in_their_parents(context, triples, self.config["written_park_confidence"])
        return dedupe(drop_whole_zones_in_bonded_zones(add_report_zones(context.doc, triples)))

    def _add_same_event_lists(self, context: LinkContext, triples: list[Triple]) -> list[Triple]:
        """Every project of a `同日开工的还有…` list gets the date of the event its section told of last (the nearest
        date before the list whose sentence names the same event), where the model gave it none. The model reads the
        list's projects one by one, far from the date, and often lets them go (dev: 5 projects of `2021年9月16日`)."""
        dated = {(t.subject.name_key, t.predicate) for t in triples}
        added = []
        for cue in _SAME_EVENT_LIST.finditer(context.text):
            event = _EVENT_CUES.fullmatch(cue["event"]).lastindex  # signing 1, start 2, completion 3
            predicate = _FAR_PREDICATES[event - 1]
            section = self._section_bounds(context, cue.start())
            dates = [m for m in context.between(section[0], cue.start())
                     if m.label == EntityLabel.DATE and _event_of(context, m) == event]
            if not dates:
                continue
            end = context.text.find("。", cue.end())
            for mention in context.between(cue.end(), len(context.text) if end < 0 else end):
                if mention.label == EntityLabel.PROJECT and (mention.span.name_key, predicate) not in dated:
                    added.append(make_triple(context, mention, Predicate(predicate), dates[-1],
                                             self.config["same_event_confidence"]))
                    dated.add((mention.span.name_key, predicate))
        return triples + added

    def _add_park_paragraph_projects(self, context: LinkContext, triples: list[Triple]) -> list[Triple]:
        """A paragraph that opens with a sub-park (`（一）做强光电产业园。…`, `南海园：…`) tells of that park, and so does
        the section it heads (`（二）高端装备与氢能产业园。…` over the numbered projects under it): each project named
        there, up to another park's name (the report's zone may be named: `重装产业园是开发区的…`), is in the park (the
        report's zone follows in `add_report_zones`). The gold places 454 of the corpus's 472 such projects in one
        paragraph so (18 elsewhere); firms are left to the model, as 346 of 598 such firms are in no zone."""
        pairs = []
        line_start, park, park_end = -1, None, 0
        for mention in context.mentions:
            start = context.line_start(mention.start)
            if start != line_start:  # the first mention of a paragraph
                line_start = start
                if self._opens_paragraph_as_park(context, mention, start):
                    park, park_end = mention, self._park_reach(context, start)
                    continue
                if mention.start >= park_end:
                    park = None
            if park is None:
                continue
            if mention.label == EntityLabel.ZONE and mention.span.canonical not in (
                    park.span.canonical, context.section_zone(mention)):  # the report's zone is the park's parent
                park = None
            elif mention.label == EntityLabel.PROJECT:
                pairs.append((mention, park))
        return add_placements(context, triples, pairs, self.config["park_paragraph_confidence"])

    @staticmethod
    def _park_reach(context: LinkContext, line_start: int) -> int:
        """The view offset up to which a park opening the line at `line_start` holds: the end of the section the line
        heads, else of the line."""
        line_end = context.text.find("\n", line_start) % (len(context.text) + 1)  # -1 (the last line) -> the end
        raw_start, raw_end = context.doc.view.to_raw(line_start, line_end)
        headed = [s for s in context.doc.sections if s.level > 0 and raw_start <= s.start < raw_end]
        if not headed:
            return line_end
        return context.doc.view.from_raw_span(headed[0].start, headed[0].end)[1]

    def _opens_paragraph_as_park(self, context: LinkContext, mention: Mention, line_start: int) -> bool:
        return (mention.start - line_start <= _PARAGRAPH_LEAD and self._holds_figures(context, mention)
                and not context.is_column_header(mention)
                and context.section_zone(mention) not in (None, mention.span.canonical))

    def _exclusive(self, candidates: list[Candidate], probabilities: np.ndarray) -> list[tuple[Candidate, np.ndarray]]:
        """The candidates that win: a figure (AMOUNT) belongs to one subject by one predicate; a DATE keeps every
        subject of its best predicate (several projects signed on one day); names keep all their zones."""
        kept: list[tuple[Candidate, np.ndarray]] = []
        by_object: dict[tuple[int, int], list[tuple[Candidate, np.ndarray, int, float]]] = {}
        for candidate, probs in zip(candidates, probabilities):
            best = int(probs.argmax())
            if best == 0 or probs[best] < self._threshold(candidate, RELATION_CLASSES[best]):
                continue
            if candidate.obj.label in (EntityLabel.AMOUNT, EntityLabel.DATE):
                by_object.setdefault((candidate.obj.start, candidate.obj.end), []).append(
                    (candidate, probs, best, float(probs[best])))
            else:
                kept.append((candidate, probs))
        for group in by_object.values():
            winner = max(group, key=lambda item: item[3])
            if winner[0].obj.label == EntityLabel.AMOUNT:
                kept.append(winner[:2])
            else:
                kept += [(c, p) for c, p, best, _ in group if best == winner[2]]
        return kept + self._fallbacks(candidates, probabilities, {(c.obj.start, c.obj.end) for c, _ in kept})

    def _threshold(self, candidate: Candidate, predicate: str) -> float:
        """The bar for `predicate`: by the label of the triple's subject (`subject_thresholds`), else for a pair of two
        mentions (`pair_thresholds`), else by predicate."""
        if candidate.subject is not None:
            subject_label = candidate.subject.label
        else:  # the section's zone is the triple's subject of a metric, its object of a located_in
            subject_label = EntityLabel.ZONE if _ZONE_SIDE[predicate] == "subject" else candidate.obj.label
        by_label = self.config.get("subject_thresholds", {}).get(predicate, {})
        if subject_label in by_label:
            return by_label[subject_label]
        if candidate.subject is not None and predicate in self.config.get("pair_thresholds", {}):
            return self.config["pair_thresholds"][predicate]
        return self.config["predicate_thresholds"].get(predicate, self.config["threshold"])

    def _fallbacks(self, candidates: list[Candidate], probabilities: np.ndarray, won: set[tuple[int, int]]
                   ) -> list[tuple[Candidate, np.ndarray]]:
        """For each AMOUNT no subject won, its likeliest subject by a `fallback_thresholds` predicate, where that
        probability reaches the predicate's bar (the `unit_fallback_thresholds` one for the figure's unit, where it
        has one); the probabilities returned put the predicate first."""
        best: dict[tuple[int, int], tuple[Candidate, int, float]] = {}
        bars, unit_bars = self.config["fallback_thresholds"], self.config["unit_fallback_thresholds"]
        for predicate in {**bars, **unit_bars}:
            index = _CLASS_INDEX[predicate]
            for candidate, probs in zip(candidates, probabilities):
                key = (candidate.obj.start, candidate.obj.end)
                unit = (candidate.obj.span.value or {}).get("unit")
                bar = unit_bars.get(predicate, {}).get(unit, bars.get(predicate, 1.0))
                if (candidate.obj.label != EntityLabel.AMOUNT or key in won or predicate not in candidate.allowed
                        or probs[index] < bar or (key in best and probs[index] <= best[key][2])):
                    continue
                best[key] = (candidate, index, float(probs[index]))
        out = []
        for candidate, index, probability in best.values():
            chosen = np.zeros(len(RELATION_CLASSES), dtype=np.float32)
            chosen[index] = probability
            out.append((candidate, chosen))
        return out

    # --- persistence ----------------------------------------------------------------------------------------
    def to_disk(self, path: Path) -> None:
        save_weights(self.model, self.vocab, path, WEIGHTS_FILE, VOCAB_FILE)

    def from_disk(self, path: Path) -> NeuralRelations:
        model = PairRoFormerForRelationClassification(PairRoFormerConfig(**self.config["model"]))
        self.vocab = load_weights(model, path, WEIGHTS_FILE, VOCAB_FILE)
        self._set_model(model)
        return self
