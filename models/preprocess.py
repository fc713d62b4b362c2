"""Offset-true cleaning of PDF-extracted bulletin text.

`TextView.from_raw(raw)` makes the cleaned text the models read: full-width ASCII folded to half-width, line
breaks that a PDF put inside a sentence or a number+unit removed, spaces between CJK text and numbers removed.
Cleaning only maps characters 1:1 or deletes them, so the view keeps, for every cleaned character, the index of the
raw character it came from. A span found on the view maps back with `to_raw`, and `raw[start:end]` is then the
posted text, line breaks and spaces inside it included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from models.textnorm import to_halfwidth

# A line that starts a structural unit keeps the break before it.
STRUCTURAL_LINE = re.compile(
    r"^\s*(?:【|\[|第[一二三四五六七八九十]+[章节部分条]|[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[是要、]"
    r"|\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）]|供稿|[①-⑳]|[■●◆▲★•·]\s*)"
)
# A line that is a heading by itself keeps the break after it; so does a masthead's issue line (`统计信息 2023 年第
# 11 期`), which would otherwise run into the next line's name (`…期贵安新区经济发展局编`).
HEADING_LINE = re.compile(
    r"^\s*(?:【[^】\n]*】|[(（][一二三四五六七八九十]+[)）][^，。；,;]{0,18}|[^，。；,;]{0,40}第\s*\d+\s*期"
    r"|[■●◆▲★][^，。；,;]{0,40})\s*$"
)
SENTENCE_END = "。！？!?；;：:"
_HORIZONTAL_SPACE = " \t\u3000\u00a0\r"
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0\r]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class TextView:
    """A cleaned view of `raw` with the raw index of every cleaned character (`index[i]`)."""

    raw: str
    text: str
    index: np.ndarray  # int64, len(text) + 1; index[len(text)] == len(raw)

    @classmethod
    def identity(cls, raw: str) -> TextView:
        return cls(raw=raw, text=raw, index=np.arange(len(raw) + 1, dtype=np.int64))

    @classmethod
    def from_raw(cls, raw: str, *, zone_line: re.Pattern[str] | None = None) -> TextView:
        """Clean `raw`; `zone_line` matches lines that are zone names alone (column headers) to keep them apart."""
        folded = to_halfwidth(raw)
        keep = np.ones(len(raw), dtype=bool)
        _mark_spaces(folded, keep)
        _mark_line_joins(folded, keep, zone_line)
        _keep_header_spaces(folded, keep, zone_line)
        kept = np.flatnonzero(keep)
        codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
        text = codes[kept].tobytes().decode("utf-32-le")
        index = np.append(kept, len(raw)).astype(np.int64)
        return cls(raw=raw, text=text, index=index)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of the cleaned span [start, end) (half-open; empty spans stay empty)."""
        if end <= start:
            position = int(self.index[start])
            return position, position
        return int(self.index[start]), int(self.index[end - 1]) + 1

    @cached_property
    def joined_gaps(self) -> frozenset[int]:
        """Cleaned positions whose character followed raw characters that cleaning removed (spaces, line breaks)."""
        return frozenset(int(p) for p in np.flatnonzero(np.diff(self.index[: len(self.text)]) > 1) + 1)

    @cached_property
    def joined_breaks(self) -> frozenset[int]:
        """Cleaned positions whose character followed a line break that cleaning removed (`安装中⏎石墨…` reads
        `安装中石墨…`): where a wrapped line or a table row ended in the raw text."""
        return frozenset(p for p in self.joined_gaps if "\n" in self.raw[self.index[p - 1] + 1 : self.index[p]])

    @cached_property
    def _raw_to_clean(self) -> np.ndarray:
        # For each raw position, the first cleaned index at or after it.
        return np.searchsorted(self.index[:-1], np.arange(len(self.raw) + 1), side="left")

    def from_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Cleaned offsets covering the raw span [start, end) (characters deleted by cleaning drop out)."""
        mapping = self._raw_to_clean
        return int(mapping[start]), int(mapping[end])


def _mark_spaces(folded: str, keep: np.ndarray) -> None:
    """Delete runs of horizontal space unless both neighbours are ASCII letters or digits (`PM7 PM8`)."""
    for match in _SPACE_RUN.finditer(folded):
        start, end = match.span()
        before = folded[start - 1] if start > 0 else "\n"
        after = folded[end] if end < len(folded) else "\n"
        if "\r" in match.group() or not (_ASCII_WORD.match(before) and _ASCII_WORD.match(after)):
            keep[start:end] = False


def _keep_header_spaces(folded: str, keep: np.ndarray, zone_line: re.Pattern[str] | None) -> None:
    """Inside a column-header line of several zone names (`晋中…示范区 寿阳…开发区`) the space separates two names."""
    if zone_line is None:
        return
    offset = 0
    for line in folded.split("\n"):
        stripped = line.strip(_HORIZONTAL_SPACE)
        if stripped and zone_line.match(line) and len(stripped.split()) > 1:
            inner_start = offset + len(line) - len(line.lstrip(_HORIZONTAL_SPACE))
            for match in _SPACE_RUN.finditer(stripped):
                keep[inner_start + match.start() : inner_start + match.end()] = True
        offset += len(line) + 1


def _mark_line_joins(folded: str, keep: np.ndarray, zone_line: re.Pattern[str] | None) -> None:
    """Delete a line break that a PDF put inside running text; keep paragraph and structural breaks."""
    lines = folded.split("\n")
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    stripped = [line.strip(_HORIZONTAL_SPACE) for line in lines]
    headers = _column_headers(stripped, zone_line)
    typical = _typical_width(stripped)
    for number in range(len(lines) - 1):
        if number in headers or number + 1 in headers:
            continue
        if _is_join(stripped[number], stripped[number + 1]):
            keep[starts[number + 1] - 1] = False
        elif stripped[number] and not stripped[number + 1]:
            following = next((n for n in range(number + 1, len(lines)) if stripped[n]), None)
            if following is not None and following not in headers and _is_page_break(
                stripped[number], stripped[following], typical
            ):
                keep[starts[number + 1] - 1 : starts[following] - 1] = False
                keep[starts[following] - 1] = False


def _typical_width(lines: list[str]) -> int:
    long_lines = sorted(len(line) for line in lines if len(line) >= 8)
    return long_lines[len(long_lines) // 2] if long_lines else 0


def _is_page_break(previous: str, following: str, typical: int) -> bool:
    """A blank line that a page or column break put inside a sentence: the line before it is full and unfinished."""
    return typical >= 15 and len(previous) >= 0.8 * typical and _is_join(previous, following)


def _column_headers(lines: list[str], zone_line: re.Pattern[str] | None) -> set[int]:
    """Lines that are zone names alone and shorter than the text's wrapped lines (stray column headers)."""
    if zone_line is None:
        return set()
    typical = _typical_width(lines)
    return {
        number
        for number, line in enumerate(lines)
        if zone_line.match(line)
        and (typical < 15 or len(line) < 0.8 * typical)
        and not (number > 0 and "供稿" in lines[number - 1])
    }


def _is_join(previous: str, following: str) -> bool:
    if not previous or not following:
        return False
    return not (previous[-1] in SENTENCE_END or STRUCTURAL_LINE.match(following) or HEADING_LINE.match(previous))


_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’\"]?|\n|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds over the cleaned text: after 。！？ (with a closing quote) and at line breaks."""
    bounds = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        stripped_end = end
        while stripped_end > start and text[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end > start:
            bounds.append((start, stripped_end))
    return bounds
