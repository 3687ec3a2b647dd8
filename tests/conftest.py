"""Shared test helpers: where the seeds and the shared corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "archive" / "fixtures" / "seeds"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "cablegate-dev.tar.xz"
CORPUS_2010 = SHARED / "corpus" / "cablegate-dev-2010-12.tar.xz"
NOT_A_CABLE = SHARED / "seeds" / "002_d29893cdf29ee90f.txt"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared corpus beside the project")
    return path


@pytest.fixture(autouse=True)
def _plain_static_storage(request):
    # Hashed static names need `collectstatic`; tests render templates without it.
    # (Parser tests may run without pytest-django, hence the lookup.)
    try:
        settings = request.getfixturevalue("settings")
    except pytest.FixtureLookupError:
        return
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
