# CPU-only image of the Bulletin IE service, installed the way the README installs it, with the bundled model.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BULLETIN_HOST=0.0.0.0 \
    BULLETIN_PORT=8000 \
    BULLETIN_DATABASE_URL=sqlite:////data/bulletin.db

RUN useradd --create-home --uid 10001 bulletin && mkdir /data && chown bulletin /data
WORKDIR /app

# torch first and pinned: the CPU wheel; an unpinned torch would pull a multi-GB CUDA build.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY models ./models
COPY service ./service
COPY training ./training
COPY annotations ./annotations
RUN pip install -e .

USER bulletin
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"BULLETIN_PORT\"]}/healthz', timeout=4)"
CMD ["python", "-m", "service"]
