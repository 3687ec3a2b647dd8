"""One folder with good cables beside every kind of hostile input at once (issue 9):
pages whose table ID is no cable ID, a cable the database refuses, tens of
thousands of tags and citations, members just under the size limit, a stray bad
byte, snippet markers, names that forge report lines, links and FIFOs. Every good
cable is stored, every bad input is named with its reason, the exit status says
so, and afterwards every kind of page answers 200."""

from __future__ import annotations

import io
import os
import tarfile
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive.models import Cable, Paragraph, Person, Tag
from tests.pages import moscow_table, wikileaks_page
from tests.test_ingest_faults import SEED, variant

GOOD = [26000 + i for i in range(20)]
BAD_IDS = ["x/y", "..", "07MOSCOW 3996", "07MOSCOW3996?a", "#x", "&lt;b&gt;x&lt;/b&gt;"]
HEADER, _, BODY = SEED.strip("\n").partition("\n\n")
DTG = "P 151134Z AUG 07\n"


def with_line(serial: int, label: str, line: str) -> str:
    text = variant(serial)
    start = text.index(label)
    return text[:start] + line + text[text.index("\n", start) :]


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for serial in GOOD[:15]:
        (folder / f"good-{serial}.txt").write_text(variant(serial), encoding="utf-8")
    # 1. Dateless pages whose table gives no cable ID.
    for i, bad in enumerate(BAD_IDS):
        page = wikileaks_page(HEADER.replace(DTG, ""), BODY, moscow_table(bad))
        (folder / f"bad-id-{i}.html").write_text(page, encoding="utf-8")
    # 2. Refused by the database (a rule the test adds), and more tags than a
    # position can count.
    (folder / "refused.txt").write_text(variant(26100, " REFUSE-THIS-CABLE."), encoding="utf-8")
    tags = " ".join(f"K{i:05d}" for i in range(32768))
    (folder / "tags.txt").write_text(with_line(26101, "TAGS:", f"TAGS: {tags}"), encoding="utf-8")
    # 3. Forty thousand citations a line each, and sixty thousand serials on one line.
    refs = ";\n".join(f"STATE {i + 1}" for i in range(40000))
    text = with_line(26102, "SUBJECT:", "SUBJECT: MANY REFERENCES\n\nREF: " + refs)
    (folder / "refs.txt").write_text(text, encoding="utf-8")
    line = "MOSCOW " + ", ".join(str(i + 1) for i in range(60000))
    text = with_line(26103, "SUBJECT:", "SUBJECT: ONE LONG LINE\n\nREF: " + line)
    (folder / "refs-one-line.txt").write_text(text, encoding="utf-8")
    # 4. Members just under the size limit beside a good one.
    junk = ("lorem ipsum dolor sit amet " * 3 + "\n").encode() * (19 * 1024 * 1024 // 82)
    with tarfile.open(folder / "heavy.tar.gz", "w:gz", compresslevel=1) as tar:
        for name, data in [
            *((f"heavy/{i}.txt", f"{i}\n".encode() + junk) for i in range(4)),
            ("heavy/good.txt", variant(GOOD[15]).encode()),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, kind, target in [
            ("heavy/sym", tarfile.SYMTYPE, "/etc/shadow"),
            ("heavy/hard", tarfile.LNKTYPE, "heavy/good.txt"),
            ("heavy/fifo", tarfile.FIFOTYPE, ""),
        ]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tar.addfile(info)
    # 6. UTF-8 with one stray byte: stored as UTF-8, with a note.
    text = variant(GOOD[16]).replace("Russia's", "CAFÉ ZÜRICH Russia's", 1).encode()
    cut = text.index(b"CAF")
    (folder / "stray-byte.txt").write_bytes(text[:cut] + b"\xff" + text[cut:])
    # 7. Names that would forge report lines; a link out of the folder; a FIFO.
    (folder / "forged\n  rejected shadow: FORGED").write_bytes(b"")
    (folder / "\x1b[31mred.txt").write_text(variant(GOOD[17]), encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text(variant(26200), encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    os.mkfifo(folder / "pipe.txt")
    # 8. Snippet markers and an ANSI escape inside the text of a good cable.
    marked = variant(GOOD[18]).replace("Peace Mission 2007", "Peace \x02Mission\x03 \x1b[2J2007", 1)
    (folder / "markers.txt").write_text(marked, encoding="utf-8")
    (folder / "good-last.txt").write_text(variant(GOOD[19]), encoding="utf-8")
    (folder / "good-last-revised.txt").write_text(variant(GOOD[19], " Revised."), "utf-8")
    return folder


@pytest.mark.django_db
def test_good_cables_land_beside_every_kind_of_hostile_input_and_every_page_answers(
    hostile_folder, client
):
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE archive_paragraph ADD CONSTRAINT refuse_marked"
            " CHECK (text NOT LIKE '%%REFUSE-THIS-CABLE%%')"
        )
    out = io.StringIO()
    with pytest.raises(CommandError):  # the exit status: something was rejected
        call_command("ingest", "--no-progress", "--workers", "2", str(hostile_folder), stdout=out)
    report = out.getvalue()

    assert "Traceback" not in report and "\x1b" not in report
    lines = report.splitlines()
    assert not any(line.startswith("  rejected shadow") for line in lines)
    listed = [line for line in lines if line.startswith(("  rejected ", "  skipped ", "  note "))]

    def reason(name: str) -> str:
        matches = [line for line in listed if f"/{name}: " in line or f":{name}: " in line]
        assert matches, f"{name} is not in the report:\n{report}"
        return matches[0]

    for i in range(len(BAD_IDS)):
        assert "not a cable ID" in reason(f"bad-id-{i}.html")
    assert 'violates check constraint "refuse_marked"' in reason("refused.txt")
    assert "tags" in reason("tags.txt").lower()
    for name in ("refs.txt", "refs-one-line.txt"):
        assert "rejected" in reason(name) and "REF" in reason(name)
    for i in range(4):
        assert "more than the 2,000,000 a cable may hold" in reason(f"heavy/{i}.txt")
    assert "symbolic link" in reason("heavy/sym")
    assert "hard link" in reason("heavy/hard")
    assert "FIFO" in reason("heavy/fifo")
    assert "symbolic link" in reason("link.txt")
    assert "FIFO" in reason("pipe.txt")
    assert "empty" in reason("forged\\x0a  rejected shadow: FORGED")
    assert "note" in reason("stray-byte.txt") and "UTF-8" in reason("stray-byte.txt")

    stored = set(Cable.objects.values_list("reference_id", flat=True))
    assert stored == {f"07MOSCOW{serial}" for serial in GOOD}
    stray = Paragraph.objects.filter(cable__reference_id=f"07MOSCOW{GOOD[16]}")
    assert stray.filter(text__contains="CAFÉ ZÜRICH").exists()
    assert not Paragraph.objects.filter(text__regex=r"[\x01-\x08\x0b\x0e-\x1f]").exists()

    pages = [
        "/",
        "/cables/",
        "/cables/?q=mission",
        "/cables/?q=%22peace+mission%22&sort=relevance",
        "/cables/?tag=PREL&year=2007",
        "/cables.json",
        "/cables.json?q=mission",
        "/cables.jsonl",
        "/tags/",
        "/origins/",
        "/people/",
    ]
    pages += [f"/tags/{quote(code)}/" for code in Tag.objects.values_list("code", flat=True)]
    pages += [f"/people/{slug}/" for slug in Person.objects.values_list("slug", flat=True)]
    for reference_id in stored:
        pages += [
            f"/cables/{reference_id}/",
            f"/cables/{reference_id}.json",
            f"/cables/{reference_id}/original.txt",
        ]
    pages.append(f"/cables/07MOSCOW{GOOD[19]}/changes/")  # the one with two versions
    statuses = {page: client.get(page, follow=True).status_code for page in pages}
    assert {page: s for page, s in statuses.items() if s != 200} == {}
    csv = b"".join(client.get("/cables.csv").streaming_content).decode()
    assert len(csv.strip().splitlines()) == 1 + len(stored)
    search = client.get("/cables/?q=mission").content.decode()
    assert search.count("<mark>") == search.count("</mark>") > 0
