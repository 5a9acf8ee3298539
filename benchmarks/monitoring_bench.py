"""Does monitoring slow ingest? The unthrottled 0 ms mock ingest, alternately without --metrics-port and with it
plus the dashboard open in headless Chromium (refreshing every second), in pairs whose order alternates.

Usage: benchmarks/monitoring_bench.py --bin .build/release/tiki-pipeline [--pairs 6] [--ids 100000] [--python-note]
Needs chromium, chromium-driver (Debian) and selenium (pip); prints per-run records/s (from run-report.json,
which excludes process start-up), the medians, the spread and the per-pair ratios.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

p = argparse.ArgumentParser()
p.add_argument("--bin", required=True)
p.add_argument("--pairs", type=int, default=6)
p.add_argument("--ids", type=int, default=100_000)
p.add_argument("--concurrency", type=int, default=40)
args = p.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_cpu_seconds():
    """User + system CPU seconds of every live Chromium process (the browser, its renderer, GPU and utility
    processes), from /proc: what the dashboard costs the machine, apart from the run's own process."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        if name.startswith("chrom"):
            total += int(rest[11]) + int(rest[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def wait_http(url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return True
        except Exception:
            time.sleep(0.01)
    return False


work = tempfile.mkdtemp(prefix="tiki-monitor-bench-")
mock_port = free_port()
subprocess.run([args.bin, "generate-ids", "--count", str(args.ids), "--seed", "3", "--out", f"{work}/ids.csv"],
               check=True, stdout=subprocess.DEVNULL)
mock = subprocess.Popen([args.bin, "mock-api", "--port", str(mock_port), "--latency-ms", "0", "--faults", "none"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{mock_port}/product-detail/api/v1/products"
driver = None
try:
    assert wait_http(f"http://127.0.0.1:{mock_port}/health", 20), "mock-api did not start"
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(flag)
    # The browser exists in both arms (on about:blank without monitoring), so only the dashboard differs.
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.get("about:blank")

    def run(monitored):
        out = f"{work}/out"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [args.bin, "ingest", "--input", f"{work}/ids.csv", "--out", out, "--base-url", base,
               "--concurrency", str(args.concurrency), "--log-file", f"{work}/pipeline.log"]
        polls = 0
        if monitored:
            port = free_port()
            cmd += ["--metrics-port", str(port)]
        browser_before = browser_cpu_seconds()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if monitored:
            if wait_http(f"http://127.0.0.1:{port}/status", 10):
                driver.get(f"http://127.0.0.1:{port}/")
        _, wait_status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        status = proc.returncode
        cpu = {"tiki": usage.ru_utime + usage.ru_stime, "browser": browser_cpu_seconds() - browser_before}
        if monitored:
            polls = driver.execute_script("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/status')).length")
            driver.get("about:blank")
        report = json.load(open(f"{out}/run-report.json"))
        assert status == 0 and report["counts"]["ok"] == args.ids, (status, report["counts"])
        return report["records_per_second"], polls, cpu

    run(False)  # warm-up: page cache, mock's first touch of every ID
    plain, monitored, ratios, polls = [], [], [], []
    for i in range(args.pairs):
        order = [False, True] if i % 2 == 0 else [True, False]
        got, cpu = {}, {}
        for m in order:
            got[m], n, cpu[m] = run(m)
            if m:
                polls.append(n)
        plain.append(got[False])
        monitored.append(got[True])
        ratios.append(got[True] / got[False])
        print(f"pair {i + 1}: without {got[False]:.0f} rec/s, with {got[True]:.0f} rec/s "
              f"(dashboard polled /status {polls[-1]} times), ratio {ratios[-1]:.3f}; CPU s without/with: "
              f"tiki-pipeline {cpu[False]['tiki']:.2f}/{cpu[True]['tiki']:.2f}, "
              f"Chromium {cpu[False]['browser']:.2f}/{cpu[True]['browser']:.2f}", flush=True)

    def spread(xs):
        return f"median {statistics.median(xs):.0f} (min {min(xs):.0f}, max {max(xs):.0f})"

    print(f"without monitoring: {spread(plain)} records/s")
    print(f"with --metrics-port and the dashboard open: {spread(monitored)} records/s")
    print(f"ratio with/without, pair by pair: median {statistics.median(ratios):.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f}); {args.pairs} pairs of {args.ids} IDs, concurrency {args.concurrency}")
finally:
    if driver is not None:
        driver.quit()
    mock.terminate()
    mock.wait(timeout=10)
    shutil.rmtree(work, ignore_errors=True)
