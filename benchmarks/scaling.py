"""Time and memory against document length, 1k to 100k characters: the cost must stay linear.

    python benchmarks/scaling.py [--model DIR]

Each length runs in a fresh process, so its peak RSS is its own; memory is reported above the loaded model.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from _common import corpus_texts, default_model, peak_rss_mb

LENGTHS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def document(length: int) -> str:
    texts = corpus_texts(("dev", "test"))
    out, index = "", 0
    while len(out) < length:
        out += texts[index % len(texts)] + "\n\n"
        index += 1
    return out[:length]


def child(model: str, length: int) -> dict:
    import torch

    from models.pipeline import Pipeline

    torch.set_num_threads(2)
    pipeline = Pipeline.from_pretrained(model)
    pipeline(document(2_000))
    loaded = peak_rss_mb()
    text = document(length)
    started = time.perf_counter()
    doc = pipeline(text)
    seconds = time.perf_counter() - started
    return {"chars": length, "seconds": round(seconds, 3), "chars_per_s": round(length / seconds),
            "entities": len(doc.ents), "triples": len(doc.triples),
            "rss_above_model_mb": round(peak_rss_mb() - loaded, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(default_model()))
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.model, args.child)))
        return
    rows = []
    for length in LENGTHS:
        output = subprocess.run([sys.executable, __file__, "--model", args.model, "--child", str(length)],
                                capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    per_char = [row["seconds"] / row["chars"] for row in rows[2:]]
    print(json.dumps({"rows": rows, "seconds_per_1k_chars_min_max": [round(1000 * min(per_char), 4),
                                                                      round(1000 * max(per_char), 4)]}, indent=1))


if __name__ == "__main__":
    main()
