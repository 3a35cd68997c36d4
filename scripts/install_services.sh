#!/usr/bin/env bash
# What the scale-out tests (tests/integration/test_scale_out.py) need: Debian's redis-server and
# PostgreSQL server binaries. The tests start their own instances on free ports in temporary
# folders; nothing runs as a system service. Safe to run again: quiet when both are there.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
