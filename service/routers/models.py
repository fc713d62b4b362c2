"""The model registry (admin): versions with their figures, activation and rollback (hot swap)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from service.deps import Admin, Reader, SessionDep
from service.schemas import ErrorResponse, ModelVersionPublic
from service.store import crud
from service.store.tables import ModelVersion

router = APIRouter(prefix="/v1/models", tags=["models"])


def public(model: ModelVersion) -> ModelVersionPublic:
    return ModelVersionPublic(version=model.version, status=model.status, path=model.path, metrics=model.metrics,
                              gate=model.gate, training_run_id=model.training_run_id,
                              created_at=model.created_at.isoformat(),
                              activated_at=model.activated_at.isoformat() if model.activated_at else None)


@router.get("", response_model=list[ModelVersionPublic], summary="Every model version, the active one included")
async def list_models(session: SessionDep, _: Reader) -> list[ModelVersionPublic]:
    return [public(m) for m in crud.list_models(session=session)]


@router.post("/{version}/activate", response_model=ModelVersionPublic, responses={409: {"model": ErrorResponse}},
             summary="Serve this version (also an earlier one: rollback); rejected versions need force=true")
async def activate_model(version: str, request: Request, session: SessionDep, _: Admin,
                         force: Annotated[bool, Query()] = False) -> ModelVersionPublic:
    model = crud.activate_model(session=session, version=version, force=force)
    await run_in_threadpool(request.app.state.models.swap, Path(model.path))
    session.commit()
    return public(model)
