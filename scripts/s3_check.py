"""Driver of scripts/s3_check.sh: starts moto (and a TCP proxy) on free loopback ports, runs the binary, reads
the objects back, prints a table and `s3: N passed, M failed`. Every wait is bounded."""
import argparse, json, os, signal, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from s3_moto import CuttingProxy, start_moto as _start_moto, stop_all as _stop_all

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
ap.add_argument("--work", required=True)
args = ap.parse_args()
BIN, WORK = args.bin, args.work
results = []
processes = []


def record(name, ok, detail=""):
    results.append((name, bool(ok), detail))
    print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)


def start_moto(extra_env=None):
    return _start_moto(WORK, processes, extra_env)


def stop_all():
    _stop_all(processes)


def run(cmd, env, timeout=300):
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


def main():
    import boto3, pyarrow.parquet as pq
    from pyarrow import fs as pafs

    started = time.time()
    proc, endpoint = start_moto()
    secret = "check-secret-Zq81"
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDCHECK", AWS_SECRET_ACCESS_KEY=secret, AWS_REGION="us-east-1",
               AWS_ENDPOINT_URL=endpoint, HOME=WORK)
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3"):
        env.pop(k, None)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="AKIDCHECK", aws_secret_access_key=secret)
    bucket = "tiki-check"
    s3.create_bucket(Bucket=bucket)
    print(f"moto on {endpoint}, bucket {bucket}")

    # Batches from the mock API: 3,200 IDs (about 11 MiB of uncompressed Parquet: three 5 MiB parts), no faults.
    subprocess.run([BIN, "generate-ids", "--count", "3200", "--seed", "11", "--out", f"{WORK}/ids.csv"], check=True, capture_output=True, timeout=60)
    r = run([BIN, "ingest", "--mock", "--mock-faults", "none", "--input", f"{WORK}/ids.csv", "--out", f"{WORK}/run",
             "--batch-size", "500", "--log-file", f"{WORK}/pipeline.log"], env)
    batches = sorted(os.listdir(f"{WORK}/run/jsonfile")) if os.path.isdir(f"{WORK}/run/jsonfile") else []
    record("ingest --mock makes batches", r.returncode == 0 and len(batches) >= 5, f"exit {r.returncode}, {len(batches)} batch files")

    common = [f"{WORK}/run/jsonfile", "--schema", "schemas/tiki-product.json"]
    local = f"{WORK}/local.parquet"
    r = run([BIN, "convert", *common, "--out", local], env)
    record("local convert", r.returncode == 0, r.stdout.strip() or r.stderr.strip()[-300:])
    expected = pq.read_table(local)
    s3fs = pafs.S3FileSystem(access_key="AKIDCHECK", secret_key=secret, endpoint_override=endpoint, scheme="http", region="us-east-1")

    def compare(name, key_or_keys, table_expected):
        try:
            if isinstance(key_or_keys, list):
                import pyarrow as pa
                got = pa.concat_tables([pq.read_table(f"{bucket}/{k}", filesystem=s3fs) for k in key_or_keys])
            else:
                got = pq.read_table(f"{bucket}/{key_or_keys}", filesystem=s3fs)
            same = got.equals(table_expected)
            record(name, same, f"{got.num_rows} rows, {got.num_columns} columns, {'equal' if same else 'DIFFERENT'} to the local convert")
        except Exception as e:  # noqa: BLE001 - reported as a failed check
            record(name, False, f"{type(e).__name__}: {e}")

    # Small object: one PUT at commit.
    r = run([BIN, "convert", *common, "--out", f"s3://{bucket}/small/products.parquet"], env)
    record("convert --out s3:// (gzip, one PUT)", r.returncode == 0, (r.stdout.strip() or r.stderr.strip())[-200:])
    compare("pyarrow S3FileSystem reads it back", "small/products.parquet", expected)
    head = s3.head_object(Bucket=bucket, Key="small/products.parquet")
    record("same bytes as the local file", head["ContentLength"] == os.path.getsize(local) and
           s3.get_object(Bucket=bucket, Key="small/products.parquet")["Body"].read() == open(local, "rb").read(),
           f"{head['ContentLength']} bytes")

    # Multipart: uncompressed, 5 MiB parts.
    big_local = f"{WORK}/big.parquet"
    run([BIN, "convert", *common, "--compression", "none", "--out", big_local], env)
    big_expected = pq.read_table(big_local)
    r = run([BIN, "convert", *common, "--compression", "none", "--s3-part-size-mib", "5", "--out", f"s3://{bucket}/big/products.parquet"], env)
    size = os.path.getsize(big_local)
    record("convert --out s3:// (multipart)", r.returncode == 0 and size > 10 << 20,
           f"{size / 2**20:.1f} MiB in {-(-size // (5 << 20))} parts; {(r.stdout.strip() or r.stderr.strip())[-160:]}")
    compare("multipart object reads back", "big/products.parquet", big_expected)
    etag = s3.head_object(Bucket=bucket, Key="big/products.parquet")["ETag"]
    parts = -(-size // (5 << 20))
    record("object was completed from parts", etag.strip('"').endswith(f"-{parts}"), f"ETag {etag}, {parts} parts expected")

    # DuckDB httpfs, if the extension can be had offline.
    try:
        import duckdb
        con = duckdb.connect()
        try:
            con.execute("LOAD httpfs")
        except Exception:
            con.execute("INSTALL httpfs")
            con.execute("LOAD httpfs")
        host = endpoint.removeprefix("http://")
        con.execute(f"SET s3_endpoint='{host}'; SET s3_url_style='path'; SET s3_use_ssl=false; SET s3_region='us-east-1';"
                    f"SET s3_access_key_id='AKIDCHECK'; SET s3_secret_access_key='{secret}';")
        got = con.execute(f"SELECT * FROM read_parquet('s3://{bucket}/small/products.parquet')").arrow()
        record("DuckDB read_parquet('s3://…')", got.num_rows == expected.num_rows and got.to_pylist() == con.execute(f"SELECT * FROM read_parquet('{local}')").arrow().to_pylist(),
               f"{got.num_rows} rows")
    except Exception as e:  # noqa: BLE001
        print(f"  skip DuckDB: httpfs extension not available offline ({type(e).__name__}: {str(e).splitlines()[0][:120]}); pyarrow alone checked the objects")

    # --out-dir s3://: part files of at most 1,000 rows.
    r = run([BIN, "convert", *common, "--out-dir", f"s3://{bucket}/parts", "--max-rows-per-file", "1000"], env)
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="parts/").get("Contents", []))
    want = -(-expected.num_rows // 1000)
    record("convert --out-dir s3://", r.returncode == 0 and len(keys) == want and keys[0] == "parts/part-00000.parquet",
           f"{len(keys)} part objects (expected {want})")
    compare("part objects read back in order", keys, expected)
    r = run([BIN, "convert", *common, "--out-dir", f"s3://{bucket}/parts/", "--max-rows-per-file", "2000"], env)
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="parts/").get("Contents", []))
    record("a smaller --out-dir run removes stale parts", r.returncode == 0 and keys == ["parts/part-00000.parquet", "parts/part-00001.parquet"],
           f"{len(keys)} part objects after converting again with 2,000 rows per file")

    # upload, twice.
    files = sorted(os.path.relpath(os.path.join(d, f), f"{WORK}/run") for d, _, fs in os.walk(f"{WORK}/run") for f in fs
                   if not f.startswith(".") and ".tmp-" not in f)
    r1 = run([BIN, "upload", f"{WORK}/run", f"s3://{bucket}/runs/1/"], env)
    listed = sorted(o["Key"].removeprefix("runs/1/") for o in s3.list_objects_v2(Bucket=bucket, Prefix="runs/1/").get("Contents", []))
    record("upload publishes every file", r1.returncode == 0 and listed == files and f"uploaded {len(files)} file" in r1.stdout,
           r1.stdout.strip() or r1.stderr.strip()[-200:])
    same = all(s3.get_object(Bucket=bucket, Key=f"runs/1/{f}")["Body"].read() == open(f"{WORK}/run/{f}", "rb").read() for f in files)
    record("uploaded objects equal the files", same, f"{len(files)} files compared byte for byte")
    r2 = run([BIN, "upload", f"{WORK}/run", f"s3://{bucket}/runs/1/"], env)
    record("second upload skips all", r2.returncode == 0 and f"uploaded 0 file(s)" in r2.stdout and f"skipped {len(files)}" in r2.stdout,
           r2.stdout.strip())
    with open(f"{WORK}/run/jsonfile/{batches[0]}", "ab") as f:
        f.write(b"\n")
    r3 = run([BIN, "upload", f"{WORK}/run", f"s3://{bucket}/runs/1/"], env)
    record("a changed file is uploaded again", r3.returncode == 0 and "uploaded 1 file(s)" in r3.stdout, r3.stdout.strip())

    # A connection cut mid-upload: no object, no pending multipart upload.
    proxy = CuttingProxy(int(endpoint.rsplit(":", 1)[1]), limit=1 << 20)
    cut_env = dict(env, AWS_ENDPOINT_URL=f"http://127.0.0.1:{proxy.port}")
    t0 = time.time()
    r = run([BIN, "convert", *common, "--compression", "none", "--s3-part-size-mib", "5", "--out", f"s3://{bucket}/cut/products.parquet"], cut_env, timeout=240)
    proxy.close()
    objects = s3.list_objects_v2(Bucket=bucket, Prefix="cut/").get("KeyCount", 0)
    uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    record("cut connection: convert fails", r.returncode != 0 and "s3://tiki-check/cut/products.parquet" in r.stderr,
           f"exit {r.returncode} after {time.time() - t0:.1f} s, {proxy.cuts} connections cut; {r.stderr.strip().splitlines()[-1][:220] if r.stderr.strip() else ''}")
    record("cut connection: no object, no pending upload", objects == 0 and not uploads, f"{objects} objects, {len(uploads)} multipart uploads pending")

    # Ctrl-C while parts are in flight (through a slow link): exit 130, the upload aborted.
    proxy = CuttingProxy(int(endpoint.rsplit(":", 1)[1]), limit=1 << 40, delay=0.05)
    slow_env = dict(env, AWS_ENDPOINT_URL=f"http://127.0.0.1:{proxy.port}")
    p = subprocess.Popen([BIN, "convert", *common, "--compression", "none", "--s3-part-size-mib", "5", "--out",
                          f"s3://{bucket}/interrupted/products.parquet"], env=slow_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not s3.list_multipart_uploads(Bucket=bucket).get("Uploads"):
        time.sleep(0.2)
    in_flight = len(s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []))
    p.send_signal(signal.SIGINT)
    try:
        _, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    proxy.close()
    uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    objects = s3.list_objects_v2(Bucket=bucket, Prefix="interrupted/").get("KeyCount", 0)
    record("Ctrl-C mid-upload: exit 130, upload aborted", p.returncode == 130 and in_flight == 1 and not uploads and objects == 0,
           f"exit {p.returncode}; {in_flight} upload pending before, {len(uploads)} after, {objects} objects; {err.strip().splitlines()[-1][:120] if err.strip() else ''}")

    # Missing bucket: named, not retried forever.
    r = run([BIN, "convert", *common, "--out", "s3://no-such-bucket-x/p.parquet"], env, timeout=120)
    record("missing bucket: clear error", r.returncode != 0 and "no-such-bucket-x" in r.stderr and "NoSuchBucket" in r.stderr,
           r.stderr.strip().splitlines()[-1][:220] if r.stderr.strip() else "")

    # Wrong secret: moto checks signatures only with IAM auth on; a second server, its first actions unauthenticated.
    proc2, endpoint2 = start_moto({"INITIAL_NO_AUTH_ACTION_COUNT": "4"})
    iam = boto3.client("iam", endpoint_url=endpoint2, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    iam.create_user(UserName="pipeline")
    key = iam.create_access_key(UserName="pipeline")["AccessKey"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    iam.put_user_policy(UserName="pipeline", PolicyName="s3", PolicyDocument=json.dumps(policy))
    boto3.client("s3", endpoint_url=endpoint2, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x").create_bucket(Bucket="auth-check")
    good = dict(env, AWS_ENDPOINT_URL=endpoint2, AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
    r = run([BIN, "convert", *common, "--out", "s3://auth-check/ok.parquet"], good)
    record("signature accepted by moto's auth", r.returncode == 0, (r.stdout.strip() or r.stderr.strip())[-200:])
    wrong_secret = "WRONGsecretValue123456"
    bad = dict(good, AWS_SECRET_ACCESS_KEY=wrong_secret)
    r = run([BIN, "convert", *common, "--out", "s3://auth-check/denied.parquet"], bad, timeout=120)
    text = r.stdout + r.stderr
    record("wrong secret: clear error, no secret", r.returncode != 0 and "s3://auth-check/denied.parquet" in text and "SignatureDoesNotMatch" in text
           and wrong_secret not in text and key["SecretAccessKey"] not in text, text.strip().splitlines()[-1][:220] if text.strip() else "")
    r = run([BIN, "upload", f"{WORK}/run", "s3://auth-check/runs/"], bad, timeout=120)
    text = r.stdout + r.stderr
    record("upload with a wrong secret fails the same way", r.returncode != 0 and "s3://auth-check/runs/" in text and wrong_secret not in text,
           text.strip().splitlines()[-1][:200] if text.strip() else "")

    print(f"\n{'check':<48} result")
    for name, ok, _ in results:
        print(f"{name:<48} {'pass' if ok else 'FAIL'}")
    print(f"(driver took {time.time() - started:.1f} s)")


try:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
except Exception as e:  # noqa: BLE001 - a crash of the driver is a failed check, with its reason
    import traceback
    traceback.print_exc()
    record("driver finished", False, f"{type(e).__name__}: {e}")
finally:
    stop_all()
passed = sum(ok for _, ok, _ in results)
failed = len(results) - passed
print(f"s3: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
