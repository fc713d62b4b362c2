"""The review loop's documents: ingest (predicted on arrival), list, read, and save a corrected annotation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from starlette.concurrency import run_in_threadpool

from models.errors import BulletinError, ErrorCode
from models.export import doc_to_record
from service.deps import Annotator, PipelineDep, Reader, SessionDep, SettingsDep, check_text
from service.schemas import (
    AnnotationPublic,
    AnnotationUpdate,
    DocumentList,
    DocumentPublic,
    DocumentsCreate,
    DocumentSummary,
    ErrorResponse,
    PredictionPublic,
)
from service.store import crud
from service.store.tables import Document

router = APIRouter(prefix="/v1/documents", tags=["review loop"],
                   responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}})


def summary(document: Document) -> DocumentSummary:
    return DocumentSummary(id=document.id, status=document.status, source=document.source,
                           issue_date=document.issue_date, annotation_version=document.annotation_version,
                           created_at=document.created_at.isoformat(), preview=document.text[:80])


def public(document: Document) -> DocumentPublic:
    prediction, annotation = crud.latest_prediction(document), crud.latest_annotation(document)
    return DocumentPublic(
        **summary(document).model_dump(),
        text=document.text,
        prediction=None if prediction is None else PredictionPublic(
            model_version=prediction.model_version, created_at=prediction.created_at.isoformat(),
            entities=prediction.entities, relations=prediction.relations),
        annotation=None if annotation is None else AnnotationPublic(
            version=annotation.version, author=annotation.author, status=annotation.status,
            created_at=annotation.created_at.isoformat(), entities=annotation.entities,
            relations=annotation.relations, changes=annotation.changes),
    )


@router.post("", response_model=list[DocumentPublic], status_code=201,
             summary="Add one or many bulletins; each is predicted with the active model on arrival")
async def create_documents(body: DocumentsCreate, session: SessionDep, pipeline: PipelineDep,
                           settings: SettingsDep, _: Annotator) -> list[DocumentPublic]:
    for item in body.documents:
        check_text(item.text, settings)
    if len(body.documents) > settings.max_batch_documents:
        raise BulletinError(ErrorCode.E107, count=len(body.documents), limit=settings.max_batch_documents)
    docs = await run_in_threadpool(lambda: list(pipeline.pipe(item.text for item in body.documents)))
    created = [
        crud.create_document(session=session, text=item.text, source=item.source, issue_date=item.issue_date,
                             prediction=doc_to_record(doc), model_version=pipeline.meta.version)
        for item, doc in zip(body.documents, docs)
    ]
    session.commit()
    return [public(crud.get_document(session=session, document_id=d.id)) for d in created]


@router.get("", response_model=DocumentList, summary="Documents, optionally by status")
async def list_documents(session: SessionDep, _: Reader,
                         status: Annotated[str | None, Query(pattern="^(predicted|annotated|accepted)$")] = None,
                         limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                         offset: Annotated[int, Query(ge=0)] = 0) -> DocumentList:
    documents, total = crud.list_documents(session=session, status=status, limit=limit, offset=offset)
    return DocumentList(total=total, documents=[summary(d) for d in documents])


@router.get("/{document_id}", response_model=DocumentPublic, summary="A document with its prediction and annotation")
async def read_document(document_id: int, session: SessionDep, _: Reader) -> DocumentPublic:
    return public(crud.get_document(session=session, document_id=document_id))


@router.put("/{document_id}/annotation", response_model=DocumentPublic,
            responses={409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 428: {"model": ErrorResponse}},
            summary="Save a corrected annotation; If-Match carries the annotation_version it was edited from")
async def save_annotation(document_id: int, body: AnnotationUpdate, session: SessionDep, caller: Annotator,
                          if_match: Annotated[str | None, Header()] = None) -> DocumentPublic:
    expected = _version(if_match)
    crud.save_annotation(session=session, document_id=document_id, expected_version=expected,
                         author=caller.key_name, accept=body.accept,
                         entities=[e.model_dump(exclude_none=True) for e in body.entities],
                         relations=[r.model_dump(exclude_none=True) for r in body.relations])
    session.commit()
    return public(crud.get_document(session=session, document_id=document_id))


def _version(if_match: str | None) -> int:
    value = (if_match or "").strip().strip('"').removeprefix("W/").strip('"')
    if not value.isdigit():
        raise BulletinError(ErrorCode.E405)
    return int(value)
