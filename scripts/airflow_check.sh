#!/usr/bin/env bash
# Orchestration check (issue 13): the Airflow DAG runs end to end against the offline mock, and the Kubernetes
# Indexed Job's command and environment match the CLI.
#
# Usage: scripts/airflow_check.sh path/to/tiki-pipeline [python]
#   python: a venv's python for moto's S3 server and boto3 (installed there when missing; default .venv/bin/python)
#   AIRFLOW_CHECK_IDS=N   IDs in the test list (default 3000); AIRFLOW_CHECK_SHARDS=N (default 4)
# Installs Apache Airflow 3 into .venv-airflow (PyPI), keeps AIRFLOW_HOME, the mock, a PostgreSQL 15 cluster, moto
# and every output in a temp folder, and removes them on exit. The DAG runs with every destination: the dated
# partition locally and in S3, the raw batches uploaded, the Parquet loaded into PostgreSQL.
# Ends with `airflow: N passed, M failed`.
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 path/to/tiki-pipeline [python]" >&2; exit 2; }
bin=$(realpath "$1")
project=$(cd "$(dirname "$0")/.." && pwd)
# Absolute, but not through realpath: a venv's python is a symlink, and resolving it leaves the venv.
tools_py=${2:-$project/.venv/bin/python}
case "$tools_py" in /*) ;; *) tools_py="$PWD/$tools_py" ;; esac
count=${AIRFLOW_CHECK_IDS:-3000}
shards=${AIRFLOW_CHECK_SHARDS:-4}
started=$SECONDS
work=$(mktemp -d /tmp/airflow-check.XXXXXX)
mock_pid=
moto_pid=
# shellcheck source=lib/postgres_cluster.sh
. "$project/scripts/lib/postgres_cluster.sh"
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null && wait "$moto_pid" 2>/dev/null
  pg_cluster_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
results=()
record() {  # name, status (0 = pass), detail
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); results+=("| $1 | pass | $3 |")
  else failed=$((failed + 1)); results+=("| $1 | FAIL | $3 |"); fi
}

venv="$project/.venv-airflow"
if [ ! -x "$venv/bin/airflow" ]; then
  t=$SECONDS
  python3 -m venv "$venv" && "$venv/bin/pip" install -q --upgrade pip \
    && "$venv/bin/pip" install -q "apache-airflow>=3,<4" pyarrow pyyaml || { echo "cannot install Airflow"; exit 1; }
  echo "installed Airflow in $((SECONDS - t)) s"
fi
py="$venv/bin/python"

export AIRFLOW_HOME="$work/airflow-home"
export AIRFLOW__CORE__DAGS_FOLDER="$project/orchestration/airflow/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__UNIT_TEST_MODE=False
export AIRFLOW__LOGGING__LOGGING_LEVEL=WARNING
export TIKI_PIPELINE_BIN="$bin"
t=$SECONDS
timeout 300 "$venv/bin/airflow" db migrate > "$work/migrate.log" 2>&1
record "airflow db migrate" $? "$((SECONDS - t)) s"

# 1. The DAG imports, with the tasks and the mapping the issue names.
timeout 120 "$py" - "$AIRFLOW__CORE__DAGS_FOLDER" > "$work/dag-shape.log" 2>&1 <<'PY'
import sys
try:
    from airflow.dag_processing.dagbag import DagBag
except ImportError:
    from airflow.models.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
assert not bag.import_errors, bag.import_errors
dag = bag.get_dag("tiki_pipeline")
assert dag is not None, "no DAG tiki_pipeline"
tasks = set(dag.task_ids)
expected = {"shard_indexes", "ingest", "retry", "status", "convert", "load", "upload"}
assert expected <= tasks, f"tasks {sorted(tasks)}"
assert dag.get_task("retry").upstream_task_ids == {"ingest"}
assert dag.get_task("convert").upstream_task_ids == {"status"}
assert dag.get_task("load").upstream_task_ids == {"convert"}
# Exit statuses decide task states: 3 (IDs left in transient errors) is a retryable failure, 2 a final one.
sys.path.insert(0, sys.argv[1])
import tiki_pipeline as module
from airflow.sdk.exceptions import AirflowException, AirflowFailException
assert module._run(["sh", "-c", "exit 0"]) == 0
assert module._run(["sh", "-c", "exit 3"], transient_is_success=True) == 3
for status, expected in [(3, AirflowException), (1, AirflowException), (143, AirflowException), (2, AirflowFailException)]:
    try:
        module._run(["sh", "-c", f"exit {status}"])
        raise AssertionError(f"exit {status} succeeded")
    except AirflowFailException:
        assert expected is AirflowFailException, f"exit {status} failed without retries"
    except AirflowException:
        assert expected is AirflowException, f"exit {status} would be retried"
print("tasks:", ", ".join(sorted(tasks)), "; exit 3 retryable, exit 2 final")
PY
record "DAG imports with its tasks; exit statuses map to task states" $? "$(tail -n 1 "$work/dag-shape.log")"

# 2. The DAG end to end: 4 mapped ingest shards, retry, status, convert into a dated hive partition.
"$bin" generate-ids --count "$count" --seed 13 --out "$work/ids.csv" > /dev/null
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" mock-api --port "$port" --faults none --not-found-rate 0.01 --rate-limit-rate 0.02 --server-error-rate 0.01 \
  > "$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 50); do "$py" -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port/product-detail/api/v1/products"

# The destinations: a PostgreSQL 15 cluster and moto's S3 server, both on loopback.
pg_install
chmod 755 "$work"  # the cluster runs as the postgres user when this runs as root
mkdir -p "$work/pg"
pg_cluster_start "$work/pg" airflow-check "$py"
pg_status=$?
database_url="postgres://loader:airflow-check@127.0.0.1:$pg_port/postgres?sslmode=disable"
[ -x "$(dirname "$tools_py")/moto_server" ] || "$tools_py" -m pip install -q 'moto[server]' boto3 2>&1 | grep -v '^\[notice\]'
moto_port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$(dirname "$tools_py")/moto_server" -H 127.0.0.1 -p "$moto_port" > "$work/moto.log" 2>&1 &
moto_pid=$!
export AWS_ACCESS_KEY_ID=AKIDAIRFLOW AWS_SECRET_ACCESS_KEY=airflow-check AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port"
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL_S3
for _ in $(seq 100); do "$py" -c "import socket; socket.create_connection(('127.0.0.1',$moto_port),0.2)" 2>/dev/null && break; sleep 0.2; done
timeout 60 "$tools_py" -c "import boto3; boto3.client('s3', endpoint_url='$AWS_ENDPOINT_URL').create_bucket(Bucket='lake')"
record "PostgreSQL and moto started for load and upload" $(( $? + pg_status )) "PostgreSQL on port $pg_port, moto on $moto_port"

conf=$(printf '{"ids": "%s", "shards": %d, "base_url": "%s", "output_root": "%s", "schema": "%s", "s3_prefix": "%s", "database_url": "%s", "table": "products"}' \
  "$work/ids.csv" "$shards" "$base" "$work/lake" "$project/schemas/tiki-product.json" "s3://lake/tiki/" "$database_url")
t=$SECONDS
(cd "$project" && timeout 900 "$venv/bin/airflow" dags test tiki_pipeline 2026-11-27 -c "$conf") > "$work/dag-run.log" 2>&1
status=$?
grep -E "ingest finished|retry finished|converted|loaded|uploaded|shard [0-9]" "$work/dag-run.log" | head -n 24
if [ $status -ne 0 ] || grep -q "state=failed\|DagRunState.FAILED" "$work/dag-run.log"; then
  tail -n 40 "$work/dag-run.log"; status=1
fi
record "airflow dags test tiki_pipeline ($shards shards, $count IDs)" $status "$((SECONDS - t)) s"

timeout 120 "$py" - "$work" "$shards" > "$work/verify.log" 2>&1 <<'PY'
import csv, glob, json, os, sys
import pyarrow.dataset as ds
work, shards = sys.argv[1], int(sys.argv[2])
ids = [int(r["id"]) for r in csv.DictReader(open(f"{work}/ids.csv"))]
raw = f"{work}/lake/raw/2026-11-27"
folders = sorted(glob.glob(f"{raw}/shard-*"))
assert len(folders) == shards, folders
errors = {}
for folder in folders:
    for name in glob.glob(f"{folder}/errorfile/*.json"):
        for entry in json.load(open(name)):
            errors[entry["id"]] = entry["error"]
table = ds.dataset(f"{work}/lake/products", format="parquet", partitioning="hive").to_table(columns=["id", "snapshot_date"])
got = table.column("id").to_pylist()
dates = set(str(d) for d in table.column("snapshot_date").to_pylist())
assert dates == {"2026-11-27"}, dates
assert len(got) == len(set(got)), f"{len(got) - len(set(got))} duplicate ids in the partition"
permanent = {i for i, e in errors.items() if e in ("not_found", "client_error", "too_large")}
assert set(got) | permanent == set(ids), f"{len(set(ids) - set(got) - permanent)} ids missing"
assert not set(got) & permanent
print(f"{len(got)} products once each + {len(permanent)} permanent errors = {len(ids)} ids; partition snapshot_date=2026-11-27")
PY
record "dated partition holds every ID exactly once" $? "$(tail -n 1 "$work/verify.log")"

# The destinations hold the same products: the S3 partition read by pyarrow, the raw batches listed, the table
# counted and its IDs compared with the local partition's.
PGPASSWORD=airflow-check timeout 60 psql -X -At -h 127.0.0.1 -p "$pg_port" -U loader -d postgres \
  -c "SELECT id FROM products ORDER BY id" > "$work/pg-ids.txt" 2> "$work/pg-ids.err"
timeout 120 "$tools_py" - "$work" > "$work/destinations.log" 2>&1 <<'PY'
import os, sys
import boto3
import pyarrow.dataset as ds
import pyarrow.fs as pafs
work = sys.argv[1]
endpoint = os.environ["AWS_ENDPOINT_URL"]
local = sorted(ds.dataset(f"{work}/lake/products", format="parquet", partitioning="hive").to_table(columns=["id"]).column("id").to_pylist())
s3fs = pafs.S3FileSystem(access_key=os.environ["AWS_ACCESS_KEY_ID"], secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                         endpoint_override=endpoint.removeprefix("http://"), scheme="http", region="us-east-1")
remote = sorted(ds.dataset("lake/tiki/products", filesystem=s3fs, format="parquet", partitioning="hive").to_table(columns=["id"]).column("id").to_pylist())
assert remote == local, f"S3 partition: {len(remote)} ids, local {len(local)}"
keys = [o["Key"] for page in boto3.client("s3", endpoint_url=endpoint).get_paginator("list_objects_v2").paginate(Bucket="lake", Prefix="tiki/raw/2026-11-27/") for o in page.get("Contents", [])]
batches = [k for k in keys if "/jsonfile/" in k]
assert batches and any(k.endswith("run-report.json") for k in keys), f"raw upload: {len(keys)} objects"
loaded = [int(line) for line in open(f"{work}/pg-ids.txt") if line.strip()]
assert loaded == local, f"PostgreSQL: {len(loaded)} rows, partition {len(local)}"
print(f"S3 partition {len(remote)} products, {len(keys)} raw objects uploaded ({len(batches)} batches); PostgreSQL table products {len(loaded)} rows = the partition")
PY
record "load and upload: S3 and PostgreSQL hold the partition's products" $? "$(tail -n 1 "$work/destinations.log")"

# 3. The Kubernetes Indexed Job: its shape, its flags, and its command run per index against the mock.
timeout 300 "$py" - "$project/orchestration/kubernetes/ingest-job.yaml" "$bin" "$work" "$base" > "$work/k8s.log" 2>&1 <<'PY'
import os, re, subprocess, sys, yaml
path, binary, work, base = sys.argv[1:5]
job = yaml.safe_load(open(path))
spec = job["spec"]
assert job["kind"] == "Job" and spec["completionMode"] == "Indexed", "an Indexed Job"
container = spec["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in container["env"]}
n = int(env["TIKI_SHARDS"])
assert spec["completions"] == spec["parallelism"] == n, "completions, parallelism and TIKI_SHARDS agree"
command = container["command"]
assert command[0] == "tiki-pipeline" and command[1] == "ingest", command[:2]
helptext = subprocess.run([binary, "ingest", "--help"], capture_output=True, text=True).stdout
for flag in [a for a in command[2:] if a.startswith("--")]:
    assert re.search(rf"(^|\s){re.escape(flag)}(\s|$|\s<)", helptext, re.M), f"flag {flag} not in ingest --help"
# Every TIKI_* name the Job sets is one the binary reads: an unknown name is ignored, so prove each one takes
# effect by giving it a bad value and expecting the binary to name it.
for name in env:
    bad = dict(os.environ, **env, JOB_COMPLETION_INDEX="0")
    bad[name] = "not-a-value"
    out = subprocess.run([binary, "ingest", "--input", f"{work}/ids.csv", "--out", f"{work}/x"], env=bad,
                         capture_output=True, text=True)
    assert name in out.stderr, f"{name} not read by the binary: {out.stderr.strip()}"
# Run the Job's command once per index with its environment (paths under /data moved to the work folder).
os.makedirs(f"{work}/data/input", exist_ok=True)
os.makedirs(f"{work}/data/schemas", exist_ok=True)
os.link(f"{work}/ids.csv", f"{work}/data/input/product_ids.csv")
schema = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(path))), "schemas", "tiki-product.json")
os.symlink(schema, f"{work}/data/schemas/tiki-product.json")
args = [binary] + [a.replace("/data", f"{work}/data") for a in command[1:]]
for index in range(n):
    run_env = {**os.environ, **env, "JOB_COMPLETION_INDEX": str(index), "TIKI_BASE_URL": base}
    status = subprocess.run(args, env=run_env, capture_output=True, text=True)
    assert status.returncode in (0, 3), f"index {index}: exit {status.returncode}: {status.stderr[-500:]}"
    if status.returncode == 3:
        subprocess.run([binary, "retry", "--out", f"{work}/data/out", "--shard", f"{index}/{n}", "--base-url", base],
                       capture_output=True)
report = subprocess.run([binary, "status", "--json", f"{work}/data/out"], capture_output=True, text=True)
import json
total = json.loads(report.stdout)["total"]
assert total["input_ids"] == sum(1 for _ in open(f"{work}/ids.csv")) - 1, total
assert total["remaining"] == 0 and report.returncode == 0, total
print(f"{n} indexes: {total['records']} records + {total['errors']} errors = {total['input_ids']} ids")
PY
record "Kubernetes Indexed Job matches the CLI" $? "$(tail -n 1 "$work/k8s.log")"

echo
echo "| check | result | detail |"
echo "|---|---|---|"
printf '%s\n' "${results[@]}"
echo "airflow check took $((SECONDS - started)) s"
[ $failed -eq 0 ] || for f in "$work"/*.log; do echo "--- $f"; tail -n 30 "$f"; done
echo "airflow: $passed passed, $failed failed"
[ $failed -eq 0 ]
