#!/usr/bin/env bash
# What the widget's browser tests (tests/browser/) need: Debian's chromium, the Python playwright
# package (driving that chromium; no browser download) and axe-core for the accessibility audit.
# Safe to run again: quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PLAYWRIGHT_VERSION=1.65.2
AXE_CORE_VERSION=4.14.1

# chromium, and a colour emoji font so that screenshots show the buttons' icons as a phone does
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/noto ]; then
  echo "Installing Debian's chromium and emoji font..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
  fi
fi

if ! .venv/bin/python -c "import importlib.metadata as m, sys; \
sys.exit(m.version('playwright') != '$PLAYWRIGHT_VERSION')" 2>/dev/null; then
  echo "Installing playwright==$PLAYWRIGHT_VERSION into .venv..."
  .venv/bin/python -m pip install --quiet "playwright==$PLAYWRIGHT_VERSION"
fi

axe=build/axe/node_modules/axe-core
if [ "$(node -p "require('./$axe/package.json').version" 2>/dev/null)" != "$AXE_CORE_VERSION" ]; then
  echo "Installing axe-core@$AXE_CORE_VERSION into build/axe/..."
  mkdir -p build/axe
  npm install --silent --no-audit --no-fund --prefix build/axe "axe-core@$AXE_CORE_VERSION" >/dev/null
fi
