"""POST /v1/extract and /v1/extract/batch."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from models.errors import BulletinError
from models.export import doc_to_dict
from models.pipeline import Pipeline
from service.deps import BatchInput, ExtractInput, PipelineDep, SettingsDep, check_text
from service.errors import HTTP_STATUS
from service.schemas import (
    BatchItemError,
    BatchItemResult,
    BatchRequest,
    BatchResponse,
    ErrorBody,
    ErrorResponse,
    ExtractOptions,
    ExtractRequest,
    ExtractResponse,
)

router = APIRouter(prefix="/v1/extract", tags=["extract"])

_ERRORS = {
    400: {"model": ErrorResponse, "description": "Invalid UTF-8."},
    413: {"model": ErrorResponse, "description": "Body, text or batch too large."},
    415: {"model": ErrorResponse, "description": "Unsupported content type."},
    422: {"model": ErrorResponse, "description": "Empty text, malformed JSON or an unknown option."},
}
_TEXT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}, "example": "【2023 年工作成绩】\n开发区现有企业 45 家…"},
            "application/json": {"schema": ExtractRequest.model_json_schema(ref_template="#/components/schemas/{model}")},
        },
    }
}
_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": BatchRequest.model_json_schema(
            ref_template="#/components/schemas/{model}")}},
    }
}


def _response(pipeline: Pipeline, text: str, options: ExtractOptions) -> ExtractResponse:
    doc = pipeline(text)
    data = doc_to_dict(doc, tokens=options.tokens, min_confidence=options.min_confidence)
    return ExtractResponse.model_validate({"model": _model_ref(pipeline), **data})


def _model_ref(pipeline: Pipeline) -> dict[str, str]:
    return {"name": pipeline.meta.name, "version": pipeline.meta.version}


@router.post("", response_model=ExtractResponse, responses=_ERRORS, openapi_extra=_TEXT_BODY,
             summary="Extract entities, values and triples from one bulletin")
async def extract(request: ExtractInput, pipeline: PipelineDep) -> ExtractResponse:
    return await run_in_threadpool(_response, pipeline, request.text, request.options)


@router.post("/batch", response_model=BatchResponse, responses=_ERRORS, openapi_extra=_BATCH_BODY,
             summary="Extract from many bulletins; a bad document gets its own error, never fails the batch")
async def extract_batch(request: BatchInput, pipeline: PipelineDep, settings: SettingsDep) -> BatchResponse:
    return await run_in_threadpool(_batch, pipeline, request, settings)


def _batch(pipeline: Pipeline, request: BatchRequest, settings: SettingsDep) -> BatchResponse:
    results: list[BatchItemResult | BatchItemError] = []
    for position, document in enumerate(request.documents):
        document_id = document.id if document.id is not None else str(position)
        try:
            check_text(document.text, settings)
            results.append(BatchItemResult(id=document_id, result=_response(pipeline, document.text, request.options)))
        except BulletinError as exc:
            results.append(BatchItemError(id=document_id, error=_error_body(exc)))
    return BatchResponse(results=results)


def _error_body(exc: BulletinError) -> ErrorBody:
    return ErrorBody(code=exc.code.name, message=exc.message, detail={"status": HTTP_STATUS[exc.code]})
