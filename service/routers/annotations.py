"""Export and import of annotations: doccano JSONL records, Label Studio tasks, spaCy DocBin."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from models.converters import from_label_studio, to_docbin, to_label_studio
from models.errors import BulletinError, ErrorCode
from service.deps import Annotator, Reader, SessionDep
from service.schemas import ImportRequest, ImportResult
from service.store import crud

router = APIRouter(prefix="/v1/annotations", tags=["review loop"])
FORMATS = ("doccano", "label-studio", "spacy")


@router.get("/export", summary="Accepted annotations as doccano JSONL, Label Studio JSON or a spaCy DocBin",
            responses={200: {"content": {"application/x-ndjson": {}, "application/json": {},
                                         "application/octet-stream": {}}}})
async def export_annotations(session: SessionDep, _: Reader,
                             format: Annotated[str, Query(description=", ".join(FORMATS))] = "doccano",
                             status: Annotated[str | None, Query(pattern="^(annotated|accepted)$")] = "accepted"
                             ) -> Response:
    if format not in FORMATS:
        raise BulletinError(ErrorCode.E313, format=format, formats=", ".join(FORMATS))
    records = crud.export_records(session=session, status=status)
    if format == "doccano":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        return Response(body, media_type="application/x-ndjson")
    if format == "label-studio":
        return Response(json.dumps([to_label_studio(r) for r in records], ensure_ascii=False),
                        media_type="application/json")
    return Response(to_docbin(records), media_type="application/octet-stream",
                    headers={"Content-Disposition": 'attachment; filename="annotations.spacy"'})


@router.post("/import", response_model=ImportResult, status_code=201,
             summary="Import annotated documents (doccano records or Label Studio tasks)")
async def import_annotations(body: ImportRequest, session: SessionDep, caller: Annotator) -> ImportResult:
    if body.format not in ("doccano", "label-studio"):
        raise BulletinError(ErrorCode.E313, format=body.format, formats="doccano, label-studio")
    records = body.records if body.format == "doccano" else [from_label_studio(task) for task in body.records]
    documents = crud.import_records(session=session, records=records, author=caller.key_name, accept=body.accept)
    return ImportResult(document_ids=[d.id for d in documents])
