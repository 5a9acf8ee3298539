#!/usr/bin/env bash
# PostgreSQL check of `tiki-pipeline load` against a real PostgreSQL 15: its own cluster in a temporary folder on
# a free loopback port, removed on exit. Loads records made by `ingest --mock`, then compares the table with the
# batches value by value (psql → JSON → python), re-loads (upsert: no change), replaces, refuses a mismatched
# table, kills a load with SIGKILL mid-COPY (append and upsert) and re-loads, and loads the same records from
# Parquet. Ends with "postgres: N passed, M failed".
# Usage: scripts/postgres_check.sh path/to/tiki-pipeline [python]
set -euo pipefail
started=$SECONDS
bin=$(realpath "$1")
python=${2:-python3}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/postgres_cluster.sh
. "$root/scripts/lib/postgres_cluster.sh"
pg_install

work=$(mktemp -d /tmp/tiki-pg-check.XXXXXX)
cleanup() {
  pg_cluster_stop "$work"
  [ -n "${KEEP_WORK:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

password='s3cret:P@ss/word'
encoded='s3cret%3AP%40ss%2Fword'
pg_cluster_start "$work" "$password" "$python"
port=$pg_port
echo "PostgreSQL $("$pgbin/postgres" --version | grep -oE '[0-9]+\.[0-9]+') on 127.0.0.1:$port (started in $((SECONDS - started)) s)"
export PGPASSWORD=$password
psql_() { timeout 120 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U loader -d postgres "$@"; }
url="postgres://loader:$encoded@127.0.0.1:$port/postgres?sslmode=disable"

results=()
passed=0
failed=0
last_out=""
check() {  # check NAME OK DETAIL; a failure also shows the last line of the last load's output
  if [ "$2" = ok ]; then
    passed=$((passed + 1)); results+=("ok    | $1 | $3")
  else
    failed=$((failed + 1)); results+=("FAIL  | $1 | $3 | last load said: $(tail -n 1 "$last_out" 2>/dev/null | cut -c1-300)")
  fi
}
load() {  # load LOGNAME ARGS... → exit status in $status, output in $work/LOGNAME.out
  local name=$1
  shift
  status=0
  last_out="$work/$name.out"
  timeout 300 "$bin" load "$@" --database-url "$url" --log-file "$work/pipeline.log" --report "$work/$name.report.json" \
    > "$work/$name.out" 2>&1 || status=$?
}
dump() {  # dump TABLE → one JSON object per row, ordered by id
  psql_ -At -c "SELECT row_to_json(t) FROM $1 t ORDER BY id"
}
compare() {  # compare TABLE FILES... → "rows=N mismatches=M ..." and status 0 when equal
  local table=$1
  shift
  dump "$table" > "$work/$table.dump"
  "$python" - "$work/$table.dump" "$@" <<'PY'
import json, sys
dump, files = sys.argv[1], sys.argv[2:]
fields = ["id", "name", "url_key", "price", "description", "images"]
expected = {}
for path in files:
    text = open(path, encoding="utf-8").read()
    records = json.loads(text) if text.lstrip().startswith("[") else [json.loads(l) for l in text.splitlines() if l.strip()]
    for r in records:
        expected[r["id"]] = {f: r.get(f) for f in fields}
rows = [json.loads(line) for line in open(dump, encoding="utf-8") if line.strip()]
ids = [r["id"] for r in rows]
mismatched = [r["id"] for r in rows if r["id"] in expected and r != expected[r["id"]]]
missing = set(expected) - set(ids)
extra = set(ids) - set(expected)
dupes = len(ids) - len(set(ids))
values = sum(len(fields) for r in rows)
print(f"rows={len(rows)} expected={len(expected)} values={values} mismatched={len(mismatched)} missing={len(missing)} extra={len(extra)} duplicated={dupes}")
if mismatched:
    i = mismatched[0]
    got = next(r for r in rows if r["id"] == i)
    for f in fields:
        if got.get(f) != expected[i].get(f):
            print(f"  id {i} field {f}: table {got.get(f)!r:.120} batches {expected[i].get(f)!r:.120}")
            break
sys.exit(0 if not (mismatched or missing or extra or dupes) else 1)
PY
}

# Records: a few thousand from the mock API (realistic faults: some IDs end as errors, not records).
t0=$SECONDS
"$bin" generate-ids --count 3000 --seed 11 --out "$work/ids.csv" >/dev/null
set +e
timeout 300 "$bin" ingest --input "$work/ids.csv" --out "$work/run" --mock --batch-size 250 --concurrency 32 \
  --retry-after-cap 0.05 --log-file "$work/ingest.log" >/dev/null 2>&1
ingest_status=$?
set -e
batches=("$work"/run/jsonfile/*.json)
records=$("$python" -c 'import json,sys; print(sum(len(json.load(open(p))) for p in sys.argv[1:]))' "${batches[@]}")
echo "ingest --mock: exit $ingest_status, $records records in ${#batches[@]} batch files ($((SECONDS - t0)) s)"

# 1. append into a new table, from DATABASE_URL.
status=0
DATABASE_URL=$url timeout 300 "$bin" load "$work/run/jsonfile" --table products --log-file "$work/pipeline.log" \
  --report "$work/append.report.json" > "$work/append.out" 2>&1 || status=$?
detail=$(compare products "${batches[@]}") && same=ok || same=no
[ "$status" -eq 0 ] && [ "$same" = ok ] && r=ok || r=no
check "append into a new table (DATABASE_URL)" $r "exit $status; $detail"
report_rows=$("$python" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["status"], r["rows_copied"], r["rows_per_second"])' "$work/append.report.json" 2>/dev/null || echo "no report")
[ "$report_rows" != "no report" ] && [ "$(echo "$report_rows" | cut -d' ' -f1-2)" = "ok $records" ] && r=ok || r=no
check "JSON report" $r "status, rows, rows/s: $report_rows; $(tail -n 1 "$work/append.out" | cut -c1-90)"
psql_ -At -c "SELECT conname FROM pg_constraint WHERE conrelid = 'products'::regclass AND contype = 'p'" > "$work/pk" || true
types=$(psql_ -At -c "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'products'::regclass AND attnum > 0")
[ "$(cat "$work/pk")" = products_pkey ] && [ "$types" = "id bigint, name text, url_key text, price bigint, description text, images text[]" ] && r=ok || r=no
check "table created from the schema" $r "$types; key $(cat "$work/pk")"
methods=$(psql_ -At -c "SELECT coalesce(string_agg(m || ' ' || n, ', '), 'none') FROM (SELECT pg_column_compression(description) m, count(*) n FROM products WHERE pg_column_compression(description) IS NOT NULL GROUP BY 1) s")
[[ "$methods" == lz4* ]] && [[ "$methods" != *pglz* ]] && r=ok || r=no
check "large values compressed with lz4" $r "compressed descriptions: $methods"

# 2. append again: the primary key refuses the second copy and the table is as before.
before=$(dump products | md5sum | cut -c1-32)
load append2 "$work/run/jsonfile" --table products
after=$(dump products | md5sum | cut -c1-32)
[ "$status" -eq 1 ] && [ "$before" = "$after" ] && grep -q "already exists" "$work/append2.out" && r=ok || r=no
check "append of loaded rows refused, table unchanged" $r "exit $status; $(grep -oE 'duplicate key[^(]*\(Key \(id\)=\([0-9]+\)' "$work/append2.out" | head -n 1)"

# 3. upsert of the same batches changes nothing.
load upsert1 "$work/run/jsonfile" --table products --mode upsert
after=$(dump products | md5sum | cut -c1-32)
[ "$status" -eq 0 ] && [ "$before" = "$after" ] && grep -q "0 inserted, 0 updated, $records unchanged" "$work/upsert1.out" && r=ok || r=no
check "upsert re-load is idempotent" $r "exit $status; $(grep -oE '[0-9]+ inserted, [0-9]+ updated, [0-9]+ unchanged' "$work/upsert1.out")"

# 4. upsert of changed and new records: updates, inserts, the rest untouched; a product twice in the input
#    keeps its later row.
mkdir -p "$work/changed"
"$python" - "${batches[0]}" "$work/changed/products_001.json" <<'PY'
import json, sys
records = json.load(open(sys.argv[1]))
changed = [dict(r, price=(r.get("price") or 0) + 1, name=r["name"] + " \t\\ đổi") for r in records[:3]]
new = dict(records[0], id=999_000_000_001, name="mới\nnew", images=["x\"y", None, "{,}"])
twice = [dict(new, price=1), dict(new, price=2)]
json.dump(changed + twice, open(sys.argv[2], "w"), ensure_ascii=False)
PY
load upsert2 "$work/changed/products_001.json" --table products --mode upsert
"$python" - "$work/changed/products_001.json" "$work/expected.json" "${batches[@]}" <<'PY'
import json, sys
out, files = sys.argv[2], sys.argv[3:]
merged = {}
for p in files + [sys.argv[1]]:
    for r in json.load(open(p)):
        merged[r["id"]] = r
json.dump(list(merged.values()), open(out, "w"), ensure_ascii=False)
PY
detail=$(compare products "$work/expected.json") && same=ok || same=no
[ "$status" -eq 0 ] && [ "$same" = ok ] && grep -q "1 inserted, 3 updated, 1 unchanged" "$work/upsert2.out" && r=ok || r=no
check "upsert inserts new and updates changed rows" $r "$(grep -oE '[0-9]+ inserted, [0-9]+ updated, [0-9]+ unchanged' "$work/upsert2.out"); $detail"

# 5. replace: the table becomes exactly the input, with its key, in one swap.
half=("${batches[@]:0:$(( (${#batches[@]} + 1) / 2 ))}")
load replace "${half[@]}" --table products --mode replace
detail=$(compare products "${half[@]}") && same=ok || same=no
pk=$(psql_ -At -c "SELECT conname FROM pg_constraint WHERE conrelid = 'products'::regclass AND contype = 'p'")
leftover=$(psql_ -At -c "SELECT count(*) FROM pg_class WHERE relname LIKE '%tiki_load%'")
[ "$status" -eq 0 ] && [ "$same" = ok ] && [ "$pk" = products_pkey ] && [ "$leftover" = 0 ] && r=ok || r=no
check "replace swaps in the new rows" $r "exit $status; ${#half[@]} files; $detail; key $pk"

# 5b. replace with an id twice in the input (over 2 connections): the key, built after the rows, refuses it
#     naming the id; the table is as before and no half-built table is left.
mkdir -p "$work/twice"
cp "${half[0]}" "$work/twice/products_001.json"
cp "${half[0]}" "$work/twice/products_002.json"
before=$(dump products | md5sum | cut -c1-32)
load replace-twice "$work/twice" --table products --mode replace --connections 2
after=$(dump products | md5sum | cut -c1-32)
leftover=$(psql_ -At -c "SELECT count(*) FROM pg_class WHERE relname LIKE '%tiki_load%'")
[ "$status" -eq 1 ] && [ "$before" = "$after" ] && [ "$leftover" = 0 ] && grep -qE 'Key \(id\)=\([0-9]+\) is duplicated' "$work/replace-twice.out" && r=ok || r=no
check "replace with a repeated id refused, table unchanged" $r "exit $status; $(grep -oE 'Key \(id\)=\([0-9]+\) is duplicated' "$work/replace-twice.out" | head -n 1); leftovers $leftover"

# 6. a table whose columns differ: refused, naming the column; nothing written.
psql_ -c "CREATE TABLE bad (id bigint PRIMARY KEY, name text NOT NULL, url_key text, price text, description text, images text[])"
load mismatch "$work/run/jsonfile" --table bad
rows=$(psql_ -At -c "SELECT count(*) FROM bad")
[ "$status" -eq 1 ] && grep -q "column price is text, the schema needs bigint" "$work/mismatch.out" && [ "$rows" = 0 ] && r=ok || r=no
check "mismatched table refused" $r "exit $status; $(grep -oE 'column price is text[^(]*' "$work/mismatch.out" | head -n 1)"

# 7. a record that does not fit the schema: refused naming file and record; nothing written.
mkdir -p "$work/broken"
"$python" - "${batches[0]}" "$work/broken/products_001.json" <<'PY'
import json, sys
records = json.load(open(sys.argv[1]))[:5]
records[3] = dict(records[3], price="cheap")
json.dump(records, open(sys.argv[2], "w"))
PY
load broken "$work/broken" --table fresh
exists=$(psql_ -At -c "SELECT to_regclass('fresh') IS NOT NULL")
[ "$status" -eq 1 ] && grep -q "products_001.json:4: field 'price'" "$work/broken.out" && [ "$exists" = f ] && r=ok || r=no
check "bad record named, nothing created" $r "exit $status; $(grep -oE 'products_001.json:4: [^,]*' "$work/broken.out" | head -n 1)"

# 8. kill -9 in the middle of a COPY, then re-load: every record exactly once. A bigger input (the batches
#    copied under new IDs) so the kill lands mid-stream.
mkdir -p "$work/big"
"$python" - "$work/big" "${batches[@]}" <<'PY'
import json, sys
out, files = sys.argv[1], sys.argv[2:]
n = 0
for copy in range(6):
    for i, path in enumerate(files):
        records = json.load(open(path))
        for r in records:
            r["id"] = r["id"] + copy * 10_000_000_000
        n += 1
        json.dump(records, open(f"{out}/products_{n:04d}.json", "w"), ensure_ascii=False)
PY
big=("$work"/big/*.json)
kill_mid_load() {  # kill_mid_load NAME ARGS... → "killed after N rows" or "finished before the kill"
  local name=$1
  shift
  # Not under timeout(1): $! must be the load itself, or SIGKILL would hit timeout and leave the load running.
  "$bin" load "$@" --database-url "$url" --log-file "$work/pipeline.log" --report "$work/$name.report.json" \
    --progress-interval 0.05 > "$work/$name.out" 2>&1 &
  local pid=$! waited=0
  while [ $waited -lt 600 ] && ! grep -qE 'load: copy [0-9]+/[0-9]+ files, [1-9][0-9]* rows' "$work/$name.out"; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
    waited=$((waited + 1))
  done
  sleep 0.$((RANDOM % 5))
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    echo "killed after $(grep -oE '[0-9]+ rows' "$work/$name.out" | tail -n 1 || echo '0 rows')"
  else
    wait "$pid" 2>/dev/null || true
    echo "finished before the kill"
  fi
}
killed=$(kill_mid_load crash "${big[@]}" --table crash)
exists=$(psql_ -At -c "SELECT to_regclass('crash') IS NOT NULL")
load reload "${big[@]}" --table crash
detail=$(compare crash "${big[@]}") && same=ok || same=no
[[ "$killed" == killed* ]] && [ "$exists" = f ] && [ "$status" -eq 0 ] && [ "$same" = ok ] && r=ok || r=no
check "kill -9 mid-append, re-load: exactly once" $r "$killed, table left: $exists; re-load exit $status; $detail"

before=$(dump crash | md5sum | cut -c1-32)
"$python" - "$work/big" <<'PY'
import glob, json, sys
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    records = json.load(open(path))
    for r in records:
        r["price"] = (r.get("price") or 0) + 7
    json.dump(records, open(path, "w"), ensure_ascii=False)
PY
killed=$(kill_mid_load crash-upsert "${big[@]}" --table crash --mode upsert)
after=$(dump crash | md5sum | cut -c1-32)
stage_left=$(psql_ -At -c "SELECT count(*) FROM pg_class WHERE relname = 'tiki_load_stage'")
load reload-upsert "${big[@]}" --table crash --mode upsert
detail=$(compare crash "${big[@]}") && same=ok || same=no
[[ "$killed" == killed* ]] && [ "$before" = "$after" ] && [ "$stage_left" = 0 ] && [ "$status" -eq 0 ] && [ "$same" = ok ] && r=ok || r=no
check "kill -9 mid-upsert: table as before; re-load" $r "$killed, unchanged: $([ "$before" = "$after" ] && echo yes || echo no); re-load exit $status; $detail"

before=$(dump crash | md5sum | cut -c1-32)
killed=$(kill_mid_load crash-replace "${big[@]:0:$(( ${#big[@]} / 2 ))}" --table crash --mode replace --connections 2)
after=$(dump crash | md5sum | cut -c1-32)
load reload-replace "${big[@]}" --table crash --mode replace --connections 2
detail=$(compare crash "${big[@]}") && same=ok || same=no
leftover=$(psql_ -At -c "SELECT count(*) FROM pg_class WHERE relname LIKE '%tiki_load%'")
[[ "$killed" == killed* ]] && [ "$before" = "$after" ] && [ "$status" -eq 0 ] && [ "$same" = ok ] && [ "$leftover" = 0 ] && r=ok || r=no
check "kill -9 mid-replace (2 connections): table as before; re-load" $r "$killed, unchanged: $([ "$before" = "$after" ] && echo yes || echo no); re-load exit $status, leftovers $leftover; $detail"

# 9. Parquet of the same records gives the same table.
timeout 300 "$bin" convert "$work/run/jsonfile" --schema "$root/schemas/tiki-product.json" --out "$work/products.parquet" \
  --row-group-rows 1000 >/dev/null
load parquet "$work/products.parquet" --table products_pq
detail=$(compare products_pq "${batches[@]}") && same=ok || same=no
[ "$status" -eq 0 ] && [ "$same" = ok ] && r=ok || r=no
check "Parquet input gives the same table" $r "exit $status; $detail"

# 10. The password appears in no output, report or log.
if grep -rlF "$password" "$work"/*.out "$work"/*.json "$work/pipeline.log" >/dev/null 2>&1 || \
   grep -rlF "$encoded" "$work"/*.out "$work"/*.json "$work/pipeline.log" >/dev/null 2>&1; then r=no; else r=ok; fi
check "password never printed" $r "$(ls "$work"/*.out | wc -l) outputs, $(ls "$work"/*.report.json | wc -l) reports, the log"

echo
echo "result | check | observed"
printf '%s\n' "${results[@]}"
echo "postgres check took $((SECONDS - started)) s"
echo "postgres: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
