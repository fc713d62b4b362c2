"""Batch extraction over bulletin archives, on one machine (Hugging Face `datasets`) or a Ray cluster (Ray Data).

    python -m training extract --input archive/ --output out/ [--num-proc 2] [--jsonl]
    python -m training extract --input archive.parquet --output out/ --engine ray --address auto

Input: a folder of .txt files (the id is the file name), a JSONL file or a Parquet file with `id` and `text`.
Output, in --output:
- `parts/**.parquet`: what is finished, each row with its document's input position; a re-run reads the positions
  already there and processes only the rest (the local engine writes a shard at a time, renamed into place when
  complete; Ray Data writes blocks as they finish);
- `documents.parquet`: one row per document with entities and triples as nested columns and `error` set where
  the document failed (it never stops the run); `triples.parquet`: one row per triple; `documents.jsonl` on request.
Both engines call `extract_rows`, load the model once per worker (process or Ray actor) and give the same rows.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from models.doc import Doc
from models.export import doc_to_dict
from models.pipeline import Pipeline

ENTITY_TYPE = pa.struct([("id", pa.string()), ("label", pa.string()), ("text", pa.string()), ("start", pa.int64()),
                         ("end", pa.int64()), ("value", pa.string()), ("canonical", pa.string()),
                         ("confidence", pa.float64())])
TRIPLE_TYPE = pa.struct([("subject", pa.string()), ("subject_id", pa.string()), ("predicate", pa.string()),
                         ("object", pa.string()), ("object_id", pa.string()), ("attribute", pa.string()),
                         ("evidence_start", pa.int64()), ("evidence_end", pa.int64()), ("confidence", pa.float64())])
DOCUMENT_SCHEMA = pa.schema([("position", pa.int64()), ("id", pa.string()), ("chars", pa.int64()),
                             ("model_version", pa.string()), ("entities", pa.list_(ENTITY_TYPE)),
                             ("triples", pa.list_(TRIPLE_TYPE)), ("error", pa.string())])
_PIPELINES: dict[str, Pipeline] = {}


def load_once(model_dir: str, precision: str = "auto", threads: int = 1) -> Pipeline:
    """The pipeline of this worker process, loaded on first use; torch uses `threads` threads in it."""
    key = f"{model_dir}|{precision}"
    if key not in _PIPELINES:
        import torch

        torch.set_num_threads(threads)
        _PIPELINES[key] = Pipeline.from_pretrained(model_dir, precision=precision)
    return _PIPELINES[key]


def threads_per_worker(num_proc: int) -> int:
    """The machine's cores shared out between the worker processes: one process alone uses them all (2 cores,
    300 training bulletins: ~13k chars/s with one torch thread, ~20k with two)."""
    return max(1, (os.cpu_count() or 1) // max(1, num_proc))


def extract_rows(pipeline: Pipeline, positions: list[int], ids: list[str], texts: list[str]) -> list[dict[str, Any]]:
    """One output row per document; a document that fails gets its error in `error`, the others go on. The documents
    go through `Pipeline.pipe` together, their windows sharing forward passes (a document's results do not depend on
    its neighbours: the service gives the same); should the batch fail, they run one by one, so only the bad one is
    marked."""
    rows = [{"position": position, "id": document_id, "chars": len(text or ""),
             "model_version": pipeline.meta.version, "entities": [], "triples": [], "error": None}
            for position, document_id, text in zip(positions, ids, texts)]
    readable = []
    for index, text in enumerate(texts):
        if isinstance(text, str) and text.strip():
            readable.append(index)
        else:
            rows[index]["error"] = "ValueError: empty text"
    try:
        docs = list(pipeline.pipe([texts[index] for index in readable], batch_size=max(1, len(readable))))
    except Exception:  # one document broke the batch: found below
        docs = None
    for number, index in enumerate(readable):
        try:
            _fill_row(rows[index], docs[number] if docs is not None else pipeline(texts[index]))
        except Exception as exc:  # recorded in the row: one bad document never stops an archive
            rows[index]["error"] = f"{type(exc).__name__}: {exc}"
    return rows


def _fill_row(row: dict[str, Any], doc: Doc) -> None:
    data = doc_to_dict(doc)
    row["entities"] = [{**{k: e.get(k) for k in ("id", "label", "text", "start", "end", "canonical", "confidence")},
                        "value": json.dumps(e["value"], ensure_ascii=False) if e.get("value") else None}
                       for e in data["entities"]]
    row["triples"] = [{"subject": t["subject"]["text"], "subject_id": t["subject"]["id"],
                       "predicate": t["predicate"], "object": t["object"]["text"], "object_id": t["object"]["id"],
                       "attribute": t.get("attribute"), "evidence_start": t["evidence"]["start"],
                       "evidence_end": t["evidence"]["end"], "confidence": t["confidence"]} for t in data["triples"]]


def _map_batch(batch: dict[str, list], model_dir: str, precision: str, threads: int) -> dict[str, list]:
    """`datasets.map` function (batched); each worker process loads the model once."""
    rows = extract_rows(load_once(model_dir, precision, threads), batch["position"], batch["id"], batch["text"])
    return {key: [row[key] for row in rows] for key in DOCUMENT_SCHEMA.names}


class RayExtractor:
    """A Ray Data actor: loads the model once, then extracts batch after batch."""

    def __init__(self, model_dir: str, precision: str):
        self.pipeline = load_once(model_dir, precision)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        rows = extract_rows(self.pipeline, [int(p) for p in batch["position"]], [str(i) for i in batch["id"]],
                            [str(t) for t in batch["text"]])
        return {key: [row[key] for row in rows] for key in DOCUMENT_SCHEMA.names}


# --- input --------------------------------------------------------------------------------------------------
def read_documents(path: Path) -> Iterator[tuple[str, str]]:
    if path.is_dir():
        for file in sorted(path.rglob("*.txt")):
            yield str(file.relative_to(path)), file.read_text(encoding="utf-8", errors="replace")
    elif path.suffix == ".parquet":
        table = pq.read_table(path, columns=["id", "text"])
        yield from zip(map(str, table.column("id").to_pylist()), table.column("text").to_pylist())
    else:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if line.strip():
                    item = json.loads(line)
                    yield str(item.get("id", number)), item.get("text")


# --- engines ------------------------------------------------------------------------------------------------
def run_local(items: list[dict[str, Any]], parts: Path, model_dir: str, precision: str, num_proc: int,
              batch_size: int, shard_size: int, progress: Any) -> None:
    """A `datasets.map` per shard; its worker processes load the model once per shard (a second or two per several
    hundred documents), which makes every finished shard a resume point."""
    from datasets import Dataset, Features, disable_progress_bars

    disable_progress_bars()
    features = Features.from_arrow_schema(DOCUMENT_SCHEMA)  # fixed types: workers may see only empty lists
    for start in range(0, len(items), shard_size):
        shard = items[start : start + shard_size]
        dataset = Dataset.from_list(shard)
        result = dataset.map(_map_batch, batched=True, batch_size=batch_size,
                             num_proc=num_proc if num_proc > 1 else None, remove_columns=dataset.column_names,
                             load_from_cache_file=False, features=features,
                             fn_kwargs={"model_dir": model_dir, "precision": precision,
                                        "threads": threads_per_worker(num_proc)})
        name = f"local-{shard[0]['position']:09d}.parquet"
        temporary = parts / f".{name}.tmp"
        pq.write_table(pa.Table.from_pylist(result.to_list(), schema=DOCUMENT_SCHEMA), temporary)
        os.replace(temporary, parts / name)
        progress.update(len(shard))


def run_ray(items: list[dict[str, Any]], parts: Path, model_dir: str, precision: str, num_proc: int,
            batch_size: int, shard_size: int, progress: Any) -> None:
    """One Ray Data pipeline over everything left: an actor pool that loads the model once per actor; blocks are
    written as they finish."""
    import ray

    dataset = ray.data.from_items(items, override_num_blocks=max(1, len(items) // shard_size))
    result = dataset.map_batches(RayExtractor, fn_constructor_kwargs={"model_dir": model_dir, "precision": precision},
                                 batch_size=batch_size, concurrency=num_proc, batch_format="numpy")
    result.write_parquet(str(parts / f"ray-{int(time.time() * 1000)}"), schema=DOCUMENT_SCHEMA)
    progress.update(len(items))


ENGINES = {"local": run_local, "ray": run_ray}


def done_positions(parts: Path) -> set[int]:
    """Input positions already extracted; an unreadable part (a run killed while writing it) is removed."""
    done: set[int] = set()
    for file in sorted(parts.rglob("*.parquet")):
        try:
            done.update(pq.read_table(file, columns=["position"]).column("position").to_pylist())
        except (OSError, pa.ArrowException):
            file.unlink()
    return done


def extract(input_path: Path, output: Path, *, model_dir: str, engine: str = "local", num_proc: int = 1,
            shard_size: int = 256, batch_size: int = 16, precision: str = "auto", jsonl: bool = False,
            progress: bool = True) -> dict[str, Any]:
    """Run the batch job; returns figures (documents, documents/s, chars/s, resumed, failed documents)."""
    parts = output / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    documents = [{"position": i, "id": doc_id, "text": text if isinstance(text, str) else ""}
                 for i, (doc_id, text) in enumerate(read_documents(input_path))]
    done = done_positions(parts)
    remaining = [d for d in documents if d["position"] not in done]
    bar = _progress_bar(len(documents), progress)
    bar.update(len(documents) - len(remaining))
    started = time.time()
    if remaining:
        ENGINES[engine](remaining, parts, model_dir, precision, num_proc, batch_size, shard_size, bar)
    bar.close()
    elapsed = max(time.time() - started, 1e-9)
    table = consolidate(output, jsonl)
    failed = sum(1 for error in table.column("error").to_pylist() if error)
    chars = sum(len(d["text"]) for d in remaining)
    return {"documents": len(documents), "processed": len(remaining), "resumed_from": len(documents) - len(remaining),
            "failed": failed, "seconds": round(elapsed, 2), "docs_per_s": round(len(remaining) / elapsed, 2),
            "chars_per_s": round(chars / elapsed, 1)}


def consolidate(output: Path, jsonl: bool) -> pa.Table:
    """documents.parquet (in input order), triples.parquet, and documents.jsonl on request."""
    files = sorted((output / "parts").rglob("*.parquet"))
    table = pa.concat_tables([pq.read_table(f, schema=DOCUMENT_SCHEMA) for f in files]) if files else \
        DOCUMENT_SCHEMA.empty_table()
    table = table.sort_by("position")
    pq.write_table(table, output / "documents.parquet")
    triples = [{"document_id": row["id"], **triple} for row in table.select(["id", "triples"]).to_pylist()
               for triple in row["triples"]]
    triple_schema = pa.schema([("document_id", pa.string())] + list(TRIPLE_TYPE))
    pq.write_table(pa.Table.from_pylist(triples, schema=triple_schema), output / "triples.parquet")
    if jsonl:
        with (output / "documents.jsonl").open("w", encoding="utf-8") as handle:
            for row in table.to_pylist():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return table


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not enabled, desc="extract", smoothing=0.1)


def main(argv: list[str] | None = None) -> int:
    from models import default_model_dir

    parser = argparse.ArgumentParser(prog="python -m training extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, required=True, help="folder of .txt, a .jsonl or a .parquet file")
    parser.add_argument("--output", type=Path, required=True, help="output folder (re-running resumes)")
    parser.add_argument("--model", default=str(default_model_dir()), help="model folder")
    parser.add_argument("--engine", choices=sorted(ENGINES), default="local", help="local (datasets) or ray")
    parser.add_argument("--address", default=None,
                        help="Ray cluster address (auto, ray://head:10001); `local` starts a local instance")
    parser.add_argument("--num-proc", type=int, default=1, help="worker processes (local) or actors (ray)")
    parser.add_argument("--shard-size", type=int, default=256, help="documents per resumable shard")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per model batch")
    parser.add_argument("--precision", choices=("auto", "fp32", "bf16"), default="auto")
    parser.add_argument("--jsonl", action="store_true", help="also write documents.jsonl")
    args = parser.parse_args(argv)
    if args.engine == "ray":
        import ray

        ray.init(address=None if args.address in (None, "local") else args.address,
                 num_cpus=args.num_proc if args.address in (None, "local") else None, ignore_reinit_error=True)
    figures = extract(args.input, args.output, model_dir=str(Path(args.model).resolve()), engine=args.engine,
                      num_proc=args.num_proc, shard_size=args.shard_size, batch_size=args.batch_size,
                      precision=args.precision, jsonl=args.jsonl)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
