"""Measuring tools with no Django in them: timed child processes with their peak
memory, percentiles, the machine and the commit a run was made on."""

from __future__ import annotations

import os
import platform
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Timed:
    seconds: float
    peak_rss_mb: float  # the largest summed RSS of the process and its children
    returncode: int
    stdout: str


def run_timed(command: list[str], env: dict, cwd: Path, interval: float = 0.2) -> Timed:
    """Run `command`, sampling the resident memory of its whole process tree (the
    ingest may parse in worker processes) every `interval` seconds."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(interval):
            peak = max(peak, tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read()
    # wait4 gives the peak RSS of the single largest process of the tree, exactly,
    # even for one that lived shorter than the sampling interval.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = max(peak, usage.ru_maxrss * 1024)
    return Timed(seconds, round(peak / 2**20, 1), process.returncode, output)


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants, read from /proc."""
    children = children_by_parent()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(pid, []))
    return total


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) spent so far by `root` and its live descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, stack, children = 0, [root], children_by_parent()
    while stack:
        pid = stack.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(pid, []))
    return total / ticks


def wait_until_idle(root: int, busy_share: float = 0.1, window: float = 0.5, limit: float = 120):
    """Wait until `root`'s process tree uses less than `busy_share` of one core over
    `window` seconds: wrk stops sending at the end of its run, but the requests it
    left queued are still being served, and would slow whatever is measured next."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = tree_cpu_seconds(root)
        time.sleep(window)
        if tree_cpu_seconds(root) - before < busy_share * window:
            return


def children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.5 is the median, 0.95 the 95th)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.4999))  # ceil without float fuzz
    return ordered[min(rank, len(ordered)) - 1]


def machine() -> dict:
    """CPU, cores, memory and the disk under `path`, as far as Linux tells."""
    cpu = ""
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if "MemTotal" in line
        ),
        0,
    )
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 2**20, 1),
        "kernel": platform.release(),
        # The machine may be shared: a load above the core count slows every figure.
        "load_average_1_5_15_min": [round(x, 1) for x in os.getloadavg()],
        "python": platform.python_version(),
    }


def disk(path: str) -> dict:
    """The block device, file system and rotational flag of the mount holding `path`."""
    best = ("", "", "")
    for line in _read("/proc/mounts").splitlines():
        device, mount, fstype = line.split()[:3]
        if path.startswith(mount) and len(mount) >= len(best[1]):
            best = (device, mount, fstype)
    device, mount, fstype = best
    name = Path(device).name
    rotational = _read(f"/sys/class/block/{name}/queue/rotational").strip()
    usage = os.statvfs(path) if os.path.exists(path) else None
    return {
        "device": device,
        "mount": mount,
        "fstype": fstype,
        "rotational": {"0": False, "1": True}.get(rotational),
        "size_gb": round(usage.f_blocks * usage.f_frsize / 2**30) if usage else None,
    }


def git_commit(root: Path) -> str:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return result.stdout.strip()

    commit = git("rev-parse", "HEAD") or "unknown"
    return commit + ("+uncommitted changes" if git("status", "--porcelain", "--", ".") else "")


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""
