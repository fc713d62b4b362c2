"""The objects a pipeline fills: `Doc` with `Span`s, `Section`s, `Token`s and `Triple`s.

All offsets are half-open character offsets into `Doc.text`, the raw text exactly as posted. Components that work
on the cleaned text (`Doc.view.text`) convert with `Doc.span_from_view`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from models.errors import BulletinError, ErrorCode
from models.preprocess import TextView


def key_text(name: str) -> str:
    """A name as scoring compares it: without white space (PDF text breaks names anywhere)."""
    return "".join(name.split())


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str
    value: dict[str, Any] | None = None
    canonical: str | None = None
    confidence: float = 1.0
    source: str = ""  # the component that found it

    def with_(self, **changes: Any) -> Span:
        return replace(self, **changes)

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label

    @property
    def name_key(self) -> str:
        """The name a triple compares: a zone's canonical name, otherwise the text; no white space."""
        return key_text(self.canonical or self.text)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    start: int
    end: int
    heading: str | None
    zone: str | None
    year: int | None
    level: int


@dataclass(frozen=True)
class Triple:
    subject: Span
    predicate: str
    object: Span
    evidence: tuple[int, int]
    confidence: float = 1.0
    attribute: str | None = None
    subject_canonical: str | None = None  # for ZONE subjects: the zone's full name

    @property
    def key(self) -> tuple[str, str, str]:
        """What scoring compares: texts without white space, zones by their canonical name."""
        subject = key_text(self.subject_canonical) if self.subject_canonical else self.subject.name_key
        return subject, self.predicate, self.object.name_key


@dataclass
class Doc:
    """A bulletin and everything the pipeline found in it."""

    text: str
    view: TextView
    sections: list[Section] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    ents: list[Span] = field(default_factory=list)
    triples: list[Triple] = field(default_factory=list)
    year: int | None = None
    user_data: dict[str, Any] = field(default_factory=dict)

    def char_span(self, start: int, end: int, label: str, **attrs: Any) -> Span:
        """A span over raw offsets; refuses offsets outside the text or empty spans."""
        if not 0 <= start < end <= len(self.text):
            raise BulletinError(ErrorCode.E301, start=start, end=end, length=len(self.text))
        return Span(start=start, end=end, label=label, text=self.text[start:end], **attrs)

    def span_from_view(self, start: int, end: int, label: str, **attrs: Any) -> Span:
        """A span found on the cleaned view, mapped back to raw offsets."""
        raw_start, raw_end = self.view.to_raw(start, end)
        return self.char_span(raw_start, raw_end, label, **attrs)

    def section_at(self, position: int, level: int | None = None) -> Section | None:
        """The innermost section (or the one at `level`) containing a raw position."""
        found = None
        for section in self.sections:
            if section.start <= position < section.end and (level is None or section.level == level):
                if found is None or section.level >= found.level:
                    found = section
        return found

    def sentence_at(self, position: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= position < end:
                return start, end
        return 0, len(self.text)


def filter_spans(spans: list[Span]) -> list[Span]:
    """Flat spans: longer spans win over the spans they overlap, then earlier ones (like spaCy's filter_spans)."""
    chosen: list[Span] = []
    taken = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(i in taken for i in range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)
