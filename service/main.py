"""The FastAPI application: `create_app()` wires routers, error handlers and the model loaded at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.config import Settings, get_settings
from service.errors import install_error_handlers
from service.model_holder import ModelHolder
from service.routers import annotations, documents, extract, health, label_studio, models, review, training_runs
from service.store.db import engine_for


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not hasattr(app.state, "models"):  # a caller may have loaded them already (tests, workers)
            app.state.models = ModelHolder.load(settings)
        yield
        # Close pooled connections so SQLite checkpoints its WAL and leaves no -wal/-shm files behind.
        engine_for(settings.database_url).dispose()

    app = FastAPI(
        title="Bulletin IE",
        version="1.0.0",
        description="Entities, normalised values and triples from Chinese development-zone bulletins.",
        lifespan=lifespan,
    )
    app.dependency_overrides[get_settings] = lambda: settings
    install_error_handlers(app)
    for module in (health, extract, documents, annotations, training_runs, models, label_studio, review):
        app.include_router(module.router)
    app.mount("/review/static", review.static_files, name="review-static")
    return app
