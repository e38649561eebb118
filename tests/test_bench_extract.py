"""bench_extract's phases: the steady state is the same window however often the progress bar moves."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_extract  # noqa: E402


def _phases(lines: list[tuple[float, float, str]]) -> bench_extract.Phases:
    phases = bench_extract.Phases()
    for seconds, cpu, line in lines:
        phases.see(seconds, cpu, line)
    return phases


def test_bench_extract_steady_state_starts_after_the_first_chunk_whether_counted_by_chunk_or_by_document():
    counts = [10] * 96  # 96 documents of 10 words
    by_chunk = _phases([(8.0, 9.0, "extract+classify:  33%| 32/96"), (12.0, 17.0, "extract+classify:  67%| 64/96"),
                        (16.0, 25.0, "extract+classify: 100%| 96/96")])
    by_document = _phases([(5.0, 6.0, "extract+classify:   2%| 2/96"), (6.5, 7.5, "extract+classify:  20%| 19/96"),
                           (8.0, 9.0, "extract+classify:  33%| 32/96"), (12.0, 17.0, "extract+classify:  70%| 67/96"),
                           (16.0, 25.0, "extract+classify: 100%| 96/96")])
    assert by_chunk.steady(counts) == by_document.steady(counts) == (640 / 8.0, 640 / 16.0)
    assert "start-up   8.0s" in by_document.text(counts, 18.0, 26.0)


def test_bench_extract_steady_state_of_a_short_run_from_its_first_mark():
    counts = [10] * 20
    phases = _phases([(3.0, 3.0, "extract+classify:  50%| 10/20"), (5.0, 7.0, "extract+classify: 100%| 20/20")])
    assert phases.steady(counts) == (100 / 2.0, 100 / 4.0)
    assert _phases([(3.0, 3.0, "extract+classify: 100%| 20/20")]).steady(counts) is None
