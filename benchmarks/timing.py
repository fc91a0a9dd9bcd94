"""Timing helpers: interleaved runs, medians, and ratios measured in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence


def time_command(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one run in milliseconds (output discarded; a failure aborts the benchmark)."""
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=120)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])}... failed: {result.stderr.decode(errors='replace')[:300]}")
    return elapsed


def interleaved(commands: dict[str, tuple[Sequence[str], dict[str, str] | None]], runs: int, warmup: int = 2) -> dict[str, list[float]]:
    """Run each command `runs` times, round-robin, so machine noise hits all of them alike."""
    for _ in range(warmup):
        for argv, env in commands.values():
            time_command(argv, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            samples[name].append(time_command(argv, env))
    return samples


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def env_with(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env
