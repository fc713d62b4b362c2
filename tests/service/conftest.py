from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from service.main import create_app


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(max_body_bytes=200_000, max_batch_documents=4, precision="fp32",
                    database_url=f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}")


@pytest.fixture(scope="session")
def client(settings):
    with TestClient(create_app(settings)) as test_client:
        yield test_client
