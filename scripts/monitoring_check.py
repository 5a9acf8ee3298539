"""Drives the monitoring check (see monitoring_check.sh): Prometheus, an ingest with --metrics-port, Selenium."""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

p = argparse.ArgumentParser()
p.add_argument("--bin", required=True)
p.add_argument("--work", required=True)
p.add_argument("--pids", required=True, help="file to append started PIDs to, for the shell's trap")
p.add_argument("--screenshot", default="logs/dashboard.png")
p.add_argument("--started", type=int, default=0, help="the shell's $SECONDS at start, for the duration line")
p.add_argument("--ids", type=int, default=2500)
p.add_argument("--latency-ms", type=int, default=40)
p.add_argument("--concurrency", type=int, default=4)
args = p.parse_args()
clock0 = time.monotonic()
results = []  # (name, ok, detail)
procs = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), str(detail)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, log):
    proc = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    procs.append(proc)
    with open(args.pids, "a") as f:
        f.write(f"{proc.pid}\n")
    return proc


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


def wait_for(predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:
            pass
        time.sleep(interval)
    return None


def promql(prom, query):
    body = json.loads(http_get(f"http://127.0.0.1:{prom}/api/v1/query?" + urllib.parse.urlencode({"query": query})))
    if body.get("status") != "success":
        raise RuntimeError(body)
    return body["data"]["result"]


def stop_all():
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


driver = None
try:
    work = args.work
    metrics_port, prom_port = free_port(), free_port()
    subprocess.run([args.bin, "generate-ids", "--count", str(args.ids), "--seed", "17", "--out", f"{work}/ids.csv"],
                   check=True, stdout=subprocess.DEVNULL)

    # Prometheus first, so it scrapes the run from its first second.
    with open(f"{work}/prometheus.yml", "w") as f:
        f.write(f"""global:
  scrape_interval: 1s
  scrape_timeout: 900ms
scrape_configs:
  - job_name: tiki-pipeline
    static_configs:
      - targets: ['127.0.0.1:{metrics_port}']
""")
    prometheus = start(["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/prom-data",
                        f"--web.listen-address=127.0.0.1:{prom_port}"], f"{work}/prometheus.log")
    ready = wait_for(lambda: "Ready" in http_get(f"http://127.0.0.1:{prom_port}/-/ready"), 30)
    check("prometheus started on loopback", ready, f"127.0.0.1:{prom_port}")

    # The dashboard in headless Chromium, through Selenium and the Debian chromedriver. Chromium starts before the
    # ingest: on a loaded 2-core machine its start has taken most of the run, leaving nothing to watch.
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not try to download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

    # A mock ingest slowed to last about 25 s: 40 ms per response, 4 in flight.
    out = f"{work}/out"
    ingest = start([args.bin, "ingest", "--mock", "--mock-faults", "realistic", "--mock-seed", "3",
                    "--mock-latency-ms", str(args.latency_ms), "--concurrency", str(args.concurrency),
                    "--input", f"{work}/ids.csv", "--out", out, "--batch-size", "250", "--retry-after-cap", "0.05",
                    "--log-file", f"{work}/pipeline.log", "--metrics-port", str(metrics_port),
                    "--metrics-linger", "15"], f"{work}/ingest.log")
    ingest_started = time.monotonic()
    metrics_text = wait_for(lambda: http_get(f"http://127.0.0.1:{metrics_port}/metrics"), 30, 0.05)
    check("/metrics serves the Prometheus text format",
          metrics_text and "# TYPE tiki_requests_total counter" in metrics_text and 'tiki_requests_total{outcome="ok"}' in metrics_text,
          f"{len(metrics_text or '')} bytes")

    driver.get(f"http://127.0.0.1:{metrics_port}/")
    page_loaded = time.monotonic() - ingest_started

    def text(element_id):
        return driver.find_element(By.ID, element_id).text

    def number(element_id):
        t = text(element_id).replace(",", "")
        return int(t) if t.lstrip("-").isdigit() else None

    seen_done = []
    running_shot = args.screenshot.replace(".png", "-running.png")
    report_path = f"{out}/run-report.json"
    while not os.path.exists(report_path) and time.monotonic() - ingest_started < 120:
        done = number("done")
        if done is not None and (not seen_done or seen_done[-1] != done):
            seen_done.append(done)
            if done >= args.ids // 2 and not os.path.exists(running_shot):
                driver.save_screenshot(running_shot)
        time.sleep(0.5)
    total_seen = number("total")
    moving = [d for d in seen_done if 0 < d < args.ids]
    check("dashboard progress moved during the run", len(moving) >= 3,
          f"{len(moving)} distinct values below {args.ids}: {moving[:4]}…; page loaded {page_loaded:.1f} s into the run")
    run_seconds = time.monotonic() - ingest_started
    check("the run lasted long enough to watch", os.path.exists(report_path) and run_seconds >= 10, f"{run_seconds:.1f} s")

    report = json.load(open(report_path))
    counts = {k: v for k, v in report["counts"].items() if v}

    # PromQL over Prometheus' HTTP API, while the finished run still serves (--metrics-linger). A scrape or two
    # after the report was written, the counters are final.
    time.sleep(2.5)
    up = wait_for(lambda: promql(prom_port, 'up{job="tiki-pipeline"}')[0]["value"][1] == "1", 10)
    check("prometheus scrapes the ingest (up == 1)", up)

    def scalar(query):
        result = promql(prom_port, query)
        return float(result[0]["value"][1]) if result else None

    def by_label(query, label):
        return {r["metric"][label]: float(r["value"][1]) for r in promql(prom_port, query)}

    records = scalar("sum(tiki_records_written_total)")
    check("PromQL records written == report counts.ok", records == report["counts"]["ok"], f"{records} vs {report['counts']['ok']}")
    errors = {k: v for k, v in by_label("sum by (error) (tiki_errors_written_total) > 0", "error").items()}
    want_errors = {k: float(v) for k, v in counts.items() if k != "ok"}
    check("PromQL errors by class == report counts", errors == want_errors, f"{errors} vs {want_errors}")
    attempts = scalar("sum(tiki_requests_total)")
    check("PromQL requests == report attempts", attempts == report["attempts"], f"{attempts} vs {report['attempts']}")
    retries = scalar("sum(tiki_retries_total)")
    check("PromQL retries == report retries", retries == report["retries"], f"{retries} vs {report['retries']}")
    timed = scalar("sum(tiki_request_duration_seconds_count)")
    p50 = scalar("histogram_quantile(0.5, sum by (le) (tiki_request_duration_seconds_bucket))")
    check("PromQL latency histogram counts every request", timed == report["attempts"] and p50 and p50 > 0,
          f"{timed} requests, p50 ≤ {p50} s (report p50 {report['latency_ms']['p50']} ms)")
    peak_rate = scalar("max_over_time(tiki_rate_limit_requests_per_second[5m])")
    check("PromQL saw the limiter's rate", peak_rate and peak_rate > 0, f"peak {peak_rate}/s")

    # The page's last refresh, then what it shows against the report.
    wait_for(lambda: text("state") == "finished", 5)
    final = {"done": number("done"), "total": number("total"), "state": text("state")}
    page_counts = {}
    for key in counts:
        try:
            page_counts[key] = number("outcome-" + key)
        except Exception:
            page_counts[key] = None
    settled = sum(counts.values())
    check("dashboard at the end matches the report",
          final["state"] == "finished" and final["done"] == settled == report["input"]["ids"] and final["total"] == settled
          and page_counts == counts,
          f"done {final['done']}/{final['total']}, outcomes {page_counts} vs report {counts}")
    check("dashboard showed latency percentiles and the current file",
          text("p50").endswith("ms") and text("file").endswith(".json"), f"p50 {text('p50')}, file {text('file')}")
    os.makedirs(os.path.dirname(args.screenshot) or ".", exist_ok=True)
    driver.save_screenshot(args.screenshot)
    size = os.path.getsize(args.screenshot) if os.path.exists(args.screenshot) else 0
    check("screenshot saved", size > 10_000, f"{args.screenshot}, {size} bytes")

    status = ingest.wait(timeout=30)
    check("ingest exited 0 after its linger", status == 0, f"exit {status}")
except Exception as error:  # a failure of the harness is a failed check, not a crash without a summary
    check("harness", False, f"{type(error).__name__}: {error}")
finally:
    if driver is not None:
        try:
            driver.quit()
        except Exception:
            pass
    stop_all()

width = max(len(name) for name, _, _ in results)
print(f"{'check'.ljust(width)}  result  detail")
for name, ok, detail in results:
    print(f"{name.ljust(width)}  {'pass  ' if ok else 'FAIL  '}  {detail}")
passed = sum(1 for _, ok, _ in results if ok)
failed = len(results) - passed
print(f"monitoring: stage took {time.monotonic() - clock0:.0f} s after installs")
print(f"monitoring: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
