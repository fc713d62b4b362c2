"""Deployment settings, read from the environment (prefix BULLETIN_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models import default_model_dir


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BULLETIN_", env_file=".env", extra="ignore")

    host: str = Field("127.0.0.1", description="Interface `python -m service` binds to.")
    port: int = Field(8000, description="Port `python -m service` listens on.")
    model_dir: Path = Field(default_factory=default_model_dir, description="Model folder loaded at start-up.")
    precision: Literal["auto", "fp32", "bf16"] = Field("auto", description="Inference precision of neural components.")
    torch_threads: int = Field(2, description="Threads torch may use for inference.")
    max_body_bytes: int = Field(1_000_000, description="Largest request body accepted (bytes).")
    max_text_chars: int = Field(1_000_000, description="Longest document accepted (characters).")
    max_batch_documents: int = Field(64, description="Most documents in one batch request.")
    database_url: str = Field("sqlite:///./bulletin.db", description="SQLAlchemy URL of the document store.")
    log_level: str = Field("info", description="uvicorn log level.")


@lru_cache
def get_settings() -> Settings:
    return Settings()
