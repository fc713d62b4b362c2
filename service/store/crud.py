"""Persistence functions, keyword-only. Every write goes through here; routers and the CLI call these."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models.errors import BulletinError, ErrorCode
from models.validation import check_record
from service.store.tables import Annotation, Document, ModelVersion, Prediction, TrainingRun

ACTIVE, CANDIDATE, REJECTED, RETIRED = "active", "candidate", "rejected", "retired"
RUN_QUEUED, RUN_RUNNING, RUN_FINISHED, RUN_FAILED = "queued", "running", "finished", "failed"


def _now() -> datetime:
    return datetime.now(UTC)


# --- documents and predictions ------------------------------------------------------------------------------
def create_document(*, session: Session, text: str, source: str | None = None, issue_date: str | None = None,
                    prediction: dict[str, Any] | None = None, model_version: str | None = None) -> Document:
    document = Document(text=text, source=source, issue_date=issue_date, status="predicted", annotation_version=0)
    session.add(document)
    session.flush()
    if prediction is not None:
        add_prediction(session=session, document=document, record=prediction, model_version=model_version or "")
    return document


def add_prediction(*, session: Session, document: Document, record: dict[str, Any], model_version: str) -> Prediction:
    prediction = Prediction(document_id=document.id, model_version=model_version, entities=record["entities"],
                            relations=record["relations"])
    session.add(prediction)
    session.flush()
    return prediction


def _get(session: Session, table: type, key: Any, kind: str) -> Any:
    row = session.get(table, key)
    if row is None:
        raise BulletinError(ErrorCode.E403, kind=kind, id=key)
    return row


def get_document(*, session: Session, document_id: int) -> Document:
    return _get(session, Document, document_id, "document")


def list_documents(*, session: Session, status: str | None = None, limit: int = 100, offset: int = 0
                   ) -> tuple[list[Document], int]:
    query = select(Document)
    counter = select(func.count()).select_from(Document)
    if status:
        query, counter = query.where(Document.status == status), counter.where(Document.status == status)
    documents = session.scalars(query.order_by(Document.id).limit(limit).offset(offset)).all()
    return list(documents), session.scalar(counter) or 0


def latest_prediction(document: Document) -> Prediction | None:
    return document.predictions[-1] if document.predictions else None


def latest_annotation(document: Document) -> Annotation | None:
    return document.annotations[-1] if document.annotations else None


# --- annotations --------------------------------------------------------------------------------------------
def save_annotation(*, session: Session, document_id: int, expected_version: int, author: str,
                    entities: list[dict[str, Any]], relations: list[dict[str, Any]], accept: bool) -> Annotation:
    """Save a new annotation version; refuse a stale base version (409) and invalid spans or relations (422).

    The version check and the increment are one UPDATE, so of two concurrent saves from the same version exactly
    one wins and the other gets E404 with nothing lost.
    """
    document = get_document(session=session, document_id=document_id)
    record = {"id": str(document_id), "text": document.text, "entities": entities, "relations": relations}
    problems = check_record(record, require_values=False)
    if problems:
        raise problems[0]
    new_version = expected_version + 1
    result = session.execute(
        update(Document)
        .where(Document.id == document_id, Document.annotation_version == expected_version)
        .values(annotation_version=new_version, status="accepted" if accept else "annotated")
    )
    if result.rowcount != 1:  # the caller's transaction rolls back; nothing of this save is kept
        current = session.scalar(select(Document.annotation_version).where(Document.id == document_id))
        raise BulletinError(ErrorCode.E404, expected=expected_version, current=current)
    previous = session.scalar(select(Annotation).where(Annotation.document_id == document_id)
                              .order_by(Annotation.version.desc()).limit(1))
    annotation = Annotation(document_id=document_id, version=new_version, author=author,
                            status="accepted" if accept else "submitted", entities=entities, relations=relations,
                            changes=_changes(previous, entities, relations, document))
    session.add(annotation)
    session.flush()
    session.expire(document)
    return annotation


def _changes(previous: Annotation | None, entities: list[dict[str, Any]], relations: list[dict[str, Any]],
             document: Document) -> dict[str, Any]:
    """What changed against the previous version (or the model's prediction): added and removed spans."""
    if previous is not None:
        before_entities, before_relations = previous.entities, previous.relations
    else:
        prediction = latest_prediction(document)
        before_entities = prediction.entities if prediction else []
        before_relations = prediction.relations if prediction else []

    def span_keys(items: list[dict[str, Any]]) -> set[tuple]:
        return {(e["start_offset"], e["end_offset"], e["label"]) for e in items}

    def relation_keys(items: list[dict[str, Any]], spans: list[dict[str, Any]]) -> set[tuple]:
        by_id = {e["id"]: (e["start_offset"], e["end_offset"]) for e in spans}
        return {(by_id.get(r["from_id"]), r["type"], by_id.get(r["to_id"])) for r in items}

    old, new = span_keys(before_entities), span_keys(entities)
    old_relations = relation_keys(before_relations, before_entities)
    new_relations = relation_keys(relations, entities)
    return {"entities_added": sorted(new - old), "entities_removed": sorted(old - new),
            "relations_added": sorted(map(str, new_relations - old_relations)),
            "relations_removed": sorted(map(str, old_relations - new_relations))}


def document_record(document: Document, *, use_prediction: bool = False) -> dict[str, Any] | None:
    """The document in the corpus format: its latest annotation (or, if asked, its latest prediction)."""
    source = latest_annotation(document)
    if source is None and use_prediction:
        source = latest_prediction(document)
    if source is None:
        return None
    return {"id": f"store-{document.id}", "text": document.text, "entities": source.entities,
            "relations": source.relations,
            "meta": {"source": "written", "kind": "review", "province": "?", "year": None,
                     "issue_date": document.issue_date, "origin": document.source}}


def export_records(*, session: Session, status: str | None = "accepted") -> list[dict[str, Any]]:
    documents, _ = list_documents(session=session, status=status, limit=1_000_000)
    return [record for d in documents if (record := document_record(d)) is not None]


def import_records(*, session: Session, records: list[dict[str, Any]], author: str, accept: bool
                   ) -> list[Document]:
    documents = []
    for record in records:
        document = create_document(session=session, text=record["text"], source=record.get("id"))
        save_annotation(session=session, document_id=document.id, expected_version=0, author=author,
                        entities=record["entities"], relations=record["relations"], accept=accept)
        documents.append(document)
    return documents


# --- training runs ------------------------------------------------------------------------------------------
def create_training_run(*, session: Session, requested_by: str, config: dict[str, Any]) -> TrainingRun:
    running = session.scalar(select(TrainingRun).where(TrainingRun.status.in_([RUN_QUEUED, RUN_RUNNING])))
    if running is not None:
        raise BulletinError(ErrorCode.E407, run_id=running.id)
    run = TrainingRun(status=RUN_QUEUED, requested_by=requested_by, config=config, progress={})
    session.add(run)
    session.flush()
    return run


def get_training_run(*, session: Session, run_id: int) -> TrainingRun:
    return _get(session, TrainingRun, run_id, "training run")


def update_training_run(*, session: Session, run_id: int, **changes: Any) -> TrainingRun:
    run = get_training_run(session=session, run_id=run_id)
    for key, value in changes.items():
        setattr(run, key, value)
    if changes.get("status") == RUN_RUNNING and run.started_at is None:
        run.started_at = _now()
    if changes.get("status") in (RUN_FINISHED, RUN_FAILED):
        run.finished_at = _now()
    session.flush()
    return run


# --- model registry -----------------------------------------------------------------------------------------
def register_model(*, session: Session, version: str, path: str, status: str, metrics: dict[str, Any],
                   gate: dict[str, Any] | None = None, training_run_id: int | None = None) -> ModelVersion:
    model = session.get(ModelVersion, version) or ModelVersion(version=version)
    model.path, model.status, model.metrics = path, status, metrics
    model.gate, model.training_run_id = gate or {}, training_run_id
    session.add(model)
    session.flush()
    return model


def list_models(*, session: Session) -> list[ModelVersion]:
    return list(session.scalars(select(ModelVersion).order_by(ModelVersion.created_at, ModelVersion.version)).all())


def get_model(*, session: Session, version: str) -> ModelVersion:
    return _get(session, ModelVersion, version, "model version")


def active_model(*, session: Session) -> ModelVersion | None:
    return session.scalar(select(ModelVersion).where(ModelVersion.status == ACTIVE))


def activate_model(*, session: Session, version: str, force: bool = False) -> ModelVersion:
    """Make `version` the active model; a model the gate rejected needs `force` (never activated silently)."""
    model = get_model(session=session, version=version)
    if model.status == REJECTED and not force:
        raise BulletinError(ErrorCode.E406, version=version, status=model.status)
    session.execute(update(ModelVersion).where(ModelVersion.status == ACTIVE).values(status=RETIRED))
    model.status, model.activated_at = ACTIVE, _now()
    session.flush()
    return model
