"""Word tokenization with jieba (the Rust port `rjieba` by default: the same tokens, ~30x faster).

Tokens are cut on the cleaned view, so a word broken by a PDF line break comes out whole; each token's raw offsets
cover the original characters. A user dictionary (zone and company names from the annotations) keeps names whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.doc import Doc, Token
from models.registry import Component, register

USER_DICT_FILE = "userdict.txt"


class _JiebaBackend:
    """The Python jieba package, for comparison with rjieba; the same interface."""

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        self._tokenizer = jieba.Tokenizer()
        self._tagger = jieba.posseg.POSTokenizer(self._tokenizer)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        self._tokenizer.add_word(word, freq, tag)

    def tag(self, text: str, hmm: bool = True) -> list[tuple[str, str]]:
        return [(pair.word, pair.flag) for pair in self._tagger.cut(text, HMM=hmm)]


def _make_backend(name: str) -> Any:
    if name == "rjieba":
        import rjieba

        return rjieba.Jieba()
    if name == "jieba":
        return _JiebaBackend()
    raise ValueError(f"unknown tokenizer backend {name!r}; choose rjieba or jieba")


@register("bulletin.tokenizer.v1")
class Tokenizer(Component):
    assigns = ("doc.tokens", "doc.user_data['view_tokens']")
    default_config = {"backend": "rjieba", "hmm": True}

    def __init__(self, name: str, **config: Any):
        super().__init__(name, **config)
        self._backend = _make_backend(self.config["backend"])
        self.user_words: list[tuple[str, str]] = []

    def add_words(self, words: list[tuple[str, str]]) -> None:
        """Add (word, POS tag) pairs, e.g. ("寿阳经济技术开发区", "nz")."""
        for word, tag in words:
            self._backend.add_word(word, None, tag)
        self.user_words.extend(words)

    def initialize(self, *, user_words: list[tuple[str, str]] | None = None, **_: Any) -> None:
        self.add_words(sorted(set(user_words or [])))

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, POS) of every word of `text`."""
        out, position = [], 0
        for word, tag in self._backend.tag(text, self.config["hmm"]):
            out.append((position, position + len(word), tag))
            position += len(word)
        return out

    def __call__(self, doc: Doc) -> Doc:
        view_tokens = self.tag(doc.view.text)
        doc.user_data["view_tokens"] = view_tokens
        tokens = []
        for start, end, _ in view_tokens:
            if doc.view.text[start:end].isspace():
                continue
            raw_start, raw_end = doc.view.to_raw(start, end)
            tokens.append(Token(raw_start, raw_end, doc.text[raw_start:raw_end]))
        doc.tokens = tokens
        return doc

    def to_disk(self, path: Path) -> None:
        lines = [f"{word} {tag}" for word, tag in self.user_words]
        (path / USER_DICT_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def from_disk(self, path: Path) -> Tokenizer:
        file = path / USER_DICT_FILE
        if file.exists():
            words = [tuple(line.rsplit(" ", 1)) for line in file.read_text(encoding="utf-8").splitlines() if line]
            self.add_words([(w, t) for w, t in words])
        return self
