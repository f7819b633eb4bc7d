# syntax=docker/dockerfile:1
# Practice Leader Bot: one image for `plbot serve`, `plbot worker` and `plbot db upgrade`.
# Stage 1 builds the wheel (and the wheels of every dependency); stage 2 installs them into a
# virtual environment on the slim image, with no compiler, no pip cache and a non-root user.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY scheduler ./scheduler
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2 \
    PATH=/opt/plbot/bin:$PATH \
    PLBOT_HOST=0.0.0.0 \
    PLBOT_PORT=3978 \
    PLBOT_ORG_FILE=/app/examples/demo-org.yaml
RUN python -m venv /opt/plbot \
    && groupadd --system --gid 10001 plbot \
    && useradd --system --create-home --home-dir /app --uid 10001 --gid 10001 plbot
COPY --from=build /wheels /tmp/wheels
RUN /opt/plbot/bin/pip install --no-cache-dir --no-index --find-links /tmp/wheels practice-leader-bot \
    && rm -rf /tmp/wheels
WORKDIR /app
COPY --chown=10001:10001 examples ./examples
RUN mkdir -p /app/data && chown 10001:10001 /app/data
USER 10001:10001
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PLBOT_PORT', '3978')}/healthz\", timeout=2)"]
# `plbot serve` drains on SIGTERM (readiness 503, in-flight work finished, exit 0)
STOPSIGNAL SIGTERM
CMD ["plbot", "serve"]
