#!/usr/bin/env python3
"""Interop check: Parquet files written by tiki-pipeline must read back identically in pyarrow, DuckDB and polars.

Runs `ingest --mock` (both schemas) and synthetic edge cases through `convert`, then compares every value each
reader returns with the source JSON, row by row and field by field, for every codec we write (GZIP, ZSTD, SNAPPY,
uncompressed), and that our own reader reads each of those files as pyarrow does. Also checks DuckDB's
parquet_metadata() statistics and parquet_schema() logical types, and our own reader against the
apache/parquet-testing vectors.
Prints one line per check and a closing 'N passed, N failed' line; exits 1 on any failure.
"""
import argparse
import datetime
import decimal
import glob
import json
import math
import os
import subprocess
import sys
import tempfile

import duckdb
import polars as pl
import pyarrow.parquet as pq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail), flush=True)


def run(*args, **kwargs):
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def load_schema(path):
    with open(path) as f:
        return json.load(f)


def micros(value):
    """Timestamps in the JSON batches are ISO-8601 strings; readers return datetimes."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    text = value.replace("Z", "+00:00")
    return micros(datetime.datetime.fromisoformat(text))


def normalize(value, ftype):
    """Canonical form of a value of schema type `ftype` (a schema field dict), from JSON or from a reader."""
    if value is None:
        return None
    t = ftype["type"]
    if t.startswith("list<"):
        inner = dict(ftype, type=t[5:-1])
        return [normalize(v, inner) for v in value]
    if t == "struct":
        return {f["name"]: normalize(value.get(f["name"]), f) for f in ftype["fields"]}
    if t == "timestamp":
        return micros(value)
    if t == "double":
        return float(value)
    if t in ("int64", "int32"):
        return int(value)
    return value


def expected_rows(json_files, schema):
    rows = []
    for path in json_files:
        with open(path) as f:
            text = f.read()
        try:
            records = json.loads(text)
        except json.JSONDecodeError:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        for r in records:
            rows.append({f["name"]: normalize(r.get(f["name"]), f) for f in schema["fields"]})
    return rows


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b and type(a) == type(b)


def compare(label, got, want, schema):
    if len(got) != len(want):
        check(label, False, f"{len(got)} rows, expected {len(want)}")
        return
    for i, (g, w) in enumerate(zip(got, want)):
        g = {f["name"]: normalize(g.get(f["name"]), f) for f in schema["fields"]}
        for f in schema["fields"]:
            if not same(g[f["name"]], w[f["name"]]):
                check(label, False, f"row {i + 1} field {f['name']}: got {str(g[f['name']])[:120]!r}, expected {str(w[f['name']])[:120]!r}")
                return
    check(label, True)


def read_pyarrow(path):
    return pq.read_table(path).to_pylist()


def read_duckdb(path):
    con = duckdb.connect()
    cur = con.execute(f"SELECT * FROM read_parquet('{path}')")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def read_polars(path):
    return pl.read_parquet(path).to_dicts()


def verify_file(label, parquet, json_files, schema):
    want = expected_rows(json_files, schema)
    for reader_name, reader in (("pyarrow", read_pyarrow), ("duckdb", read_duckdb), ("polars", read_polars)):
        try:
            compare(f"{label} read by {reader_name}", reader(parquet), want, schema)
        except Exception as e:  # a reader that refuses the file is a failure, not a crash of the check
            check(f"{label} read by {reader_name}", False, repr(e)[:300])


def verify_metadata(label, parquet, schema):
    con = duckdb.connect()
    meta = con.execute(
        f"SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata('{parquet}')").fetchall()
    by_path = {}
    for path, lo, hi, nulls in meta:
        by_path.setdefault(path, []).append((lo, hi, nulls))
    ok = True
    detail = ""
    for f in schema["fields"]:
        if f["type"] in ("int64", "int32", "string", "double", "timestamp"):
            chunks = by_path.get(f["name"], [])
            if not chunks or any(nulls is None for _, _, nulls in chunks):
                ok, detail = False, f"{f['name']}: no null_count in {chunks[:1]}"
            elif f["name"] in ("id", "price", "name") and any(lo is None or hi is None for lo, hi, _ in chunks):
                ok, detail = False, f"{f['name']}: no min/max in {chunks[:1]}"
    check(f"{label}: duckdb parquet_metadata() shows statistics", ok, detail)

    rows = con.execute(f"SELECT name, type, converted_type, logical_type FROM parquet_schema('{parquet}')").fetchall()
    info = {name: (ptype, conv, str(logical)) for name, ptype, conv, logical in rows}
    ok, detail = True, ""
    for f in schema["fields"]:
        ptype, conv, logical = info.get(f["name"], (None, None, ""))
        t = f["type"]
        if t == "string" and not (conv == "UTF8" and "String" in logical or "STRING" in logical.upper()):
            ok, detail = False, f"{f['name']}: {conv} {logical}"
        if t.startswith("list<") and conv != "LIST":
            ok, detail = False, f"{f['name']}: {conv} {logical}"
        if t == "timestamp" and "TIMESTAMP" not in (conv or "") and "timestamp" not in logical.lower():
            ok, detail = False, f"{f['name']}: {conv} {logical}"
    check(f"{label}: duckdb parquet_schema() shows the logical types", ok, detail)


def edge_case_batches(directory):
    """Synthetic records at the edges: nulls, empty and null lists, null elements, unicode, huge strings, extremes."""
    schema = {"name": "edge", "fields": [
        {"name": "id", "type": "int64", "nullable": False},
        {"name": "small", "type": "int32", "nullable": True},
        {"name": "x", "type": "double", "nullable": True},
        {"name": "flag", "type": "boolean", "nullable": True},
        {"name": "text", "type": "string", "nullable": True},
        {"name": "at", "type": "timestamp", "nullable": True},
        {"name": "tags", "type": "list<string>", "nullable": True},
        {"name": "nums", "type": "list<int64>", "nullable": True},
        {"name": "brand", "type": "struct", "nullable": True, "fields": [
            {"name": "id", "type": "int64", "nullable": True}, {"name": "name", "type": "string", "nullable": True}]},
        {"name": "specs", "type": "list<struct>", "nullable": True, "fields": [
            {"name": "name", "type": "string", "nullable": True},
            {"name": "values", "type": "list<string>", "nullable": True}]},
    ]}
    texts = ["", "a", "Tiếng Việt có dấu", "emoji 😀 \u200b zero-width", "tab\tnew\nline \"quoted\" \\ back",
             "x" * 1_200_000, "\u00a0nbsp", None]
    records = []
    for i in range(600):
        records.append({
            "id": [-(2 ** 63), 2 ** 63 - 1, 0][i] if i < 3 else i,
            "small": None if i % 5 == 0 else [-(2 ** 31), 2 ** 31 - 1, i][i % 3],
            "x": None if i % 7 == 0 else [0.0, -0.0, 1e300, -2.5e-300, 4.8, 5][i % 6],
            "flag": None if i % 4 == 0 else i % 3 == 0,
            "text": texts[i % len(texts)] if i < 40 or i % len(texts) != 5 else "short",
            "at": None if i % 6 == 0 else ["1970-01-01T00:00:00Z", "2026-11-27T01:02:03.123456Z", "1999-12-31T23:59:59+07:00"][i % 3],
            "tags": [None, [], [None], ["a", None, "ả"], ["x"] * (i % 9)][i % 5],
            "nums": None if i % 3 == 0 else list(range(i % 4)),
            "brand": None if i % 4 == 0 else {"id": None if i % 3 == 0 else i, "name": None if i % 5 == 0 else f"b{i % 7}"},
            "specs": [None, [], [None], [{"name": None, "values": []}, {"name": "s", "values": None}],
                      [{"name": "n", "values": ["1", None, "3"]}]][i % 5],
        })
    batch_a = os.path.join(directory, "edge_001.json")
    batch_b = os.path.join(directory, "edge_002.jsonl")
    with open(batch_a, "w") as f:
        json.dump(records[:300], f, ensure_ascii=False)
    with open(batch_b, "w") as f:
        for r in records[300:]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    schema_path = os.path.join(directory, "edge-schema.json")
    with open(schema_path, "w") as f:
        json.dump(schema, f)
    return schema_path, [batch_a, batch_b]


def verify_codec(binary, label, parquet, expected):
    """Every column chunk carries the codec asked for, and our reader (inspect --head) reads what pyarrow reads."""
    meta = pq.ParquetFile(parquet).metadata
    codecs = {meta.row_group(g).column(c).compression for g in range(meta.num_row_groups) for c in range(meta.num_columns)}
    check(f"{label}: every chunk is {expected}", codecs == {expected}, f"found {sorted(codecs)}")
    problems = compare_with_pyarrow(binary, parquet)
    check(f"{label} read by our reader", not problems, "; ".join(problems))


def compare_with_pyarrow(binary, path):
    """Differences between our reader's rows and pyarrow's, at most one (empty when they agree)."""
    out = run(binary, "inspect", path, "--head", "100000000")
    ours = [json.loads(line) for line in out.splitlines() if line.strip()]
    theirs = pq.read_table(path).to_pylist()
    if len(ours) != len(theirs):
        return [f"{len(ours)} rows, pyarrow {len(theirs)}"]
    for i, (a, b) in enumerate(zip(ours, theirs)):
        for key, value in b.items():
            if comparable(value) and not same_loose(a.get(key), value):
                return [f"row {i} {key}: ours {str(a.get(key))[:80]} pyarrow {str(value)[:80]}"]
    return []


def reader_vectors(binary, folder):
    """Our reader against apache/parquet-testing: every supported file must match what pyarrow reads."""
    unsupported = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.parquet"))):
        name = os.path.basename(path)
        if name in unsupported:
            print(f"SKIP {name}: {unsupported[name]} is not a codec this reader supports")
            continue
        try:
            problems = compare_with_pyarrow(binary, path)
            check(f"reader vector {name}", not problems, "; ".join(problems))
        except Exception as e:
            check(f"reader vector {name}", False, repr(e)[:300])


def comparable(value):
    """Values our JSON output can represent exactly (int96 timestamps and raw binary are printed differently)."""
    if isinstance(value, (datetime.datetime, datetime.date, bytes, bytearray)):
        return False
    if isinstance(value, list):
        return all(comparable(v) for v in value)
    if isinstance(value, dict):
        return all(comparable(v) for v in value.values())
    if isinstance(value, tuple):
        return all(comparable(v) for v in value)
    return True


def same_loose(a, b):
    if isinstance(b, decimal.Decimal):
        b = float(b)
    if isinstance(b, float) and isinstance(a, (int, float)):
        return (math.isnan(b) and isinstance(a, float) and math.isnan(a)) or abs(a - b) <= 1e-6 * max(1, abs(b))
    if isinstance(b, bool):
        return a is b
    if isinstance(b, tuple):
        # pyarrow returns a map entry as a (key, value) tuple; ours is a {key, value} object.
        return isinstance(a, dict) and len(a) == len(b) and all(same_loose(x, y) for x, y in zip(a.values(), b))
    if isinstance(b, list):
        return isinstance(a, list) and len(a) == len(b) and all(same_loose(x, y) for x, y in zip(a, b))
    if isinstance(b, dict):
        return isinstance(a, dict) and all(same_loose(a.get(k), v) for k, v in b.items())
    return a == b


def codec_name(convert_args):
    """The codec pyarrow reports for a file written with these convert arguments."""
    codec = convert_args[convert_args.index("--compression") + 1] if "--compression" in convert_args else "gzip"
    return {"gzip": "GZIP", "zstd": "ZSTD", "snappy": "SNAPPY", "none": "UNCOMPRESSED"}[codec]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="tiki-pipeline executable")
    parser.add_argument("--ids", type=int, default=3000)
    parser.add_argument("--vectors", default=os.path.join(ROOT, "..", "shared", "data", "parquet-testing"))
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="tiki-interop-")
    ids_csv = os.path.join(work, "ids.csv")
    run(binary, "generate-ids", "--count", args.ids, "--seed", 42, "--out", ids_csv)

    for schema_file in ("tiki-product.json", "tiki-product-extended.json"):
        schema_path = os.path.join(ROOT, "schemas", schema_file)
        schema = load_schema(schema_path)
        out = os.path.join(work, schema["name"])
        run(binary, "ingest", "--input", ids_csv, "--out", out, "--mock", "--mock-faults", "realistic",
            "--schema", schema_path, "--retry-after-cap", "0.05", "--backoff-base", "0.01",
            "--log-file", os.path.join(work, "pipeline.log"))
        batches = sorted(glob.glob(os.path.join(out, "jsonfile", "*.json")))
        check(f"ingest --mock --schema {schema_file} wrote batches", len(batches) > 0)
        variants = [
            ("gzip, dictionary auto", []),
            ("uncompressed, no dictionary, small pages and row groups",
             ["--compression", "none", "--dictionary", "off", "--page-bytes", "4096", "--row-group-rows", "700"]),
            ("gzip level 1, dictionary on", ["--level", "1", "--dictionary", "on", "--row-group-bytes", "1000000"]),
            ("gzip level 12", ["--compression", "gzip", "--level", "12"]),
            ("zstd, default level 3", ["--compression", "zstd"]),
            ("zstd level 19, dictionary off", ["--compression", "zstd", "--level", "19", "--dictionary", "off"]),
            ("snappy", ["--compression", "snappy"]),
            ("snappy, dictionary off, small row groups", ["--compression", "snappy", "--dictionary", "off", "--row-group-rows", "500"]),
        ]
        for n, (label, extra) in enumerate(variants):
            parquet = os.path.join(work, f"{schema['name']}-{n}.parquet")
            run(binary, "convert", os.path.join(out, "jsonfile"), "--out", parquet, "--schema", schema_path, *extra)
            verify_file(f"{schema_file} ({label})", parquet, batches, schema)
            verify_codec(binary, f"{schema_file} ({label})", parquet, codec_name(extra))
        verify_metadata(schema_file, os.path.join(work, f"{schema['name']}-0.parquet"), schema)

        inferred = os.path.join(work, f"{schema['name']}-inferred.json")
        with open(inferred, "w") as f:
            f.write(run(binary, "schema", "infer", os.path.join(out, "jsonfile")))
        parquet = os.path.join(work, f"{schema['name']}-inferred.parquet")
        run(binary, "convert", os.path.join(out, "jsonfile"), "--out", parquet)
        verify_file(f"{schema_file} batches with an inferred schema", parquet, batches, load_schema(inferred))

    edge_dir = os.path.join(work, "edge")
    os.makedirs(edge_dir)
    schema_path, batches = edge_case_batches(edge_dir)
    schema = load_schema(schema_path)
    edge_variants = (
        ("gzip", []),
        ("plain pages of 1 KiB, 64-row groups", ["--dictionary", "off", "--page-bytes", "1024", "--row-group-rows", "64"]),
        # The 1.2 MB strings make pages far over Snappy's 64 KiB blocks and zstd's 128 KiB blocks.
        ("zstd", ["--compression", "zstd"]),
        ("snappy, no dictionary", ["--compression", "snappy", "--dictionary", "off"]),
    )
    for n, (label, extra) in enumerate(edge_variants):
        parquet = os.path.join(edge_dir, f"edge-{n}.parquet")
        run(binary, "convert", *batches, "--out", parquet, "--schema", schema_path, *extra)
        verify_file(f"edge cases ({label})", parquet, batches, schema)
        verify_codec(binary, f"edge cases ({label})", parquet, codec_name(extra))
    verify_metadata("edge cases", os.path.join(edge_dir, "edge-0.parquet"), schema)

    if os.path.isdir(args.vectors):
        reader_vectors(binary, args.vectors)
    else:
        print(f"SKIP reader vectors: {args.vectors} not found")

    print(f"interop: {results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)


if __name__ == "__main__":
    main()
