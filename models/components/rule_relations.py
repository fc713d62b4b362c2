"""Pattern rules that link entities into triples: the baseline for the learned classifier, and its fallback.

Cue words decide the predicate (总投资 -> total_investment, 开工 -> started_on …); the subject is the nearest
fitting entity in the sentence, or the project the previous sentences are about; a figure that no project or
company claims belongs to the zone of its section (`metric`, with the indicator as attribute).
"""

from __future__ import annotations

import re

from models.doc import Doc, Triple
from models.linking import LinkContext, Mention, dedupe, make_triple
from models.registry import Component, register
from models.schema import EntityLabel, Predicate

AMOUNT_CUES = (
    (Predicate.invested, re.compile(r"(?:已|累计|当年|年度|今年)?完成(?:固定资产)?投资(?:额)?(?:约|近|超)?$")),
    (Predicate.total_investment, re.compile(r"(?:总投资|计划投资|投资总额|总投资额|拟投资|预计投资|规划投资|概算投资|估算投资|投资)(?:额)?(?:约|近|超|达)?$")),
    (Predicate.capacity, re.compile(r"(?:年产|产能|生产能力|年处理|年加工|年吞吐|设计产能|年产能|年发电量|装机容量|储能规模)(?:约|达|为|达到)?$")),
    (Predicate.subsidy, re.compile(r"(?:奖补|补助|补贴|专项资金|扶持资金|奖励|奖补资金)(?:资金)?(?:约|达|共)?$")),
)
DATE_CUES = (
    (Predicate.signed_on, re.compile(r"签约|签署|签订")),
    (Predicate.started_on, re.compile(r"开工|动工|开建|奠基")),
    (Predicate.completed_on, re.compile(r"投产|建成|完工|竣工|完成|投用|运营|达产|交付|并网|试生产|投入使用")),
)
_BUILD_CUE = re.compile(r"(?:投资建设|投资兴建|建设|实施|投资|打造|承建|新建|牵头|推进|开工|建成|的)$")
_BUILT_BY = re.compile(r"^(?:由|系)")
_PARTNER_LINK = re.compile(r"^(?:与|和|同|携手|联合)$")
_PARTNER_CUE = re.compile(r"合作|签约|签署|对接|联合|共建|战略|携手|合资")
_COMPANY_IN_ZONE_CUE = re.compile(r"重点企业|入驻|落户|新增企业|引进|骨干企业|龙头企业|规上企业|企业有|新迁入|入园")
_PHASE = re.compile(r"[一二三四]期")
_THRESHOLD = re.compile(r"^(?:的)?(?:重大|重点)?(?:转型|产业|工业|招商)?(?:项目|企业)")
_SUB_PARK = re.compile(r"(?:园区|产业园|工业园|园|基地|片区|功能区)$")


@register("bulletin.rule_relations.v1")
class RuleRelations(Component):
    assigns = ("doc.triples",)
    requires = ("doc.ents", "doc.sections", "Span.canonical")
    default_config = {"window_sentences": 2}

    def __call__(self, doc: Doc) -> Doc:
        context = LinkContext.from_doc(doc)
        triples: list[Triple] = []
        triples += self._amount_and_metric_triples(context)
        triples += self._date_triples(context)
        triples += self._builds(context)
        triples += self._partners(context)
        triples += self._located_in(context)
        doc.triples = dedupe(triples)
        return doc

    # --- figures --------------------------------------------------------------------------------------------
    def _amount_and_metric_triples(self, context: LinkContext) -> list[Triple]:
        triples = []
        previous_attribute: str | None = None
        for mention in context.mentions:
            if mention.label != EntityLabel.AMOUNT:
                continue
            lead = context.clause_before(mention)[-12:]
            predicate = next((p for p, cue in AMOUNT_CUES if cue.search(lead)), None)
            subject = self._owner(context, mention, predicate)
            if predicate is not None and subject is not None and not self._phase_plan(lead, predicate):
                triples.append(make_triple(context, subject, predicate, mention, 0.8))
                continue
            if self._about_project(context, mention) or self._is_threshold(context, mention):
                continue
            zone = context.section_zone(mention)
            zone_span = context.zone_mention(zone, mention) if zone else None
            if zone_span is not None:
                previous_attribute = context.attribute(mention, previous_attribute)
                triples.append(make_triple(context, zone_span, Predicate.metric, mention, 0.6,
                                           attribute=previous_attribute))
        return triples

    def _owner(self, context: LinkContext, mention: Mention, predicate: Predicate | None) -> Mention | None:
        if predicate is None:
            return None
        label = EntityLabel.COMPANY if predicate == Predicate.subsidy else EntityLabel.PROJECT
        return self._nearest(context, mention, label)

    def _nearest(self, context: LinkContext, mention: Mention, label: str) -> Mention | None:
        """The nearest `label` entity before the mention in its sentence, else just after it in the sentence,
        else the last one in the previous sentences of the window."""
        same = context.in_sentence(mention.sentence, label)
        before = [m for m in same if m.end <= mention.start]
        if before:
            return before[-1]
        after = [m for m in same if m.start >= mention.end and m.start - mention.end <= 16]
        if after:
            return after[0]
        for index in range(mention.sentence - 1, max(-1, mention.sentence - 1 - self.config["window_sentences"]), -1):
            earlier = context.in_sentence(index, label)
            if earlier:
                return earlier[-1]
        return None

    @staticmethod
    def _phase_plan(lead: str, predicate: Predicate) -> bool:
        """`二期计划投资 5.6 亿元`: a phase's planned figure is not the project's."""
        return predicate in (Predicate.total_investment, Predicate.capacity) and bool(_PHASE.search(lead))

    @staticmethod
    def _about_project(context: LinkContext, mention: Mention) -> bool:
        return any(m.end <= mention.start for m in context.in_sentence(mention.sentence, EntityLabel.PROJECT))

    @staticmethod
    def _is_threshold(context: LinkContext, mention: Mention) -> bool:
        return mention.span.text.endswith("以上") and bool(_THRESHOLD.match(context.text[mention.end : mention.end + 8]))

    # --- dates ----------------------------------------------------------------------------------------------
    def _date_triples(self, context: LinkContext) -> list[Triple]:
        triples = []
        for mention in context.mentions:
            if mention.label != EntityLabel.DATE:
                continue
            after = context.text[mention.end : mention.end + 10]
            predicate = next((p for p, cue in DATE_CUES if cue.search(after)), None)
            if predicate is None:
                continue
            project = self._nearest(context, mention, EntityLabel.PROJECT)
            if project is not None:
                triples.append(make_triple(context, project, predicate, mention, 0.7))
        return triples

    # --- companies ------------------------------------------------------------------------------------------
    def _builds(self, context: LinkContext) -> list[Triple]:
        triples = []
        mentions = context.mentions
        for index, company in enumerate(mentions):
            if company.label != EntityLabel.COMPANY:
                continue
            for other in mentions[index + 1 :]:
                if other.sentence != company.sentence or other.label == EntityLabel.COMPANY:
                    break
                if other.label != EntityLabel.PROJECT:
                    continue
                between = context.text[company.end : other.start]
                if other.start - company.end <= 1 or (len(between) <= 20 and _BUILD_CUE.search(between)):
                    triples.append(make_triple(context, company, Predicate.builds, other, 0.7))
                break
        for index, project in enumerate(mentions):
            if project.label != EntityLabel.PROJECT:
                continue
            for other in mentions[index + 1 : index + 3]:
                if other.label == EntityLabel.COMPANY and other.sentence == project.sentence and _BUILT_BY.match(
                    context.text[project.end : other.start].lstrip("，,")
                ):
                    triples.append(make_triple(context, other, Predicate.builds, project, 0.6))
        return triples

    def _partners(self, context: LinkContext) -> list[Triple]:
        triples = []
        mentions = context.mentions
        for first, second in zip(mentions, mentions[1:]):
            if first.label == second.label == EntityLabel.COMPANY and first.sentence == second.sentence:
                sentence = context.text[slice(*context.sentences[first.sentence])]
                if _PARTNER_LINK.match(context.text[first.end : second.start]) and _PARTNER_CUE.search(sentence):
                    triples.append(make_triple(context, first, Predicate.partners_with, second, 0.7))
        return triples

    # --- zones ----------------------------------------------------------------------------------------------
    def _located_in(self, context: LinkContext) -> list[Triple]:
        triples = []
        for mention in context.mentions:
            zone = context.section_zone(mention)
            if zone is None:
                continue
            if mention.label == EntityLabel.PROJECT:
                confidence = 0.7
            elif mention.label == EntityLabel.COMPANY:
                sentence = context.text[slice(*context.sentences[mention.sentence])]
                if not _COMPANY_IN_ZONE_CUE.search(sentence):
                    continue
                confidence = 0.6
            elif mention.label == EntityLabel.ZONE:
                if mention.span.canonical == zone or not _SUB_PARK.search(mention.span.canonical or ""):
                    continue
                confidence = 0.5
            else:
                continue
            zone_span = context.zone_mention(zone, mention)
            if zone_span is not None:
                zone_mention = Mention(zone_span, mention.start, mention.end, mention.sentence)
                triples.append(make_triple(context, mention, Predicate.located_in, zone_mention, confidence))
        return triples
