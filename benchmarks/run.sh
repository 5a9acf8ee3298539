#!/usr/bin/env bash
# One run of every benchmark on this machine: builds release, makes the data, starts the mock servers, measures
# tiki-pipeline against a Python aiohttp crawler, pyarrow, DuckDB and polars, and writes benchmarks/RESULTS.md.
# Usage: benchmarks/run.sh [--quick]     (--quick: fewer IDs and sweep points, for a smoke test)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || true
fi
if [ ! -x benchmarks/.venv/bin/python ]; then
  python3 -m venv benchmarks/.venv
  benchmarks/.venv/bin/pip install -q --upgrade pip
fi
benchmarks/.venv/bin/pip install -q pyarrow duckdb polars aiohttp beautifulsoup4

swift build -c release --product tiki-pipeline 2>&1 | tail -n 20
bin="$(swift build -c release --show-bin-path)/tiki-pipeline"
exec benchmarks/.venv/bin/python benchmarks/run.py --bin "$bin" "$@"
