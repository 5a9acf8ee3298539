#!/usr/bin/env bash
# Fault suite for issue 10 ("Nothing lost, nothing crashes"): runs the built binary through crashes, signals,
# a concurrent run, a hostile HTTP server, bad inputs, damaged Parquet, a full disk and convert onto its own input,
# and prints one markdown table of results.
#
# Usage: scripts/fault_suite.sh path/to/tiki-pipeline [python]
#   FAULT_SEED=N   seed of every random choice (kill moments, Parquet mutations); printed at the start
#   FAULT_KEEP=DIR keep the Parquet files that crashed or hung `inspect` in DIR, to reproduce
#   FAULT_CASES="1 5" run only these cases (default: 1 2 3 4 5 6 7 8)
# Needs: bash, GNU coreutils (timeout), ps, python3 (standard library only). Root for the disk-full case (tmpfs);
# without it that case is skipped. Every command runs under `timeout`; temp folders, mounts and background
# processes are cleaned up on exit. Ends with `fault suite: N passed, M failed` and exits 1 if any failed.
set -uo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 path/to/tiki-pipeline [python]" >&2
    exit 2
fi
bin=$(realpath "$1")
python=${2:-python3}
# An absolute path: the suite works inside its own folder.
case $python in */*) python=$(realpath "$python") ;; esac
here=$(cd "$(dirname "$0")" && pwd)
seed=${FAULT_SEED:-10}
started=$(date +%s)
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }

work=$(mktemp -d /tmp/fault-suite.XXXXXX)
bg_pids=()   # background `timeout` (or server) processes we started
mounts=()

cleanup() {
    local p c
    for p in "${bg_pids[@]}"; do
        for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do kill -9 "$c" 2>/dev/null; done
        kill -9 "$p" 2>/dev/null
    done
    for p in "${bg_pids[@]}"; do wait "$p" 2>/dev/null; done
    for m in "${mounts[@]}"; do
        mountpoint -q "$m" && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; }
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$work" || exit 2

note() { echo "# $*" >&2; }
note "fault suite: binary $bin, python $python, seed $seed, work $work"
echo "fault suite seed: $seed"

# --- results -------------------------------------------------------------------------------------------------
rows=()
passed=0
failed=0
skipped=0
cell() { # one table cell: no pipes or line breaks, at most 400 characters
    local s=${1//$'\r'/}
    s=${s//$'\n'/ ⏎ }
    s=${s//|/\\|}
    [ ${#s} -gt 400 ] && s="${s:0:397}..."
    printf '%s' "$s"
}
row() { # case expected observed yes|no|skipped
    local verdict=$4
    case $verdict in
        yes) passed=$((passed + 1)) ;;
        skipped) skipped=$((skipped + 1)) ;;
        *) verdict=no; failed=$((failed + 1)) ;;
    esac
    rows+=("| $(cell "$1") | $(cell "$2") | $(cell "$3") | $verdict |")
    note "$1: $verdict — $3"
}
crashed() { # an exit status that means killed by a signal or timed out
    [ "$1" -eq 124 ] || [ "$1" -ge 128 ]
}
describe_status() {
    case $1 in
        124) echo "124 (timed out)" ;;
        137) echo "137 (SIGKILL)" ;;
        134) echo "134 (SIGABRT)" ;;
        132) echo "132 (SIGILL: Swift trap)" ;;
        133) echo "133 (SIGTRAP: Swift trap)" ;;
        139) echo "139 (SIGSEGV)" ;;
        *) echo "$1" ;;
    esac
}
now_ms() { date +%s%3N; }
child_of() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' | head -n 1; }
# the last non-empty line of a file that is not progress chatter
last_message() { grep -v -e '^ingest [0-9]' -e '^mock API' "$1" 2>/dev/null | grep -v '^[[:space:]]*$' | tail -n 3 | tr '\n' ' '; }

# --- helpers in python ---------------------------------------------------------------------------------------
cat > "$work/check.py" <<'PY'
# check.py IDS_CSV OUT_DIR: every input ID exactly once across jsonfile/*.json and errorfile/*.json
import collections, glob, json, os, sys
ids_path, out = sys.argv[1], sys.argv[2]
ids = [int(x) for x in open(ids_path).read().split()[1:]]
want = set(ids)
seen = collections.Counter()
bad, records, errors, classes = [], 0, 0, collections.Counter()
files = sorted(glob.glob(f"{out}/jsonfile/*.json")) + sorted(glob.glob(f"{out}/errorfile/*.json"))
for path in files:
    raw = open(path, "rb").read()
    try:
        batch = json.loads(raw.decode("utf-8"))
    except Exception as e:
        bad.append(f"{os.path.basename(path)} unparsable ({type(e).__name__})")
        continue
    if not isinstance(batch, list) or not batch:
        bad.append(f"{os.path.basename(path)} empty or not an array")
        continue
    is_error = "/errorfile/" in path
    for entry in batch:
        seen[entry.get("id")] += 1
        if is_error:
            errors += 1
            classes[entry.get("error")] += 1
        else:
            records += 1
temps = [p for p in glob.glob(f"{out}/**/*", recursive=True) if "tmp" in os.path.basename(p)]
missing = want - set(seen)
twice = [i for i, n in seen.items() if n > 1]
extra = set(seen) - want
ok = not missing and not twice and not extra and not bad
cls = ", ".join(f"{k} {v}" for k, v in sorted(classes.items()))
print(f"{len(ids)} IDs: {records} records, {errors} errors ({cls}); {len(missing)} missing, {len(twice)} duplicated, "
      f"{len(extra)} unexpected; {len(files)} files, {len(bad)} empty/unparsable{': ' + '; '.join(bad[:3]) if bad else ''}; "
      f"{len(temps)} temp files")
sys.exit(0 if ok else 1)
PY

# --- inputs ---------------------------------------------------------------------------------------------------
timeout 30 "$bin" generate-ids --count 3000 --seed 3 --out "$work/ids.csv" >/dev/null 2>"$work/gen.err" || {
    echo "cannot generate IDs: $(cat "$work/gen.err")" >&2
    exit 2
}
head -n 1001 "$work/ids.csv" > "$work/ids1000.csv"
head -n 2001 "$work/ids.csv" > "$work/ids2000.csv"
head -n 501 "$work/ids.csv" > "$work/ids500.csv"
head -n 6 "$work/ids.csv" > "$work/ids5.csv"
fast=(--retry-after-cap 0.05 --backoff-base 0.01 --backoff-cap 0.1)

# ==============================================================================================================
# 1. kill -9 at seeded random moments, then resume to the end: exactly once
# ==============================================================================================================
case1() {
    note "case 1: kill -9 + resume"
    local out="$work/c1" moments m round tpid cpid rc notes="" final
    local common=(ingest --input "$work/ids.csv" --out "$out" --mock --mock-faults heavy --mock-latency-ms 5
        --concurrency 20 --batch-size 200 "${fast[@]}" --log-file "$work/c1.log")
    moments=$("$python" -c "import random; r = random.Random($seed * 1000 + 1); print(' '.join('%.2f' % r.uniform(0.5, 2.5) for _ in range(3)))")
    round=0
    for m in $moments; do
        round=$((round + 1))
        timeout -k 5 120 "$bin" "${common[@]}" >"$work/c1.$round.out" 2>&1 &
        tpid=$!
        bg_pids+=("$tpid")
        sleep "$m"
        cpid=$(child_of "$tpid")
        if [ -n "$cpid" ]; then kill -9 "$cpid" 2>/dev/null; fi
        wait "$tpid"
        rc=$?
        local files settled
        files=$(ls "$out/jsonfile" "$out/errorfile" 2>/dev/null | grep -c '\.json$')
        settled=$("$python" "$work/check.py" "$work/ids.csv" "$out" 2>&1 | sed -e 's/^[0-9]* IDs: //' -e 's/ (.*//')
        if [ "$rc" -eq 137 ]; then
            notes+="kill -9 at ${m}s → $files files on disk ($settled); "
        else
            notes+="round $round ended with $(describe_status "$rc") before the kill at ${m}s ($(last_message "$work/c1.$round.out")); "
        fi
    done
    timeout -k 5 150 "$bin" "${common[@]}" >"$work/c1.final.out" 2>&1
    rc=$?
    final=$("$python" "$work/check.py" "$work/ids.csv" "$out" 2>&1)
    local checked=$?
    local verdict=no
    if { [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; } && [ "$checked" -eq 0 ]; then verdict=yes; fi
    row "1 kill -9 ×3 + resume (3,000 IDs, heavy faults)" \
        "final run exits 0 or 3; every ID exactly once; no empty/unparsable file" \
        "${notes}final run exit $(describe_status "$rc"); $final" "$verdict"
}

# ==============================================================================================================
# 2. a second run on the same --out stops at once; the first finishes; exactly once
# ==============================================================================================================
case2() {
    note "case 2: two concurrent runs on one --out"
    local out="$work/c2" tpid rc1 rc2 t0 t1 ms msg final checked
    local common=(ingest --input "$work/ids.csv" --out "$out" --mock --mock-latency-ms 20 "${fast[@]}")
    timeout -k 5 150 "$bin" "${common[@]}" --log-file "$work/c2a.log" >"$work/c2a.out" 2>&1 &
    tpid=$!
    bg_pids+=("$tpid")
    sleep 0.5
    t0=$(now_ms)
    timeout -k 2 10 "$bin" "${common[@]}" --log-file "$work/c2b.log" >"$work/c2b.out" 2>&1
    rc2=$?
    t1=$(now_ms)
    ms=$((t1 - t0))
    msg=$(last_message "$work/c2b.out")
    wait "$tpid"
    rc1=$?
    final=$("$python" "$work/check.py" "$work/ids.csv" "$out" 2>&1)
    checked=$?
    local verdict=no
    if [ "$rc2" -ne 0 ] && ! crashed "$rc2" && [ "$ms" -lt 2000 ] && grep -q "in use by another tiki-pipeline run" "$work/c2b.out" \
        && { [ "$rc1" -eq 0 ] || [ "$rc1" -eq 3 ]; } && [ "$checked" -eq 0 ]; then verdict=yes; fi
    row "2 second run on the same --out" \
        "second exits non-zero within 2 s, says \"in use by another tiki-pipeline run\"; first exits 0/3; exactly once" \
        "second: exit $(describe_status "$rc2") after ${ms} ms: \"$msg\"; first: exit $(describe_status "$rc1"); $final" "$verdict"
}

# ==============================================================================================================
# 3. a hostile HTTP server: one misbehaviour per ID
# ==============================================================================================================
case3() {
    note "case 3: hostile server"
    local spid port="" i rc out="$work/c3" c e o v
    timeout -k 2 200 "$python" "$here/hostile_server.py" 0 >"$work/hostile.out" 2>"$work/hostile.err" &
    spid=$!
    bg_pids+=("$spid")
    for i in $(seq 1 60); do
        port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/hostile.out")
        [ -n "$port" ] && break
        sleep 0.25
    done
    if [ -z "$port" ]; then
        row "3 hostile server" "server starts" "did not start: $(tail -n 3 "$work/hostile.err")" no
        return
    fi
    { echo id; seq 1 11; } > "$work/hostile.csv"
    local t0 t1
    t0=$(now_ms)
    TIKI_MAX_BODY_BYTES=1048576 timeout -k 5 90 "$bin" ingest --input "$work/hostile.csv" --out "$out" \
        --base-url "http://127.0.0.1:$port/p" --max-retries 1 --backoff-base 0.01 --backoff-cap 0.05 --timeout 3 \
        --adaptive off --log-file "$work/c3.log" >"$work/c3.out" 2>&1
    rc=$?
    t1=$(now_ms)
    local final checked verdict=no
    final=$("$python" "$work/check.py" "$work/hostile.csv" "$out" 2>&1)
    checked=$?
    if ! crashed "$rc" && { [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; } && [ "$checked" -eq 0 ]; then verdict=yes; fi
    row "3.0 hostile server run (IDs 1–11)" "exit 0 or 3, no crash, every ID exactly once" \
        "exit $(describe_status "$rc") in $(( (t1 - t0) / 1000 )).$(( (t1 - t0) % 1000 / 100 )) s; $final" "$verdict"
    "$python" - "$out" >"$work/c3.rows" 2>"$work/c3.err" <<'PY'
import glob, json, sys
out = sys.argv[1]
records, errors, unreadable = {}, {}, []
for path in glob.glob(f"{out}/jsonfile/*.json"):
    raw = open(path, "rb").read()
    try:
        batch = json.loads(raw.decode("utf-8"))
    except Exception as e:
        unreadable.append(f"{path.rsplit('/', 1)[1]}: {e}")
        continue
    for r in batch:
        records[r.get("id")] = r
for path in glob.glob(f"{out}/errorfile/*.json"):
    try:
        batch = json.loads(open(path, "rb").read().decode("utf-8"))
    except Exception as e:
        unreadable.append(f"{path.rsplit('/', 1)[1]}: {e}")
        continue
    for e in batch:
        errors[e.get("id")] = e
cases = {
    1: ("truncated JSON", {"blocked"}),
    2: ("invalid UTF-8 in name", {"record"}),
    3: ("50 MB body", {"too_large"}),
    4: ("gzip bomb (1 MB → 1 GiB)", {"too_large"}),
    5: ("empty 200", {"blocked"}),
    6: ("HTML as application/json", {"blocked"}),
    7: ("JSON array", {"invalid_payload"}),
    8: ("JSON for another id", {"invalid_payload"}),
    9: ("connection reset mid-body", {"connection", "timeout"}),
    10: ("redirect loop", {"client_error"}),
    11: ("valid product", {"record"}),
}
for pid, (what, expected) in cases.items():
    if pid in records and pid in errors:
        observed, got = f"both a record and an error ({errors[pid].get('error')})", "both"
    elif pid in records:
        r = records[pid]
        got = "record"
        observed = f"record, name {json.dumps(r.get('name'))}"
        if pid == 2:
            name = r.get("name") or ""
            observed += " (repaired with U+FFFD)" if "\ufffd" in name else " (not repaired?)"
    elif pid in errors:
        e = errors[pid]
        got = e.get("error")
        observed = f"{got} (status {e.get('status')}, attempts {e.get('attempts')}): {e.get('message')}"
    else:
        got, observed = "missing", "missing from jsonfile and errorfile"
    if unreadable and pid == 1:
        observed += f"; unreadable files: {'; '.join(unreadable)}"
    ok = got in expected and not (pid == 2 and "not repaired" in observed)
    exp = " or ".join(sorted(expected)) + (" (invalid UTF-8 repaired)" if pid == 2 else "")
    print(f"3.{pid} {what}\t{exp}\t{observed}\t{'yes' if ok else 'no'}")
PY
    while IFS=$'\t' read -r c e o v; do row "$c" "$e" "$o" "$v"; done < "$work/c3.rows"
    [ -s "$work/c3.err" ] && row "3 hostile analysis" "analysis runs" "$(tail -n 3 "$work/c3.err")" no
    kill "$spid" 2>/dev/null
    for i in $(ps -o pid= --ppid "$spid" 2>/dev/null); do kill "$i" 2>/dev/null; done
    wait "$spid" 2>/dev/null
}

# ==============================================================================================================
# 4. bad inputs: exit status and message
# ==============================================================================================================
# bad_input NAME EXPECTED_STATUS SUBSTRING command... (with forbid=TEXT: the output must not contain TEXT)
bad_input() {
    local name=$1 want=$2 needle=$3
    shift 3
    bad_inputs=$((bad_inputs + 1))
    local f="$work/c4.$bad_inputs"
    timeout -k 2 15 "$@" >"$f" 2>&1
    local rc=$?
    local msg
    msg=$(grep -v -e '^mock API' -e '^ingest [0-9]' -e '^Usage:' -e "^  See '" -e '^Help:' "$f" | head -n 3 | tr '\n' ' ')
    local verdict=no expected="exit $want, message contains \"$needle\""
    if [ "$rc" -eq "$want" ] && grep -qiF -- "$needle" "$f"; then verdict=yes; fi
    if [ -n "${forbid:-}" ]; then
        expected+=", not \"$forbid\""
        grep -qF -- "$forbid" "$f" && verdict=no
    fi
    row "$name" "$expected" "exit $(describe_status "$rc"): $msg" "$verdict"
}
bad_inputs=0
case4() {
    note "case 4: bad inputs"
    local o="$work/c4out" L=(--log-file "$work/c4.log")
    bad_input "4a ID file missing" 1 "no such file" \
        "$bin" ingest --input "$work/nope.csv" --out "$o" --mock "${L[@]}"
    mkdir -p "$work/a-folder"
    bad_input "4b a folder as --input" 1 "it is a folder" \
        "$bin" ingest --input "$work/a-folder" --out "$o" --mock "${L[@]}"

    # 4c: invalid lines are warned about with reasons and line numbers; the valid ID is fetched
    printf 'id\n0\n-5\n123456789012345678901234567890\n"y,z",123\n123\n' > "$work/bad.csv"
    timeout -k 2 30 "$bin" ingest --input "$work/bad.csv" --out "$work/c4c" --mock --mock-faults none "${L[@]}" \
        >"$work/c4c.out" 2>&1
    local rc=$?
    local warn got
    warn=$(grep -i -m 1 -e 'skipped' -e 'warning' "$work/c4c.out")
    got=$("$python" -c "
import glob, json, sys
ids = [r['id'] for p in glob.glob('$work/c4c/jsonfile/*.json') for r in json.load(open(p))]
ids += [e['id'] for p in glob.glob('$work/c4c/errorfile/*.json') for e in json.load(open(p))]
print(' '.join(map(str, sorted(ids))))" 2>&1)
    local verdict=no
    if [ "$rc" -eq 0 ] && [ "$got" = "123" ] \
        && grep -qiE 'positive|zero|negative' <<<"$warn" && grep -qiE 'digit|too long|too large|overflow|range' <<<"$warn" \
        && grep -qiE 'number|numeric' <<<"$warn" && grep -qE '2, 3, 4, 5|2,3,4,5' <<<"$warn"; then verdict=yes; fi
    row "4c CSV with 0, -5, a 30-digit number, \"y,z\",123 (lines 2–5) and 123 (line 6)" \
        "exit 0; warning names the reasons (not positive, too many digits, not a number) and lines 2, 3, 4, 5; only ID 123 fetched" \
        "exit $(describe_status "$rc"); warning: \"$warn\"; IDs in output: [$got]" "$verdict"

    forbid="Missing value" bad_input "4d --batch-size -1" 2 "batch_size" \
        "$bin" ingest --input "$work/ids5.csv" --out "$o" --mock --batch-size -1 "${L[@]}"
    bad_input "4e env TIKI_CONCURRENCY=lots" 2 "TIKI_CONCURRENCY" \
        env TIKI_CONCURRENCY=lots "$bin" ingest --input "$work/ids5.csv" --out "$o" --mock "${L[@]}"
    bad_input "4f --header \$'X-A: b\\r\\nc' (refused at start-up)" 2 "X-A" \
        "$bin" ingest --input "$work/ids5.csv" --out "$o" --mock --header $'X-A: b\r\nc' "${L[@]}"

    "$python" -c "
import json
s = json.load(open('$here/../schemas/tiki-product.json'))
s['fields'] = [f for f in s['fields'] if f['name'] != 'id']
json.dump(s, open('$work/no-id-schema.json', 'w'), indent=1)"
    bad_input "4g schema without an id field" 1 "no field named id" \
        "$bin" ingest --input "$work/ids5.csv" --out "$o" --mock --schema "$work/no-id-schema.json" "${L[@]}"
    echo "not a folder" > "$work/regular-file"
    bad_input "4h --out is an existing regular file" 1 "$work/regular-file" \
        "$bin" ingest --input "$work/ids5.csv" --out "$work/regular-file" --mock "${L[@]}"
    if [ "$(cat "$work/regular-file")" != "not a folder" ]; then
        row "4h' --out regular file untouched" "file content unchanged" "the file was changed" no
    fi
}

# ==============================================================================================================
# 5. damaged Parquet: inspect never crashes or hangs
# ==============================================================================================================
case5() {
    note "case 5: damaged Parquet"
    local rc
    timeout -k 5 90 "$bin" ingest --input "$work/ids500.csv" --out "$work/c5" --mock --mock-faults none \
        --log-file "$work/c5.log" >"$work/c5.out" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        row "5 damaged Parquet" "a 500-ID mock ingest to convert" "ingest exit $(describe_status "$rc"): $(last_message "$work/c5.out")" no
        return
    fi
    # the records sorted by ID in one batch file, so that a seed reproduces the same bytes (ingest writes records
    # in completion order)
    mkdir -p "$work/c5sorted"
    "$python" - "$work/c5/jsonfile" "$work/c5sorted/products_001.json" <<'PY'
import glob, json, sys
records = sorted((r for p in glob.glob(f"{sys.argv[1]}/*.json") for r in json.load(open(p, encoding="utf-8"))),
                 key=lambda r: r["id"])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records) + "\n]\n")
PY
    local bases=()
    timeout -k 5 60 "$bin" convert "$work/c5sorted" --out "$work/gzip.parquet" >"$work/c5g.out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then bases+=("$work/gzip.parquet"); else
        row "5 convert (gzip)" "exit 0" "exit $(describe_status "$rc"): $(tail -n 2 "$work/c5g.out")" no; fi
    if timeout 10 "$bin" convert --help 2>&1 | grep -q -- "--compression"; then
        timeout -k 5 60 "$bin" convert "$work/c5sorted" --out "$work/none.parquet" --compression none >"$work/c5n.out" 2>&1
        rc=$?
        if [ "$rc" -eq 0 ]; then bases+=("$work/none.parquet"); else
            row "5 convert (--compression none)" "exit 0" "exit $(describe_status "$rc"): $(tail -n 2 "$work/c5n.out")" no; fi
    fi
    [ ${#bases[@]} -gt 0 ] || return
    local b
    for b in "${bases[@]}"; do
        timeout -k 2 10 "$bin" inspect "$b" --head 3 >"$work/c5.clean" 2>&1
        rc=$?
        if [ "$rc" -ne 0 ]; then
            row "5 inspect $(basename "$b") (undamaged)" "exit 0" "exit $(describe_status "$rc"): $(tail -n 2 "$work/c5.clean")" no
        fi
    done
    "$python" - "$bin" "$seed" "$work" "${FAULT_KEEP:-}" "${bases[@]}" >"$work/c5.rows" 2>"$work/c5.err" <<'PY'
import concurrent.futures, os, random, shutil, signal, subprocess, sys
binary, seed, work, keep, bases = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
rng = random.Random(seed * 1000 + 5)
originals = {b: open(b, "rb").read() for b in bases}
plans = []
for i in range(300):
    base = bases[i % len(bases)]
    data = bytearray(originals[base])
    # the footer (Thrift metadata, then its length and PAR1) is what a reader parses first and trusts most,
    # but is ~1% of the file: half of the flips land in it, half anywhere
    footer = int.from_bytes(originals[base][-8:-4], "little") + 8
    footer = footer if 8 < footer < len(data) else len(data)
    r = rng.random()
    if r < 0.7:
        n = rng.randint(1, 50)
        low = len(data) - footer if r < 0.35 else 0
        for _ in range(n):
            data[rng.randrange(low, len(data))] ^= rng.randint(1, 255)
        what = f"flip {n} byte(s) {'in the footer' if low else 'anywhere'}"
    else:
        cut = rng.randrange(len(data))
        del data[cut:]
        what = f"truncate at {cut} of {len(originals[base])}"
    path = f"{work}/mut-{i:03d}.parquet"
    open(path, "wb").write(data)
    plans.append((i, base, what, path))

def run(plan):
    i, base, what, path = plan
    try:
        p = subprocess.run(["timeout", "-k", "2", "10", binary, "inspect", path, "--head", "3"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30)
        rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        rc, err = 124, "python-side timeout"
    if rc in (0, 1):
        kind = "clean" if rc == 0 else "error"
    elif rc == 124:
        kind = "hang"
    elif rc < 0 or rc >= 128:
        kind = "crash"
    else:
        kind = "other"
    lines = [l for l in err.splitlines() if l.strip()]
    first = next((l for l in lines if "Fatal error" in l or "Error" in l or "error" in l), lines[0] if lines else "")
    if kind in ("crash", "hang") and keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(path, os.path.join(keep, os.path.basename(path)))
    os.remove(path)
    return i, os.path.basename(base), what, rc, kind, first.strip()[:160]

with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = list(pool.map(run, plans))

for base in bases:
    name = os.path.basename(base)
    mine = [r for r in results if r[1] == name]
    counts = {k: sum(1 for r in mine if r[4] == k) for k in ("clean", "error", "crash", "hang", "other")}
    bad = [r for r in mine if r[4] in ("crash", "hang", "other")]
    def status(rc):
        if rc < 0 or rc >= 128:
            n = -rc if rc < 0 else rc - 128
            try:
                return f"signal {n} ({signal.Signals(n).name})"
            except ValueError:
                return f"signal {n}"
        return f"exit {rc}"
    examples = "; ".join(f"#{r[0]} {r[2]} → {status(r[3])} ({r[5]})" for r in bad[:3])
    mix = (f"{sum(1 for r in mine if 'anywhere' in r[2])} flips anywhere, {sum(1 for r in mine if 'footer' in r[2])} "
           f"in the footer, {sum(1 for r in mine if 'truncate' in r[2])} truncations")
    observed = (f"{len(mine)} mutations ({mix}): {counts['clean']} clean reads, {counts['error']} errors, {counts['crash']} crashes, "
                f"{counts['hang']} hangs" + (f", {counts['other']} other statuses" if counts['other'] else "")
                + (f"; e.g. {examples}" if examples else ""))
    print(f"5 inspect --head 3 on damaged {name}\tevery run exits 0 or 1 (no signal, no timeout)\t{observed}\t"
          f"{'yes' if not bad else 'no'}")
PY
    local c e o v
    while IFS=$'\t' read -r c e o v; do row "$c" "$e" "$o" "$v"; done < "$work/c5.rows"
    [ -s "$work/c5.err" ] && row "5 mutation driver" "runs" "$(tail -n 3 "$work/c5.err")" no
    rm -f "$work"/mut-*.parquet
}

# ==============================================================================================================
# 6. SIGTERM: exit 143, then resume exactly once
# ==============================================================================================================
case6() {
    note "case 6: SIGTERM"
    local out="$work/c6" tpid cpid rc rc2 final checked t0 t1
    local common=(ingest --input "$work/ids1000.csv" --out "$out" --mock --mock-latency-ms 20 --concurrency 20 "${fast[@]}"
        --log-file "$work/c6.log")
    timeout -k 5 60 "$bin" "${common[@]}" >"$work/c6.out" 2>&1 &
    tpid=$!
    bg_pids+=("$tpid")
    sleep 1
    cpid=$(child_of "$tpid")
    t0=$(now_ms)
    [ -n "$cpid" ] && kill -TERM "$cpid"
    wait "$tpid"
    rc=$?
    t1=$(now_ms)
    local summary
    summary=$(grep -m 1 -e 'interrupted' -e 'finished' "$work/c6.out")
    local on_disk
    on_disk=$("$python" "$work/check.py" "$work/ids1000.csv" "$out" 2>&1 | sed 's/;.*//')
    timeout -k 5 120 "$bin" "${common[@]}" >"$work/c6b.out" 2>&1
    rc2=$?
    final=$("$python" "$work/check.py" "$work/ids1000.csv" "$out" 2>&1)
    checked=$?
    local verdict=no
    if [ "$rc" -eq 143 ] && { [ "$rc2" -eq 0 ] || [ "$rc2" -eq 3 ]; } && [ "$checked" -eq 0 ]; then verdict=yes; fi
    row "6 SIGTERM after 1 s, then resume (1,000 IDs, 20 ms latency)" \
        "exit 143; resume exits 0/3; every ID exactly once" \
        "exit $(describe_status "$rc") $(( t1 - t0 )) ms after SIGTERM; it printed \"${summary:-nothing}\"; on disk then: ${on_disk}; resume exit $(describe_status "$rc2"); $final" \
        "$verdict"
}

# ==============================================================================================================
# 7. disk full (a 1 MiB tmpfs)
# ==============================================================================================================
case7() {
    note "case 7: disk full"
    local mnt="$work/full" rc
    mkdir -p "$mnt"
    if ! timeout 10 mount -t tmpfs -o size=1m tmpfs "$mnt" 2>"$work/mount.err"; then
        row "7 disk full (1 MiB tmpfs)" "non-zero exit, message names a path under the mount, no temporary files left" \
            "skipped: cannot mount tmpfs ($(head -n 1 "$work/mount.err"))" skipped
        return
    fi
    mounts+=("$mnt")
    timeout -k 5 90 "$bin" ingest --input "$work/ids2000.csv" --out "$mnt/out" --mock --mock-faults none --batch-size 200 \
        --log-file "$work/c7.log" >"$work/c7.out" 2>&1
    rc=$?
    local msg left temps verdict=no
    msg=$(grep -i -m 2 -e 'error' -e 'space' "$work/c7.out" | tr '\n' ' ')
    left=$(cd "$mnt" && find . -mindepth 1 -type f | sed 's|^\./||' | sort | tr '\n' ' ')
    temps=$(cd "$mnt" && find . -type f \( -name '*.tmp*' -o -name '*tmp-*' -o -name '.*.tmp' \) | wc -l)
    if [ "$rc" -ne 0 ] && ! crashed "$rc" && grep -qF "$mnt/" "$work/c7.out" && [ "$temps" -eq 0 ]; then verdict=yes; fi
    row "7 disk full (1 MiB tmpfs, 2,000 IDs, batches of 200)" \
        "non-zero exit (no crash), message names a path under the mount, no temporary files left" \
        "exit $(describe_status "$rc"): \"$msg\"; left on the mount: ${left:-nothing} ($temps temporary)" "$verdict"
    # The same full disk under convert: the error must name the output, not an input record, and the temporary
    # Parquet file must go.
    timeout -k 5 90 "$bin" ingest --input "$work/ids2000.csv" --out "$work/c7src" --mock --mock-faults none \
        --log-file "$work/c7b.log" >/dev/null 2>&1
    timeout -k 5 60 "$bin" convert "$work/c7src/jsonfile" --out "$mnt/products.parquet" --compression none \
        >"$work/c7c.out" 2>&1
    rc=$?
    verdict=no
    msg=$(head -n 2 "$work/c7c.out" | tr '\n' ' ')
    temps=$(cd "$mnt" && find . -type f \( -name '*.tmp*' -o -name '*tmp-*' -o -name 'products.parquet' \) | wc -l)
    if [ "$rc" -ne 0 ] && ! crashed "$rc" && grep -qF "$mnt/products.parquet" "$work/c7c.out" && [ "$temps" -eq 0 ]; then
        verdict=yes
    fi
    row "7b convert onto the full disk" "non-zero exit, message names the output file, nothing left of it" \
        "exit $(describe_status "$rc"): \"$msg\"; $temps output or temporary file(s) left" "$verdict"
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
}

# ==============================================================================================================
# 8. convert refuses to overwrite its own input
# ==============================================================================================================
case8() {
    note "case 8: convert onto its input"
    "$python" -c "
import json
for i in range(1, 6):
    print(json.dumps({'id': i, 'name': f'sản phẩm {i}', 'price': 1000 * i, 'url_key': f'sp-{i}', 'description': 'd', 'images': []}, ensure_ascii=False))
" > "$work/x.jsonl"
    cp "$work/x.jsonl" "$work/x.jsonl.orig"
    (cd "$work" && timeout -k 2 30 "$bin" convert x.jsonl --out x.jsonl) >"$work/c8.out" 2>&1
    local rc=$? same verdict=no
    if cmp -s "$work/x.jsonl" "$work/x.jsonl.orig"; then same="byte-identical"; else same="CHANGED ($(wc -c < "$work/x.jsonl") bytes, was $(wc -c < "$work/x.jsonl.orig"))"; fi
    if [ "$rc" -ne 0 ] && ! crashed "$rc" && [ "$same" = "byte-identical" ]; then verdict=yes; fi
    row "8 convert x.jsonl --out x.jsonl" "non-zero exit; x.jsonl byte-identical" \
        "exit $(describe_status "$rc"): \"$(head -n 2 "$work/c8.out" | tr '\n' ' ')\"; x.jsonl $same" "$verdict"
}

for c in ${FAULT_CASES:-1 2 3 4 5 6 7 8}; do
    c=case${c#case}
    t=$(date +%s)
    $c
    note "$c took $(( $(date +%s) - t )) s"
done

echo
echo "| case | expected | observed | pass |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
elapsed=$(( $(date +%s) - started ))
echo "runtime: ${elapsed} s (seed $seed)"
[ "$skipped" -gt 0 ] && echo "skipped: $skipped"
echo "fault suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
