"""Service latency, throughput and memory: the service in one process, the load generator in another.

    python benchmarks/latency.py [--requests 200] [--model DIR]

Measures cold start (process start to first answer), p50/p95/p99 and requests/s for a 2,000-character bulletin at
concurrency 1, 4 and 16, the error rate, and the service's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _common import REPO, corpus_texts, default_model


def bulletin(length: int = 2000) -> str:
    text = ""
    for candidate in corpus_texts(("test",)):
        text += candidate + "\n"
        if len(text) >= length:
            return text[:length]
    return text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrency level")
    parser.add_argument("--model", default=str(default_model()))
    parser.add_argument("--levels", default="1,4,16")
    args = parser.parse_args()
    text = bulletin()
    with tempfile.TemporaryDirectory() as scratch:
        body = Path(scratch) / "bulletin.txt"
        body.write_text(text, encoding="utf-8")
        port = free_port()
        env = {**os.environ, "BULLETIN_PORT": str(port), "BULLETIN_MODEL_DIR": args.model,
               "BULLETIN_DATABASE_URL": f"sqlite:///{scratch}/bench.db", "BULLETIN_LOG_LEVEL": "warning"}
        started = time.perf_counter()
        service = subprocess.Popen([sys.executable, "-m", "service"], cwd=REPO, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/v1/extract"
        cold_start = None
        while time.perf_counter() - started < 120:
            try:
                if httpx.post(url, content=text.encode(), timeout=30).status_code == 200:
                    cold_start = time.perf_counter() - started
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        results = {"bulletin_chars": len(text), "cold_start_s": round(cold_start, 2) if cold_start else None,
                   "levels": []}
        try:
            for level in (int(x) for x in args.levels.split(",")):
                output = subprocess.run([sys.executable, str(Path(__file__).with_name("loadgen.py")), "--url", url,
                                         "--body", str(body), "--concurrency", str(level),
                                         "--requests", str(args.requests)],
                                        capture_output=True, text=True, check=True).stdout
                results["levels"].append(json.loads(output))
            results["service_peak_rss_mb"] = peak_rss_mb(service.pid)
        finally:
            service.terminate()
            service.wait(timeout=10)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
