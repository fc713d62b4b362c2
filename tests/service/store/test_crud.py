"""The store against SQLite and, where BULLETIN_TEST_POSTGRES_URL is set, a real PostgreSQL server."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text

from models.errors import BulletinError
from service.store import crud
from service.store.db import migrate, session_factory

TEXT = "2024年，寿阳经济技术开发区新增企业12家。"
ENTITIES = [
    {"id": 0, "label": "DATE", "start_offset": 0, "end_offset": 5, "value": {"value": "2024", "precision": "year"}},
    {"id": 1, "label": "ZONE", "start_offset": 6, "end_offset": 15, "canonical": "寿阳经济技术开发区"},
    {"id": 2, "label": "AMOUNT", "start_offset": 19, "end_offset": 22},
]
RELATIONS = [{"id": 0, "from_id": 1, "to_id": 2, "type": "metric", "attribute": "新增企业"}]


def _postgres_url() -> str | None:
    return os.environ.get("BULLETIN_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = _postgres_url()
    if not base:
        pytest.skip("BULLETIN_TEST_POSTGRES_URL is not set (.ci/run sets it after starting PostgreSQL)")
    schema = f"t_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def sessions(database_url):
    migrate(database_url)
    return session_factory(database_url)


def make_document(sessions) -> int:
    with sessions.begin() as session:
        document = crud.create_document(session=session, text=TEXT, source="test",
                                        prediction={"entities": ENTITIES[:2], "relations": []}, model_version="0.1")
        return document.id


def test_annotation_versions_and_changes(sessions):
    document_id = make_document(sessions)
    with sessions.begin() as session:
        first = crud.save_annotation(session=session, document_id=document_id, expected_version=0, author="a",
                                     entities=ENTITIES, relations=RELATIONS, accept=False)
        assert first.version == 1
        assert [list(key) for key in first.changes["entities_added"]] == [[19, 22, "AMOUNT"]]
    with sessions.begin() as session:
        second = crud.save_annotation(session=session, document_id=document_id, expected_version=1, author="b",
                                      entities=ENTITIES[:2], relations=[], accept=True)
        assert second.version == 2 and second.status == "accepted"
    with sessions() as session:
        document = crud.get_document(session=session, document_id=document_id)
        assert [a.version for a in document.annotations] == [1, 2]  # versions are kept, never overwritten
        assert document.status == "accepted"
        assert len(crud.export_records(session=session, status="accepted")) == 1


def test_stale_write_is_refused_and_nothing_is_lost(sessions):
    document_id = make_document(sessions)
    with sessions.begin() as session:
        crud.save_annotation(session=session, document_id=document_id, expected_version=0, author="a",
                             entities=ENTITIES, relations=RELATIONS, accept=True)
    with pytest.raises(BulletinError) as error, sessions.begin() as session:
        crud.save_annotation(session=session, document_id=document_id, expected_version=0, author="b",
                             entities=ENTITIES[:1], relations=[], accept=True)
    assert error.value.code.name == "E404"
    with sessions() as session:
        latest = crud.latest_annotation(crud.get_document(session=session, document_id=document_id))
        assert latest.author == "a" and len(latest.entities) == 3


def test_concurrent_saves_one_wins(sessions):
    document_id = make_document(sessions)
    outcomes, barrier = [], threading.Barrier(2)

    def save(author: str) -> None:
        barrier.wait()
        try:
            with sessions.begin() as session:
                crud.save_annotation(session=session, document_id=document_id, expected_version=0, author=author,
                                     entities=ENTITIES, relations=RELATIONS, accept=True)
            outcomes.append("saved")
        except BulletinError as exc:
            outcomes.append(exc.code.name)

    threads = [threading.Thread(target=save, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["E404", "saved"]
    with sessions() as session:
        assert [a.version for a in crud.get_document(session=session, document_id=document_id).annotations] == [1]


def test_invalid_annotation_names_the_span(sessions):
    document_id = make_document(sessions)
    bad = [dict(ENTITIES[1], end_offset=14)]  # ZONE text mismatch is allowed; overlap is not:
    bad.append({"id": 5, "label": "COMPANY", "start_offset": 10, "end_offset": 16})
    with pytest.raises(BulletinError) as error, sessions.begin() as session:
        crud.save_annotation(session=session, document_id=document_id, expected_version=0, author="a",
                             entities=bad, relations=[], accept=True)
    assert error.value.code.name == "E304" and error.value.fields["second_start"] == 10


def test_model_registry_gate_and_rollback(sessions):
    with sessions.begin() as session:
        crud.register_model(session=session, version="1.0.0", path="/m/1", status=crud.CANDIDATE, metrics={})
        crud.activate_model(session=session, version="1.0.0")
        crud.register_model(session=session, version="1.0.1", path="/m/2", status=crud.REJECTED, metrics={},
                            gate={"decision": "rejected"})
    with pytest.raises(BulletinError) as error, sessions.begin() as session:
        crud.activate_model(session=session, version="1.0.1")
    assert error.value.code.name == "E406"
    with sessions.begin() as session:
        crud.activate_model(session=session, version="1.0.1", force=True)
    with sessions.begin() as session:
        crud.activate_model(session=session, version="1.0.0")  # rollback
        assert crud.active_model(session=session).version == "1.0.0"
        statuses = {m.version: m.status for m in crud.list_models(session=session)}
        assert statuses == {"1.0.0": "active", "1.0.1": "retired"}


def test_one_training_run_at_a_time(sessions):
    with sessions.begin() as session:
        run = crud.create_training_run(session=session, requested_by="admin", config={})
    with pytest.raises(BulletinError) as error, sessions.begin() as session:
        crud.create_training_run(session=session, requested_by="admin", config={})
    assert error.value.code.name == "E407"
    with sessions.begin() as session:
        crud.update_training_run(session=session, run_id=run.id, status=crud.RUN_FINISHED)
        assert crud.create_training_run(session=session, requested_by="admin", config={}).id == run.id + 1
