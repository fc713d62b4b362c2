"""Inline authoring markup (``annotations/MARKUP.md``) to corpus records (doccano relation JSONL).

    python -m training.markup check annotations/src/batch-01/
    python -m training.markup build            # annotations/src/** -> annotations/corpus/written.jsonl
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.schema import SCHEMA, EntityLabel, value_problems
from training.augment import pdf_rewrap
from training.corpus import ANNOTATIONS_DIR, CORPUS_DIR, write_jsonl

SOURCE_DIR = ANNOTATIONS_DIR / "src"

ENTITY_OPEN = "["
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DOC_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HEADER_KEYS = ("id", "kind", "province", "year", "layout", "author")
OPTIONAL_HEADER_KEYS = ("source",)


class MarkupError(ValueError):
    """A problem in a .bie file, with the line it is on."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    ref: str | None
    value: dict[str, Any] | None = None
    canonical: str | None = None
    line: int = 0


@dataclass
class _Parsed:
    text: str
    mentions: list[_Mention] = field(default_factory=list)


def parse_amount_value(spec: str) -> dict[str, Any]:
    """`1050000000 元 money [~]` or `lo..hi unit kind [~]` -> value dict."""
    parts = spec.split()
    approx = parts[-1] == "~"
    if approx:
        parts = parts[:-1]
    if len(parts) != 3:
        raise ValueError(f"AMOUNT value {spec!r} must be '<number> <unit> <kind>'")
    number, unit, kind = parts
    value: dict[str, Any] = {}
    if ".." in number:
        low, high = number.split("..", 1)
        value["start"], value["end"] = _number(low), _number(high)
    else:
        value["value"] = _number(number)
    value.update(unit=unit, kind=kind)
    if approx:
        value["approx"] = True
    return value


def parse_date_value(spec: str) -> dict[str, Any]:
    """`2024-05 month [modifier]` or `start..end precision [modifier]` -> value dict."""
    parts = spec.split()
    if len(parts) not in (2, 3):
        raise ValueError(f"DATE value {spec!r} must be '<iso> <precision> [modifier]'")
    point, precision = parts[0], parts[1]
    value: dict[str, Any] = {}
    if ".." in point:
        value["start"], value["end"] = point.split("..", 1)
    else:
        value["value"] = point
    value["precision"] = precision
    if len(parts) == 3:
        value["modifier"] = parts[2]
    if point.startswith("--"):
        value["year_known"] = False
    return value


def _number(token: str) -> int | float:
    number = float(token)
    return int(number) if number.is_integer() and "." not in token else number


def _parse_body(body: str, path: str, first_line: int) -> _Parsed:
    out: list[str] = []
    mentions: list[_Mention] = []
    length = 0
    i = 0
    line = first_line
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in "[]":
            out.append(body[i + 1])
            length += 1
            i += 2
            continue
        if ch == "]":
            raise MarkupError(path, line, "']' without '[' (write \\] for a literal bracket)")
        if ch != ENTITY_OPEN:
            out.append(ch)
            length += 1
            line += ch == "\n"
            i += 1
            continue
        close = body.find("]{", i)
        nested = body.find("[", i + 1)
        if close < 0 or (0 <= nested < close and body[nested - 1] != "\\"):
            raise MarkupError(path, line, "'[' without a matching ']{LABEL}' (nested or unclosed span)")
        span_text = body[i + 1 : close].replace("\\[", "[").replace("\\]", "]")
        brace_end = body.find("}", close)
        if brace_end < 0:
            raise MarkupError(path, line, "'{' without '}'")
        mention = _parse_options(body[close + 2 : brace_end], path, line)
        if not span_text.strip():
            raise MarkupError(path, line, "empty span")
        if span_text != span_text.strip():
            raise MarkupError(path, line, f"span {span_text!r} starts or ends with white space")
        mention.start, mention.end, mention.line = length, length + len(span_text), line
        mentions.append(mention)
        out.append(span_text)
        length += len(span_text)
        line += body[i:brace_end].count("\n")
        i = brace_end + 1
    return _Parsed(text="".join(out), mentions=mentions)


def _parse_options(options: str, path: str, line: int) -> _Mention:
    head, _, value_spec = options.partition("=")
    label, _, ref = head.strip().partition("#")
    if label not in SCHEMA.labels:
        raise MarkupError(path, line, f"unknown label {label!r}; labels: {', '.join(SCHEMA.labels)}")
    if ref and not ID_PATTERN.match(ref):
        raise MarkupError(path, line, f"id {ref!r} must be lower-case letters and digits, starting with a letter")
    mention = _Mention(0, 0, label, ref or None)
    value_spec = value_spec.strip()
    if not value_spec:
        if label in SCHEMA.valued_labels:
            raise MarkupError(path, line, f"{label} needs '=value' (see MARKUP.md)")
        return mention
    try:
        if label == EntityLabel.ZONE:
            mention.canonical = value_spec
        elif label == EntityLabel.AMOUNT:
            mention.value = parse_amount_value(value_spec)
        elif label == EntityLabel.DATE:
            mention.value = parse_date_value(value_spec)
        else:
            raise ValueError(f"{label} takes no '=value'")
    except ValueError as exc:
        raise MarkupError(path, line, str(exc)) from None
    for problem in value_problems(label, mention.value):
        raise MarkupError(path, line, problem)
    return mention


def parse_file(path: Path) -> dict[str, Any]:
    """Parse one .bie file into a corpus record (doccano relation JSONL shape plus value/canonical/meta)."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    name = str(path)
    try:
        header_end = lines.index("---")
    except ValueError:
        raise MarkupError(name, 1, "no '---' line after the header") from None
    meta = _parse_header(lines[:header_end], name)
    try:
        body_end = len(lines) - 1 - lines[::-1].index("===")
    except ValueError:
        raise MarkupError(name, len(lines), "no '===' line before the relations") from None
    body = "\n".join(lines[header_end + 1 : body_end]).rstrip("\n")
    first_body_line = header_end + 2
    parsed = _parse_body(body, name, first_body_line)
    entities, by_ref = _entities(parsed, name)
    relations = _parse_relations(lines[body_end + 1 :], body_end + 2, name, parsed, entities, by_ref)
    meta.setdefault("source", "written")
    if meta["source"] not in SCHEMA.sources:
        raise MarkupError(name, 1, f"source {meta['source']!r} not in {sorted(SCHEMA.sources)}")
    return {"id": meta.pop("id"), "text": parsed.text, "entities": entities, "relations": relations, "meta": meta}


def _parse_header(lines: list[str], path: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in HEADER_KEYS + OPTIONAL_HEADER_KEYS:
            keys = ", ".join(HEADER_KEYS + OPTIONAL_HEADER_KEYS)
            raise MarkupError(path, number, f"header line {line!r} must be one of {keys}: value")
        meta[key.strip()] = value.strip()
    missing = [key for key in HEADER_KEYS if key not in meta]
    if missing:
        raise MarkupError(path, 1, f"header misses {', '.join(missing)}")
    if not DOC_ID_PATTERN.match(meta["id"]):
        raise MarkupError(path, 1, f"id {meta['id']!r} must be lower-case ASCII, digits and '-'")
    if meta["kind"] not in SCHEMA.document_kinds:
        raise MarkupError(path, 1, f"kind {meta['kind']!r} not in {sorted(SCHEMA.document_kinds)}")
    if meta["layout"] not in ("plain", "pdf"):
        raise MarkupError(path, 1, "layout must be plain or pdf")
    meta["year"] = None if meta["year"] == "none" else int(meta["year"])
    return meta


def _entities(parsed: _Parsed, path: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    entities, by_ref = [], {}
    for index, mention in enumerate(parsed.mentions):
        entity: dict[str, Any] = {
            "id": index,
            "label": mention.label,
            "start_offset": mention.start,
            "end_offset": mention.end,
        }
        if mention.value is not None:
            entity["value"] = mention.value
        if mention.label in SCHEMA.canonical_labels:
            entity["canonical"] = mention.canonical or re.sub(r"\s+", "", parsed.text[mention.start : mention.end])
        if mention.ref:
            if mention.ref in by_ref:
                raise MarkupError(path, mention.line, f"id {mention.ref!r} is used twice")
            by_ref[mention.ref] = index
        entities.append(entity)
    return entities, by_ref


def _parse_relations(
    lines: list[str],
    first_line: int,
    path: str,
    parsed: _Parsed,
    entities: list[dict[str, Any]],
    by_ref: dict[str, int],
) -> list[dict[str, Any]]:
    relations: list[dict[str, Any]] = []
    seen = set()
    for number, line in enumerate(lines, start=first_line):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        triple, _, attribute = line.partition("|")
        parts = triple.split()
        if len(parts) != 3:
            raise MarkupError(path, number, f"relation {line!r} must be 'subject predicate object [| attribute]'")
        subject_ref, predicate, object_ref = parts
        spec = SCHEMA.predicates.get(predicate)
        if spec is None:
            raise MarkupError(path, number, f"unknown predicate {predicate!r}; predicates: {', '.join(SCHEMA.predicates)}")
        object_id = _resolve(object_ref, None, path, number, entities, by_ref)
        subject_id = _resolve(subject_ref, entities[object_id]["start_offset"], path, number, entities, by_ref)
        subject_label, object_label = entities[subject_id]["label"], entities[object_id]["label"]
        if not SCHEMA.allows(predicate, subject_label, object_label):
            raise MarkupError(path, number, f"{predicate} does not take {subject_label} -> {object_label}")
        if spec.has_attribute and not attribute.strip():
            raise MarkupError(path, number, f"{predicate} needs '| attribute'")
        key = (subject_id, predicate, object_id)
        if key in seen:
            raise MarkupError(path, number, f"relation {line!r} is given twice")
        seen.add(key)
        relation: dict[str, Any] = {"id": len(relations), "from_id": subject_id, "to_id": object_id, "type": predicate}
        if spec.has_attribute:
            relation["attribute"] = attribute.strip()
        relations.append(relation)
    return relations


def _resolve(
    ref: str, near: int | None, path: str, line: int, entities: list[dict[str, Any]], by_ref: dict[str, int]
) -> int:
    if not ref.startswith("@"):
        if ref not in by_ref:
            raise MarkupError(path, line, f"no entity with id {ref!r}")
        return by_ref[ref]
    canonical = ref[1:]
    candidates = [e for e in entities if e.get("canonical") == canonical]
    if not candidates:
        raise MarkupError(path, line, f"no ZONE mention with canonical name {canonical!r}")
    if near is None:
        return candidates[0]["id"]
    before = [e for e in candidates if e["start_offset"] <= near]
    return (before[-1] if before else candidates[0])["id"]


def iter_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.bie")) if path.is_dir() else [path])
    return files


def check(paths: list[Path]) -> int:
    """Parse every file, print problems and a count per label; return the number of files with problems."""
    failures, ids, counts = 0, {}, {}
    for file in iter_files(paths):
        try:
            record = parse_file(file)
        except (MarkupError, ValueError) as exc:
            print(exc)
            failures += 1
            continue
        if record["id"] in ids:
            print(f"{file}: id {record['id']!r} already used by {ids[record['id']]}")
            failures += 1
        ids[record["id"]] = file
        for entity in record["entities"]:
            counts[entity["label"]] = counts.get(entity["label"], 0) + 1
        for relation in record["relations"]:
            counts[relation["type"]] = counts.get(relation["type"], 0) + 1
    chars = sum(len(parse_file(f)["text"]) for f in iter_files(paths) if f in ids.values())
    print(f"{len(ids)} documents, {chars} characters, {failures} with problems")
    print("  ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return failures


def build(source: Path = SOURCE_DIR, output: Path = CORPUS_DIR) -> dict[str, int]:
    """Convert every .bie file to the corpus: one JSONL file per source (seed, written); `layout: pdf` documents
    are re-wrapped like PDF output, deterministically per document id."""
    by_source: dict[str, list[dict[str, Any]]] = {}
    for file in iter_files([source]):
        record = parse_file(file)
        if record["meta"]["layout"] == "pdf":
            record = pdf_rewrap(record, random.Random(record["id"]))
        by_source.setdefault(record["meta"]["source"], []).append(record)
    for name, records in by_source.items():
        write_jsonl(output / f"{name}.jsonl", sorted(records, key=lambda r: r["id"]))
    return {name: len(records) for name, records in by_source.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.markup", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check_cmd = sub.add_parser("check", help="parse .bie files and report problems")
    check_cmd.add_argument("paths", nargs="+", type=Path, help=".bie files or folders")
    build_cmd = sub.add_parser("build", help="convert annotations/src/**.bie to annotations/corpus/*.jsonl")
    build_cmd.add_argument("--source", type=Path, default=SOURCE_DIR, help="folder of .bie files")
    build_cmd.add_argument("--output", type=Path, default=CORPUS_DIR, help="corpus folder")
    args = parser.parse_args(argv)
    if args.command == "check":
        return 1 if check(args.paths) else 0
    if check([args.source]):
        return 1
    print(build(args.source, args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
