"""The learned components on edge-case inputs, with the tiny model trained by the real training code."""

from __future__ import annotations

import pytest

from models.components.neural_ner import text_windows
from models.pipeline import Pipeline


def test_windows_cover_every_character_once():
    windows = text_windows(1000, 256, 32)
    kept = [position for _, _, keep_start, keep_end in windows for position in range(keep_start, keep_end)]
    assert kept == list(range(1000))
    assert all(end - start <= 256 for start, end, _, _ in windows)


def test_empty_text_has_no_windows():
    assert text_windows(0, 256, 32) == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", "。", "供稿：", "【】"])
def test_blank_and_punctuation_only_texts_give_empty_results(tiny_model_dir, text):
    pipeline = Pipeline.from_pretrained(tiny_model_dir)
    doc = pipeline(text)
    assert doc.ents == [] and doc.triples == []


def test_pipe_mixes_empty_and_real_documents(tiny_model_dir, seed_text):
    pipeline = Pipeline.from_pretrained(tiny_model_dir)
    docs = list(pipeline.pipe(["", seed_text[:400], " "]))
    assert [doc.text for doc in docs] == ["", seed_text[:400], " "]
    assert docs[0].ents == [] and docs[2].ents == []
