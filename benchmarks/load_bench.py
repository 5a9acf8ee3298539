"""Benchmark of `tiki-pipeline load` against psycopg 3 COPY (benchmarks/load_psycopg.py), same records, same server.

Starts its own PostgreSQL 15 cluster (a temporary folder, a free loopback port, removed at the end), then
alternates the tools: before each run the table is dropped, and each run creates it and copies every record in
one transaction. Measures wall time of the whole process, CPU (user+sys) and peak RSS of the client process
(wait4), checks the row count after every run and that all tables hold the same rows (md5 of the ordered rows).
Writes benchmarks/LOAD.md.

Usage: benchmarks/.venv/bin/python benchmarks/load_bench.py --bin .build-pg/release/tiki-pipeline \
         --batches <ingest --mock output>/jsonfile [--runs 3]
(the venv needs psycopg[binary]: python3 -m venv benchmarks/.venv && benchmarks/.venv/bin/pip install 'psycopg[binary]')
"""
import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

PG = "/usr/lib/postgresql/15/bin"
HERE = os.path.dirname(os.path.abspath(__file__))


def as_postgres(cmd):
    # PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--"] + cmd if os.geteuid() == 0 else cmd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_measured(cmd, env=None):
    """Runs cmd; returns (wall s, cpu s, peak RSS bytes, stdout+stderr)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{text[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, text


class Cluster:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="tiki-load-bench-")
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        data = os.path.join(self.dir, "data")
        os.mkdir(data)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
        subprocess.run(as_postgres([f"{PG}/initdb", "-D", data, "-U", "bench", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, stdout=subprocess.DEVNULL, timeout=120)
        self.data = data
        subprocess.run(as_postgres([f"{PG}/pg_ctl", "-D", data, "-l", os.path.join(data, "server.log"), "-w", "-t", "60", "-o",
                                    f"-c listen_addresses=127.0.0.1 -p {self.port} -k {data} -c max_wal_size=4GB", "start"]),
                       check=True, stdout=subprocess.DEVNULL, timeout=90)

    def psql(self, sql):
        return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", "bench",
                               "-d", "postgres", "-c", sql], check=True, capture_output=True, text=True, timeout=600).stdout.strip()

    def stop(self):
        subprocess.run(as_postgres([f"{PG}/pg_ctl", "-D", self.data, "-m", "fast", "-t", "60", "stop"]), stdout=subprocess.DEVNULL, timeout=90)
        shutil.rmtree(self.dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--batches", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(HERE, "LOAD.md"))
    parser.add_argument("--controls", action="store_true", help="also psycopg with lz4 TOAST compression, as ours uses")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    files = sorted(glob.glob(os.path.join(args.batches, "*.json")))
    input_bytes = sum(os.path.getsize(f) for f in files)
    cluster = Cluster()
    try:
        url = f"postgres://bench@127.0.0.1:{cluster.port}/postgres?sslmode=disable"
        dsn = f"host=127.0.0.1 port={cluster.port} user=bench dbname=postgres"
        def ours(mode, connections):
            return lambda table: [binary, "load", args.batches, "--database-url", url, "--table", table, "--mode", mode,
                                  "--connections", str(connections), "--log-file", os.path.join(cluster.dir, "load.log"),
                                  "--report", os.path.join(cluster.dir, "report.json"), "--progress-interval", "30"]

        def anchor(fmt, toast="server"):
            return lambda table: [sys.executable, os.path.join(HERE, "load_psycopg.py"), "--dsn", dsn, "--table", table,
                                  "--format", fmt, "--toast-compression", toast, args.batches]

        tools = {
            "tiki-pipeline load --mode replace (2 connections)": ours("replace", 2),
            "tiki-pipeline load --mode append (1 connection, 1 transaction)": ours("append", 1),
            "psycopg 3 copy, text": anchor("text"),
            "psycopg 3 copy, binary": anchor("binary"),
        }
        if args.controls:
            tools["control: psycopg 3 copy, binary, with lz4 like ours"] = anchor("binary", "lz4")
        tables = {name: f"bench_{i}" for i, name in enumerate(tools)}
        results = {name: [] for name in tools}
        rows = None
        names = list(tools)
        for run in range(args.runs):
            order = names[run % len(names):] + names[:run % len(names)]
            for name in order:
                table = tables[name]
                cluster.psql(f"DROP TABLE IF EXISTS {table}")
                cluster.psql("CHECKPOINT")
                wall, cpu, rss, text = run_measured(tools[name](table))
                count = int(cluster.psql(f"SELECT count(*) FROM {table}"))
                if rows is None:
                    rows = count
                if count != rows:
                    raise SystemExit(f"{name}: {count} rows, expected {rows}")
                results[name].append((wall, cpu, rss))
                print(f"run {run + 1} {name}: {rows} rows in {wall:.2f} s ({rows / wall:.0f} rows/s), CPU {cpu:.2f} s, peak RSS {rss / 1e6:.0f} MB",
                      flush=True)
        digests = {name: cluster.psql(f"SELECT md5(string_agg(row_to_json(t)::text, E'\\n' ORDER BY id)) FROM {tables[name]} t") for name in tools}
        same = len(set(digests.values())) == 1
        print("tables identical:", same, digests)
        server = cluster.psql("SELECT version()")
    finally:
        cluster.stop()

    def med(name, i):
        return statistics.median(r[i] for r in results[name])

    ours_names = [n for n in results if n.startswith("tiki-pipeline")]
    anchors = [n for n in results if n.startswith("psycopg")]
    best_anchor = min(anchors, key=lambda n: med(n, 0))
    lines = [
        "# `tiki-pipeline load` against psycopg 3 COPY",
        "",
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores; "
        f"{server.split(',')[0]}; `{' '.join(os.path.relpath(a) if os.path.exists(a) else a for a in sys.argv)}`.",
        "",
        f"Input: {rows:,} records in {len(files)} JSON batch files ({input_bytes / 1e6:.0f} MB). Each run: drop the table, then one",
        "process creates it (bigint key, text, bigint, text, text[]) and copies every record; tools alternate,",
        f"{args.runs} runs each; medians. Wall time is the whole process (start-up and imports included); CPU and peak",
        "RSS are the client's (wait4); the server shares the same 2 cores. The tables are compared after the runs:",
        f"identical rows (md5 of the ordered rows): {'yes' if same else 'NO'}.",
        "",
        "| tool | wall s (median) | rows/s | client CPU s | peak RSS MB | runs (wall s) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in results:
        walls = ", ".join(f"{r[0]:.2f}" for r in results[name])
        lines.append(f"| {name} | {med(name, 0):.2f} | {rows / med(name, 0):,.0f} | {med(name, 1):.2f} | {med(name, 2) / 1e6:.0f} | {walls} |")
    lines.append("")
    for name in ours_names:
        lines.append(f"- {name}: **{med(best_anchor, 0) / med(name, 0):.2f}×** the rows/s of the faster anchor ({best_anchor}).")
    lines.append("")
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
