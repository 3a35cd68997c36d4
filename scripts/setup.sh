#!/usr/bin/env bash
# Create .venv with Python 3.10 (Rasa 3.6's ceiling) and install opic-bot with its locked
# dependencies. Safe to run again: it reinstalls only when requirements.lock or pyproject.toml change.
set -euo pipefail
cd "$(dirname "$0")/.."

is_python310() { [ -n "${1:-}" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

find_python310() {
  local candidates=("${OPIC_PYTHON:-}" python3.10)
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=($(ls -d "$(pyenv root)"/versions/3.10.*/bin/python 2>/dev/null | sort -V -r))
  fi
  candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10 /opt/homebrew/bin/python3.10 python3)
  for candidate in "${candidates[@]}"; do
    if is_python310 "$candidate"; then command -v "$candidate" || echo "$candidate"; return 0; fi
  done
  if command -v uv >/dev/null 2>&1; then
    echo "No Python 3.10 found; asking uv for a managed one..." >&2
    uv python install 3.10 >&2 && uv python find 3.10 && return 0
  fi
  return 1
}

if ! is_python310 .venv/bin/python; then
  if ! python=$(find_python310); then
    cat >&2 <<'MSG'
opic-bot needs Python 3.10 (Rasa 3.6 does not run on newer versions), and none was found.
Install one of these, then run this command again:
  - uv (https://docs.astral.sh/uv/):   uv python install 3.10
  - pyenv:                              pyenv install 3.10
  - Debian/Ubuntu (deadsnakes PPA):     sudo apt install python3.10 python3.10-venv
Or point OPIC_PYTHON at a Python 3.10 interpreter:   OPIC_PYTHON=/path/to/python3.10 make run
MSG
    exit 1
  fi
  echo "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

stamp=.venv/.opic-installed
wanted=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing dependencies into .venv (first time: a few minutes, about 3 GB)..."
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$wanted" > "$stamp"
fi
