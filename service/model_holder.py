"""Holds the active pipeline so that a new model can be swapped in between requests."""

from __future__ import annotations

import threading
from pathlib import Path

from models.pipeline import Pipeline
from service.config import Settings


class ModelHolder:
    def __init__(self, pipeline: Pipeline, path: Path, settings: Settings):
        self._lock = threading.Lock()
        self._active = pipeline
        self.path = path
        self.settings = settings

    @classmethod
    def load(cls, settings: Settings) -> "ModelHolder":
        return cls(load_pipeline(settings.model_dir, settings), settings.model_dir, settings)

    @property
    def active(self) -> Pipeline:
        return self._active

    def swap(self, path: Path) -> Pipeline:
        """Load `path` fully, then switch; requests in flight finish on the pipeline they started with."""
        pipeline = load_pipeline(path, self.settings)
        with self._lock:
            self._active, self.path = pipeline, path
        return pipeline


def load_pipeline(path: Path, settings: Settings) -> Pipeline:
    import torch

    torch.set_num_threads(settings.torch_threads)
    return Pipeline.from_pretrained(path, precision=settings.precision)
