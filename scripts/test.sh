#!/usr/bin/env bash
# The whole test suite, from nothing: environment, lint, content check, model, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false

bash scripts/setup.sh
bash scripts/install_browser.sh   # Debian chromium, Playwright, axe-core for tests/browser
bash scripts/install_services.sh  # Debian redis-server and PostgreSQL for the scale-out tests
echo "== lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== knowledge base (opic-bot kb check)"
.venv/bin/opic-bot kb check
echo "== model (trained when the data changed)"
.venv/bin/opic-bot train
echo "== tests (pytest: unit, integration, browser, Rasa stories, NLU quality gate)"
.venv/bin/python -m pytest "$@"
