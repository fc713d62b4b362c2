"""Deployment settings, read from the environment (prefix BULLETIN_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models import default_model_dir

ROLES = ("reader", "annotator", "admin")  # each role may do what the ones before it may


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BULLETIN_", env_file=".env", extra="ignore")

    host: str = Field("127.0.0.1", description="Interface `python -m service` binds to.")
    port: int = Field(8000, description="Port `python -m service` listens on.")
    model_dir: Path = Field(default_factory=default_model_dir, description="Model folder loaded at start-up.")
    precision: Literal["auto", "fp32", "bf16"] = Field("auto", description="Inference precision of neural components.")
    torch_threads: int = Field(1, description=(
        "Threads torch uses within one request. One by default: concurrent requests then share the cores, and a "
        "2,000-character bulletin answers faster too, as each request runs in a pool thread whose own OpenMP team "
        "would spin against the others (2,000-character bulletin, p50 at concurrency 1 / 4: 158-168 / 411-423 ms "
        "with one thread, 256-269 / 585-630 ms with two)."))
    max_body_bytes: int = Field(1_000_000, description="Largest request body accepted (bytes).")
    max_text_chars: int = Field(1_000_000, description="Longest document accepted (characters).")
    max_batch_documents: int = Field(64, description="Most documents in one batch request.")
    database_url: str = Field("sqlite:///./bulletin.db", description="SQLAlchemy URL of the document store.")
    log_level: str = Field("info", description="uvicorn log level.")
    api_keys: dict[str, str] = Field(default_factory=dict, description=(
        'API keys and their roles as JSON, e.g. {"s3cret-admin": "admin", "s3cret-ann": "annotator"}. '
        "Without keys the review loop's endpoints answer 401."))
    models_dir: Path = Field(Path("var/models"), description="Where training runs write new model folders.")
    training_config: Path | None = Field(None, description=(
        "JSON of training arguments for retraining runs (training/configs/default.json when unset)."))
    gate_tolerance: float = Field(0.01, description=(
        "A new model more than this below the active one (entity or triple F1 on the test split) is rejected."))
    registry_poll_seconds: float = Field(5.0, description=(
        "How often a worker process checks the registry for a newly activated model."))

    @field_validator("api_keys")
    @classmethod
    def _known_roles(cls, keys: dict[str, str]) -> dict[str, str]:
        for key, role in keys.items():
            if role not in ROLES:
                raise ValueError(f"role {role!r} of an API key is not one of {ROLES}")
            if len(key) < 8:
                raise ValueError("API keys must have at least 8 characters")
        return keys


@lru_cache
def get_settings() -> Settings:
    return Settings()
