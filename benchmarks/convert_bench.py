#!/usr/bin/env python3
"""Convert benchmark: JSON batches → Parquet with each codec, tiki-pipeline against pyarrow, DuckDB and polars,
each anchor used the way its documentation recommends, and given the same declared schema where it takes one.

  benchmarks/.venv/bin/python benchmarks/convert_bench.py --bin .build/release/tiki-pipeline --batches DIR/jsonfile

Every run is a separate process under /usr/bin/time: wall seconds, CPU seconds (user + sys), peak RSS, output size.
With --repeats N each (tool, codec) runs N times, interleaved (each repeat starts the line-up one tool later), and the
run with the median wall time is reported. Before every run the disk is synced and the machine left idle for a second.
Prints a markdown table and writes it to benchmarks/CONVERT.md (or --out).
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = sys.executable
SCHEMA = os.path.join(ROOT, "schemas", "tiki-product.json")

# The anchors, each as its documentation shows: argv[1] input, argv[2] output, argv[3] codec, argv[4] schema file.
# Schema types map the same way in all three: int64 → 64-bit int, string → UTF-8 string, list<string> → list of strings.
ANCHORS = {
    # polars: read_json per file (a batch is one JSON array), concat, write_parquet.
    "polars": """
import glob, json, sys, polars as pl
types = {"int64": pl.Int64, "string": pl.String, "list<string>": pl.List(pl.String)}
schema = {f["name"]: types[f["type"]] for f in json.load(open(sys.argv[4]))["fields"]}
frames = [pl.read_json(f, schema=schema) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
pl.concat(frames, how="diagonal_relaxed").write_parquet(sys.argv[2], compression=sys.argv[3])
""",
    # DuckDB: read_json over the folder (format='array', declared columns) straight into COPY … TO.
    "duckdb": """
import json, sys, duckdb
types = {"int64": "BIGINT", "string": "VARCHAR", "list<string>": "VARCHAR[]"}
columns = ", ".join(f"'{f['name']}': '{types[f['type']]}'" for f in json.load(open(sys.argv[4]))["fields"])
duckdb.sql(f"COPY (SELECT * FROM read_json('{sys.argv[1]}/*.json', format='array', columns={{{columns}}})) "
           f"TO '{sys.argv[2]}' (FORMAT parquet, COMPRESSION {sys.argv[3]})")
""",
    # pyarrow: pyarrow.json.read_json reads JSON Lines only (a .jsonl copy, made before timing), explicit schema.
    "pyarrow": """
import json, sys, pyarrow as pa, pyarrow.json as pj, pyarrow.parquet as pq
types = {"int64": pa.int64(), "string": pa.string(), "list<string>": pa.list_(pa.string())}
schema = pa.schema([(f["name"], types[f["type"]]) for f in json.load(open(sys.argv[4]))["fields"]])
table = pj.read_json(sys.argv[1], parse_options=pj.ParseOptions(explicit_schema=schema))
pq.write_table(table, sys.argv[2], compression=sys.argv[3])
""",
}


def timed(args):
    """(wall s, CPU s, peak RSS MB) of a command, from GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M"] + [str(a) for a in args], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{args}: {out.stderr[-2000:]}")
    m = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out.stderr)
    return float(m.group(1)), float(m.group(2)) + float(m.group(3)), int(m.group(4)) / 1024


def settle():
    """Lets the run before finish with the machine (its output written back to disk, its memory handed back), so the
    next tool is not charged for it. Without this, `tiki-pipeline --schema`, always run right after pyarrow, was
    slower than the same conversion run next (`(inferred)`) in 9 of 10 repeats, by up to 0.7 s."""
    os.sync()
    time.sleep(1)


def to_jsonl(batches, path):
    with open(path, "w") as out:
        for f in sorted(glob.glob(batches + "/*.json")):
            for record in json.load(open(f)):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def machine():
    cpu = "unknown"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="tiki-pipeline (release build)")
    parser.add_argument("--batches", required=True, help="folder of JSON batch files (ingest's jsonfile/)")
    parser.add_argument("--codecs", default="gzip,zstd,snappy")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--ten", action="store_true", help="also convert 10 copies of the batches (tiki-pipeline only) for peak RSS")
    parser.add_argument("--out", default=os.path.join(HERE, "CONVERT.md"))
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    batches = os.path.abspath(args.batches)
    codecs = args.codecs.split(",")
    work = tempfile.mkdtemp(prefix="tiki-convert-bench-")
    files = sorted(glob.glob(batches + "/*.json"))
    records = sum(len(json.load(open(f))) for f in files)
    size_mb = sum(os.path.getsize(f) for f in files) / 1e6
    jsonl = os.path.join(work, "all.jsonl")
    to_jsonl(batches, jsonl)

    scripts = {}
    for name, code in ANCHORS.items():
        scripts[name] = os.path.join(work, f"anchor_{name}.py")  # not polars.py: it would shadow the module
        with open(scripts[name], "w") as f:
            f.write(code)

    def command(tool, codec, out):
        if tool == "tiki-pipeline --schema":
            return [binary, "convert", batches, "--schema", SCHEMA, "--out", out, "--compression", codec]
        if tool == "tiki-pipeline (inferred)":
            return [binary, "convert", batches, "--out", out, "--compression", codec]
        source = jsonl if tool == "pyarrow" else batches
        return [PY, scripts[tool], source, out, codec, SCHEMA]

    tools = ["tiki-pipeline --schema", "tiki-pipeline (inferred)", "polars", "duckdb", "pyarrow"]
    runs = {}
    for repeat in range(args.repeats):
        for codec in codecs:
            # Each repeat starts the line-up one tool later, so no tool always follows the same one.
            for tool in tools[repeat % len(tools):] + tools[:repeat % len(tools)]:
                out = os.path.join(work, "out.parquet")
                settle()
                wall, cpu, rss = timed(command(tool, codec, out))
                runs.setdefault((tool, codec), []).append((wall, cpu, rss, os.path.getsize(out)))
                os.remove(out)
                print(f"{codec:6} {tool:26} {wall:7.2f} s wall {cpu:7.2f} s CPU {rss:7.0f} MB", flush=True)

    lines = []
    say = lambda s="": (print(s, flush=True), lines.append(s))
    import duckdb, polars, pyarrow
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    say("# Convert benchmark")
    say()
    say(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    say(f"- machine: {machine()}")
    say(f"- tiki-pipeline release build ({swift}); Python {platform.python_version()}, pyarrow {pyarrow.__version__}, "
        f"duckdb {duckdb.__version__}, polars {polars.__version__}")
    say(f"- input: {len(files)} batch files, {records:,} records, {size_mb:.0f} MB of JSON")
    say(f"- command: `benchmarks/convert_bench.py --batches … --codecs {args.codecs} --repeats {args.repeats}"
        f"{' --ten' if args.ten else ''}`" + (f"; the median-wall run of {args.repeats} is shown" if args.repeats > 1 else ""))
    say()
    say("| codec | tool | wall s | CPU s | peak RSS MB | output MB | wall vs ours |")
    say("|---|---|---:|---:|---:|---:|---:|")
    median = lambda rs: sorted(rs)[len(rs) // 2]
    for codec in codecs:
        ours = median(runs[("tiki-pipeline --schema", codec)])
        for tool in tools:
            wall, cpu, rss, size = median(runs[(tool, codec)])
            say(f"| {codec} | {tool} | {wall:.2f} | {cpu:.2f} | {rss:,.0f} | {size / 1e6:.1f} | {wall / ours[0]:.2f}× |")
    say()
    if args.repeats > 1:
        say("All wall times (s), in run order:")
        say()
        for (tool, codec), rs in runs.items():
            say(f"- {codec}, {tool}: {', '.join(f'{r[0]:.2f}' for r in rs)}")
        say()
    say("How each tool was run (same declared schema, `schemas/tiki-product.json`, for all but the inferred run):")
    say()
    say("- tiki-pipeline: `convert DIR --schema schemas/tiki-product.json --out x.parquet --compression CODEC` "
        "(default levels: gzip 6, zstd 3), and the same without `--schema` (schema inferred from the batches).")
    say("- polars: `pl.read_json(f, schema=…)` per batch file, `pl.concat(frames, how=\"diagonal_relaxed\")`, "
        "`write_parquet(compression=CODEC)`.")
    say("- DuckDB: `COPY (SELECT * FROM read_json('DIR/*.json', format='array', columns={…})) TO 'x.parquet' "
        "(FORMAT parquet, COMPRESSION CODEC)`.")
    say("- pyarrow: `pyarrow.json.read_json` of a JSON Lines copy of the batches (made before timing) with "
        "`ParseOptions(explicit_schema=…)`, `pq.write_table(compression=CODEC)`.")
    say()

    if args.ten:
        ten = os.path.join(work, "ten")
        os.makedirs(ten)
        for copy in range(10):
            for f in files:
                shutil.copyfile(f, os.path.join(ten, f"c{copy:02d}_{os.path.basename(f)}"))
        say(f"## Memory at 10× the input ({10 * records:,} records: the same batch files copied 10 times), tiki-pipeline --schema")
        say()
        say("| codec | wall s | CPU s | peak RSS MB | 1× peak RSS MB | ratio |")
        say("|---|---:|---:|---:|---:|---:|")
        for codec in codecs:
            out = os.path.join(work, "ten.parquet")
            wall, cpu, rss = timed([binary, "convert", ten, "--schema", SCHEMA, "--out", out, "--compression", codec])
            os.remove(out)
            one = median(runs[("tiki-pipeline --schema", codec)])[2]
            say(f"| {codec} | {wall:.2f} | {cpu:.2f} | {rss:,.0f} | {one:,.0f} | {rss / one:.2f}× |")
        say()

    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
