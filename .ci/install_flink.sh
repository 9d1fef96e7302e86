#!/usr/bin/env bash
# Installs what the Flink runner preset and the local Flink cluster need, idempotently:
#   - Java 17 and Maven (Debian packages), only if missing;
#   - Beam's Flink job server (runner jar + dependencies from Maven, checksum-checked)
#     and Flink itself (PyPI apache-flink, --no-deps, in its own directory), both cached
#     under $PROVENANCE_CACHE or ~/.cache/news-provenance.
# Re-running with a warm cache only re-checks sha256 sums (a few seconds).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install_flink: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" python3 - <<'PY'
import time

from runners import cluster, jobserver

t = time.monotonic()
print("install_flink: job server jar", jobserver.ensure_jar(), f"({time.monotonic() - t:.0f}s)")
t = time.monotonic()
print("install_flink: FLINK_HOME", cluster.ensure_flink(), f"({time.monotonic() - t:.0f}s)")
PY
