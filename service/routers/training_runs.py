"""Training runs (admin): retrain in a background worker process, follow its progress, see the gate's decision."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi import APIRouter

from service.deps import Admin, Reader, SessionDep, SettingsDep
from service.schemas import ErrorResponse, TrainingRunCreate, TrainingRunPublic
from service.store import crud
from service.store.tables import TrainingRun

router = APIRouter(prefix="/v1/training-runs", tags=["models"])
REPO = Path(__file__).resolve().parents[2]


def public(run: TrainingRun, session) -> TrainingRunPublic:
    comparison = None
    if run.model_version:
        new = crud.get_model(session=session, version=run.model_version)
        comparison = {"decision": new.gate.get("decision"), "new": new.gate.get("new"),
                      "active": new.gate.get("active"), "tolerance": new.gate.get("tolerance"),
                      "status": new.status}
    return TrainingRunPublic(
        id=run.id, status=run.status, requested_by=run.requested_by, config=run.config, progress=run.progress,
        model_version=run.model_version, error=run.error, created_at=run.created_at.isoformat(),
        started_at=run.started_at.isoformat() if run.started_at else None,
        finished_at=run.finished_at.isoformat() if run.finished_at else None, comparison=comparison)


@router.post("", response_model=TrainingRunPublic, status_code=202, responses={409: {"model": ErrorResponse}},
             summary="Retrain on the corpus plus accepted annotations, in a background worker process")
async def start_training_run(body: TrainingRunCreate, session: SessionDep, settings: SettingsDep,
                             caller: Admin) -> TrainingRunPublic:
    run = crud.create_training_run(session=session, requested_by=caller.key_name, config=body.config)
    session.commit()
    command = [sys.executable, "-m", "training", "worker", "--run-id", str(run.id),
               "--database-url", settings.database_url, "--models-dir", str(settings.models_dir),
               "--gate-tolerance", str(settings.gate_tolerance)]
    if settings.training_config:
        command += ["--config", str(settings.training_config)]
    log = (settings.models_dir / f"run-{run.id}.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as handle:
        subprocess.Popen(command, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    return public(run, session)


@router.get("", response_model=list[TrainingRunPublic], summary="All training runs")
async def list_training_runs(session: SessionDep, _: Reader) -> list[TrainingRunPublic]:
    from sqlalchemy import select

    return [public(run, session) for run in session.scalars(select(TrainingRun).order_by(TrainingRun.id)).all()]


@router.get("/{run_id}", response_model=TrainingRunPublic, summary="A run's progress (epoch, loss, ETA) and result")
async def read_training_run(run_id: int, session: SessionDep, _: Reader) -> TrainingRunPublic:
    return public(crud.get_training_run(session=session, run_id=run_id), session)
