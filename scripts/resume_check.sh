#!/usr/bin/env bash
# Crash and interrupt check of the real binary: `kill -9` mid-run, then Ctrl-C (SIGINT) mid-run, then a clean
# finish; afterwards every input ID must be in exactly one record or error entry.
# Usage: scripts/resume_check.sh path/to/tiki-pipeline [python]
set -euo pipefail
bin=$(realpath "$1")
python=${2:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate-ids --count 6000 --seed 7 --out "$work/ids.csv" >/dev/null
common=(--input "$work/ids.csv" --out "$work/out" --mock --mock-latency-ms 25 --concurrency 20 --batch-size 250
        --log-file "$work/pipeline.log" --retry-after-cap 0.05)

"$bin" ingest "${common[@]}" >/dev/null 2>&1 &
pid=$!
sleep 3
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
after_kill=$(ls "$work/out/jsonfile" | wc -l)
echo "after kill -9: $after_kill batch file(s) on disk"

"$bin" ingest "${common[@]}" >/dev/null 2>&1 &
pid=$!
sleep 2
kill -INT "$pid"
status=0
wait "$pid" || status=$?
echo "after SIGINT: exit status $status"
[ "$status" -eq 130 ] || { echo "resume: 0 passed, 1 failed (SIGINT exit status $status, expected 130)"; exit 1; }

"$bin" ingest "${common[@]}" >/dev/null 2>&1

"$python" - "$work" <<'PY'
import glob, json, sys
work = sys.argv[1]
ids = [int(line) for line in open(f"{work}/ids.csv").read().split()[1:]]
seen = {}
for path in glob.glob(f"{work}/out/jsonfile/*.json") + glob.glob(f"{work}/out/errorfile/*.json"):
    batch = json.load(open(path))
    assert batch, f"{path} is empty"
    for entry in batch:
        seen[entry["id"]] = seen.get(entry["id"], 0) + 1
missing = set(ids) - set(seen)
twice = [i for i, n in seen.items() if n > 1]
extra = set(seen) - set(ids)
ok = not missing and not twice and not extra
print(f"{len(ids)} IDs: {len(missing)} missing, {len(twice)} duplicated, {len(extra)} unexpected")
print(f"resume: {1 if ok else 0} passed, {0 if ok else 1} failed")
sys.exit(0 if ok else 1)
PY
