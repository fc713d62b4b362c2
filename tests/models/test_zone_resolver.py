"""Zone resolution: abbreviations, short forms, canonical names on the seed."""

from __future__ import annotations

import pytest

from models.components.zone_resolver import abbreviates


@pytest.mark.parametrize(("short", "full", "expected"), [
    ("寿阳开发区", "寿阳经济技术开发区", True),
    ("盂县经开区", "盂县经济技术开发区", True),
    ("阳泉高新区", "阳泉高新技术产业开发区", True),
    ("晋中国家农高区", "晋中国家农业高新技术产业示范区", True),
    ("七里河园区", "寿阳经济技术开发区", False),
    ("寿阳经济技术开发区", "寿阳经济技术开发区", False),
])
def test_abbreviates(short, full, expected):
    assert abbreviates(short, full) is expected


def test_rules_pipeline_resolves_short_forms_on_the_seed(rules_pipeline, seed_text):
    doc = rules_pipeline(seed_text)
    first = seed_text.index("开发区现有企业")
    zone = next(s for s in doc.ents if s.start == first and s.label == "ZONE")
    assert zone.canonical == "寿阳经济技术开发区"
    credited = [s for s in doc.ents if s.label == "ZONE" and s.canonical == "盂县经济技术开发区"]
    assert credited, "the 供稿 zone is a ZONE mention even where the tagger misses it"
