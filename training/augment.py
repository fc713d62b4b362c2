"""Transformations of annotated records that keep every span on its text.

- `pdf_rewrap`: text as a PDF extractor leaves it: a hard line break every 20–30 characters (inside words and
  spans too) and spaces between numbers and units (`110.3 亿元`, `2023 年`).
- `swap_punctuation`: full-width ↔ ASCII punctuation (`，：；（）` ↔ `,:;()`).
- `substitute_entities`: ZONE / COMPANY / PROJECT mentions replaced by other names of the same label, so the model
  learns name shapes instead of memorising the names it saw.

Each takes and returns a corpus record (doccano relation JSONL shape) and never mutates its input.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from typing import Any

from models.schema import EntityLabel

Record = dict[str, Any]
_NUMBER_UNIT = re.compile(r"(?<=[\d.%])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=\d)")
_FULL_TO_ASCII = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}
_ASCII_TO_FULL = {v: k for k, v in _FULL_TO_ASCII.items()}


def rebuild(record: Record, pieces: list[tuple[str, int | None]]) -> Record:
    """A new record from `pieces` of (text, old index or None for inserted text); spans follow their characters.

    Every old character appears at most once, in order. A span keeps the characters inserted inside it; an old
    character that is dropped shrinks the span (a span that loses all characters is dropped with its relations).
    """
    new_position: dict[int, int] = {}
    piece_length: dict[int, int] = {}
    out: list[str] = []
    length = 0
    for text, old in pieces:
        if old is not None:
            new_position[old] = length
            piece_length[old] = len(text)
        out.append(text)
        length += len(text)
    new_text = "".join(out)
    entities, kept = [], set()
    for entity in record["entities"]:
        inside = [new_position[i] for i in range(entity["start_offset"], entity["end_offset"]) if i in new_position]
        if not inside:
            continue
        last_old = max(i for i in range(entity["start_offset"], entity["end_offset"]) if i in new_position)
        end = new_position[last_old] + piece_length[last_old]
        entities.append({**entity, "start_offset": inside[0], "end_offset": end})
        kept.add(entity["id"])
    relations = [r for r in record["relations"] if r["from_id"] in kept and r["to_id"] in kept]
    return {**copy.deepcopy({k: v for k, v in record.items() if k not in ("text", "entities", "relations")}),
            "text": new_text, "entities": entities, "relations": relations}


def pdf_rewrap(record: Record, rng: random.Random, *, width: tuple[int, int] = (20, 30),
               space_probability: float = 0.8) -> Record:
    """Re-wrap like PDF output: breaks every 20–30 characters; spaces between numbers and units."""
    text = record["text"]
    spaced = {m.start() for m in _NUMBER_UNIT.finditer(text)}
    pieces: list[tuple[str, int | None]] = []
    column, limit = 0, rng.randint(*width)
    for index, ch in enumerate(text):
        if index in spaced and rng.random() < space_probability:
            pieces.append((" ", None))
            column += 1
        if ch == "\n":
            column, limit = 0, rng.randint(*width)
        elif column >= limit:
            pieces.append(("\n", None))
            column, limit = 0, rng.randint(*width)
        pieces.append((ch, index))
        column += ch != "\n"
    return rebuild(record, pieces)


def swap_punctuation(record: Record, rng: random.Random, *, to_ascii: bool | None = None) -> Record:
    """Full-width punctuation to ASCII (or back), each mark with probability 0.9: real bulletins mix both."""
    direction = rng.random() < 0.5 if to_ascii is None else to_ascii
    table = _FULL_TO_ASCII if direction else _ASCII_TO_FULL
    text = "".join(table[ch] if ch in table and rng.random() < 0.9 else ch for ch in record["text"])
    return {**record, "text": text}


def substitute_entities(record: Record, rng: random.Random, names: dict[str, Callable[[random.Random], str]],
                        probability: float = 0.5) -> Record:
    """Replace name mentions by generated names of the same label; ZONE canonicals follow their mention."""
    text = record["text"]
    replacements: dict[int, str] = {}
    renamed_zones: dict[str, str] = {}
    for entity in sorted(record["entities"], key=lambda e: e["start_offset"]):
        label = entity["label"]
        if label not in names or rng.random() >= probability:
            continue
        original = text[entity["start_offset"] : entity["end_offset"]]
        if label == EntityLabel.ZONE:
            canonical = entity.get("canonical") or original
            if "".join(original.split()) != canonical:
                continue  # short forms keep their text; only full names are renamed
            replacements[entity["id"]] = renamed_zones.setdefault(canonical, names[label](rng))
        else:
            replacements[entity["id"]] = names[label](rng)
    if not replacements:
        return copy.deepcopy(record)
    pieces: list[tuple[str, int | None]] = []
    entity_at = {e["start_offset"]: e for e in record["entities"] if e["id"] in replacements}
    index = 0
    while index < len(text):
        entity = entity_at.get(index)
        if entity is None:
            pieces.append((text[index], index))
            index += 1
            continue
        new_name = replacements[entity["id"]]
        pieces.append((new_name, index))  # the whole new name stands for the span's first character
        index = entity["end_offset"]
    rebuilt = rebuild(record, pieces)
    for entity in rebuilt["entities"]:
        if entity["label"] == EntityLabel.ZONE and entity.get("canonical") in renamed_zones:
            entity["canonical"] = renamed_zones[entity["canonical"]]
    return rebuilt
