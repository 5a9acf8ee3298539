"""The anchor for `tiki-pipeline load`: what a Python user would write to load the JSON batches with psycopg 3.

COPY FROM STDIN through `cursor.copy()` and `write_row`, as psycopg's documentation shows it
(https://www.psycopg.org/psycopg3/docs/basic/copy.html), one batch file in memory at a time, one transaction:
create the table, copy every row, commit. `--format binary` is the documentation's faster variant
(`COPY … (FORMAT BINARY)` with `copy.set_types`).

Usage: load_psycopg.py --dsn "host=127.0.0.1 port=5432 user=u dbname=d" --table t [--format text|binary]
       [--toast-compression server|lz4] BATCH...
"""
import argparse
import glob
import json
import os
import time

import psycopg

COLUMNS = ["id", "name", "url_key", "price", "description", "images"]
TYPES = ["int8", "text", "text", "int8", "text", "text[]"]
DDL = """CREATE TABLE {table} (
  id bigint NOT NULL, name text NOT NULL, url_key text, price bigint, description text, images text[],
  PRIMARY KEY (id))"""


def batch_files(inputs):
    files = []
    for path in inputs:
        files += sorted(glob.glob(os.path.join(path, "*.json"))) if os.path.isdir(path) else [path]
    return files


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--table", required=True)
    parser.add_argument("--format", choices=["text", "binary"], default="text")
    parser.add_argument("--toast-compression", choices=["server", "lz4"], default="server",
                        help="lz4: SET LOCAL default_toast_compression = lz4, as tiki-pipeline load does (a control)")
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = 0
    with psycopg.connect(args.dsn) as conn:  # one transaction, committed when the block ends
        with conn.cursor() as cur:
            if args.toast_compression == "lz4":
                cur.execute("SET LOCAL default_toast_compression = 'lz4'")
            cur.execute(DDL.format(table=args.table))
            options = " (FORMAT BINARY)" if args.format == "binary" else ""
            with cur.copy(f"COPY {args.table} ({', '.join(COLUMNS)}) FROM STDIN{options}") as copy:
                if args.format == "binary":
                    copy.set_types(TYPES)
                for path in batch_files(args.inputs):
                    with open(path, encoding="utf-8") as f:
                        records = json.load(f)
                    for r in records:
                        copy.write_row((r["id"], r["name"], r.get("url_key"), r.get("price"), r.get("description"), r.get("images")))
                    rows += len(records)
    seconds = time.perf_counter() - started
    print(f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, {args.format}, TOAST {args.toast_compression}): {rows} rows in {seconds:.2f} s, {rows / seconds:.0f} rows/s")


if __name__ == "__main__":
    main()
