# opic-bot in one image: the locked dependencies and a model trained at build time.
#   docker build -t opic-bot .
#   docker run -p 8000:8000 -v opic-data:/data opic-bot            # one worker, SQLite
#   docker compose -f deploy/compose.yml up --scale app=3          # workers + Redis + PostgreSQL
FROM python:3.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    RASA_TELEMETRY_ENABLED=false \
    OPIC_HOST=0.0.0.0 \
    OPIC_PORT=8000 \
    OPIC_DATA_DIR=/data

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
# The model is part of the image: every worker serves exactly the same one, and none trains.
RUN pip install --no-deps -e . \
    && opic-bot kb check \
    && opic-bot train \
    && useradd --uid 10001 --create-home opic \
    && mkdir -p /data && chown opic /data

USER opic
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"
CMD ["opic-bot", "serve"]
