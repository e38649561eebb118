"""SIGKILL `stance score` at random moments: --out always holds the complete old set, the
complete new set, or a set its manifest marks incomplete; never a mix."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from stance.errors import StanceError
from stance.outputs import read_manifest

KILLS = 10


def _command(inputs, out, repo):
    env = {**os.environ, "PYTHONPATH": str(repo)}
    argv = [sys.executable, "-m", "stance", "score", *map(str, inputs), "--out", str(out), "--force", "--quiet"]
    return argv, env


def _finish(inputs, out, repo) -> tuple[dict, float]:
    argv, env = _command(inputs, out, repo)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, timeout=600)
    return read_manifest(out)["files"], time.perf_counter() - started


@pytest.mark.slow
def test_interrupt_sigkill_at_random_moments_never_leaves_a_mix(tmp_path, seeds, repo):
    texts = sorted(seeds.glob("*.txt"))
    old_inputs, new_inputs = texts[:1], texts[1:3]
    out = tmp_path / "out"
    old, first = _finish(old_inputs, out, repo)
    new, second = _finish(new_inputs, tmp_path / "reference", repo)
    seconds = min(first, second)  # the first run of a session warms the disk cache
    assert old != new
    draw = random.Random(8)
    seen = []
    for _ in range(KILLS):
        # Most of a run is start-up; the draws lean towards its end, where files are written.
        moment = draw.uniform(0.2, 1.0) * seconds
        argv, env = _command(new_inputs, out, repo)
        process = subprocess.Popen(argv, env=env)
        try:
            process.wait(timeout=moment)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        try:
            files = read_manifest(out)["files"]
        except StanceError as exc:
            assert "incomplete output set" in str(exc), f"killed at {moment:.2f}s: {exc}"
            seen.append("incomplete")
            continue
        assert files in (old, new), f"killed at {moment:.2f}s: a mix of two output sets"
        seen.append("old" if files == old else "new")
    shutil.rmtree(tmp_path / "reference")
    print(f"after {KILLS} kills: {seen}")
