"""Batch extraction: the local (datasets) and Ray engines give the same rows on a 200-document archive built
from the corpus; a bad document gets its error in its row; a re-run resumes."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from training.corpus import load_records
from training.extract import extract


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    records = load_records()[:199]
    path = folder / "archive.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({"id": record["id"], "text": record["text"]}, ensure_ascii=False) + "\n")
        handle.write(json.dumps({"id": "broken", "text": "   "}) + "\n")
    return path


@pytest.fixture(scope="module")
def local_output(archive, tiny_model_dir, tmp_path_factory):
    output = tmp_path_factory.mktemp("local")
    figures = extract(archive, output, model_dir=str(tiny_model_dir), engine="local", num_proc=2, shard_size=64,
                      precision="fp32", jsonl=True, progress=False)
    return output, figures


def test_local_engine_writes_every_document(local_output):
    output, figures = local_output
    table = pq.read_table(output / "documents.parquet")
    assert table.num_rows == 200 and figures["documents"] == 200
    rows = table.to_pylist()
    assert [r["position"] for r in rows] == list(range(200))
    broken = rows[-1]
    assert broken["id"] == "broken" and "empty text" in broken["error"] and figures["failed"] == 1
    assert all(r["error"] is None for r in rows[:-1])
    texts = {r["id"]: r["text"] for r in load_records()[:199]}
    assert sum(len(r["entities"]) for r in rows) > 0
    for row in rows[:-1]:
        for entity in row["entities"]:
            assert texts[row["id"]][entity["start"] : entity["end"]] == entity["text"]
    triples = pq.read_table(output / "triples.parquet")
    assert triples.num_rows == sum(len(r["triples"]) for r in rows)
    assert (output / "documents.jsonl").read_text(encoding="utf-8").count("\n") == 200


def test_rerun_resumes_where_it_stopped(archive, local_output, tiny_model_dir):
    output, _ = local_output
    parts = sorted((output / "parts").glob("*.parquet"))
    parts[-1].unlink()  # as if the run had stopped before the last shard
    figures = extract(archive, output, model_dir=str(tiny_model_dir), engine="local", num_proc=1, shard_size=64,
                      precision="fp32", progress=False)
    assert figures["resumed_from"] == 192 and figures["processed"] == 8
    assert pq.read_table(output / "documents.parquet").num_rows == 200


@pytest.mark.ray
def test_ray_engine_matches_local(archive, local_output, tiny_model_dir, tmp_path):
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        extract(archive, tmp_path, model_dir=str(tiny_model_dir), engine="ray", num_proc=2, shard_size=64,
                precision="fp32", progress=False)
    finally:
        ray.shutdown()
    local_rows = pq.read_table(local_output[0] / "documents.parquet").to_pylist()
    ray_rows = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert len(ray_rows) == 200
    for local_row, ray_row in zip(local_rows, ray_rows):
        assert local_row == ray_row, local_row["id"]


def test_workers_share_the_cores_out(monkeypatch):
    from training import extract as extract_module

    monkeypatch.setattr(extract_module.os, "cpu_count", lambda: 4)
    assert [extract_module.threads_per_worker(n) for n in (1, 2, 3, 8)] == [4, 2, 1, 1]


def test_a_document_that_breaks_its_batch_alone_gets_the_error(tiny_pipeline, seed_text):
    from training.extract import extract_rows

    class BreaksOnOneDocument:
        meta = tiny_pipeline.meta

        def pipe(self, texts, batch_size):
            return tiny_pipeline.pipe([self._checked(text) for text in texts], batch_size=batch_size)

        def __call__(self, text):
            return tiny_pipeline(self._checked(text))

        @staticmethod
        def _checked(text):
            if text.startswith("BAD"):
                raise RuntimeError("unreadable table")
            return text

    good = seed_text[:600]
    rows = extract_rows(BreaksOnOneDocument(), [0, 1, 2], ["a", "b", "c"], [good, "BAD" + good, "  "])
    assert [row["error"] for row in rows] == [None, "RuntimeError: unreadable table", "ValueError: empty text"]
    assert rows[0]["entities"] == extract_rows(tiny_pipeline, [0], ["a"], [good])[0]["entities"] != []
