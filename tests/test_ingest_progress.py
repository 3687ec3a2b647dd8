"""What `ingest` shows while it runs and says when it ends: the inputs counted
first, a bar with total, percentage, rate and time left on a terminal (plain lines
elsewhere, and on a terminal that reports 0 columns), each step after the bar
named, and a summary that says what was stored before what was not."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import tarfile
import termios
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.ingest.parse_stage import BATCH_SIZE, Parsed, parsed_batches
from archive.ingest.sources import count_documents, iter_documents
from tests import hostile_parsers
from tests.conftest import NOT_A_CABLE, ROOT, SEEDS, require
from tests.test_ingest_faults import _subprocess_env, variant

PHASES = [
    "linking references…",
    "resolving signatures…",
    "weighing each cable's distinctive words…",
    "counting cables",
]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def seeds_and_paper(tmp_path) -> Path:
    """The four seed cables and the research paper that is not a cable."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / NOT_A_CABLE.name).write_bytes(require(NOT_A_CABLE).read_bytes())
    return folder


def _on_a_terminal(columns: int, *arguments: str) -> tuple[str, int]:
    """Run `manage.py ingest` with a pseudo-terminal of `columns` columns as its
    stdout and stderr; return everything it wrote and its exit status."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", *arguments],
        cwd=ROOT,
        env=_subprocess_env(),
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    written = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        written += chunk
    os.close(main)
    return written.decode("utf-8", errors="replace"), process.wait(timeout=120)


def _screen(written: str) -> list[str]:
    """The lines a terminal shows for `written`: a carriage return starts the line
    over, so only what was drawn last on each line stays."""
    lines = []
    for line in ANSI.sub("", written).replace("\r\n", "\n").split("\n"):
        shown = line.split("\r")[-1].rstrip()
        if shown:
            lines.append(shown)
    return lines


def _index(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


def _assert_the_run_ends_as_documented(lines: list[str], done: int) -> None:
    """After the progress, each phase in order, then the summary: stored first."""
    phases = [_index(lines, phase) for phase in PHASES]
    assert done < phases[0] < phases[1] < phases[2] < phases[3]
    stored = _index(lines, "Stored 4 cables: 4 new")
    rejected = _index(lines, f"rejected {NOT_A_CABLE.name}")
    assert phases[-1] < stored < _index(lines, "Not stored: 1 rejected (1 not a cable)") < rejected
    assert "not a cable" in lines[rejected]
    # The last line is for a reader: no exception class's name in front of it.
    assert lines[-1] == "1 input not stored, listed above; everything else is in the archive."


@pytest.mark.django_db(transaction=True)
def test_on_a_terminal_the_bar_shows_the_total_and_reaches_100_percent_once(seeds_and_paper):
    written, status = _on_a_terminal(100, "--workers", "2", str(seeds_and_paper))
    lines = _screen(written.replace(f"{seeds_and_paper}/", ""))
    print("\n".join(lines))

    assert status == 1  # README: non-zero when anything was rejected
    assert "\r" in written.replace("\r\n", "\n")  # redrawn in place, not a line per step
    bars = [line for line in lines if "/5 [" in line]  # 4 seeds + the paper, counted first
    assert bars, lines
    assert [line for line in bars if line.startswith("100%")] == bars[-1:]
    assert re.search(r"5/5 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ docs/s\]", bars[-1])
    assert _index(lines, "counting the inputs…") < lines.index(bars[-1])
    _assert_the_run_ends_as_documented(lines, lines.index(bars[-1]))


@pytest.mark.django_db(transaction=True)
def test_a_terminal_of_0_columns_gets_plain_lines_of_progress(seeds_and_paper):
    written, status = _on_a_terminal(0, "--workers", "1", str(seeds_and_paper))
    lines = _screen(written.replace(f"{seeds_and_paper}/", ""))
    print("\n".join(lines))

    assert status == 1
    assert "\r" not in written.replace("\r\n", "\n")  # nothing drawn over
    assert "5 documents to read" in lines
    final = [line for line in lines if line.startswith("5 of 5 documents (100%)")]
    assert len(final) == 1, lines
    _assert_the_run_ends_as_documented(lines, lines.index(final[0]))


@pytest.mark.django_db
def test_without_a_terminal_progress_is_plain_lines_and_the_summary_leads_with_what_was_stored(
    seeds_and_paper,
):
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 input not stored") as raised:
        call_command("ingest", "--workers", "1", str(seeds_and_paper), stdout=out, stderr=err)

    progress = err.getvalue().splitlines()
    print(err.getvalue(), out.getvalue(), sep="\n")
    assert progress[:2] == ["counting the inputs…", "5 documents to read"]
    final = [i for i, line in enumerate(progress) if "documents (100%)" in line]
    assert len(final) == 1
    assert progress[final[0]].startswith("5 of 5 documents (100%), ")
    # A line each tenth at most in between (none closer than a second), then the steps,
    # the last of which (embedding the cables) shows its own progress.
    assert all(" of 5 documents (" in line for line in progress[2 : final[0]])
    steps = [line for line in progress[final[0] + 1 :] if " of 4 cables (" not in line]
    assert all(line.endswith("…") for line in steps)
    assert [p for p in PHASES if any(p in line for line in progress[final[0] :])] == PHASES
    summary = out.getvalue().splitlines()
    assert summary[0] == (
        "Stored 4 cables: 4 new, 0 updated, 0 older version kept; 0 unchanged (already in the "
        "archive)."
    )
    assert summary[1] == "Not stored: 1 rejected (1 not a cable), 0 skipped."
    assert summary[2].startswith(f"  rejected {seeds_and_paper / NOT_A_CABLE.name}: not a cable")
    assert raised.value.returncode == 1


@pytest.mark.django_db
def test_no_progress_says_nothing_on_stderr(seeds_and_paper):
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "ingest", "--no-progress", str(seeds_and_paper), stdout=io.StringIO(), stderr=err
        )

    assert err.getvalue() == ""


def test_the_count_matches_the_documents_read_from_folders_archives_and_links(tmp_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for i in range(3):
        (folder / "sub" / f"{i}.txt").write_text(variant(24000 + i), encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "sub" / "0.txt")
    archive = tmp_path / "cables.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(folder / "sub", arcname="cables")  # a folder member and three files
        tar.add(folder / "link.txt", arcname="cables/link.txt")
    (tmp_path / "broken.tar.gz").write_bytes(b"\x1f\x8b\x08 definitely not gzip")
    paths = [str(folder), str(archive), str(tmp_path / "broken.tar.gz"), str(tmp_path / "gone")]

    read = list(iter_documents(paths))

    assert count_documents(paths) == len(read) == 4 + 4 + 1 + 1


def _documents(folder: Path, n: int, extra: dict[int, bytes] | None = None) -> list[str]:
    for i in range(n):
        data = variant(25000 + i).encode() + (extra or {}).get(i, b"")
        (folder / f"{i:04d}.txt").write_bytes(data)
    return [str(folder)]


def _nothing_seen(chunk):
    return [], chunk


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_is_told_in_steps_much_smaller_than_a_batch(tmp_path, workers):
    paths = _documents(tmp_path, BATCH_SIZE + 100)
    steps: list[int] = []

    batches = list(
        parsed_batches(iter_documents(paths), workers, 60, _nothing_seen, on_parsed=steps.append)
    )

    assert sum(steps) == sum(len(batch) for batch in batches) == BATCH_SIZE + 100
    assert max(steps) <= 16  # one worker's share at most
    assert len(steps) >= (BATCH_SIZE + 100) // 16


def test_documents_already_stored_are_told_as_soon_as_they_are_recognised(tmp_path):
    paths = _documents(tmp_path, 20)
    steps: list[int] = []

    def all_seen(chunk):
        return [Parsed(d.source, seen=True) for d in chunk], []

    list(parsed_batches(iter_documents(paths), 2, 60, all_seen, on_parsed=steps.append))

    assert steps == [20]


def test_a_worker_that_dies_leaves_every_document_told_once(tmp_path):
    paths = _documents(tmp_path, 40, {21: b"\n" + hostile_parsers.KILL_WORKER})
    steps: list[int] = []

    parsed = [
        item
        for batch in parsed_batches(
            iter_documents(paths),
            2,
            5,
            _nothing_seen,
            hostile_parsers.parse_or_die,
            on_parsed=steps.append,
        )
        for item in batch
    ]

    assert sum(steps) == len(parsed) == 40
    assert [Path(item.source).name for item in parsed if item.error] == ["0021.txt"]
