#!/usr/bin/env bash
# Monitoring check of the real binary: a mock ingest of a few thousand IDs with --metrics-port, scraped by a real
# Prometheus (Debian package, own config and data folder, loopback) and watched in headless Chromium through
# Selenium (PyPI) with the Debian chromedriver. PromQL over Prometheus' HTTP API must return the run report's
# counters; the dashboard must show progress moving during the run and the report's numbers at the end; a
# screenshot goes to logs/dashboard.png. Ends with "monitoring: N passed, M failed".
# Usage: scripts/monitoring_check.sh path/to/tiki-pipeline [python-of-a-venv]
set -euo pipefail
bin=$(realpath "$1")
python=${2:-.venv/bin/python}
[ -e "$python" ] && python=$(realpath -s "$python")
cd "$(dirname "$0")/.."
started=$SECONDS

# Installs, only what is missing (each is a no-op on a second run).
need=()
command -v prometheus >/dev/null || need+=(prometheus)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -x "$python" ]; then
  python3 -m venv .venv
  python=.venv/bin/python
fi
"$python" -c 'import selenium' 2>/dev/null || "$python" -m pip install -q selenium
echo "monitoring: installs done in $((SECONDS - started)) s"

work=$(mktemp -d)
mkdir -p logs
pids_file="$work/pids"
: > "$pids_file"
cleanup() {
  # The driver records every process it starts; stop them if it could not (killed, timed out).
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$pids_file"
  rm -rf "$work"
}
trap cleanup EXIT
# The driver bounds each wait itself; this bounds the whole stage.
timeout 300 "$python" scripts/monitoring_check.py --bin "$bin" --work "$work" --pids "$pids_file" \
  --screenshot logs/dashboard.png --started "$started"
