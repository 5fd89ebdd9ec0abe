# Flywheel bot image: one process runs the shards named by SHARD_IDS (see compose.yaml).
# Dependencies come from requirements.lock (exact versions and hashes, for CPython 3.11 on
# linux x86_64); regenerate it after changing pyproject.toml's dependencies (README: Image).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HEALTH_FILE=/tmp/flywheel-health.json \
    FLYWHEEL_HOME=/data

WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY commands ./commands
COPY model ./model
COPY standin ./standin
COPY storage ./storage
# The default SQLite database lives in FLYWHEEL_HOME: a volume the bot's user can write.
RUN pip install --no-deps . \
    && useradd --system --create-home --uid 10001 flywheel \
    && mkdir /data && chown flywheel /data
VOLUME /data
USER flywheel
# Matplotlib's font cache, built now rather than by every process at every start.
RUN python -c "import matplotlib.font_manager"

# Healthy only while every shard of this process is connected and its event loop answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["flywheel", "health"]
# SIGTERM drains: answers in flight get SHUTDOWN_GRACE (20 s); give `docker stop -t 30`.
STOPSIGNAL SIGTERM
CMD ["flywheel", "run"]
