"""The whole annotate-and-retrain loop over HTTP against the real service: ingest, read the prediction, correct,
export, retrain (tiny config) in the background worker, see the gate's decision, activate, extract, roll back;
plus concurrent saves and the auth negatives."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from tests.e2e.conftest import ADMIN, ANNOTATOR, BULLETIN, READER

pytestmark = pytest.mark.e2e


def test_auth_negatives(loop_service):
    base = loop_service
    protected = [("GET", "/v1/documents", None), ("POST", "/v1/documents", {"documents": [{"text": "开发区"}]}),
                 ("GET", "/v1/models", None), ("POST", "/v1/training-runs", {}),
                 ("GET", "/v1/annotations/export", None)]
    for method, path, body in protected:
        response = httpx.request(method, base + path, json=body, timeout=30)
        assert response.status_code == 401 and response.json()["error"]["code"] == "E401", path
        response = httpx.request(method, base + path, json=body, headers={"X-API-Key": "wrong-key-000"}, timeout=30)
        assert response.status_code == 401
    too_low = [(READER, "POST", "/v1/documents", {"documents": [{"text": "开发区"}]}),
               (READER, "PUT", "/v1/documents/1/annotation", {"entities": []}),
               (ANNOTATOR, "POST", "/v1/training-runs", {}),
               (ANNOTATOR, "POST", "/v1/models/0.1.0/activate", None)]
    for headers, method, path, body in too_low:
        response = httpx.request(method, base + path, json=body, headers=headers, timeout=30)
        assert response.status_code == 403 and response.json()["error"]["code"] == "E402", path


class ExtractionsDuringSwap:
    """Posts extractions from a second thread while the block runs; collects their status codes."""

    def __init__(self, base: str):
        self.base, self.statuses, self._stop = base, [], threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        while not self._stop.is_set() or not self.statuses:
            response = httpx.post(f"{self.base}/v1/extract", json={"text": BULLETIN[:300]}, timeout=60)
            self.statuses.append(response.status_code)

    def __enter__(self) -> ExtractionsDuringSwap:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def test_the_whole_loop(loop_service):
    base = loop_service
    timings = {}
    started = time.time()
    created = httpx.post(f"{base}/v1/documents", json={"documents": [{"text": BULLETIN, "source": "issue-42"}]},
                         headers=ANNOTATOR, timeout=60)
    assert created.status_code == 201, created.text
    document = created.json()[0]
    timings["ingest_s"] = time.time() - started
    document = httpx.get(f"{base}/v1/documents/{document['id']}", headers=READER, timeout=30).json()
    prediction = document["prediction"]
    original_version = prediction["model_version"]
    assert prediction["entities"] and document["annotation_version"] == 0

    # Correct it: the reviewer's truth for three spans, one triple.
    text = document["text"]

    def entity(number, label, fragment, **extra):
        start = text.index(fragment)
        return {"id": number, "label": label, "start_offset": start, "end_offset": start + len(fragment), **extra}

    entities = [entity(0, "ZONE", "寿阳经济技术开发区", canonical="寿阳经济技术开发区"),
                entity(1, "AMOUNT", "22.35 亿元"), entity(2, "COMPANY", "山西强伟纸业有限公司"),
                entity(3, "PROJECT", "年产 8 万吨纱管纸生产线"), entity(4, "AMOUNT", "3.2 亿元")]
    relations = [{"id": 0, "from_id": 0, "to_id": 1, "type": "metric", "attribute": "规模以上工业增加值"},
                 {"id": 1, "from_id": 2, "to_id": 3, "type": "builds"},
                 {"id": 2, "from_id": 3, "to_id": 4, "type": "total_investment"}]
    saved = httpx.put(f"{base}/v1/documents/{document['id']}/annotation", timeout=30,
                      headers={**ANNOTATOR, "If-Match": "0"}, json={"entities": entities, "relations": relations})
    assert saved.status_code == 200, saved.text
    assert saved.json()["annotation_version"] == 1 and saved.json()["status"] == "accepted"

    exported = httpx.get(f"{base}/v1/annotations/export?format=doccano", headers=READER, timeout=30)
    lines = [json.loads(line) for line in exported.text.splitlines()]
    assert any(r["text"] == BULLETIN and len(r["relations"]) == 3 for r in lines)

    started = time.time()
    run = httpx.post(f"{base}/v1/training-runs", json={"config": {}}, headers=ADMIN, timeout=30)
    assert run.status_code == 202, run.text
    run_id = run.json()["id"]
    second = httpx.post(f"{base}/v1/training-runs", json={}, headers=ADMIN, timeout=30)
    assert second.status_code == 409 and second.json()["error"]["code"] == "E407"
    seen_progress = False
    for _ in range(600):
        state = httpx.get(f"{base}/v1/training-runs/{run_id}", headers=READER, timeout=30).json()
        seen_progress |= bool(state["progress"].get("epoch"))
        if state["status"] in ("finished", "failed"):
            break
        time.sleep(1)
    assert state["status"] == "finished", state.get("error")
    timings["retrain_s"] = time.time() - started
    assert seen_progress or state["progress"], "progress (epoch, loss, ETA) is reported while training"
    comparison = state["comparison"]
    assert comparison["decision"] in ("accepted", "rejected")
    assert set(comparison["new"]) >= {"ents_f", "triples_f"}
    new_version = state["model_version"]
    models = {m["version"]: m for m in httpx.get(f"{base}/v1/models", headers=READER, timeout=30).json()}
    assert models[new_version]["gate"]["decision"] == comparison["decision"]

    activate = httpx.post(f"{base}/v1/models/{new_version}/activate", headers=ADMIN, timeout=120)
    if comparison["decision"] == "rejected":
        assert activate.status_code == 409 and activate.json()["error"]["code"] == "E406"
        with ExtractionsDuringSwap(base) as during:  # the hot swap drops no request
            activate = httpx.post(f"{base}/v1/models/{new_version}/activate?force=true", headers=ADMIN, timeout=120)
    else:
        with ExtractionsDuringSwap(base) as during:
            activate = httpx.post(f"{base}/v1/models/{new_version}/activate", headers=ADMIN, timeout=120)
    assert activate.status_code == 200, activate.text
    assert during.statuses and set(during.statuses) == {200}, during.statuses
    extraction = httpx.post(f"{base}/v1/extract", json={"text": BULLETIN}, timeout=60).json()
    assert extraction["model"]["version"] == new_version

    rollback = httpx.post(f"{base}/v1/models/{original_version}/activate", headers=ADMIN, timeout=120)
    assert rollback.status_code == 200
    assert httpx.post(f"{base}/v1/extract", json={"text": BULLETIN}, timeout=60).json()["model"]["version"] == \
        original_version
    print(f"loop timings: {json.dumps({k: round(v, 1) for k, v in timings.items()})}")


def test_concurrent_saves_over_http(loop_service):
    base = loop_service
    document = httpx.post(f"{base}/v1/documents", json={"documents": [{"text": BULLETIN}]}, headers=ANNOTATOR,
                          timeout=60).json()[0]
    body = {"entities": document["prediction"]["entities"], "relations": document["prediction"]["relations"]}
    statuses, barrier = [], threading.Barrier(2)

    def save() -> None:
        barrier.wait()
        response = httpx.put(f"{base}/v1/documents/{document['id']}/annotation", json=body, timeout=60,
                             headers={**ANNOTATOR, "If-Match": "0"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409]
    final = httpx.get(f"{base}/v1/documents/{document['id']}", headers=READER, timeout=30).json()
    assert final["annotation_version"] == 1 and final["annotation"]["entities"] == body["entities"]
