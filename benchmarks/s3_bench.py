"""convert --out s3://… against convert to a local file plus the upload of the same bytes, on moto's S3 server
on loopback. Whole processes, alternated run by run (local convert, upload, S3 convert), medians quoted.

Usage: .venv/bin/python benchmarks/s3_bench.py --bin .build/release/tiki-pipeline [--ids 20000] [--runs 5]
Needs moto[server] and boto3 in the venv (scripts/s3_check.sh installs them). Writes nothing in the tree.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from s3_moto import start_moto, stop_all  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
ap.add_argument("--ids", type=int, default=20000)
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--compression", default="gzip")
args = ap.parse_args()


def timed(cmd, env):
    """Wall seconds and peak RSS (MB) of one whole process."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read()[-500:].decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    import boto3

    work = tempfile.mkdtemp(prefix="s3bench-")
    processes = []
    try:
        _, endpoint = start_moto(work, processes)
        env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDBENCH", AWS_SECRET_ACCESS_KEY="bench-secret", AWS_REGION="us-east-1",
                   AWS_ENDPOINT_URL=endpoint)
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="AKIDBENCH", aws_secret_access_key="bench-secret")
        s3.create_bucket(Bucket="bench")
        subprocess.run([args.bin, "generate-ids", "--count", str(args.ids), "--seed", "5", "--out", f"{work}/ids.csv"], check=True, capture_output=True)
        timed([args.bin, "ingest", "--mock", "--mock-faults", "none", "--input", f"{work}/ids.csv", "--out", f"{work}/run",
               "--log-file", f"{work}/pipeline.log"], env)
        common = [args.bin, "convert", f"{work}/run/jsonfile", "--schema", "schemas/tiki-product.json", "--compression", args.compression]
        json_bytes = sum(os.path.getsize(os.path.join(f"{work}/run/jsonfile", f)) for f in os.listdir(f"{work}/run/jsonfile"))
        rows = {"local": [], "upload": [], "boto3": [], "s3": [], "ratio": [], "rss_local": [], "rss_s3": []}
        os.makedirs(f"{work}/pub", exist_ok=True)
        for run in range(args.runs + 1):  # the first is a warm-up
            local, rss_local = timed([*common, "--out", f"{work}/pub/products.parquet"], env)
            size = os.path.getsize(f"{work}/pub/products.parquet")
            upload, _ = timed([args.bin, "upload", f"{work}/pub", f"s3://bench/upload-{run}/"], env)
            t0 = time.perf_counter()
            s3.upload_file(f"{work}/pub/products.parquet", "bench", f"boto3-{run}/products.parquet")
            boto = time.perf_counter() - t0
            direct, rss_s3 = timed([*common, "--out", f"s3://bench/direct-{run}/products.parquet"], env)
            assert s3.head_object(Bucket="bench", Key=f"direct-{run}/products.parquet")["ContentLength"] == size
            # moto keeps every object in memory: drop this run's before the next.
            for key in (f"upload-{run}/products.parquet", f"boto3-{run}/products.parquet", f"direct-{run}/products.parquet"):
                s3.delete_object(Bucket="bench", Key=key)
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"{label}: local convert {local:.2f} s, upload {upload:.2f} s (boto3 {boto:.2f} s), convert --out s3:// {direct:.2f} s,"
                  f" ratio {direct / (local + upload):.3f}; peak RSS local {rss_local:.0f} MB, s3 {rss_s3:.0f} MB", flush=True)
            if run > 0:
                for name, value in (("local", local), ("upload", upload), ("boto3", boto), ("s3", direct), ("ratio", direct / (local + upload)),
                                    ("rss_local", rss_local), ("rss_s3", rss_s3)):
                    rows[name].append(value)
        med = {k: statistics.median(v) for k, v in rows.items()}
        print(f"\n{args.ids} IDs, {json_bytes / 1e6:.1f} MB of JSON batches → {size / 1e6:.1f} MB of Parquet ({args.compression}), {args.runs} runs, medians:")
        print("| step | median s | min–max s |\n|---|---|---|")
        for name, label in (("local", "convert to a local file"), ("upload", "`upload` of that file"), ("boto3", "boto3 `upload_file` of that file (reference)"),
                            ("s3", "`convert --out s3://`")):
            print(f"| {label} | {med[name]:.2f} | {min(rows[name]):.2f}–{max(rows[name]):.2f} |")
        print(f"| convert + upload | {med['local'] + med['upload']:.2f} | |")
        print(f"\npeak RSS, median: convert to a file {med['rss_local']:.0f} MB, convert --out s3:// {med['rss_s3']:.0f} MB")
        print(f"ratio convert --out s3:// / (convert + upload), run by run: median {med['ratio']:.3f}, "
              f"min {min(rows['ratio']):.3f}, max {max(rows['ratio']):.3f} (target ≤ 1.10)")
    finally:
        stop_all(processes)
        shutil.rmtree(work, ignore_errors=True)


main()
