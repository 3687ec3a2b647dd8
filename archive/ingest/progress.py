"""What an ingest shows on stderr while it runs: how far it is through its inputs,
then the step it is on once the documents are done. Knows nothing of Django.

On a terminal that reports its width, a bar (tqdm) with the total, percentage,
rate and time left, redrawn at most ten times a second. Anywhere else (a log
file, a pipe, a terminal that says it has 0 columns, where a redrawn line would
be lost or pile up) plain lines: one at the start, one each time another tenth
is done (at most one a second), and one at the end.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TextIO

from tqdm import tqdm

# Redraws a second at most: smooth to the eye, and cheap beside the ingest.
REDRAWS_PER_SECOND = 10
# Plain lines: one per tenth of the inputs, none closer together than this.
LINE_SECONDS = 1.0


class Progress:
    """Says nothing: the base of the two displays, and what `--no-progress` gets."""

    def advance(self, n: int) -> None:
        pass

    def phase(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def progress_for(stream: TextIO, total: int, noun: str = "document") -> Progress:
    """The display that suits `stream` for `total` documents (or other `noun`s: the
    cables an ingest embeds after its documents)."""
    columns = _columns(stream)
    if columns:
        return _Bar(stream, total, noun)
    return _Lines(stream, total, noun)


def _columns(stream: TextIO) -> int:
    """The terminal's width, or 0 when `stream` is not a terminal or says it has none."""
    try:
        if not stream.isatty():
            return 0
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


class _Display(Progress):
    def __init__(self, stream: TextIO, total: int, noun: str = "document"):
        self.stream = stream
        self.noun = noun
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.finished = False
        # The parse stage reports from the pool's thread as well as this one.
        self.lock = threading.Lock()

    def advance(self, n: int) -> None:
        with self.lock:
            if not self.finished:
                self.done += n
                # A file added to a folder after it was counted.
                self.total = max(self.total, self.done)
                self._show()

    def phase(self, text: str) -> None:
        self.close()
        self.stream.write(f"{text}…\n")
        self.stream.flush()

    def close(self) -> None:
        with self.lock:
            if not self.finished:
                self.finished = True
                self._end()

    def _show(self) -> None:
        raise NotImplementedError

    def _end(self) -> None:
        raise NotImplementedError


class _Bar(_Display):
    def __init__(self, stream: TextIO, total: int, noun: str = "document"):
        super().__init__(stream, total, noun)
        self.bar = tqdm(
            total=total,
            unit=" docs" if noun == "document" else f" {noun}s",
            file=stream,
            dynamic_ncols=True,
            mininterval=1 / REDRAWS_PER_SECOND,
            miniters=1,
        )

    def _show(self) -> None:
        self.bar.total = self.total
        self.bar.update(self.done - self.bar.n)

    def _end(self) -> None:
        # close() draws the final state once more and ends the line; on a terminal
        # that redraws over the last line, so the bar's last line is shown once.
        self.bar.close()


class _Lines(_Display):
    def __init__(self, stream: TextIO, total: int, noun: str = "document"):
        super().__init__(stream, total, noun)
        self.tenths = 0
        self.last = self.started
        if noun == "document":
            self._write(f"{total:,} document{'s' if total != 1 else ''} to read")

    def _show(self) -> None:
        tenths = 10 * self.done // self.total if self.total else 10
        now = time.monotonic()
        if tenths > self.tenths and tenths < 10 and now - self.last >= LINE_SECONDS:
            self.tenths = tenths
            self.last = now
            self._write(self._line(now))

    def _end(self) -> None:
        self._write(self._line(time.monotonic()))

    def _line(self, now: float) -> str:
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        percent = 100 * self.done // self.total if self.total else 100
        line = f"{self.done:,} of {self.total:,} {self.noun}s ({percent}%), {rate:,.0f}/s"
        left = self.total - self.done
        if left > 0 and rate > 0:
            line += f", about {_duration(left / rate)} left"
        elif left <= 0:
            line += f", in {_duration(elapsed)}"
        return line

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
