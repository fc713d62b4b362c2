"""Regular expressions for AMOUNT and DATE mentions on the cleaned view, built from `models.lexicon`.

They find spans; `models.normalise` gives them values. The same patterns serve the rule tagger, the model's
features and the span-repair step after the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models import lexicon


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of `words`, factored by prefix so that matching stays fast with thousands of names."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches, optional = [], False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            branches.append(re.escape(ch) + render(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        if optional:
            body = (body if body.startswith("(?:") else "(?:" + body + ")") + "?"
        return body

    return render(trie)


_NUM_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUM_ZH = r"[〇零一二两三四五六七八九十百千万亿]+"
# A Chinese numeral figure starts with a digit or 十 (`一百四十`, `十余`); a bare 千/百 is a word (`千亩`, `百度`).
_NUM_ZH_BIG = r"(?:(?:[〇零一二两三四五六七八九]+[十百千万亿]|十)[〇零一二两三四五六七八九十百千万亿]*)"
_MULT = "(?:" + "|".join(sorted(lexicon.MULTIPLIERS, key=len, reverse=True)) + ")"
_UNIT = trie_regex(lexicon.ALL_AMOUNT_UNITS)
_RATE_DENOMINATORS = r"(?:/(?:年|亩|平方米|吨|人|月|天|小时|千瓦时|a|h|d))?"
_APPROX_IN = "[余多]"
_APPROX_SUFFIX = "(?:" + "|".join(lexicon.APPROX_SUFFIXES) + ")"
_RANGE = r"[-—–~～至到]"

AMOUNT = re.compile(
    rf"(?<![\dA-Za-z.〇零一二两三四五六七八九十百千万亿第])(?:"
    rf"百分之{_NUM_ZH}"
    rf"|{_NUM_AR}(?:{_RANGE}{_NUM_AR})?\s?%"
    rf"|(?:{_NUM_AR}{_APPROX_IN}?{_MULT}?(?:{_RANGE}{_NUM_AR}{_MULT}?)?|{_NUM_ZH_BIG}{_APPROX_IN}?)"
    rf"{_APPROX_IN}?\s?(?:{_UNIT}){_RATE_DENOMINATORS}{_APPROX_SUFFIX}?"
    rf")"
)
# Small Chinese counts (两个, 三件) are determiners, not figures (SCHEMA rule 9); big ones (十余家, 一百四十亩) are.

_YEAR = r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_REL = "(?:" + "|".join(sorted(set(lexicon.RELATIVE_YEARS) - {"当年"}, key=len, reverse=True)) + ")"
# A bare 中 after 年 is read as 年中 only in the normaliser: in running text `2020 年中国…` is far more common.
_MOD = "(?:" + "|".join(sorted(set(lexicon.DATE_MODIFIER_WORDS) - {"中"}, key=len, reverse=True)) + ")"
_MONTH_DAY = rf"{_MONTH}月份?(?:{_DAY}[日号])?"
_DATE_ALTERNATIVES = [
    rf"{_YEAR}[-./]{_MONTH}(?:[-./]{_DAY})?(?![\d.])",
    rf"{_YEAR}年(?:度)?(?:{_MONTH_DAY})?(?:{_RANGE}(?:{_YEAR}年(?:{_MONTH_DAY})?|{_MONTH_DAY}|{_MONTH}月份?))?{_MOD}?",
    rf"{_YEAR}年{_MONTH}{_RANGE}{_MONTH}月份?{_MOD}?",
    rf"{_YEAR}{_RANGE}{_YEAR}年",
    rf"(?:{_YEAR}年|{_REL})?(?:第?[一二三四1-4]|首|前[一二三])季度?(?:末|初)?",
    rf"(?:{_YEAR}年|{_REL})?[上下]半年",
    rf"{_REL}(?:{_MONTH_DAY}{_MOD}?|[底末初]前?)",
    rf"{_MONTH}{_RANGE}{_MONTH}月份?{_MOD}?",
    rf"{_MONTH_DAY}{_MOD}?",
    r"年[底末初中]前?",
    r"[“\"]?十[二三四五]五[”\"]?(?:末|初|期间|时期)?",
]
DATE = re.compile(r"(?<![\dA-Za-z.])(?:" + "|".join(_DATE_ALTERNATIVES) + ")")

# A year-like number followed by 年 is a DATE even though 年 is also a duration unit.
_YEAR_LIKE = re.compile(rf"^{_YEAR}年")


def find_dates(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in DATE.finditer(text)]


def find_amounts(text: str, taken: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """AMOUNT spans that do not overlap `taken` (DATE spans go first)."""
    out = []
    blocked = sorted(taken)
    for match in AMOUNT.finditer(text):
        start, end = match.span()
        if _YEAR_LIKE.match(text[start:end]) or _overlaps(start, end, blocked):
            continue
        if _is_determiner(text[start:end]):
            continue
        out.append((start, end))
    return out


def _is_determiner(mention: str) -> bool:
    """`两个`, `三件` (a single Chinese digit and a count unit) are determiners, not figures."""
    return len(mention) == 2 and mention[0] in "一二两三四五六七八九" and mention[1] in lexicon.COUNT_UNITS


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)
