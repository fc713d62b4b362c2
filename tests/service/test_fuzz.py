"""Fuzz the API against its own OpenAPI schema: no input may produce a 500 or an undocumented shape."""

from __future__ import annotations

import tempfile

import schemathesis
from hypothesis import HealthCheck, settings

from service.config import Settings
from service.main import create_app
from service.model_holder import ModelHolder

_settings = Settings(precision="fp32", max_batch_documents=8, max_body_bytes=50_000,
                     database_url=f"sqlite:///{tempfile.mkdtemp(prefix='bulletin-fuzz-')}/fuzz.db")
app = create_app(_settings)
app.state.models = ModelHolder.load(_settings)  # schemathesis calls the app without running its lifespan
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
# Derandomized: the same generated cases on every run, so CI cannot fail on a case no one can reproduce;
# raise max_examples locally to explore further.
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails_on_generated_input(case):
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=(schemathesis.checks.not_a_server_error,))
