"""Load generator (a separate process from the service): N concurrent clients post the same bulletin.

    python benchmarks/loadgen.py --url http://127.0.0.1:8000/v1/extract --body bulletin.txt --concurrency 4 --requests 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

import httpx


async def client(url: str, body: bytes, queue: asyncio.Queue, latencies: list[float], errors: list[int],
                 http: httpx.AsyncClient) -> None:
    while True:
        try:
            queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        started = time.perf_counter()
        try:
            response = await http.post(url, content=body, headers={"Content-Type": "text/plain; charset=utf-8"})
            if response.status_code != 200:
                errors.append(response.status_code)
        except httpx.HTTPError:
            errors.append(-1)
        latencies.append(time.perf_counter() - started)


async def run(url: str, body: bytes, concurrency: int, requests: int) -> dict:
    queue: asyncio.Queue = asyncio.Queue()
    for number in range(requests):
        queue.put_nowait(number)
    latencies: list[float] = []
    errors: list[int] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await http.post(url, content=body, headers={"Content-Type": "text/plain; charset=utf-8"})  # warm-up
        started = time.perf_counter()
        await asyncio.gather(*(client(url, body, queue, latencies, errors, http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {"concurrency": concurrency, "requests": requests, "p50_ms": percentile(0.50), "p95_ms": percentile(0.95),
            "p99_ms": percentile(0.99), "mean_ms": round(1000 * statistics.mean(latencies), 1),
            "requests_per_s": round(requests / elapsed, 1), "error_rate": round(len(errors) / requests, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--body", required=True, help="file with the bulletin text")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    body = open(args.body, "rb").read()
    print(json.dumps(asyncio.run(run(args.url, body, args.concurrency, args.requests))))


if __name__ == "__main__":
    main()
