"""Label Studio ML backend: pre-annotations (entities and relations) for a Label Studio project, and its webhook.

Point a Label Studio project's "Model" setting at `http://<host>:<port>/label-studio`. The project's labeling
config needs <Labels name=… toName=…> with the five labels and <Relations> with the predicates.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from models.converters import from_label_studio, to_label_studio
from models.export import doc_to_record
from service.deps import Annotator, PipelineDep, SessionDep
from service.store import crud

router = APIRouter(prefix="/label-studio", tags=["label studio"])
_LABELS_TAG = re.compile(r"<Labels\b[^>]*\bname=\"(?P<name>[^\"]+)\"[^>]*\btoName=\"(?P<to>[^\"]+)\"")


class SetupRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    project: str | None = None
    schema_: str | None = Field(None, alias="schema")


class PredictRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    tasks: list[dict[str, Any]]
    label_config: str | None = None


class WebhookEvent(BaseModel):
    model_config = ConfigDict(extra="allow")

    action: str
    task: dict[str, Any] | None = None
    annotation: dict[str, Any] | None = None


def _names(request: Request) -> tuple[str, str]:
    return getattr(request.app.state, "label_studio_names", ("label", "text"))


@router.get("/health", summary="Label Studio's health check")
async def health(pipeline: PipelineDep) -> dict[str, Any]:
    return {"status": "UP", "model_class": "BulletinIE", "model_version": pipeline.meta.version}


@router.post("/setup", summary="Label Studio's set-up call: remembers the label config's tag names")
async def setup(body: SetupRequest, request: Request, pipeline: PipelineDep) -> dict[str, Any]:
    match = _LABELS_TAG.search(body.schema_ or "")
    if match:
        request.app.state.label_studio_names = (match["name"], match["to"])
    return {"model_version": pipeline.meta.version}


@router.post("/predict", summary="Pre-annotations for Label Studio tasks (entities and relations)")
async def predict(body: PredictRequest, request: Request, pipeline: PipelineDep) -> dict[str, Any]:
    match = _LABELS_TAG.search(body.label_config or "")
    from_name, to_name = (match["name"], match["to"]) if match else _names(request)
    texts = [str(task.get("data", {}).get("text", "")) for task in body.tasks]
    docs = await run_in_threadpool(lambda: list(pipeline.pipe(t if t.strip() else " " for t in texts)))
    results = []
    for task, doc in zip(body.tasks, docs):
        record = doc_to_record(doc, record_id=str(task.get("id", "")))
        regions = to_label_studio(record)["annotations"][0]["result"]
        for region in regions:
            if region["type"] == "labels":
                region["from_name"], region["to_name"] = from_name, to_name
        score = min((s.confidence for s in doc.ents), default=1.0)
        results.append({"result": regions, "score": round(score, 4), "model_version": pipeline.meta.version})
    return {"results": results, "model_version": pipeline.meta.version}


@router.post("/webhook", summary="Label Studio annotation events: submitted annotations join the store, accepted")
async def webhook(event: WebhookEvent, session: SessionDep, caller: Annotator) -> dict[str, Any]:
    if event.action not in ("ANNOTATION_CREATED", "ANNOTATION_UPDATED") or not event.task or not event.annotation:
        return {"status": "ignored", "action": event.action}
    task = {"data": event.task.get("data", {}), "annotations": [event.annotation], "meta": {}}
    record = from_label_studio(task)
    record["id"] = f"label-studio-{event.task.get('id', '')}"
    documents = crud.import_records(session=session, records=[record], author=caller.key_name, accept=True)
    return {"status": "ok", "document_id": documents[0].id}
