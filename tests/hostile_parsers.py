"""Parse functions that misbehave on purpose, for the ingest's fault tests.

They stand in for the parser on inputs that carry a marker, to give the ingest a
document that never finishes parsing or a worker that dies: with the parser made
linear, no real input does either any more, and the ingest must survive both.
They live in a module of their own because the worker processes import them by
name.
"""

from __future__ import annotations

import os
import signal

from archive import parsing

FOR_EVER = b"PARSE-FOR-EVER"
KILL_WORKER = b"KILL-THE-WORKER"


def parse_or_spin(data: bytes, source: str) -> parsing.Cable:
    if FOR_EVER in data:
        while True:  # pure Python, like a runaway loop in the parser
            pass
    return parsing.parse(data, source)


def parse_or_die(data: bytes, source: str) -> parsing.Cable:
    if KILL_WORKER in data:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    return parsing.parse(data, source)
