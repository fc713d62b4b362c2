"""Shared pieces of relation extraction: entities on the cleaned view, sentences, the zone a figure belongs to,
metric attributes and evidence spans. The rule linker and the learned relation classifier both use them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from models import lexicon
from models.doc import Doc, Span, Triple
from models.preprocess import split_sentences
from models.schema import EntityLabel, Predicate
from models.textnorm import to_halfwidth

CLAUSE_DELIMITERS = "，,；;。！？!?\n：:"
# Words around an indicator that are not part of it (`完成`, `达到`, `其中`, `同比增长`).
_ATTRIBUTE_LEAD = re.compile(r"^(?:其中|全年|当年|今年|共|累计|实现|完成|达到|达|为|是|和|及|与|以及|、|并|同时|计划|预计|力争|新增)+")
_ATTRIBUTE_TAIL = re.compile(r"(?:完成|实现|达到|达|为|是|约|超过|超|近|突破|共计|合计|共|累计|计|总计|分别|已|比上年|较上年|年均)+$")
_GROWTH = re.compile(r"^(?:同比)?(?:增长|增速|下降|提高|增加|增幅|提升|减少)")
_GROWTH_TAIL = re.compile(r"(?:同比)?(?:增长|增速|下降|提高|增加|增幅|提升|减少)+$")
# Verbs that introduce a counted noun after the figure (`设立`, `组建`, `签下`, `已有`, `…等`).
_COUNTING_VERB = re.compile(r"(?:等|设立了?|组建了?|签下|签约|跟进|带动(?:上下游)?|已有|共有|还有|引进|新引进)\s*$")
_NOUN_AFTER = re.compile(r"的?([\u4e00-\u9fff“”\"]{0,10}?(?:项目|企业|基金|资金|小分队|招商组|问题|平台))")
_SHARE = re.compile(r"^约?占")
_CELL_FILL = " \t|-—–:："
_LABEL_AFTER_COLON = re.compile(r"[:：]")
_CLAUSE_SPLIT = re.compile(r"[，,；;。！？!?]")


@dataclass
class Mention:
    """An entity with its cleaned-view offsets and its sentence."""

    span: Span
    start: int
    end: int
    sentence: int

    @property
    def label(self) -> str:
        return self.span.label


@dataclass
class LinkContext:
    doc: Doc
    text: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention] = field(default_factory=list)

    @classmethod
    def from_doc(cls, doc: Doc) -> LinkContext:
        text = doc.view.text
        sentences = split_sentences(text) or [(0, len(text))]
        context = cls(doc=doc, text=text, sentences=sentences)
        sentence_index = 0
        for span in sorted(doc.ents, key=lambda s: s.start):
            start, end = doc.view.from_raw_span(span.start, span.end)
            while sentence_index < len(sentences) - 1 and sentences[sentence_index][1] <= start:
                sentence_index += 1
            context.mentions.append(Mention(span, start, end, sentence_index))
        return context

    # Indexes built once per document, so that linking stays linear in the document's length.
    @cached_property
    def starts(self) -> list[int]:
        return [m.start for m in self.mentions]

    @cached_property
    def _by_sentence(self) -> dict[int, list[Mention]]:
        out: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            out.setdefault(mention.sentence, []).append(mention)
        return out

    @cached_property
    def _zones_by_canonical(self) -> dict[str, list[Mention]]:
        out: dict[str, list[Mention]] = {}
        for mention in self.mentions:
            if mention.label == EntityLabel.ZONE and mention.span.canonical:
                out.setdefault(mention.span.canonical, []).append(mention)
        return out

    def between(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in [start, end) of the cleaned view."""
        return self.mentions[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def in_sentence(self, index: int, label: str | None = None) -> list[Mention]:
        return [m for m in self._by_sentence.get(index, []) if label is None or m.label == label]

    @cached_property
    def park_items(self) -> list[tuple[Mention, list[Mention]]]:
        """The list items that open with building up a sub-park, with what they hold (`_park_items`): found once,
        read by both the figures and the projects they give the park."""
        return _park_items(self)

    def is_column_header(self, mention: Mention) -> bool:
        """A zone name alone on a line inside another zone's block: a stray PDF column header, which carries no
        relations (GUIDE.md)."""
        return id(mention) in self._column_headers

    @cached_property
    def _column_headers(self) -> set[int]:
        return {id(m) for m in self.mentions if m.label == EntityLabel.ZONE and self._alone_in_foreign_block(m)}

    def _alone_in_foreign_block(self, mention: Mention) -> bool:
        """The mention's line holds nothing but zone names (`寿阳经济技术开发区`, or a page's row of column headers
        `晋中国家农业高新技术产业示范区 寿阳经济技术开发区`), and the mention is not the zone of its section."""
        zone = self.section_zone(mention)
        if zone in (None, mention.span.canonical):
            return False
        position, line_end = self.line_bounds(mention)
        for other in self.between(position, line_end):
            if other.label != EntityLabel.ZONE or self.text[position : other.start].strip():
                return False
            position = other.end
        return not self.text[position:line_end].strip()

    def line_bounds(self, mention: Mention) -> tuple[int, int]:
        """Offsets of the line (or paragraph: the cleaned view keeps a line break only between paragraphs) that
        holds the mention."""
        line_end = self.text.find("\n", mention.end)
        return self.line_start(mention.start), len(self.text) if line_end < 0 else line_end

    def line_start(self, position: int) -> int:
        """Where the line holding a view position starts (by bisect, so that a document with few line breaks is not
        scanned back once per mention)."""
        index = bisect.bisect_left(self._line_breaks, position) - 1
        return self._line_breaks[index] + 1 if index >= 0 else 0

    @cached_property
    def _line_breaks(self) -> list[int]:
        return [i for i, ch in enumerate(self.text) if ch == "\n"]

    def section_zone(self, mention: Mention) -> str | None:
        section = self.doc.section_at(mention.span.start)
        return section.zone if section is not None else None

    def zone_mention(self, canonical: str, near: Mention) -> Span | None:
        """The mention of a zone nearest to `near`, preferring one before it (the heading) over the 供稿 line."""
        candidates = self._zones_by_canonical.get(canonical)
        if not candidates:
            return None
        before = [m for m in candidates if m.start <= near.start]
        return (before[-1] if before else candidates[0]).span

    def evidence(self, *mentions: Mention) -> tuple[int, int]:
        """Raw offsets of the sentences that hold the mentions."""
        first = min(self.sentences[m.sentence][0] for m in mentions)
        last = max(self.sentences[m.sentence][1] for m in mentions)
        return self.doc.view.to_raw(first, last)

    def clause_before(self, mention: Mention, floor: int = 0) -> str:
        start = mention.start
        while start > floor and self.text[start - 1] not in CLAUSE_DELIMITERS:
            start -= 1
        return self.text[start : mention.start]

    def attribute(self, mention: Mention, previous_attribute: str | None) -> str | None:
        """The indicator a figure reports, as written before it in its clause."""
        previous_end = max((m.end for m in self._by_sentence.get(mention.sentence, []) if m.end <= mention.start),
                           default=0)
        before = self.clause_before(mention, previous_end)
        phrase = _clean_attribute(before)
        if not phrase or "|" in phrase:  # `指标：数值` lines and table rows
            phrase = _clean_attribute(self.row_label(mention))
        if not phrase or _COUNTING_VERB.search(before):  # `签下12个中医药项目`: the counted noun follows the figure
            phrase = self.noun_after(mention) or phrase
        if not previous_attribute:
            return phrase or None
        base = _GROWTH_TAIL.sub("", previous_attribute)  # `营业收入增长` + `增速` -> `营业收入增速`
        if _SHARE.match(phrase):  # `产值218亿元，占全区工业的72%`: the share of that figure
            share = _SHARE.sub("占", phrase).rstrip("的")
            return base + share + ("" if share.endswith(("比重", "比例")) else "比重")
        if _GROWTH.match(phrase):
            return base + phrase
        return phrase or previous_attribute

    def noun_after(self, mention: Mention) -> str | None:
        """The noun a count or sum is of, written right after it (`12个[中医药项目]`, `10亿元[产业引导基金]`)."""
        match = _NOUN_AFTER.match(self.text, mention.end)
        return match.group(1) if match else None

    def row_label(self, mention: Mention) -> str:
        """The label of a figure's line in the raw text (the cleaned view joins a table's lines): a table row's
        first cell (`工业总产值 | 亿元 | 763.9`), or the words before the last colon (`规上工业企业：31家`,
        `…；同比增长：8.1%`)."""
        raw = self.doc.text
        start = self.doc.view.to_raw(mention.start, mention.end)[0]
        line = to_halfwidth(raw[raw.rfind("\n", 0, start) + 1 : start])
        if "|" in line:
            cells = [cell.strip() for cell in line.split("|") if cell.strip(_CELL_FILL)]
            return _LABEL_AFTER_COLON.split(cells[0])[-1] if cells else ""
        colon = max(line.rfind("："), line.rfind(":"))
        return _CLAUSE_SPLIT.split(line[:colon])[-1] if colon >= 0 else ""


def _clean_attribute(phrase: str) -> str:
    """An indicator without the verbs and fillers around it (`全年完成` …, … `达到`)."""
    return _ATTRIBUTE_TAIL.sub("", _ATTRIBUTE_LEAD.sub("", phrase.strip())).strip(" ,，、")


def make_triple(context: LinkContext, subject: Mention | Span, predicate: Predicate, obj: Mention,
                confidence: float, attribute: str | None = None, evidence_from: Mention | None = None) -> Triple:
    subject_span = subject.span if isinstance(subject, Mention) else subject
    anchors = [obj] + ([subject] if isinstance(subject, Mention) else []) + ([evidence_from] if evidence_from else [])
    return Triple(
        subject=subject_span,
        predicate=predicate.value,
        object=obj.span,
        evidence=context.evidence(*anchors),
        confidence=round(confidence, 4),
        attribute=attribute,
        subject_canonical=subject_span.canonical,
    )


def add_report_zones(doc: Doc, triples: list[Triple]) -> list[Triple]:
    """A project or company in a sub-park is also in the zone whose report describes it (GUIDE.md, WRITERS.md):
    `X located_in S` and `S located_in M` give `X located_in M` where M is the zone of X's section. Only the
    section's zone is added, not every ancestor (a 园 of 中关村 is not linked to the whole 示范区)."""
    parents: dict[str, list[Triple]] = {}
    for triple in triples:
        if triple.predicate == Predicate.located_in and triple.subject.label == EntityLabel.ZONE:
            parents.setdefault(triple.subject.canonical or triple.subject.text, []).append(triple)
    added = []
    for triple in triples:
        if triple.predicate != Predicate.located_in or triple.subject.label == EntityLabel.ZONE:
            continue
        section = doc.section_at(triple.subject.start)
        for parent in parents.get(triple.object.canonical or triple.object.text, ()):
            if section is not None and parent.object.canonical == section.zone:
                added.append(replace(triple, object=parent.object,
                                     confidence=round(min(triple.confidence, parent.confidence), 4)))
    return triples + added


_AREA_CUE = re.compile(r"占地\s*$")
_OF = re.compile(r"\s*的")


def give_areas_to_their_zones(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """An area written as `占地 17 万平方米的功能食品加工园` is the metric of the zone named right after 的, whichever
    subject the model gave it (the report's zone, most often): the corpus's gold has 3 such areas, all so."""
    zones = {m.start: m for m in context.mentions if m.label == EntityLabel.ZONE}
    placed = []
    for mention in context.mentions:
        if mention.label != EntityLabel.AMOUNT or not _AREA_CUE.search(context.text, max(0, mention.start - 6),
                                                                          mention.start):
            continue
        of = _OF.match(context.text, mention.end)
        zone = zones.get(of.end()) if of else None
        if zone is not None:
            placed.append((zone, mention))
    if not placed:
        return triples
    areas = {(area.span.start, area.span.end) for _, area in placed}
    kept = [t for t in triples if (t.object.start, t.object.end) not in areas]
    return kept + [make_triple(context, zone, Predicate.metric, area, confidence, attribute="占地")
                   for zone, area in placed]


# The base of a comparison, right before its figure (`与去年同期 9.6 亿元相比`, `（去年同期 4 个）`).
_COMPARISON_BASE = re.compile(r"(?:去年|上年)同期\s*$")


def add_comparison_bases(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """The base of a comparison (`完成 10.5 亿元，与去年同期 9.6 亿元相比`) is a figure of the subject whose figure it
    is compared with, the nearest metric before it in its sentence, by the same indicator. The model often lets the
    base go (P 0.49 on the seed bulletin); the corpus's gold gives all its 4 bases so."""
    metrics = {(t.object.start, t.object.end): t for t in triples if t.predicate == Predicate.metric}
    taken = {(t.object.start, t.object.end) for t in triples}
    added = []
    for mention in context.mentions:
        if (mention.label != EntityLabel.AMOUNT or (mention.span.start, mention.span.end) in taken
                or not _COMPARISON_BASE.search(context.text, max(0, mention.start - 8), mention.start)):
            continue
        compared = [m for m in context.in_sentence(mention.sentence, EntityLabel.AMOUNT)
                    if m.start < mention.start and (m.span.start, m.span.end) in metrics]
        if compared:
            figure = metrics[(compared[-1].span.start, compared[-1].span.end)]
            added.append(replace(figure, object=mention.span, evidence=context.evidence(compared[-1], mention),
                                 confidence=confidence))
    return triples + added


# A list item's opening clause that is about building up a park (`一是全力打造造纸产业园区建设。`), not a facility in it
# (`7.香港工业园北区标准厂房项目。`, `（二）泸州港多式联运物流园。由…建设`).
_PARK_ITEM_LEAD = re.compile(
    r"^\W{0,3}(?:[一二三四五六七八九十]是)?(?:全力|加快|持续|大力|着力)?(?:打造|建设|推进|做强|做大|壮大|提升)$")
_PARK_ITEM_TAIL = re.compile(r"(?:建设|发展|开发)?[。，,；;]")


def _park_items(context: LinkContext) -> list[tuple[Mention, list[Mention]]]:
    """List items that open with building up a sub-park (`一是全力打造造纸产业园区建设。…`), each with the mentions it
    holds after the park, up to another zone's name."""
    items = []
    for section in context.doc.sections:
        start, end = context.doc.view.from_raw_span(section.start, section.end)
        mentions = context.between(start, end)
        if (section.level == 0 or not mentions or mentions[0].label != EntityLabel.ZONE
                or mentions[0].span.canonical in (None, section.zone)
                or not _PARK_ITEM_LEAD.match(context.text[start : mentions[0].start])
                or not _PARK_ITEM_TAIL.match(context.text, mentions[0].end)):
            continue
        park, held = mentions[0], []
        for mention in mentions[1:]:
            if mention.label == EntityLabel.ZONE and mention.span.name_key != park.span.name_key:
                break
            held.append(mention)
        items.append((park, held))
    return items


def give_park_items_their_figures(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """A list item that opens with a sub-park (`一是全力打造造纸产业园区建设。…力争全年产值达到 60 亿元`) tells of that
    park: a figure in it that no subject won is the park's. The model reads such a figure against the section's zone
    only, the park being out of its reach. The corpus's gold has one such figure (the seed bulletin's 60 亿元)."""
    won = {(t.object.start, t.object.end) for t in triples}
    added = []
    for park, held in context.park_items:
        for mention in held:
            if mention.label == EntityLabel.AMOUNT and (mention.span.start, mention.span.end) not in won:
                won.add((mention.span.start, mention.span.end))
                added.append(make_triple(context, park, Predicate.metric, mention, confidence,
                                         attribute=context.attribute(mention, None)))
    return triples + added


def place_park_items_projects(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """The projects of a list item that opens with a sub-park are in the park (`一是全力打造造纸产业园区建设。…推动 35
    万吨包装纸、8 万吨纱管纸生产线建设`): 12 of the corpus's 13 such projects in the gold."""
    pairs = [(mention, park) for park, held in context.park_items
             for mention in held if mention.label == EntityLabel.PROJECT]
    return add_placements(context, triples, pairs, confidence)


# Words that present a firm as one of the zone's own, right before its name (GUIDE.md: 区内企业, 入驻, 落户, 新增企业,
# 重点企业/龙头企业有).
_OWN_FIRM_CUE = re.compile(r"(?:区内企业|区内的|园区内的?|园内的?|龙头企业|重点企业|链主企业|骨干企业|规上企业|园区企业|辖区企业"
                           r"|入驻的|新落户的|落户的|引进的|区内)(?:有|如|包括|为|：|:)?$")


def add_cued_firms(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """A firm the text presents as the zone's own (`区内企业X`, `新落户的X`, `龙头企业X`) is in the zone of its section
    (GUIDE.md) where nothing placed it anywhere: 159 of the 167 such firms in the corpus's gold are located in a zone.
    On bulletin-zh-1.10.0's dev split this adds 7 triples, 6 right, on test 5, all right."""
    placed = {t.subject.name_key for t in triples if t.predicate == Predicate.located_in}
    added = []
    for mention in context.mentions:
        name = mention.span.name_key
        if (mention.label != EntityLabel.COMPANY or name in placed
                or not _OWN_FIRM_CUE.search(context.text, max(0, mention.start - 10), mention.start)):
            continue
        zone = context.section_zone(mention)
        zone_span = context.zone_mention(zone, mention) if zone else None
        if zone_span is not None:
            zone_mention = Mention(zone_span, mention.start, mention.end, mention.sentence)
            added.append(make_triple(context, mention, Predicate.located_in, zone_mention, confidence))
            placed.add(name)
    return triples + added


def place_parks_in_their_parents(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """A park is located in its parent zone where the document shows the parent: written right before the park's
    name (`西宁经济技术开发区南川工业园区`; the corpus's gold has 77 such pairs, all so), or as the zone of a report
    whose parts are headed by its parks (`重庆长寿经济技术开发区…推进情况表` / `一、化工新材料产业园`). Where the park is
    the zone of a report's section, what the section places in the park is in the parent too (GUIDE.md; in the gold,
    2,878 of 2,888 names in a park with a parent are in the parent). On bulletin-zh-1.10.0's train split located_in
    F1 0.8901 -> 0.8916 for the written parents."""
    parents = {**_headed_parks(context), **_written_parks(context)}  # the park's name -> (park, parent)
    added = [make_triple(context, park, Predicate.located_in, parent, confidence) for park, parent in parents.values()]
    added += _holding_parks(context, triples, set(parents), confidence)
    for triple in triples:
        park_and_parent = parents.get(triple.object.name_key)
        section = context.doc.section_at(triple.subject.start)
        if (park_and_parent is not None and triple.predicate == Predicate.located_in and section is not None
                and section.zone == triple.object.canonical):
            added.append(replace(triple, object=park_and_parent[1].span, confidence=min(triple.confidence, confidence)))
    return triples + added


def _holding_parks(context: LinkContext, triples: list[Triple], known: set[str], confidence: float) -> list[Triple]:
    """A park (not a whole zone: 园, 片区, 新城 …) that holds names in a section of another zone's report, and that
    nothing places, is in that zone (`红山物流园区` in 赤峰高新区's report). On dev and test 15 of 22 such parks are
    so in the gold (of the parks that hold nothing, 3 of 9)."""
    holders = {t.object.name_key for t in triples if t.predicate == Predicate.located_in}
    placed = {t.subject.name_key for t in triples if t.predicate == Predicate.located_in} | known
    added = []
    for mention in context.mentions:
        name = mention.span.name_key
        if (mention.label != EntityLabel.ZONE or name in placed or name not in holders
                or name.endswith(lexicon.ZONE_LEVEL_SUFFIXES) or not lexicon.reads_like_zone(name)):
            continue
        zone = context.section_zone(mention)
        if zone in (None, name):
            continue
        zone_span = context.zone_mention(zone, mention)
        if zone_span is not None:
            added.append(make_triple(context, mention, Predicate.located_in,
                                     Mention(zone_span, mention.start, mention.end, mention.sentence), confidence))
            placed.add(name)
    return added


def _written_parks(context: LinkContext) -> dict[str, tuple[Mention, Mention]]:
    out: dict[str, tuple[Mention, Mention]] = {}
    for parent, park in zip(context.mentions, context.mentions[1:]):
        if (parent.label == park.label == EntityLabel.ZONE and park.start == parent.end
                and parent.span.name_key != park.span.name_key and lexicon.reads_like_zone(parent.span.name_key)):
            out.setdefault(park.span.name_key, (park, parent))
    return out


def _headed_parks(context: LinkContext) -> dict[str, tuple[Mention, Mention]]:
    """The parks that head blocks of a report whose title names a whole zone (开发区, 新区 …), with that zone."""
    blocks = [s for s in context.doc.sections if s.level == 0 and s.zone]
    if not blocks or not _is_title_zone(context.doc, blocks[0].zone):
        return {}
    first_mentions = {m.span.canonical: m for m in reversed(context.mentions) if m.label == EntityLabel.ZONE}
    parent = first_mentions.get(blocks[0].zone)
    out = {}
    for block in blocks[1:]:
        park = first_mentions.get(block.zone)
        if parent is not None and park is not None and block.zone != parent.span.canonical \
                and not block.zone.endswith(lexicon.ZONE_LEVEL_SUFFIXES):
            out[park.span.name_key] = (park, parent)
    return out


def _is_title_zone(doc: Doc, zone: str) -> bool:
    """Whether the zone of the document's first block is a whole zone (开发区, 新区 …) that its first line names (the
    anchor is kept under the name as written, `昆明经开区`, not the fullest name the block's zone became)."""
    first_line_end = doc.text.find("\n")
    anchors = doc.user_data.get("zone_anchors", {}).values()
    return (zone.endswith(lexicon.ZONE_LEVEL_SUFFIXES) and bool(doc.sections) and doc.sections[0].start == 0
            and any(start < first_line_end for start, _ in anchors))


# Words that place what was named before them in the zone right after (`…项目签约落户南海园`, `…基地选址光电产业园`).
_PLACING_CUE = re.compile(r"(?:落户|入驻|进驻|落地|选址|位于|布局在|布局于|坐落于|迁入|搬迁至|扎根)\s*$")
_SENTENCE_START = re.compile(r"[。；;！？!?\n]")


def place_projects_by_placing_cues(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """A project named in the sentence of `落户 <zone>`, before it (`智能传感器封测项目签约落户城东工业园`) or after it
    (`…将落户钛材料产业园，建设年产3万吨钛材项目`), is in that zone where no other zone stands between: the corpus's gold
    places 121 of 131 projects before such a cue so, and 69 of 95 after it."""
    cued = [(index, zone) for index, zone in enumerate(context.mentions)
            if zone.label == EntityLabel.ZONE and _PLACING_CUE.search(context.text, max(0, zone.start - 6), zone.start)]
    pairs = [(mention, zone) for index, zone in cued
             for mention in _sentence_neighbours(context, index) if mention.label == EntityLabel.PROJECT]
    pairs += [(project, zone) for _, zone in cued if (project := _project_told_before(context, zone))]
    return add_placements(context, triples, _with_parks_named_after(context, pairs), confidence)


def _project_told_before(context: LinkContext, zone: Mention) -> Mention | None:
    """The project a sentence that opens with its placing cue goes on about (`…储能电池系统集成项目。落户新能源电池
    产业园`, `…项目。总投资6.2亿元，位于园区`): the last named in the sentence before, in the same paragraph, where no
    zone follows it and the zone is no modifier (`位于X的Y`, `位于X内的Y`); the corpus's gold places 33 of 34 so."""
    if zone.sentence == 0 or context.text.startswith(("的", "内"), zone.end) or any(
            m.start < zone.start and m.label not in (EntityLabel.AMOUNT, EntityLabel.DATE)
            for m in context.in_sentence(zone.sentence)):
        return None
    before = [m for m in context.in_sentence(zone.sentence - 1) if m.label in (EntityLabel.PROJECT, EntityLabel.ZONE)]
    if not before or before[-1].label != EntityLabel.PROJECT or "\n" in context.text[before[-1].end : zone.start]:
        return None
    return before[-1]


# A zone named as the place where what follows happens (`在贵阳综合保税区追加投资…建设X`, `宏伟园区内，…X项目完成签约`),
# not as the venue of an event (`集中开工活动在五彩湾产业园举行`) nor after 存在/实在.
_IN_ZONE_BEFORE = re.compile(r"(?:^|[^存现实布中落])在\s*$")
_IN_ZONE_AFTER = re.compile(r"\s*(?:内|里)")
_VENUE_AFTER = re.compile(r"\s*(?:举行|举办|召开|开幕)")


def place_projects_where_zones_are_their_place(context: LinkContext, triples: list[Triple], confidence: float
                                               ) -> list[Triple]:
    """A project named after `在 <zone>` or `<zone>内` in the same sentence, with no other zone between, is in that
    zone (the corpus's gold places 234 of 236 such projects so), and so is one named before `在 <zone>`
    (`…项目在光电产业园开工`; 45 of 49, and not after 分布/集中/落: `其余项目分布在综保区和信息产业园`). Firms are left
    out: gold places few of them by this cue (7 of the 93 it would add on dev, test and train)."""
    pairs = []
    for index, zone in enumerate(context.mentions):
        if zone.label != EntityLabel.ZONE or _VENUE_AFTER.match(context.text, zone.end):
            continue
        in_zone = _IN_ZONE_BEFORE.search(context.text, max(0, zone.start - 3), zone.start)
        if not (in_zone or _IN_ZONE_AFTER.match(context.text, zone.end)):
            continue
        places, last = [zone], index  # with the park named right after it (`红河综保区内的中越…加工园投资建设X`)
        if _park_named_after(context, index):
            places, last = [zone, context.mentions[index + 1]], index + 1
        pairs += [(mention, place) for mention in _sentence_neighbours(context, last)
                  if mention.label == EntityLabel.PROJECT and (mention.start > zone.start or in_zone)
                  for place in places]
    return add_placements(context, triples, _with_parks_named_after(context, pairs), confidence)


# Between a zone and a park of it named right after (`落户利民开发区食品产业园`, `落户经开区下辖的滨河…产业园`,
# `在红河综保区内的中越…加工园`).
_PARK_AFTER_ZONE = re.compile(r"\s*(?:下辖的|新建的|内的|的)?\s*")


def _park_named_after(context: LinkContext, index: int) -> bool:
    """Whether the mention after the zone at `index` is a park named with it (`高新区新材料产业园`)."""
    following = context.mentions[index + 1 : index + 2]
    return bool(following) and following[0].label == EntityLabel.ZONE and bool(
        _PARK_AFTER_ZONE.fullmatch(context.text, context.mentions[index].end, following[0].start))


def _with_parks_named_after(context: LinkContext, pairs: list[tuple[Mention, Mention]]
                            ) -> list[tuple[Mention, Mention]]:
    """The placements, and for each whose zone is followed at once by a park (`选址高新区新材料产业园`) the same
    mention placed in the park: the cue places it in both."""
    index_of = {id(m): i for i, m in enumerate(context.mentions)}
    return pairs + [(mention, context.mentions[index_of[id(zone)] + 1]) for mention, zone in pairs
                    if _park_named_after(context, index_of[id(zone)])]


# What may stand before a park that opens its sentence as the sentence's topic (`光谷生物城签约…，其中…项目`).
_TOPIC_LEAD = re.compile(r"^[\W\d]{0,3}(?:[一二三四五六七八九十]是)?(?:园区内的?|区内的?)?$")


def place_projects_in_topic_parks(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """A sub-park that opens its sentence is what the sentence tells of (`光谷生物城签约生物医药项目6个，其中X公司Y基地…`):
    the projects named after it, up to another zone, are in it. The corpus's gold places 119 of 125 such projects so
    (`芦潮港物流园新引进企业35家，马士基…物流中心` is one it does not); the report's own zone is left to the model."""
    pairs = [(mention, zone) for index, zone in enumerate(context.mentions)
             if zone.label == EntityLabel.ZONE
             and _TOPIC_LEAD.match(context.text[context.sentences[zone.sentence][0] : zone.start])
             and context.section_zone(zone) not in (None, zone.span.canonical)
             for mention in _sentence_neighbours(context, index)
             if mention.label == EntityLabel.PROJECT and mention.start > zone.end]
    return add_placements(context, triples, pairs, confidence)


def place_projects_named_after_their_zone(context: LinkContext, triples: list[Triple], confidence: float
                                          ) -> list[Triple]:
    """A project written right after a zone's name (`广富园污水处理厂扩建工程`, `淅河片区的污水处理厂`) is in that zone:
    the corpus's gold places 523 of 528 such projects so. Not across a line break or space the cleaned view removed
    (a heading's park above a table's project), nor a name that reads like a park itself."""
    pairs = [(project, zone) for zone, project in zip(context.mentions, context.mentions[1:])
             if zone.label == EntityLabel.ZONE and project.label == EntityLabel.PROJECT
             and project.start == zone.end + context.text.startswith("的", zone.end)
             and project.start not in context.doc.view.joined_gaps
             and not lexicon.reads_like_zone(project.span.name_key)]
    return add_placements(context, triples, pairs, confidence)


def _sentence_neighbours(context: LinkContext, index: int) -> list[Mention]:
    """The mentions of the zone mention's sentence on either side of it, up to the nearest other zone."""
    zone = context.mentions[index]
    out = []
    for side in (reversed(context.mentions[:index]), context.mentions[index + 1 :]):
        for mention in side:
            low, high = (mention.end, zone.start) if mention.start < zone.start else (zone.end, mention.start)
            if _SENTENCE_START.search(context.text, low, high) or (
                    mention.label == EntityLabel.ZONE and mention.span.name_key != zone.span.name_key):
                break
            out.append(mention)
    return out


# Projects just named, placed together (`两个项目均选址满江片区`, `上述项目均计划落户开发区北区数字产业园`).
_GROUP_PLACING = re.compile(r"(?:(?P<count>[两二三四五六七八九十\d]+)\s*个|以上|上述|这些)[^，。；,;]{0,4}?项目均(?:计划|将)?"
                            r"(?:选址|位于|落户|落在|布局在|落地)(?:在|于)?")
_NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def place_project_groups(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """`…A项目…；B基地…。两个项目均选址满江片区`: the projects just named (the number the text gives, else all of the
    paragraph before the words) are in the zone named right after them."""
    pairs = []
    for match in _GROUP_PLACING.finditer(context.text):
        zone = next((m for m in context.between(match.end(), match.end() + 12) if m.label == EntityLabel.ZONE), None)
        if zone is None:
            continue
        paragraph_start = context.line_start(match.start())
        projects = [m for m in context.between(paragraph_start, match.start()) if m.label == EntityLabel.PROJECT]
        count = match["count"]
        if count:
            projects = projects[-(int(count) if count.isdigit() else _NUMBERS.get(count[-1], len(projects))):]
        pairs += [(project, zone) for project in projects]
    return add_placements(context, triples, pairs, confidence)


# A table's header that has a column for the park each row's project is in (`所在园区`, `拟落户园区`), and the start of a
# numbered row (`3  年产 15 万吨…`, `1.｜年产…`); a PDF may wrap a row over several lines.
_PARK_COLUMN = re.compile(r"(?:^|[|｜\t]|\s{2})\s*(?:所在|拟落户|落户|所属)(?:园区|片区)\s*(?:$|[|｜\t]|\s{2})", re.M)
_ROW_START = re.compile(r"^\s*\d{1,3}\s*(?:[.、．]?\s*[|｜]|\s{2,}|\t)")


def place_table_rows(context: LinkContext, triples: list[Triple], confidence: float) -> list[Triple]:
    """In a table with a column for the park (`项目名称｜所在园区｜建设单位…`), the project of each row is in the one
    park the row names: the corpus's gold places 50 of 50 such projects so. The row's builder (建设单位) is not placed
    in the row's park, which the model reads it into: 53 of the 56 such firms in the gold are not."""
    raw_starts = [m.span.start for m in context.mentions]
    pairs, firms_in_rows = [], set()
    for row_start, row_end in _table_rows(context.doc.text):
        mentions = context.mentions[bisect.bisect_left(raw_starts, row_start) : bisect.bisect_left(raw_starts, row_end)]
        parks = {m.span.canonical: m for m in mentions if m.label == EntityLabel.ZONE and m.span.canonical}
        if len(parks) == 1:
            pairs += [(m, next(iter(parks.values()))) for m in mentions if m.label == EntityLabel.PROJECT]
            firms_in_rows |= {(m.span.start, park) for m in mentions if m.label == EntityLabel.COMPANY for park in parks}
    kept = [t for t in triples if t.predicate != Predicate.located_in
            or (t.subject.start, t.object.canonical) not in firms_in_rows]
    return add_placements(context, kept, pairs, confidence)


def _table_rows(text: str) -> list[tuple[int, int]]:
    """Raw offsets of the numbered rows under a header with a park column, up to a blank line."""
    rows: list[tuple[int, int]] = []
    for header in _PARK_COLUMN.finditer(text):
        line_start = text.find("\n", header.end()) + 1
        in_rows = False
        while 0 < line_start < len(text):
            line_end = text.find("\n", line_start) % (len(text) + 1)  # -1 (the last line) -> len(text)
            line = text[line_start:line_end]
            if not line.strip():
                break
            if _ROW_START.match(line):
                rows.append((line_start, line_end))
                in_rows = True
            elif in_rows:  # a wrapped row goes on
                rows[-1] = (rows[-1][0], line_end)
            line_start = line_end + 1
    return rows


def add_placements(context: LinkContext, triples: list[Triple], pairs: list[tuple[Mention, Mention]], confidence: float
                   ) -> list[Triple]:
    """`triples` with a located_in for each (name, zone) pair whose triple they lack, once."""
    placed = {t.key for t in triples}
    added = []
    for subject, zone in pairs:
        triple = make_triple(context, subject, Predicate.located_in, zone, confidence)
        if triple.key not in placed:
            added.append(triple)
            placed.add(triple.key)
    return triples + added


# Whole zones that no bonded zone holds (the gold never places one in a 综合保税区 or 保税区), and the bonded kinds.
_HOLDS_BONDED_ZONES = ("开发区", "高新区", "经开区", "农高区", "合作区", "新区", "示范区")
_BONDED_ENDINGS = ("综合保税区", "保税区", "保税港区", "综保区")


def drop_whole_zones_in_bonded_zones(triples: list[Triple]) -> list[Triple]:
    """A development zone, a border cooperation zone or a new area is not in a bonded zone (`绥芬河边境经济合作区` is
    not in `绥芬河综合保税区`, however near the model read them): the bonded zone is the smaller."""
    return [t for t in triples if not (
        t.predicate == Predicate.located_in and t.subject.label == EntityLabel.ZONE
        and t.subject.name_key.endswith(_HOLDS_BONDED_ZONES) and t.object.name_key.endswith(_BONDED_ENDINGS))]


def dedupe(triples: list[Triple]) -> list[Triple]:
    """One triple per (subject, predicate, object) text key, keeping the most confident; none that links a name to
    itself (a park read under its zone's name: `X located_in X`)."""
    best: dict[tuple[str, str, str], Triple] = {}
    for triple in triples:
        key = triple.key
        if key[0] == key[2]:
            continue
        if key not in best or triple.confidence > best[key].confidence:
            best[key] = triple
    return sorted(best.values(), key=lambda t: (t.evidence[0], t.predicate))
