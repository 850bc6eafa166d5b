"""Shared helpers for the benchmark scripts: the paragraph set, timing, memory."""

from __future__ import annotations

import os
import platform
import random
import resource
import time
from pathlib import Path

CORPUS = Path(os.environ.get("PEACEOBS_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))

QUERIES = [
    '"scale of assessments"', "peacekeeping", "development", '"protection of civilians"', "UNSOS",
    "Somalia", '"remain seized"', "ceasefire", "mandate renew*", "Cyprus", "elections", "sanctions",
    '"Chapter VII"', "human rights", "budget", "Haiti", "troop contributing", "disarmament",
    '"African Union"', "refugees", "gender", "climate", "assess*", "Lebanon", "UNIFIL",
    '"Secretary-General to report"', "liquidity", "vacancy rate", "women peace security",
    "Golan", "Western Sahara", "referendum", "demining", "hostages", "humanitarian access",
    "Iraq Kuwait", "apartheid", "Namibia", '"New Agenda for Peace"', "Pact Future", "Darfur",
]


def machine() -> str:
    return f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def perturb(text: str, rng: random.Random, rate: float = 0.1) -> str:
    words = text.split()
    for i in range(len(words)):
        if rng.random() < rate:
            words[i] = rng.choice(words)
    return " ".join(words)


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]
