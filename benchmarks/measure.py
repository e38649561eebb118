"""Run a command as users run it and record its wall time and the peak RSS of each of its processes."""
from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from collections.abc import Callable

import psutil


class PeakSampler(threading.Thread):
    """Polls a process tree every 0.2 s; keeps each process's peak resident memory (VmHWM) and the
    CPU seconds it had used when last seen (so up to 0.2 s of each process's last work is missed).

    VmHWM is the kernel's own high-water mark, so a short spike between two
    polls is still counted; only a process that starts and ends between two
    polls is missed.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peaks, self.cpu, self.done = pid, {}, {}, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                root = psutil.Process(self.root)
                for p in [root, *root.children(recursive=True)]:
                    try:
                        with open(f"/proc/{p.pid}/status") as f:
                            hwm = next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))
                        self.peaks[p.pid] = max(self.peaks.get(p.pid, 0), hwm)
                        times = p.cpu_times()
                        self.cpu[p.pid] = times.user + times.system
                    except (OSError, StopIteration, psutil.Error):
                        pass
            except psutil.Error:
                pass
            self.done.wait(0.2)


def run_measured(command: list[str], env: dict | None = None, cpu: list | None = None,
                 stderr=None, progress: Callable[[float, float, str], None] | None = None) -> tuple[float, list[float]]:
    """Seconds taken and the peak RSS in MiB of every process of the run (the parent first); the CPU
    seconds all its processes used are appended to `cpu` when given (what a loaded machine does not
    inflate as it does the wall time); `stderr`: a file for the command's error stream (its progress bars).
    `progress(seconds, cpu_seconds, line)` is called for each line of the error stream as it comes
    (a progress bar's updates end in carriage returns), with the wall seconds since the start and the CPU
    seconds the run's processes had used when last polled (instead of `stderr`)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})},
                               stderr=subprocess.PIPE if progress else stderr)
    sampler = PeakSampler(process.pid)
    sampler.start()
    reader = None
    if progress is not None:
        reader = threading.Thread(target=_read_lines, args=(process.stderr, started, sampler, progress), daemon=True)
        reader.start()
    code = process.wait()
    if reader is not None:
        reader.join()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"failed (exit {code}): {' '.join(command)}")
    if cpu is not None:
        cpu.append(sum(sampler.cpu.values()))
    peaks = [sampler.peaks[pid] / 1024 for pid in sorted(sampler.peaks, key=lambda p: (p != process.pid, p))]
    return seconds, peaks


def _read_lines(stream, started: float, sampler: PeakSampler, progress: Callable[[float, float, str], None]) -> None:
    """Each line of `stream` (split at carriage returns too) to `progress`, as soon as it is read."""
    pending = b""
    while block := stream.read1(65536):
        now = time.perf_counter() - started
        *lines, pending = re.split(rb"[\r\n]", pending + block)
        for line in lines:
            if line.strip():
                progress(now, sum(sampler.cpu.values()), line.decode("utf-8", "replace"))
    if pending.strip():
        progress(time.perf_counter() - started, sum(sampler.cpu.values()), pending.decode("utf-8", "replace"))


def peaks_text(peaks: list[float]) -> str:
    return "parent " + ", ".join(f"{p:,.0f}" for p in peaks[:1]) + \
        ("; others " + ", ".join(f"{p:,.0f}" for p in peaks[1:]) if peaks[1:] else "") + " MiB"
