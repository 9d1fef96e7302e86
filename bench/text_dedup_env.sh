#!/usr/bin/env bash
# Create the separate environment `python -m bench --compare text-dedup` runs text-dedup in:
# text-dedup 0.4.0 pins packages (urllib3<=2.0, pyspark, datasets, ...) that must not enter the
# project's own environment. Usage: bench/text_dedup_env.sh [VENV_DIR] (default .venv-text-dedup).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$here/.venv-text-dedup}"
python3 -m venv "$venv"
"$venv/bin/pip" install -q "text-dedup==0.4.0"
"$venv/bin/python" -m text_dedup.minhash --help > /dev/null
echo "text-dedup ready: TEXT_DEDUP_PYTHON=$venv/bin/python"
