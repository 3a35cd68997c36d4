"""The HTTP API (FastAPI): chat, health and readiness, as in spec/api.md."""
