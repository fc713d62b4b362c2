"""Library throughput: chars/s of the whole pipeline over the dev+test corpus, per component, beside jieba.lcut
over the same text in the same run; peak RSS. Also the pipeline in two worker processes with one torch thread each
(how `python -m training extract --num-proc 2` runs it): the Python parts (a quarter of the time) then use both
cores too.

    python benchmarks/throughput.py [--model DIR] [--precision auto|fp32|bf16] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import multiprocessing.synchronize
import time

from _common import corpus_texts, default_model, peak_rss_mb


def run(model: str, precision: str, repeat: int, batch_size: int) -> dict:
    import jieba
    import torch

    from models.pipeline import Pipeline

    torch.set_num_threads(2)
    texts = corpus_texts() * repeat
    chars = sum(len(t) for t in texts)
    jieba.lcut("预热")
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    jieba_seconds = time.perf_counter() - started

    pipeline = Pipeline.from_pretrained(model, precision=precision)
    list(pipeline.pipe(texts[:8], batch_size=batch_size))  # warm-up
    per_component = {component.name: 0.0 for component in pipeline.components}
    per_component["preprocess"] = 0.0
    started = time.perf_counter()
    for start in range(0, len(texts), batch_size):
        batch = texts[start : start + batch_size]
        tick = time.perf_counter()
        docs = [pipeline.make_doc(text) for text in batch]
        per_component["preprocess"] += time.perf_counter() - tick
        for component in pipeline.components:
            tick = time.perf_counter()
            docs = list(component.pipe(docs))
            per_component[component.name] += time.perf_counter() - tick
    pipeline_seconds = time.perf_counter() - started
    return {
        "documents": len(texts),
        "characters": chars,
        "pipeline_chars_per_s": round(chars / pipeline_seconds),
        "jieba_lcut_chars_per_s": round(chars / jieba_seconds),
        "ratio_to_jieba": round(jieba_seconds / pipeline_seconds, 3),
        "per_component_chars_per_s": {name: round(chars / seconds) for name, seconds in per_component.items()
                                      if seconds > 0},
        "per_component_share": {name: round(seconds / pipeline_seconds, 3) for name, seconds in per_component.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "model": f"{pipeline.meta.name} {pipeline.meta.version}",
        "precision": precision,
        **two_processes(model, precision, texts, batch_size, jieba_seconds),
    }


_WORKER_PIPELINE = None


def _load_worker(model: str, precision: str, warm_up: list[str], loaded: multiprocessing.synchronize.Barrier) -> None:
    global _WORKER_PIPELINE
    import torch

    from models.pipeline import Pipeline

    torch.set_num_threads(1)
    _WORKER_PIPELINE = Pipeline.from_pretrained(model, precision=precision)
    list(_WORKER_PIPELINE.pipe(warm_up))
    loaded.wait()  # neither worker takes a chunk before both have loaded


def _process_chunk(texts: list[str]) -> int:
    return len(list(_WORKER_PIPELINE.pipe(texts, batch_size=len(texts))))


def two_processes(model: str, precision: str, texts: list[str], batch_size: int, jieba_seconds: float) -> dict:
    """The same texts through two spawned worker processes (loading excluded), one batch at a time each."""
    chars = sum(len(t) for t in texts)
    context = multiprocessing.get_context("spawn")
    loaded = context.Barrier(2)
    with context.Pool(2, initializer=_load_worker, initargs=(model, precision, texts[:8], loaded)) as pool:
        pool.apply(time.sleep, (0,))  # returns once a worker is past the barrier: both have loaded
        chunks = [texts[start : start + batch_size] for start in range(0, len(texts), batch_size)]
        started = time.perf_counter()
        done = sum(pool.imap_unordered(_process_chunk, chunks))
        seconds = time.perf_counter() - started
    assert done == len(texts)
    return {"two_processes_chars_per_s": round(chars / seconds),
            "two_processes_ratio_to_jieba": round(jieba_seconds / seconds, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(default_model()))
    parser.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16"))
    parser.add_argument("--repeat", type=int, default=2, help="passes over the texts")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    print(json.dumps(run(args.model, args.precision, args.repeat, args.batch_size), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
