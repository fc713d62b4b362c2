"""Batch extraction figures: documents/s and chars/s for the local engine with 1 and 2 processes and for Ray on
this machine, and the memory per worker.

    python benchmarks/batch.py [--model DIR] [--documents 200]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from _common import REPO, corpus_texts, default_model


def watch_memory(process: subprocess.Popen) -> dict[str, float]:
    """Peak RSS (MB) of the driver and of every worker it uses (datasets processes, Ray actors), sampled."""
    peaks: dict[str, float] = {}

    def sample() -> None:
        while process.poll() is None:
            try:
                driver = psutil.Process(process.pid)
                peaks["driver"] = max(peaks.get("driver", 0), driver.memory_info().rss / 2**20)
                if "ray" not in process.args:  # datasets workers are the driver's children
                    for child in driver.children(recursive=True):
                        peaks[str(child.pid)] = max(peaks.get(str(child.pid), 0), child.memory_info().rss / 2**20)
                for other in psutil.process_iter(["pid", "cmdline"]):
                    if "RayExtractor" in " ".join(other.info["cmdline"] or []):
                        peaks[str(other.pid)] = max(peaks.get(str(other.pid), 0), other.memory_info().rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    process.wait()
    thread.join()
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(default_model()))
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    texts = (corpus_texts(("train", "dev", "test")))[: args.documents]
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "archive.jsonl"
        archive.write_text("".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                                   for i, t in enumerate(texts)), encoding="utf-8")
        for name, extra in (("local_1", ["--num-proc", "1"]), ("local_2", ["--num-proc", "2"]),
                            ("ray_2", ["--engine", "ray", "--address", "local", "--num-proc", "2"])):
            command = [sys.executable, "-m", "training", "extract", "--input", str(archive), "--output",
                       str(Path(scratch) / name), "--model", args.model, *extra]
            process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            peaks = watch_memory(process)
            figures = json.loads([line for line in process.stdout.read().splitlines() if line.startswith("{")][-1])
            figures["driver_peak_rss_mb"] = round(peaks.pop("driver", 0), 1)
            figures["worker_peak_rss_mb"] = round(max(peaks.values(), default=0), 1)
            results[name] = figures
    print(json.dumps({"documents": len(texts), "characters": sum(map(len, texts)), "engines": results}, indent=1))


if __name__ == "__main__":
    main()
