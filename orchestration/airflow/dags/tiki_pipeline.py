"""Daily Tiki catalogue snapshot: sharded ingest → retry → convert into a dated partition → load / upload.

Every task runs the `tiki-pipeline` binary; its exit status decides the task's state:

    0         success
    3         IDs left in transient errors (the API throttled or failed): a retryable failure for `retry`
              (Airflow retries the task later); for `ingest` it is expected, since the `retry` task after it
              fetches exactly those IDs again
    130, 143  interrupted or terminated (a worker was stopped): retryable
    2         usage error (a wrong parameter): fails at once, retrying cannot help
    1, other  an error the binary has named in the task log: retryable, up to the task's retries

Parameters (Trigger DAG w/ config, or `airflow dags test tiki_pipeline -c '{...}'`):
    ids            CSV of product IDs (header `id`), readable by every worker
    shards         how many shards (mapped tasks) to split the IDs into; each is a separate process with its
                   own rate limiter, so divide a known allowance by it (`max_rps`)
    base_url       the product endpoint (the client appends /{id})
    output_root    raw batches go to {output_root}/raw/{ds}/shard-I-of-N/, Parquet to
                   {output_root}/products/snapshot_date={ds}/ (hive-style: DuckDB, Spark, polars and pyarrow
                   read the days as one dataset and prune by date)
    schema         the schema file records are projected through and converted with
    max_rps        per-shard ceiling of the request rate (0: none; the adaptive limiter finds the rate)
    s3_prefix      optional s3://bucket/prefix/: also convert to {s3_prefix}products/snapshot_date={ds}/ and
                   upload the raw batches to {s3_prefix}raw/{ds}/ (needs a binary with S3 support)
    database_url   optional postgres://…: load the day's Parquet into `table` (upsert, so a rerun is harmless)
    table          the PostgreSQL table
    binary         the tiki-pipeline executable (default: $TIKI_PIPELINE_BIN, else `tiki-pipeline` on PATH)
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta

from airflow.sdk import Param, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowException, AirflowFailException

TRANSIENT_LEFT = 3
USAGE = 2


def _params() -> dict:
    return get_current_context()["params"]


def _day() -> str:
    """The run's date: its logical date, or for a run triggered without one (Airflow 3 allows it) when it ran."""
    context = get_current_context()
    return context.get("ds") or context["dag_run"].run_after.strftime("%Y-%m-%d")


def _binary(params: dict) -> str:
    return params.get("binary") or os.environ.get("TIKI_PIPELINE_BIN", "tiki-pipeline")


def _raw_root(params: dict, ds: str) -> str:
    return f"{params['output_root'].rstrip('/')}/raw/{ds}"


def _partition(root: str, ds: str) -> str:
    return f"{root.rstrip('/')}/products/snapshot_date={ds}"


def _run(arguments: list[str], *, transient_is_success: bool = False) -> int:
    """Runs the binary, streams its output into the task log, and maps its exit status to a task state."""
    print("+", " ".join(arguments), flush=True)
    status = subprocess.run(arguments, check=False).returncode
    if status == 0 or (status == TRANSIENT_LEFT and transient_is_success):
        return status
    if status == USAGE:
        raise AirflowFailException(f"{arguments[1]}: usage error (exit 2); fix the DAG parameters")
    if status == TRANSIENT_LEFT:
        raise AirflowException(f"{arguments[1]}: IDs left in transient errors (exit 3); retrying later")
    raise AirflowException(f"{arguments[1]}: exit status {status}")


@dag(
    dag_id="tiki_pipeline",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 3, "retry_delay": timedelta(minutes=5)},
    params={
        "ids": Param("data/input/product_ids.csv", type="string"),
        "shards": Param(4, type="integer", minimum=1, maximum=1024),
        "base_url": Param("https://api.tiki.vn/product-detail/api/v1/products", type="string"),
        "output_root": Param("data/processed/airflow", type="string"),
        "schema": Param("schemas/tiki-product.json", type="string"),
        "max_rps": Param(0, type="number", minimum=0),
        "s3_prefix": Param("", type="string"),
        "database_url": Param("", type="string"),
        "table": Param("products", type="string"),
        "binary": Param("", type="string"),
    },
    tags=["tiki"],
)
def tiki_pipeline():
    @task
    def shard_indexes() -> list[int]:
        return list(range(int(_params()["shards"])))

    def fetch_arguments(params: dict, command: str, index: int, ds: str) -> list[str]:
        return [
            _binary(params), command, "--out", _raw_root(params, ds), "--shard", f"{index}/{params['shards']}",
            "--base-url", params["base_url"], "--schema", params["schema"], "--max-rps", str(params["max_rps"]),
            "--log-file", f"{_raw_root(params, ds)}/logs/{command}-{index}.log",
        ]

    @task
    def ingest(index: int) -> int:
        params = _params()
        arguments = fetch_arguments(params, "ingest", index, _day())
        arguments[2:2] = ["--input", params["ids"]]
        _run(arguments, transient_is_success=True)
        return index

    @task
    def retry(index: int) -> int:
        _run(fetch_arguments(_params(), "retry", index, _day()))
        return index

    @task
    def status() -> None:
        """Every shard's IDs settled, none in a transient class (exit 3 otherwise): the gate before convert."""
        params = _params()
        _run([_binary(params), "status", _raw_root(params, _day())])

    @task
    def convert() -> str:
        params = _params()
        ds = _day()
        roots = [params["output_root"]] + ([params["s3_prefix"]] if params["s3_prefix"] else [])
        for root in roots:
            _run([_binary(params), "convert", _raw_root(params, ds), "--schema", params["schema"],
                  "--out-dir", _partition(root, ds)])
        return _partition(params["output_root"], ds)

    @task
    def load(partition: str) -> None:
        params = _params()
        if not params["database_url"]:
            print("no database_url: nothing to load")
            return
        _run([_binary(params), "load", partition, "--schema", params["schema"], "--table", params["table"],
              "--mode", "upsert", "--database-url", params["database_url"]])

    @task
    def upload() -> None:
        params = _params()
        ds = _day()
        if not params["s3_prefix"]:
            print("no s3_prefix: nothing to upload")
            return
        _run([_binary(params), "upload", _raw_root(params, ds), f"{params['s3_prefix'].rstrip('/')}/raw/{ds}/"])

    fetched = retry.expand(index=ingest.expand(index=shard_indexes()))
    partition = convert()
    fetched >> status() >> partition
    load(partition)
    fetched >> upload()


tiki_pipeline()
