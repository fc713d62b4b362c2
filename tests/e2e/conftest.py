"""Shared end-to-end fixtures: a real service (uvicorn subprocess) with the review loop configured."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def start_service(env_overrides: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`python -m service` on a free port with these settings; returns once /healthz answers."""
    port = free_port()
    env = {**os.environ, "BULLETIN_PORT": str(port), "BULLETIN_HOST": "127.0.0.1", "BULLETIN_LOG_LEVEL": "warning",
           **env_overrides}
    process = subprocess.Popen([sys.executable, "-m", "service"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"service exited: {process.stdout.read().decode(errors='replace')}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("service did not answer /healthz within 90 s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REPO = Path(__file__).resolve().parents[2]
KEYS = {"admin-key-0001": "admin", "annotator-key-01": "annotator", "reader-key-0001": "reader"}
ADMIN, ANNOTATOR, READER = ({"X-API-Key": key} for key in KEYS)
BULLETIN = ("【2024 年工作计划】\n寿阳经济技术开发区全年计划完成规模以上工业增加值 22.35 亿元，同比增长 7.5%。"
            "山西强伟纸业有限公司投资建设的年产 8 万吨纱管纸生产线于 3 月份投产，总投资 3.2 亿元。\n供稿：寿阳经济技术开发区")


@pytest.fixture(scope="session")
def loop_service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("loop")
    process, base = start_service({
        "BULLETIN_DATABASE_URL": f"sqlite:///{folder / 'loop.db'}", "BULLETIN_API_KEYS": json.dumps(KEYS),
        "BULLETIN_MODELS_DIR": str(folder / "models"), "BULLETIN_PRECISION": "fp32",
        "BULLETIN_TRAINING_CONFIG": str(REPO / "training/configs/tiny.json"), "BULLETIN_REGISTRY_POLL_SECONDS": "1"})
    yield base
    process.terminate()
    process.wait(timeout=10)
