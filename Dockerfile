# syntax=docker/dockerfile:1.7
# Multi-stage build: wheels are built in a full image, the runtime image is slim and non-root.
FROM python:3.11-slim AS build
WORKDIR /src
RUN pip install --no-cache-dir --upgrade pip
COPY pyproject.toml README.md ./
# Install the dependencies alone first so that code changes don't bust this layer.
RUN python - <<'PY' > requirements.txt
import tomllib
print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))
PY
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=unleash_site.settings \
    DJANGO_ENV=production \
    DATA_DIR=/app/data \
    HOST=0.0.0.0 \
    PORT=4242
RUN groupadd --system app && useradd --system --gid app --home /app app
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
COPY --chown=app:app . .
# collectstatic needs some key: production refuses only the embedded one, and this one is
# gone once the build step ends.
RUN SECRET_KEY=build-only-not-used-at-runtime python manage.py collectstatic --noinput \
    && mkdir -p /app/data && chown -R app:app /app/data /app/staticfiles
USER app
EXPOSE 4242
HEALTHCHECK --interval=15s --timeout=3s CMD python -c "import urllib.request,os;urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/health')"
# `make run`'s two steps, with the same tuned options (settings: WEB_WORKERS, WEB_BLOCKING_THREADS,
# SERVE_*): granian plus a Celery worker with beat, supervised. The compose file runs the worker
# and beat as services of their own instead (serve --no-scheduler).
CMD ["sh", "-c", "python manage.py migrate --noinput && exec python manage.py serve"]
