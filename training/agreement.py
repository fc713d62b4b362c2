"""Inter-annotator agreement: a second, independent annotation of some documents against the corpus.

    python -m training agreement /tmp/agreement/A /tmp/agreement/B … [--show 40]

Each folder holds .bie files whose ids are corpus documents. Entity agreement is the strict span-and-label F1 of
the second pass against the corpus (symmetric: precision and recall swap with the direction); triples and values
use the same scorer as the model evaluation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.scoring import DocTriples, score_spans, score_triples, score_values
from training.corpus import Record, gold_spans, gold_triples, load_records
from training.markup import iter_files, parse_file


def compare(second: list[Record], corpus: dict[str, Record]) -> dict:
    pairs = [(corpus[r["id"]], r) for r in second if r["id"] in corpus]
    span_pairs = [(gold_spans(c), gold_spans(s)) for c, s in pairs]
    triple_pairs = [(DocTriples.from_pairs((t.key, t.attribute) for t in gold_triples(c)),
                     DocTriples.from_pairs((t.key, t.attribute) for t in gold_triples(s))) for c, s in pairs]
    return {"documents": len(pairs), **score_spans(span_pairs), **score_values(span_pairs),
            **score_triples(triple_pairs)}


def disagreements(second: list[Record], corpus: dict[str, Record]) -> list[str]:
    lines = []
    for record in second:
        gold = corpus.get(record["id"])
        if gold is None:
            continue
        text = gold["text"]
        a = {(s.start, s.end, s.label) for s in gold_spans(gold)}
        b = {(s.start, s.end, s.label) for s in gold_spans(record)}
        for side, keys in (("corpus only", a - b), ("second only", b - a)):
            for start, end, label in sorted(keys):
                context = text[max(0, start - 10) : start] + "[" + text[start:end] + "]" + text[end : end + 10]
                lines.append(f"{record['id']}\t{side}\t{label}\t{' '.join(context.split())}")
    return lines


def triple_disagreements(second: list[Record], corpus: dict[str, Record]) -> list[str]:
    lines = []
    for record in second:
        gold = corpus.get(record["id"])
        if gold is None:
            continue
        a = {t.key for t in gold_triples(gold)}
        b = {t.key for t in gold_triples(record)}
        lines += [f"{record['id']}\tcorpus only\t{' '.join(key)}" for key in sorted(a - b)]
        lines += [f"{record['id']}\tsecond only\t{' '.join(key)}" for key in sorted(b - a)]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training agreement", description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of independently annotated .bie files")
    parser.add_argument("--show", type=int, default=0, help="list this many span disagreements")
    parser.add_argument("--show-triples", type=int, default=0, help="list this many triple disagreements")
    args = parser.parse_args(argv)
    corpus = {r["id"]: r for r in load_records()}
    second = [parse_file(f) for f in iter_files(args.folders)]
    result = compare(second, corpus)
    print(f"{result['documents']} documents")
    print(f"entities: P {result['ents_p']:.4f} R {result['ents_r']:.4f} F1 {result['ents_f']:.4f}")
    for label, s in result["ents_per_type"].items():
        print(f"  {label:8s} F1 {s['f']:.4f} (corpus {s['tp'] + s['fn']}, second {s['tp'] + s['fp']})")
    print(f"triples: F1 {result['triples_f']:.4f}; values on agreed spans {result['norm_acc']:.4f}")
    for line in disagreements(second, corpus)[: args.show]:
        print(line)
    for line in triple_disagreements(second, corpus)[: args.show_triples]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
