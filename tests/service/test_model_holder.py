"""Start-up against the model registry: the registry's active model is served; a registry whose active model
folder is gone (a moved checkout, an upgrade that replaced the bundled model) falls back to the bundled model."""

from __future__ import annotations

from service.config import Settings
from service.model_holder import ModelHolder
from service.store import crud
from service.store.db import migrate, session_factory


def test_missing_active_model_folder_falls_back_to_the_bundled_model(tmp_path, caplog):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'registry.db'}", precision="fp32")
    migrate(settings.database_url)
    with session_factory(settings.database_url).begin() as session:
        crud.register_model(session=session, version="0.9.0", path=str(tmp_path / "gone"), status=crud.CANDIDATE,
                            metrics={})
        crud.activate_model(session=session, version="0.9.0")

    holder = ModelHolder.load(settings)

    assert holder.path == settings.model_dir
    assert "has no folder" in caplog.text
    with session_factory(settings.database_url)() as session:
        statuses = {m.version: m.status for m in crud.list_models(session=session)}
    assert statuses == {"0.9.0": crud.RETIRED, holder.active.meta.version: crud.ACTIVE}


def test_the_registry_active_model_is_served(tmp_path, tiny_model_dir):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'registry.db'}", precision="fp32")
    migrate(settings.database_url)
    with session_factory(settings.database_url).begin() as session:
        crud.register_model(session=session, version="0.0.1-test", path=str(tiny_model_dir), status=crud.CANDIDATE,
                            metrics={})
        crud.activate_model(session=session, version="0.0.1-test")

    holder = ModelHolder.load(settings)

    assert holder.path == tiny_model_dir and holder.active.meta.version == "0.0.1-test"
