"""The review loop's API in process: import/export round trip, Label Studio ML backend shapes, auth."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from models.converters import from_docbin, to_label_studio
from service.config import Settings
from service.main import create_app
from training.corpus import load_records

KEYS = {"admin-key-0001": "admin", "annotator-key-01": "annotator", "reader-key-0001": "reader"}
ADMIN, ANNOTATOR, READER = ({"X-API-Key": key} for key in KEYS)


@pytest.fixture(scope="module")
def loop_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-api")
    settings = Settings(database_url=f"sqlite:///{folder / 'db.sqlite'}", api_keys=KEYS, precision="fp32",
                        models_dir=folder / "models")
    with TestClient(create_app(settings)) as client:
        yield client


def test_import_then_export_in_every_format(loop_client):
    records = load_records()[:3]
    response = loop_client.post("/v1/annotations/import", headers=ANNOTATOR,
                                json={"format": "doccano", "records": records, "accept": True})
    assert response.status_code == 201, response.text
    ids = response.json()["document_ids"]
    tasks = [to_label_studio(r) for r in load_records()[3:5]]
    response = loop_client.post("/v1/annotations/import", headers=ANNOTATOR,
                                json={"format": "label-studio", "records": tasks, "accept": True})
    assert response.status_code == 201
    exported = loop_client.get("/v1/annotations/export?format=doccano", headers=READER)
    lines = [json.loads(line) for line in exported.text.splitlines()]
    assert len(lines) == 5
    by_text = {line["text"]: line for line in lines}
    for record in load_records()[:5]:
        assert len(by_text[record["text"]]["entities"]) == len(record["entities"])
        assert len(by_text[record["text"]]["relations"]) == len(record["relations"])
    studio = loop_client.get("/v1/annotations/export?format=label-studio", headers=READER).json()
    assert len(studio) == 5 and studio[0]["annotations"][0]["result"]
    docbin = loop_client.get("/v1/annotations/export?format=spacy", headers=READER).content
    assert len(from_docbin(docbin)) == 5
    assert loop_client.get("/v1/annotations/export?format=xml", headers=READER).json()["error"]["code"] == "E313"
    document = loop_client.get(f"/v1/documents/{ids[0]}", headers=READER).json()
    assert document["annotation"]["version"] == 1 and document["status"] == "accepted"


def test_label_studio_ml_backend(loop_client):
    health = loop_client.get("/label-studio/health").json()
    assert health["status"] == "UP" and health["model_version"]
    config = '<View><Labels name="ner" toName="txt"><Label value="ZONE"/></Labels><Text name="txt" value="$text"/></View>'
    assert loop_client.post("/label-studio/setup", json={"project": "1", "schema": config}).json()["model_version"]
    text = "2024年，寿阳经济技术开发区新增企业12家，山西强伟纸业有限公司总投资10.5亿元。"
    response = loop_client.post("/label-studio/predict", json={"tasks": [{"id": 7, "data": {"text": text}}],
                                                               "label_config": config})
    result = response.json()["results"][0]
    regions = [r for r in result["result"] if r["type"] == "labels"]
    assert regions and all(r["from_name"] == "ner" and r["to_name"] == "txt" for r in regions)
    for region in regions:
        assert text[region["value"]["start"] : region["value"]["end"]] == region["value"]["text"]
    region_ids = {r["id"] for r in regions}
    for relation in (r for r in result["result"] if r["type"] == "relation"):
        assert {relation["from_id"], relation["to_id"]} <= region_ids
    event = {"action": "ANNOTATION_CREATED", "task": {"id": 7, "data": {"text": text}},
             "annotation": {"result": result["result"]}}
    assert loop_client.post("/label-studio/webhook", json=event).status_code == 401
    stored = loop_client.post("/label-studio/webhook", json=event, headers=ANNOTATOR).json()
    assert stored["status"] == "ok"
    document = loop_client.get(f"/v1/documents/{stored['document_id']}", headers=READER).json()
    assert len(document["annotation"]["entities"]) == len(regions)


def test_label_studio_predict_on_tasks_without_text(loop_client):
    """Found by the schema fuzzer: a task with no text once crashed the tagger with an empty window."""
    response = loop_client.post("/label-studio/predict", json={"label_config": None, "tasks": [{}, {"data": {"text": ""}}]})
    assert response.status_code == 200, response.text
    assert [r["result"] for r in response.json()["results"]] == [[], []]


def test_annotation_errors_name_the_span(loop_client):
    created = loop_client.post("/v1/documents", headers=ANNOTATOR,
                               json={"documents": [{"text": "开发区新增企业12家。"}]}).json()[0]
    bad = {"entities": [{"id": 0, "label": "AMOUNT", "start_offset": 7, "end_offset": 99}]}
    response = loop_client.put(f"/v1/documents/{created['id']}/annotation", json=bad,
                               headers={**ANNOTATOR, "If-Match": "0"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "E301"
    assert response.json()["error"]["detail"] == {"start": 7, "end": 99, "length": 11}
    missing = loop_client.put(f"/v1/documents/{created['id']}/annotation", json={"entities": []}, headers=ANNOTATOR)
    assert missing.status_code == 428
    assert loop_client.get("/v1/documents/99999", headers=READER).status_code == 404
    assert loop_client.get("/v1/training-runs/99999", headers=READER).status_code == 404
