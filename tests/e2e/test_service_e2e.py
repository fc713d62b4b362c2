"""End to end: start the real service (uvicorn in a subprocess, on a free port) and talk HTTP to it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED_ZONES
from tests.e2e.conftest import start_service

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    process, base = start_service(
        {"BULLETIN_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"})
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_seed_bulletin_round_trip(service, seed_text):
    response = httpx.post(f"{service}/v1/extract", content=seed_text.encode("utf-8"),
                          headers={"Content-Type": "text/plain; charset=utf-8"}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model"]["name"] and body["model"]["version"]
    assert len(body["entities"]) > 100
    for entity in body["entities"]:
        assert seed_text[entity["start"] : entity["end"]] == entity["text"]
    for triple in body["triples"]:
        start, end = triple["evidence"]["start"], triple["evidence"]["end"]
        assert 0 <= start < end <= len(seed_text)
    blocks = [(s["zone"], s["start"], s["end"]) for s in body["sections"] if s["level"] == 0]
    assert [zone for zone, _, _ in blocks] == SEED_ZONES
    for zone, start, end in blocks:
        assert seed_text[start:end].rstrip().endswith(zone)
    years = {(s["zone"], s["year"]) for s in body["sections"] if s["level"] == 1}
    assert years == {(zone, year) for zone in SEED_ZONES for year in (2023, 2024)}
    # Every figure of the four zones' results is attributed to the right zone: the zone of its block, or a
    # sub-park named inside that block (never another zone of the page).
    entities = {e["id"]: e for e in body["entities"]}
    metric = [t for t in body["triples"] if t["predicate"] == "metric"]
    assert len(metric) > 50
    for triple in metric:
        figure = entities[triple["object"]["id"]]
        zone, start, end = next(b for b in blocks if b[1] <= figure["start"] < b[2])
        names_in_block = {e.get("canonical") for e in body["entities"] if e["label"] == "ZONE" and start <= e["start"] < end}
        assert triple["subject"]["text"] == zone or (
            triple["subject"]["text"] in names_in_block and triple["subject"]["text"] not in SEED_ZONES), triple


def test_every_error_case_over_http(service):
    cases = [
        (dict(content=b"  ", headers={"Content-Type": "text/plain"}), 422, "E101"),
        (dict(content=b"\xc3\x28", headers={"Content-Type": "text/plain"}), 400, "E103"),
        (dict(content=b"a,b", headers={"Content-Type": "text/csv"}), 415, "E104"),
        (dict(content=b"{not json", headers={"Content-Type": "application/json"}), 422, "E105"),
        (dict(content=("字" * 400_000).encode(), headers={"Content-Type": "text/plain"}), 413, "E106"),
    ]
    for kwargs, status, code in cases:
        response = httpx.post(f"{service}/v1/extract", timeout=60, **kwargs)
        assert response.status_code == status, (code, response.text)
        assert response.json()["error"]["code"] == code
    too_many = json.dumps({"documents": [{"text": "开发区"}] * 65}).encode()
    response = httpx.post(f"{service}/v1/extract/batch", content=too_many,
                          headers={"Content-Type": "application/json"}, timeout=60)
    assert response.status_code == 413 and response.json()["error"]["code"] == "E107"


def test_batch_and_model_over_http(service):
    response = httpx.post(f"{service}/v1/extract/batch", timeout=60, json={"documents": [
        {"id": "x", "text": "寿阳经济技术开发区2023年营业收入110.3亿元。"}, {"id": "y", "text": ""}]})
    results = {r["id"]: r for r in response.json()["results"]}
    assert "result" in results["x"] and results["y"]["error"]["code"] == "E101"
    model = httpx.get(f"{service}/v1/model", timeout=10).json()
    assert model["labels"] == ["ZONE", "COMPANY", "PROJECT", "AMOUNT", "DATE"]
    assert httpx.get(f"{service}/docs", timeout=10).status_code == 200
