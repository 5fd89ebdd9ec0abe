# Flywheel bot image: one process runs the shards named by SHARD_IDS (see compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HEALTH_FILE=/tmp/flywheel-health.json

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY commands ./commands
COPY model ./model
COPY standin ./standin
COPY storage ./storage
RUN pip install . \
    && useradd --system --create-home --uid 10001 flywheel
USER flywheel
# Matplotlib's font cache, built now rather than by every process at every start.
RUN python -c "import matplotlib.font_manager"

# Healthy only while every shard of this process is connected and its event loop answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["flywheel", "health"]
CMD ["flywheel", "run"]
