"""POST /v1/extract and /v1/extract/batch in process: the contract and every bad-input case."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_ZONES


def test_text_plain_body_returns_offsets_into_the_posted_text(client, seed_text):
    response = client.post("/v1/extract", content=seed_text.encode("utf-8"),
                           headers={"Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= {"model", "entities", "triples", "sections"}
    assert body["entities"], "the seed has entities"
    for entity in body["entities"]:
        assert seed_text[entity["start"] : entity["end"]] == entity["text"]
        assert entity["label"] in {"ZONE", "COMPANY", "PROJECT", "AMOUNT", "DATE"}
        assert 0.0 <= entity["confidence"] <= 1.0
    ids = {entity["id"] for entity in body["entities"]}
    for triple in body["triples"]:
        assert triple["subject"]["id"] in ids and triple["object"]["id"] in ids
        assert 0 <= triple["evidence"]["start"] < triple["evidence"]["end"] <= len(seed_text)
    zones = [s["zone"] for s in body["sections"] if s["level"] == 0]
    assert zones == SEED_ZONES
    assert "tokens" not in body


def test_json_body_with_options(client):
    text = "2024年，苏州工业园区实现营业收入1200亿元，同比增长8.5%。"
    response = client.post("/v1/extract", json={"text": text, "options": {"tokens": True}})
    assert response.status_code == 200
    body = response.json()
    assert "".join(token["text"] for token in body["tokens"]) == text.replace(" ", "")
    amounts = {e["text"]: e["value"] for e in body["entities"] if e["label"] == "AMOUNT"}
    assert amounts.get("1200亿元") == {"value": 120000000000, "unit": "元", "kind": "money"}


def test_query_options_with_text_plain(client):
    response = client.post("/v1/extract?tokens=true", content="开发区新增企业45家。".encode(),
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 200 and response.json()["tokens"]


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"content": b"   \n ", "headers": {"Content-Type": "text/plain"}}, 422, "E101"),
    ({"content": b"", "headers": {"Content-Type": "text/plain"}}, 422, "E110"),
    ({"content": b"\xff\xfe\xfd", "headers": {"Content-Type": "text/plain"}}, 400, "E103"),
    ({"content": b"<xml/>", "headers": {"Content-Type": "application/xml"}}, 415, "E104"),
    ({"content": b'{"text": ', "headers": {"Content-Type": "application/json"}}, 422, "E105"),
    ({"json": {"text": "开发区", "options": {"colour": 1}}}, 422, "E109"),
    ({"json": {"txt": "开发区"}}, 422, "E108"),
    ({"json": {"text": ""}}, 422, "E101"),
    ({"content": ("开" * 100_000).encode(), "headers": {"Content-Type": "text/plain"}}, 413, "E106"),
])
def test_bad_input_gets_a_coded_json_error(client, kwargs, status, code):
    response = client.post("/v1/extract", **kwargs)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_batch_isolates_bad_documents(client):
    response = client.post("/v1/extract/batch", json={"documents": [
        {"id": "a", "text": "2023年开发区新增企业12家。"}, {"text": " "}, {"id": "c", "text": "总投资10.5亿元。"}]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["a", "1", "c"]
    assert "result" in results[0] and results[1]["error"]["code"] == "E101" and "result" in results[2]


def test_batch_limits(client):
    too_many = {"documents": [{"text": "开发区"}] * 5}
    response = client.post("/v1/extract/batch", json=too_many)
    assert response.status_code == 413 and response.json()["error"]["code"] == "E107"
    response = client.post("/v1/extract/batch", content=b"x", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_unknown_route_and_method(client):
    assert client.get("/v2/nothing").json()["error"]["code"] == "E111"
    response = client.get("/v1/extract")
    assert response.status_code == 405 and response.json()["error"]["code"] == "E112"


def test_health_and_model(client):
    assert client.get("/healthz").json()["status"] == "ok"
    model = client.get("/v1/model").json()
    assert model["labels"] == ["ZONE", "COMPANY", "PROJECT", "AMOUNT", "DATE"]
    assert "metric" in model["predicates"] and model["components"]
