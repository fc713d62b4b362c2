"""Holds the active pipeline. A new model is loaded fully, then swapped in between requests; requests in flight
finish on the pipeline they started with. Every process follows the registry's active model, so an activation by
one worker (or by `python -m training promote`) reaches all of them within `registry_poll_seconds`."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from models.pipeline import Pipeline
from service.config import Settings
from service.store import crud
from service.store.db import migrate, session_factory

logger = logging.getLogger("bulletin.models")


class ModelHolder:
    def __init__(self, pipeline: Pipeline, path: Path, settings: Settings):
        self._lock = threading.Lock()
        self._active = pipeline
        self.path = path
        self.settings = settings
        self._checked = time.monotonic()

    @classmethod
    def load(cls, settings: Settings) -> ModelHolder:
        """Migrate the store and load the registry's active model. The bundled model is registered and activated
        when the registry is empty, or when the active model's folder is gone (a moved checkout, or an upgrade
        that replaced the bundled model), so the service always starts."""
        migrate(settings.database_url)
        with session_factory(settings.database_url).begin() as session:
            active = crud.active_model(session=session)
            if active is not None and (Path(active.path) / "config.json").is_file():
                path = Path(active.path)
            else:
                if active is not None:
                    logger.warning("the active model %s has no folder at %s; activating the bundled model %s",
                                   active.version, active.path, settings.model_dir)
                pipeline = load_pipeline(settings.model_dir, settings)
                crud.register_model(session=session, version=pipeline.meta.version, path=str(settings.model_dir),
                                    status=crud.CANDIDATE, metrics=pipeline.meta.metrics)
                crud.activate_model(session=session, version=pipeline.meta.version)
                return cls(pipeline, settings.model_dir, settings)
        return cls(load_pipeline(path, settings), path, settings)

    @property
    def active(self) -> Pipeline:
        return self._active

    def current(self) -> Pipeline:
        """The active pipeline, after checking the registry at most every `registry_poll_seconds`."""
        now = time.monotonic()
        if now - self._checked >= self.settings.registry_poll_seconds:
            self._checked = now
            with session_factory(self.settings.database_url)() as session:
                active = crud.active_model(session=session)
            if active is not None and Path(active.path) != self.path:
                self.swap(Path(active.path))
        return self._active

    def swap(self, path: Path) -> Pipeline:
        pipeline = load_pipeline(path, self.settings)
        with self._lock:
            self._active, self.path = pipeline, path
        logger.info("now serving %s %s from %s", pipeline.meta.name, pipeline.meta.version, path)
        return pipeline


def load_pipeline(path: Path, settings: Settings) -> Pipeline:
    import torch

    torch.set_num_threads(settings.torch_threads)
    return Pipeline.from_pretrained(path, precision=settings.precision)
