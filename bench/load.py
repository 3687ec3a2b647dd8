"""Load with wrk: each page kind on its own, and the whole request mix, at a number of
connections for some seconds; requests per second and errors (non-2xx/3xx responses
plus socket errors and timeouts)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from bench import measure

WRK_MISSING = "wrk is not installed (apt-get install wrk): the load runs were skipped"

# Each wrk thread has a Lua state of its own: thread k sends paths k, k + T, k + 2T…
# so that T threads together go once through the rotation before any path repeats
# (a rotation of distinct search queries stays distinct under load).
_SCRIPT = """\
-- Written by bench/load.py.
local paths = {%(paths)s}
local threads = %(threads)d
local created = 0
function setup(thread)
  thread:set("offset", created)
  created = created + 1
end
function init(args)
  i = offset or 0
end
function request()
  local path = paths[i %% #paths + 1]
  i = i + threads
  return wrk.format("GET", path, {["Host"] = "127.0.0.1"})
end
"""


def wrk() -> str | None:
    return shutil.which("wrk")


def run(port: int, paths: list[str], connections: int, seconds: int, script: Path) -> dict:
    """One wrk run cycling through `paths`."""
    threads = min(2, connections)
    script.parent.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(json.dumps(p) for p in paths)
    script.write_text(_SCRIPT % {"paths": quoted, "threads": threads})
    command = [
        wrk(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        "--latency",
        f"--script={script}",
        f"http://127.0.0.1:{port}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = read_wrk(output)
    figures["distinct_paths"] = len(set(paths))
    # More requests than paths: some were sent twice, and a cache may have answered.
    figures["rotation_repeated"] = figures["requests"] > len(set(paths))
    return figures


def by_kind(
    port: int,
    kinds: dict[str, list[str]],
    connections: int,
    seconds: int,
    work: Path,
    log,
    server_pid: int,
) -> dict:
    if wrk() is None:
        log(WRK_MISSING)
        return {"skipped": WRK_MISSING}
    results = {}
    for kind, paths in kinds.items():
        measure.wait_until_idle(server_pid)  # the last run's queued requests served
        log(f"wrk: {kind} pages ({len(paths)} addresses), {connections} connections, {seconds} s")
        results[kind] = run(port, paths, connections, seconds, work / f"load-{kind}.lua")
        results[kind]["connections"] = connections
        results[kind]["seconds"] = seconds
    return results


def mix(port: int, mix: dict[str, list[str]], connections, seconds, work, log, server_pid: int):
    """The whole mix in rotation (five of the cable pages), at each number of connections."""
    if wrk() is None:
        log(WRK_MISSING)
        return {"skipped": WRK_MISSING}
    paths = [p for name, ps in mix.items() for p in (ps[:5] if name == "cable" else ps)]
    results = {}
    for n in connections:
        measure.wait_until_idle(server_pid)
        log(f"wrk: the mix at {n} connections for {seconds} s")
        results[str(n)] = run(port, paths, n, seconds, work / "mix.lua")
    return results


def read_wrk(output: str) -> dict:
    def number(pattern: str) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else 0.0

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    sockets = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    non_2xx = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    latency = {}
    for share in ("50", "90", "99"):
        match = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if match:
            scale = {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
            latency[f"p{share}_ms"] = round(float(match.group(1)) * scale, 1)
    return {
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "errors": non_2xx + sockets,
        "non_2xx_3xx": non_2xx,
        "socket_errors": sockets,
        **latency,
    }
