"""A spaCy NER (`spacy.blank("zh")` with the character segmenter, trained from scratch with `spacy train`) as a
pipeline component: the baseline the character RoFormer is compared with. Its folder sits inside the model
folder (`spacy-ner/`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.doc import Doc
from models.errors import BulletinError, ErrorCode
from models.registry import Component, register

SPACY_FOLDER = "spacy-ner"


@register("bulletin.spacy_ner.v1")
class SpacyNER(Component):
    assigns = ("doc.ents",)

    def __init__(self, name: str, **config: Any):
        super().__init__(name, **config)
        self.nlp = None

    def __call__(self, doc: Doc) -> Doc:
        parsed = self.nlp(doc.text)
        doc.ents = [doc.char_span(ent.start_char, ent.end_char, ent.label_, source=self.name)
                    for ent in parsed.ents if doc.text[ent.start_char : ent.end_char].strip()]
        return doc

    def to_disk(self, path: Path) -> None:
        self.nlp.to_disk(path / SPACY_FOLDER)

    def from_disk(self, path: Path) -> SpacyNER:
        import spacy

        folder = path / SPACY_FOLDER
        if not folder.is_dir():
            raise BulletinError(ErrorCode.E204, path=folder, reason="not found")
        self.nlp = spacy.load(folder)
        return self
