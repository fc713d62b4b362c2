"""Check every annotation in the corpus and print its counts.

    python -m training.validate annotations/

Checks: offsets inside the text, span text (no white space at the ends), labels and predicates in the schema,
relation endpoint labels allowed, attributes on metric relations, no overlapping spans, no duplicate ids or
relations, well-formed values, and (corpus only) a sub-park's projects and companies located_in its zone too. Problems are printed with their code, file and line; the exit status is 1 if any.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import lexicon
from models.errors import BulletinError, ErrorCode
from models.schema import SCHEMA
from models.validation import check_record
from training.corpus import CORPUS_DIR, corpus_files, read_jsonl

THRESHOLDS = {"documents": 300, "characters": 200_000, "written_documents": 200, "provinces": 25,
              "companies": 1000, "projects": 500, "per_predicate": 100}


def split_short_firms(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(firm, project) where a firm name without a legal form was split off the project name it opens; span rule 1
    keeps it inside the PROJECT (`江苏鸿典纳米复合膜项目`). Reported for review: a firm mention that carries other
    triples (partners_with, subsidy) may be meant."""
    text = record["text"]
    entities = sorted(record["entities"], key=lambda e: e["start_offset"])
    out = []
    for first, second in zip(entities, entities[1:]):
        touching = not text[first["end_offset"] : second["start_offset"]].strip()
        if first["label"] == "COMPANY" and second["label"] == "PROJECT" and touching:
            firm = "".join(text[first["start_offset"] : first["end_offset"]].split())
            if not firm.endswith(lexicon.LEGAL_FORMS):
                out.append((firm, "".join(text[second["start_offset"] : second["end_offset"]].split())))
    return out


def missing_parent_zones(record: dict[str, Any]) -> list[BulletinError]:
    """A project or company located_in a sub-park must be located_in the sub-park's zones too (GUIDE.md, followed
    through chains of sub-parks). Zones compare by canonical name, as the scorer does."""
    entities = {e["id"]: e for e in record["entities"]}

    def name(entity_id: Any) -> str:
        entity = entities[entity_id]
        return entity.get("canonical") or record["text"][entity["start_offset"] : entity["end_offset"]]

    zones_of: dict[Any, set[str]] = {}
    for relation in record["relations"]:
        if relation["type"] == "located_in" and relation["from_id"] in entities and relation["to_id"] in entities:
            zones_of.setdefault(relation["from_id"], set()).add(name(relation["to_id"]))
    parents: dict[str, set[str]] = {}
    for subject, zones in zones_of.items():
        if entities[subject]["label"] == "ZONE":
            parents.setdefault(name(subject), set()).update(zones - {name(subject)})
    problems = []
    for subject, zones in zones_of.items():
        if entities[subject]["label"] == "ZONE":
            continue
        reached, todo = set(zones), list(zones)
        while todo:
            sub_park = todo.pop()
            for parent in parents.get(sub_park, ()):
                if parent not in reached:
                    reached.add(parent)
                    todo.append(parent)
                    problems.append(BulletinError(ErrorCode.E315, subject=name(subject), sub_park=sub_park,
                                                  parent=parent))
    return problems


@dataclass
class Problem:
    path: str
    line: int
    error: BulletinError

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.error}"


@dataclass
class CorpusStats:
    documents: int = 0
    characters: int = 0
    labels: Counter = field(default_factory=Counter)
    predicates: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    provinces: Counter = field(default_factory=Counter)
    sources: Counter = field(default_factory=Counter)
    names: dict[str, set[str]] = field(default_factory=lambda: {"COMPANY": set(), "PROJECT": set(), "ZONE": set()})
    split_firms: list[str] = field(default_factory=list)  # review notices, not problems

    def add(self, record: dict[str, Any]) -> None:
        meta = record.get("meta", {})
        self.documents += 1
        self.characters += len(record["text"])
        self.kinds[meta.get("kind", "?")] += 1
        self.provinces[meta.get("province", "?")] += 1
        self.sources[meta.get("source", "?")] += 1
        for entity in record["entities"]:
            self.labels[entity["label"]] += 1
            if entity["label"] in self.names:
                name = "".join(record["text"][entity["start_offset"] : entity["end_offset"]].split())
                self.names[entity["label"]].add(name)
        for relation in record["relations"]:
            self.predicates[relation["type"]] += 1
        self.split_firms += [f"{record['id']}: {firm} + {project}" for firm, project in split_short_firms(record)]


    def threshold_report(self) -> list[tuple[str, int, int]]:
        """(what, found, needed) for every corpus target of the annotation issue."""
        provinces = len([p for p in self.provinces if p not in ("?", "多省")])
        return [
            ("documents", self.documents, THRESHOLDS["documents"]),
            ("characters", self.characters, THRESHOLDS["characters"]),
            ("written documents", self.sources["written"], THRESHOLDS["written_documents"]),
            ("provinces", provinces, THRESHOLDS["provinces"]),
            ("distinct companies", len(self.names["COMPANY"]), THRESHOLDS["companies"]),
            ("distinct projects", len(self.names["PROJECT"]), THRESHOLDS["projects"]),
        ] + [(f"predicate {p}", self.predicates[p], THRESHOLDS["per_predicate"]) for p in SCHEMA.predicates]


def validate(folder: Path) -> tuple[list[Problem], CorpusStats]:
    problems: list[Problem] = []
    stats = CorpusStats()
    seen_ids: dict[str, str] = {}
    corpus = folder / "corpus" if (folder / "corpus").is_dir() else folder
    for path in corpus_files(corpus):
        for line, record in read_jsonl(path):
            where = f"{path}:{line}"
            if record["id"] in seen_ids:
                problems.append(Problem(str(path), line, BulletinError(ErrorCode.E309, id=record["id"],
                                                                       document=seen_ids[record["id"]])))
            seen_ids[record["id"]] = where
            problems += [Problem(str(path), line, error)
                         for error in check_record(record) + missing_parent_zones(record)]
            stats.add(record)
    return problems, stats


def _print_counter(title: str, counter: Counter) -> None:
    print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.validate", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=CORPUS_DIR.parent,
                        help="annotations/ (or a folder of corpus JSONL files)")
    parser.add_argument("--strict", action="store_true", help="also fail when a corpus threshold is not met")
    args = parser.parse_args(argv)
    problems, stats = validate(args.folder)
    for problem in problems:
        print(problem)
    print(f"{stats.documents} documents, {stats.characters} characters, {len(problems)} problems")
    _print_counter("labels", stats.labels)
    _print_counter("predicates", stats.predicates)
    _print_counter("kinds", stats.kinds)
    _print_counter("sources", stats.sources)
    _print_counter("provinces", stats.provinces)
    for notice in stats.split_firms:
        print(f"review (span rule 1: short firm name split off a project): {notice}")
    short = []
    for what, found, needed in stats.threshold_report():
        mark = "ok" if found >= needed else "BELOW"
        print(f"  {what:28s} {found:>8d} / {needed:<8d} {mark}")
        if found < needed:
            short.append(what)
    return 1 if problems or (args.strict and short) else 0


if __name__ == "__main__":
    sys.exit(main())
