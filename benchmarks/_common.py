"""What the benchmark scripts share: the texts they run on, peak memory, the machine's description."""

from __future__ import annotations

import os
import platform
import resource
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def corpus_texts(splits: tuple[str, ...] = ("dev", "test")) -> list[str]:
    from training.data import split_records

    return [record["text"] for name in splits for record in split_records(name)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def default_model() -> Path:
    from models import default_model_dir

    return default_model_dir()
