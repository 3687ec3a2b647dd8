"""The shared corpus read once for every parsing test module that needs it."""

from __future__ import annotations

import tarfile

import pytest

from archive.parsing import ParseError
from archive.parsing.body import read_body
from archive.parsing.decoding import decode
from archive.parsing.envelope import read_envelope
from tests.conftest import CORPUS


@pytest.fixture(scope="session")
def bodies():
    """(ID, envelope body, read_body of it) for every corpus page the envelope reads."""
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}; it ships in ../shared/corpus/")
    results = []
    with tarfile.open(CORPUS) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            data = archive.extractfile(member).read()
            try:
                envelope = read_envelope(decode(data, member.name))
            except ParseError:
                continue
            body = read_body(envelope.body, cable_id=envelope.id)
            results.append((envelope.id, envelope.body, body))
    return results
