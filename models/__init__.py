"""Bulletin IE extraction library: preprocessing, pipeline components, modeling code and trained model folders.

Works without the service; `service/`, `training/` and batch jobs import it, never the reverse.
"""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL_FILE = MODELS_DIR / "DEFAULT"


def default_model_dir() -> Path:
    """The bundled model folder named in `models/DEFAULT` (a folder name beside this file)."""
    return MODELS_DIR / DEFAULT_MODEL_FILE.read_text(encoding="utf-8").strip()
