"""The container set-up, tested without a Docker engine: docker-compose.yml and the
Dockerfile say what they must, and the very command the web container runs
(read from the Dockerfile) serves the archive from a local PostgreSQL."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from django.core.management import call_command

from tests import serving
from tests.conftest import ROOT, SEEDS

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
SERVICES = COMPOSE["services"]


INSTRUCTIONS = serving.dockerfile_instructions(DOCKERFILE)


def _web_command() -> list[str]:
    """The web container's command: its compose `command`, else the image's CMD."""
    command = SERVICES["web"].get("command")
    if command is None:
        command = json.loads(next(args for word, args in INSTRUCTIONS if word == "CMD"))
    return command if isinstance(command, list) else shlex.split(command)


# --- docker-compose.yml -------------------------------------------------------------------


def test_compose_has_the_database_the_web_its_proxy_and_one_shot_migrate_and_ingest():
    assert set(SERVICES) == {"db", "migrate", "ingest", "web", "nginx"}
    for one_shot in ("migrate", "ingest"):
        assert SERVICES[one_shot]["restart"] == "no"
    assert SERVICES["migrate"]["command"][-2:] == ["migrate", "--noinput"]


def test_the_database_is_postgresql_16_with_a_health_check_and_a_named_volume():
    db = SERVICES["db"]
    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert {"interval", "retries"} <= db["healthcheck"].keys()
    volume, _, target = db["volumes"][0].partition(":")
    assert target == "/var/lib/postgresql/data"
    assert volume in COMPOSE["volumes"]  # named, so it outlives the container
    assert "ports" not in db  # reachable by the other services only


def test_everything_waits_for_a_healthy_database_and_the_schema():
    for name in ("migrate", "ingest", "web"):
        assert SERVICES[name]["depends_on"]["db"]["condition"] == "service_healthy", name
    for name in ("ingest", "web"):
        migrate = SERVICES[name]["depends_on"]["migrate"]
        assert migrate["condition"] == "service_completed_successfully", name


def test_the_ingest_service_loads_a_mounted_folder_read_only():
    ingest = SERVICES["ingest"]
    assert ingest["command"][:3] == ["python", "manage.py", "ingest"]
    assert ingest["command"][-1] == "/cables"
    [(source, target, mode)] = [v.rsplit(":", 2) for v in ingest["volumes"]]
    assert (target, mode) == ("/cables", "ro")
    assert source == "${CABLES_DIR:-./archive/fixtures/seeds}"  # the samples, unless told


def test_web_runs_with_debug_off_and_its_secrets_from_the_environment():
    for name in ("migrate", "ingest", "web"):
        env = SERVICES[name]["environment"]
        assert env["DJANGO_DEBUG"] == "false"
        # ${NAME:?message}: compose refuses to start without the secret; no default.
        assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
        assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_only_the_web_has_a_statement_timeout():
    assert SERVICES["web"]["environment"]["DATABASE_STATEMENT_TIMEOUT_MS"].startswith("${")
    for name in ("migrate", "ingest"):
        assert SERVICES[name]["environment"]["DATABASE_STATEMENT_TIMEOUT_MS"] == "0"


def test_web_uses_the_image_command_and_a_read_only_container():
    web = SERVICES["web"]
    assert "command" not in web  # so the test below runs exactly what the container runs
    assert web["read_only"] is True
    assert "no-new-privileges:true" in web["security_opt"]
    assert "ports" not in web and web["expose"] == ["8000"]  # reachable through nginx only


def test_nginx_in_front_of_the_web_is_the_one_published_port():
    nginx = SERVICES["nginx"]
    assert nginx["image"].startswith("nginx:")
    assert nginx["ports"] == ["${WEB_ADDRESS:-127.0.0.1}:${WEB_PORT:-8000}:80"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]
    assert nginx["depends_on"]["web"]["condition"] == "service_started"
    assert nginx["read_only"] is True and "/var/cache/nginx" in nginx["tmpfs"]
    assert nginx["cap_drop"] == ["ALL"]
    assert [name for name, service in SERVICES.items() if "ports" in service] == ["nginx"]
    # The upstream the proxy names is the web service's port.
    assert "server web:8000;" in (ROOT / "deploy" / "nginx.conf").read_text()


def test_one_image_built_from_the_dockerfile_serves_all_three():
    images = {SERVICES[name]["image"] for name in ("migrate", "ingest", "web")}
    assert len(images) == 1
    for name in ("migrate", "ingest", "web"):
        assert SERVICES[name]["build"] == "."


def test_every_variable_compose_reads_is_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert used - listed == set()


# --- Dockerfile ---------------------------------------------------------------------------


def test_the_dockerfile_is_multi_stage_and_the_runtime_installs_only_built_wheels():
    stages = [args for word, args in INSTRUCTIONS if word == "FROM"]
    assert len(stages) == 2
    assert stages[0].endswith("AS builder") and stages[1].endswith("AS runtime")
    assert all("slim" in stage for stage in stages)
    assert any(w == "COPY" and a.startswith("--from=builder") for w, a in INSTRUCTIONS)
    runtime = INSTRUCTIONS[[w for w, _ in INSTRUCTIONS].index("FROM", 1) :]
    installs = [a for w, a in runtime if w == "RUN" and "pip install" in a]
    assert installs and all("--no-index" in a for a in installs)


def test_the_container_runs_as_a_non_root_user():
    users = [args for word, args in INSTRUCTIONS if word == "USER"]
    assert users and users[-1] not in {"root", "0", "0:0"}
    assert any(word == "RUN" and "useradd" in args for word, args in INSTRUCTIONS)
    # The code and static files are copied before USER: owned by root, read-only to it.
    order = [word for word, _ in INSTRUCTIONS]
    assert order.index("USER") > max(i for i, w in enumerate(order) if w == "COPY")


def test_static_files_are_collected_at_build_time_with_debug_off():
    runs = [args for word, args in INSTRUCTIONS if word == "RUN"]
    assert any("manage.py collectstatic --noinput" in args for args in runs)
    env = " ".join(args for word, args in INSTRUCTIONS if word == "ENV")
    assert "DJANGO_DEBUG=false" in env


def test_the_web_command_is_gunicorn_serving_the_wsgi_application():
    command = _web_command()
    assert command[0] == "gunicorn"
    assert command[1] in ("archive.wsgi", "archive.wsgi:application")
    assert "--bind" in command


def test_the_web_command_runs_threaded_workers_counted_by_web_concurrency():
    command = _web_command()
    assert command[command.index("--worker-class") + 1] == "gthread"
    assert int(command[command.index("--threads") + 1]) > 1
    # gunicorn reads the number of worker processes from WEB_CONCURRENCY itself.
    assert "--workers" not in command and "-w" not in command
    env = " ".join(args for word, args in INSTRUCTIONS if word == "ENV")
    assert "WEB_CONCURRENCY=" in env
    assert SERVICES["web"]["environment"]["WEB_CONCURRENCY"] == "${WEB_CONCURRENCY:-3}"


# --- the web command, run ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(settings_dict: dict, params: dict) -> str:
    host = params.get("host") or "127.0.0.1"
    user = params.get("user") or "postgres"
    password = params.get("password")
    auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    port = params.get("port") or 5432
    return f"postgres://{auth}@{quote(host, safe='')}:{port}/{settings_dict['NAME']}"


def _get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _post(url: str) -> int:
    try:
        urllib.request.urlopen(urllib.request.Request(url, data=b"x=1"), timeout=10)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


@pytest.fixture
def served(transactional_db, tmp_path):
    """The container's web command on a free loopback port, on the test database
    holding the seed cables (committed, so the server sees them), with static files
    collected the way the image collects them."""
    from django.db import connection

    call_command("ingest", "--no-progress", "--workers", "1", str(SEEDS), stdout=io.StringIO())
    params = connection.get_connection_params()
    port = _free_port()
    command = _web_command()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[0] = str(Path(sys.executable).with_name("gunicorn"))
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict, params),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-long-random-secret-for-this-test-only-" + "x" * 20,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "WEB_CONCURRENCY": "2",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stderr
    with serving.running(command, env, port, tmp_path / "gunicorn.log"):
        yield f"http://127.0.0.1:{port}"


def test_the_container_command_serves_the_archive(served):
    status, headers, body = _get(f"{served}/cables/")
    assert status == 200, body[:2000]
    assert b"<h1>Cables</h1>" in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"

    # WhiteNoise serves the collected, hashed stylesheet, cacheable for ever.
    stylesheet = re.search(rb'href="(/static/archive\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the hashed stylesheet from collectstatic"
    status, headers, css = _get(served + stylesheet[1].decode())
    assert status == 200 and b".histogram" in css
    assert "max-age=315360000" in headers["Cache-Control"]

    status, _, body = _get(f"{served}/cables/07MOSCOW3996/")
    assert status == 200 and b"SHANGHAI COOPERATION" in body


def test_the_container_command_runs_with_debug_off_and_read_only(served):
    status, _, body = _get(f"{served}/no/such/page/")
    assert status == 404
    assert b"Not found" in body and b"Traceback" not in body and b"URLconf" not in body
    assert _post(f"{served}/cables/") == 405
