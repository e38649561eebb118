"""Run a command as users run it and record its wall time and the peak RSS of each of its processes."""
from __future__ import annotations

import os
import subprocess
import threading
import time

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
                 stderr=None) -> tuple[float, list[float]]:
    """Seconds taken and the peak RSS in MiB of every process of the run (the parent first); the CPU
    seconds all its processes used are appended to `cpu` when given (what a loaded machine does not
    inflate as it does the wall time); `stderr`: a file for the command's error stream (its progress bars)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, stderr=stderr)
    sampler = PeakSampler(process.pid)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"failed (exit {code}): {' '.join(command)}")
    if cpu is not None:
        cpu.append(sum(sampler.cpu.values()))
    peaks = [sampler.peaks[pid] / 1024 for pid in sorted(sampler.peaks, key=lambda p: (p != process.pid, p))]
    return seconds, peaks


def peaks_text(peaks: list[float]) -> str:
    return "parent " + ", ".join(f"{p:,.0f}" for p in peaks[:1]) + \
        ("; others " + ", ".join(f"{p:,.0f}" for p in peaks[1:]) if peaks[1:] else "") + " MiB"
