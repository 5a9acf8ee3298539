#!/usr/bin/env python3
"""Ingest against a throttling server: tiki-pipeline with default flags, and the Python aiohttp baseline, each
against a fresh `mock-api` process whose firewall allows N requests/s (burst 20 unless --burst) and refuses the rest at once
with a 429 (no Retry-After) or a captcha page (HTTP 200, text/html). Writes benchmarks/THROTTLE.md.

Targets (issue 8): every ID delivered (records + not_found = input), records/s over the whole run >= 95% of the
allowance, refused requests <= 5% of all requests.

Usage: benchmarks/throttle.py --bin .build/release/tiki-pipeline [--ids 5000] [--no-baseline] [--allowances 100,1000]
       [--burst B] [--responses 429,captcha] [--out FILE]
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def sh(*args):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


class Mock:
    def __init__(self, binary, *args):
        self.proc = subprocess.Popen([binary, "mock-api", "--port", "0", *map(str, args)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        assert line.startswith("listening on "), line
        self.url = line[len("listening on "):] + "/product-detail/api/v1/products"

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def ours(binary, url, ids):
    return json.loads(sh(binary, "bench", "ingest", "--ids", ids, "--base-url", url, "--json"))


def can_import(python, *modules):
    try:
        return subprocess.run([python, "-c", "import " + ", ".join(modules)], capture_output=True).returncode == 0
    except OSError:
        return False


def baseline(python, url, ids_csv):
    """The baseline's figures, or None when it crashed (it does on a captcha page: aiohttp's json() raises)."""
    out = tempfile.mkdtemp()
    try:
        line = sh(python, os.path.join(HERE, "baseline_crawler.py"), "--input", ids_csv, "--out", out, "--base-url", url)
    except subprocess.CalledProcessError as error:
        return {"crashed": (error.stderr or "").strip().splitlines()[-1:] or ["exit %d" % error.returncode]}
    return json.loads(line.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--ids", type=int, default=5000)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--allowances", default="100,1000", help="comma-separated --allow-rps values")
    parser.add_argument("--burst", type=int, default=20, help="the firewall's bucket (issue 8's targets are for 20)")
    parser.add_argument("--responses", default="429,captcha", help="comma-separated --throttle-response values")
    parser.add_argument("--out", default=os.path.join(HERE, "THROTTLE.md"), help="where the table is written")
    parser.add_argument("--python", default=os.path.join(HERE, ".venv", "bin", "python"),
                        help="a Python with aiohttp and beautifulsoup4, for the baseline (benchmarks/run.sh makes this one)")
    args = parser.parse_args()
    if not args.no_baseline and not can_import(args.python, "aiohttp", "bs4"):
        # Found out only at the first baseline run, after minutes of measuring, the baseline crashed instead.
        sys.exit(f"throttle.py: {args.python} cannot import aiohttp and bs4, which the baseline crawler needs: "
                 f"python3 -m venv {os.path.join(HERE, '.venv')} && {os.path.join(HERE, '.venv', 'bin', 'pip')} install "
                 "aiohttp beautifulsoup4 (or pass --python, or --no-baseline)")
    binary = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="tiki-throttle-")
    ids_csv = os.path.join(work, "ids.csv")
    # The same IDs as `bench ingest` (generate-ids and bench share one generator and seed 1).
    sh(binary, "generate-ids", "--count", args.ids, "--seed", 1, "--out", ids_csv)
    lines = []
    say = lambda s="": (print(s, flush=True), lines.append(s))
    say("# Ingest against a throttling server")
    say()
    say(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; "
        f"tiki-pipeline {sh(binary, '--version').strip()}, release build")
    say(f"- command: `benchmarks/throttle.py --bin {args.bin} --ids {args.ids} --allowances {args.allowances}"
        f"{'' if args.burst == 20 else f' --burst {args.burst}'}"
        f"{'' if args.responses == '429,captcha' else f' --responses {args.responses}'}"
        f"{' --no-baseline' if args.no_baseline else ''}`")
    say(f"- {args.ids:,} IDs; `mock-api --allow-rps N --burst {args.burst} --throttle-response R --latency-ms L` in its own process, "
        "a fresh one per run; tiki-pipeline with default flags (`bench ingest --base-url …`); the baseline is "
        "`benchmarks/baseline_crawler.py` (aiohttp, semaphore 40, 3 retries with 2^n s backoff on 429).")
    say()
    say("| allowance | latency | refusal | tool | delivered | records/s | % of allowance | attempts | refused | seconds |")
    say("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|")
    failures = 0
    allowances = [int(a) for a in args.allowances.split(",")]
    for allow in allowances:
        for latency in (0, 100):
            for response in args.responses.split(","):
                mock_args = ("--allow-rps", allow, "--burst", args.burst, "--throttle-response", response, "--latency-ms", latency)
                mock = Mock(binary, *mock_args)
                try:
                    r = ours(binary, mock.url, args.ids)
                finally:
                    mock.stop()
                share = r["records_per_second"] / allow
                ok = r["delivered_share"] == 1 and share >= 0.95 and r["refused_share"] <= 0.05
                failures += not ok
                say(f"| {allow}/s | {latency} ms | {response} | tiki-pipeline | {r['delivered_share'] * 100:.1f}% | "
                    f"{r['records_per_second']:,.1f} | {share * 100:.1f}% | {r['attempts']:,} | "
                    f"{r['refused_share'] * 100:.1f}% | {r['seconds']:.1f} |{'' if ok else ' ✘'}")
                if args.no_baseline:
                    continue
                mock = Mock(binary, *mock_args)
                try:
                    b = baseline(args.python, mock.url, ids_csv)
                finally:
                    mock.stop()
                if "crashed" in b:
                    say(f"| {allow}/s | {latency} ms | {response} | Python baseline | crashed: {b['crashed'][0][:80]} | — | — | — | — | — |")
                    continue
                say(f"| {allow}/s | {latency} ms | {response} | Python baseline | {b['records'] / args.ids * 100:.1f}% | "
                    f"{b['records_per_second']:,.1f} | {b['records_per_second'] / allow * 100:.1f}% | — | — | {b['seconds']:.1f} |")
    say()
    runs = 2 * len(allowances) * len(args.responses.split(","))
    say(f"Targets held in {runs - failures} of {runs} runs of tiki-pipeline (✘ marks a miss).")
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
