#!/usr/bin/env bash
# libFuzzer against the Parquet reader: builds the targets in Fuzz/ with -sanitize=fuzzer,address, makes a seed
# corpus (files from our writer, plus the apache/parquet-testing vectors when their folder is given), runs each
# target for a bounded time, and fails on any crash, sanitizer report, timeout or out-of-memory.
#
#   scripts/fuzz.sh [VECTORS_DIR]        e.g. scripts/fuzz.sh ../shared/data/parquet-testing
#   FUZZ_SECONDS=600 scripts/fuzz.sh     longer runs (default 60 s per target)
#
# Reproducers land in .build-fuzz/artifacts/; replay one with `.build-fuzz/debug/<Target> <file>`.
set -uo pipefail
# The vectors folder is relative to where the script was called from.
vectors=""
if [ -n "${1:-}" ]; then
    vectors=$(cd "$1" 2>/dev/null && pwd) || echo "fuzz: no folder $1, seeding from our writer only"
fi
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
# A fixed seed makes a CI run replay the same mutations (a slower machine runs a prefix of them), so a crash in
# CI is one that was there to be found here; FUZZ_SEED=0 lets libFuzzer pick one, for exploring.
seed=${FUZZ_SEED:-1}
scratch=.build-fuzz
targets=(FuzzParquetReader FuzzThrift)
# Swift's runtime keeps metadata caches for the life of the process, which LeakSanitizer reports as leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
# Swift's own crash backtracer trips AddressSanitizer; libFuzzer prints the stack of a trap itself.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

echo "== build fuzz targets"
# The targets exist only with TIKI_FUZZ set (Package.swift), and are built into their own scratch folder, so the
# normal build never sees them or the sanitizer flags.
export TIKI_FUZZ=1
build=(swift build -c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address)
for target in "${targets[@]}"; do
    if ! "${build[@]}" --product "$target" > "$scratch.log" 2>&1; then
        grep -vE 'ld.gold: warning' "$scratch.log" | tail -n 30
        echo "fuzz: 0 passed, ${#targets[@]} failed (build of $target)"
        exit 1
    fi
done
bin=$("${build[@]}" --show-bin-path)
rm -f "$scratch.log"

echo "== seed corpus"
corpus=$scratch/corpus
artifacts=$scratch/artifacts
mkdir -p "$corpus/FuzzParquetReader" "$corpus/FuzzThrift" "$artifacts"
"$bin/FuzzParquetReader" --write-seeds "$corpus/FuzzParquetReader" || { echo "fuzz: seeds failed"; exit 1; }
if [ -n "$vectors" ] && [ -d "$vectors" ]; then
    cp "$vectors"/*.parquet "$corpus/FuzzParquetReader/" 2>/dev/null || true
fi
# FuzzThrift's inputs are footers: cut them out of every seed file (PAR1 · pages · footer · length · PAR1).
python3 - "$corpus/FuzzParquetReader" "$corpus/FuzzThrift" <<'EOF'
import glob, os, struct, sys
for path in glob.glob(os.path.join(sys.argv[1], "*.parquet")):
    data = open(path, "rb").read()
    length = struct.unpack("<I", data[-8:-4])[0] if len(data) >= 12 else 0
    if data[:4] == b"PAR1" and 0 < length <= len(data) - 12:
        name = os.path.basename(path)[:-len(".parquet")] + ".footer"
        open(os.path.join(sys.argv[2], name), "wb").write(data[len(data) - 8 - length:-8])
EOF
echo "$(ls "$corpus/FuzzParquetReader" | wc -l) reader seeds, $(ls "$corpus/FuzzThrift" | wc -l) footer seeds"

passed=0
failed=0
for target in "${targets[@]}"; do
    echo "== $target for ${seconds}s, seed $seed"
    log=$scratch/$target.log
    start=$(date +%s)
    "$bin/$target" "$corpus/$target" -seed="$seed" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/$target-" -print_final_stats=1 > "$log" 2>&1
    status=$?
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    echo "$target: exit $status after $(( $(date +%s) - start ))s, $runs inputs run"
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        grep -E 'ERROR|Fatal error|deadly signal|timeout|out-of-memory|SUMMARY' "$log" | head -n 10
        grep -oE "Test unit written to [^ ]+" "$log" | sed 's/^Test unit written to /reproducer: /'
        echo "full log: $log"
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
