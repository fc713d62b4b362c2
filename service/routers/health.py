"""GET /healthz and GET /v1/model."""

from __future__ import annotations

from fastapi import APIRouter

from models.schema import SCHEMA
from service.deps import PipelineDep
from service.schemas import Health, ModelInfo

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness and the loaded model")
async def healthz(pipeline: PipelineDep) -> Health:
    return Health(status="ok", model={"name": pipeline.meta.name, "version": pipeline.meta.version})


@router.get("/v1/model", response_model=ModelInfo, summary="The loaded model: labels, predicates, evaluation figures")
async def model_info(pipeline: PipelineDep) -> ModelInfo:
    return ModelInfo(
        name=pipeline.meta.name,
        version=pipeline.meta.version,
        labels=list(SCHEMA.labels),
        predicates=list(SCHEMA.predicates),
        components=pipeline.component_names,
        metrics=pipeline.meta.metrics,
    )
