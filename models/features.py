"""Per-character input of the neural models: character ids and categorical features over the cleaned view.

Features (each an embedding table in the model, in this order):
- `char_class`: padding, CJK, digit, Chinese numeral, Latin letter, punctuation, white space/line break, other
- `word_pos`: position in the jieba word (B, M, E, S)
- `pos_tag`: the jieba part of speech of the word (ns = place, nt = organisation, m = numeral …)
- `rule`: B/I of the AMOUNT and DATE patterns (`models.patterns`)
- `suffix`: inside a zone suffix (开发区), a company form (有限公司, 集团) or a project head (项目, 生产线)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models import lexicon, patterns

PAD, UNK = "[PAD]", "[UNK]"
POS_TAGS = (
    "a ad ag an b c d df dg e eng f g h i j k l m mg mq n ng nr nrfg nrt ns nt nz o p q r rg rr rz s t tg u ud ug uj "
    "ul uv uz v vd vg vi vn vq x y z zg"
).split()
_POS_INDEX = {tag: index + 2 for index, tag in enumerate(POS_TAGS)}  # 0 padding, 1 unknown tag
_SUFFIX_PATTERNS = (
    re.compile(patterns.trie_regex(lexicon.ZONE_SUFFIXES)),
    re.compile(patterns.trie_regex(lexicon.COMPANY_SUFFIXES)),
    re.compile(patterns.trie_regex(lexicon.PROJECT_SUFFIXES)),
)
RULE_B_AMOUNT, RULE_B_DATE = 1, 3  # rule feature: 0 none, 1/2 B/I-AMOUNT, 3/4 B/I-DATE
FEATURE_VOCAB_SIZES = {
    "char_class": 8,
    "word_pos": 5,
    "pos_tag": len(POS_TAGS) + 2,
    "rule": 5,
    "suffix": len(_SUFFIX_PATTERNS) + 1,
}
_PUNCTUATION = set("，。、；：？！“”‘’（）《》【】—…·,.;:?!\"'()[]<>-/%&+~～")
_CHINESE_NUMERALS = set(lexicon.CHINESE_NUMERAL_CHARS)


def char_class(ch: str) -> int:
    if "\u4e00" <= ch <= "\u9fff":
        return 3 if ch in _CHINESE_NUMERALS else 1
    if ch.isdigit():
        return 2
    if ch.isascii() and ch.isalpha():
        return 4
    if ch in _PUNCTUATION:
        return 5
    if ch.isspace():
        return 6
    return 7


_BMP = 0x10000
_CLASS_TABLE = np.array([char_class(chr(code)) if not 0xD800 <= code < 0xE000 else 7 for code in range(_BMP)],
                        dtype=np.int64)


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


@dataclass
class Vocab:
    """Characters to ids; id 0 pads, id 1 stands for every character not in the vocabulary."""

    chars: list[str]

    def __post_init__(self) -> None:
        self.index = {ch: i for i, ch in enumerate(self.chars)}
        self._table = np.ones(_BMP, dtype=np.int64)  # unknown by default
        for ch, i in self.index.items():
            if len(ch) == 1 and ord(ch) < _BMP:
                self._table[ord(ch)] = i

    @classmethod
    def build(cls, texts: list[str], min_count: int = 2) -> Vocab:
        counts: dict[str, int] = {}
        for text in texts:
            for ch in text:
                counts[ch] = counts.get(ch, 0) + 1
        chars = sorted(ch for ch, n in counts.items() if n >= min_count and not ch.isspace() or ch == "\n")
        return cls([PAD, UNK] + [ch for ch in chars if ch not in (PAD, UNK)])

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        codes = code_points(text)
        return np.where(codes < _BMP, self._table[np.minimum(codes, _BMP - 1)], 1)

    def save(self, path: Path) -> None:
        path.write_text("\n".join(ch if ch != "\n" else "[NL]" for ch in self.chars) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Vocab:
        lines = path.read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        return cls([("\n" if line == "[NL]" else line) for line in lines])


def doc_features(doc: Any) -> np.ndarray:
    """`featurize` of a Doc's cleaned view, computed once and shared by the tagger and the relation model."""
    features = doc.user_data.get("view_features")
    if features is None or len(features) != len(doc.view.text):
        features = doc.user_data["view_features"] = featurize(doc.view.text, doc.user_data.get("view_tokens") or [])
    return features


def featurize(text: str, view_tokens: list[tuple[int, int, str]]) -> np.ndarray:
    """(len(text), 5) int64 feature ids for the cleaned text and its jieba words (start, end, POS)."""
    n = len(text)
    features = np.zeros((n, len(FEATURE_VOCAB_SIZES)), dtype=np.int64)
    codes = code_points(text)
    features[:, 0] = np.where(codes < _BMP, _CLASS_TABLE[np.minimum(codes, _BMP - 1)], 7)
    for start, end, tag in view_tokens:
        if end - start == 1:
            features[start, 1] = 4
        else:
            features[start, 1] = 1
            features[start + 1 : end - 1, 1] = 2
            features[end - 1, 1] = 3
        features[start:end, 2] = _POS_INDEX.get(tag, 1)
    dates = patterns.find_dates(text)
    for begin, spans in ((RULE_B_DATE, dates), (RULE_B_AMOUNT, patterns.find_amounts(text, dates))):
        for start, end in spans:
            features[start, 3] = begin
            features[start + 1 : end, 3] = begin + 1  # the matching I- value
    for value, regex in enumerate(_SUFFIX_PATTERNS, start=1):
        for match in regex.finditer(text):
            features[match.start() : match.end(), 4] = value
    return features
