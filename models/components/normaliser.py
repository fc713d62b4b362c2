"""Give AMOUNT and DATE mentions their machine values (`models.normalise`).

A DATE without a year takes it from context, nearest first: an explicit year earlier in the same sentence
(`2023 年 5 月 30 日 … 于 10 月 31 日`); the year of the innermost section (`【2024 年工作计划】`, else the document's
dateline or title); the first year the document writes, leaving out target years (`到 2027 年`, `力争 2026 年`).
On the corpus this reads 91% of yearless dates as the annotators did, against 86% for "the last year written
before"; taking the first year rather than the most frequent one cut DATE value errors on gold spans from 287 to
281 (train), 55 to 52 (dev) and 54 to 50 (test). Where the document writes no year at all, the value says
`year_known: false`.
"""

from __future__ import annotations

import re

from models.doc import Doc, Span
from models.normalise import parse_amount, parse_date
from models.registry import Component, register
from models.schema import EntityLabel

_TARGET_BEFORE = re.compile(r"(?:到|至|力争|预计|计划|争取|目标|截至|截止|直至)\s*$")
_EXPLICIT_YEAR = re.compile(r"^\s*(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年")


def explicit_year(span: Span) -> int | None:
    """The year a DATE mention writes itself (`2023 年 5 月`), or None."""
    if not _EXPLICIT_YEAR.match(span.text):
        return None
    value = parse_date(span.text, None) or {}
    point = value.get("value") or value.get("start") or ""
    return int(point[:4]) if point[:4].isdigit() else None


@register("bulletin.normaliser.v1")
class Normaliser(Component):
    assigns = ("Span.value",)
    requires = ("doc.ents", "doc.sections")

    def __call__(self, doc: Doc) -> Doc:
        dates = [(span, explicit_year(span)) for span in doc.ents if span.label == EntityLabel.DATE]
        document_year = self.first_year(doc, dates)
        last: tuple[int, tuple[int, int]] | None = None  # (year, sentence) of the last explicit year
        values: dict[tuple[int, int, str], dict | None] = {}
        for span, year in dates:
            sentence = doc.sentence_at(span.start)
            if year is not None:
                context = year
            elif last is not None and last[1] == sentence:
                context = last[0]
            else:
                context = self.section_year(doc, span) or document_year
            values[span.key] = parse_date(span.text, context)
            if year is not None:
                last = (year, sentence)
        doc.ents = [
            span.with_(value=parse_amount(span.text)) if span.label == EntityLabel.AMOUNT
            else span.with_(value=values[span.key]) if span.label == EntityLabel.DATE
            else span
            for span in doc.ents
        ]
        return doc

    @staticmethod
    def first_year(doc: Doc, dates: list[tuple[Span, int | None]]) -> int | None:
        """The first year the document writes, target years left out (unless there is nothing else): a news item
        states its own year first (`2023年一季度重大项目集中签约`), comparisons with other years come later."""
        written = [year for _, year in dates if year]
        current = [year for span, year in dates
                   if year and not _TARGET_BEFORE.search(doc.text[max(0, span.start - 4) : span.start])]
        return (current or written or [None])[0]

    @staticmethod
    def section_year(doc: Doc, span: Span) -> int | None:
        # Sections inherit their parent's year, so the innermost one already carries the context.
        section = doc.section_at(span.start)
        return section.year if section is not None and section.year is not None else doc.year
