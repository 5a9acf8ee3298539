#!/usr/bin/env bash
# S3 check of the real binary against moto's S3 server on 127.0.0.1: convert --out s3:// (single PUT and
# multipart) read back value for value by pyarrow (and DuckDB when its httpfs extension loads offline),
# --out-dir s3://, upload twice (the second skips all), a connection cut mid-upload (no object, no pending
# multipart upload), and a wrong secret (a clear error without the secret).
# Usage: scripts/s3_check.sh path/to/tiki-pipeline path/to/python   (the python of a venv with pyarrow, duckdb)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
bin=$(realpath "$1")
python=${2:-.venv/bin/python}
# moto's server and boto3 (for listing multipart uploads) go into the same venv; pip skips what is there.
"$python" -m pip install -q 'moto[server]' boto3 2>&1 | grep -v '^\[notice\]' || true
work=$(mktemp -d)
cleanup() {
  # The Python driver stops its servers itself; this catches a driver killed before it could.
  [ -f "$work/pids" ] && while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$work/pids"
  rm -rf "$work"
}
trap cleanup EXIT
status=0
timeout 600 "$python" scripts/s3_check.py --bin "$bin" --work "$work" || status=$?
echo "s3 check took $((SECONDS - started)) s"
exit "$status"
