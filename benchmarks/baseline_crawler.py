#!/usr/bin/env python3
"""The seed's design, as a baseline: asyncio + aiohttp, a semaphore of 40, a 5 s timeout, 3 retries with
2^attempt backoff on 429, BeautifulSoup get_text for the description, 1,000 records per JSON file.

Usage: baseline_crawler.py --input ids.csv --out DIR [--base-url URL] [--concurrency 40]
Prints one JSON line: records, errors, seconds, records_per_second, cpu_seconds, peak_rss_mb.
"""
import argparse
import asyncio
import json
import os
import resource
import time

import aiohttp
from bs4 import BeautifulSoup

BASE_URL = "https://api.tiki.vn/product-detail/api/v1/products"


def clean(html):
    return BeautifulSoup(html or "", "html.parser").get_text(separator="\n", strip=True)


async def fetch(session, semaphore, base_url, product_id, retries=3):
    async with semaphore:
        for attempt in range(retries + 1):
            try:
                async with session.get(f"{base_url}/{product_id}") as response:
                    if response.status == 429 and attempt < retries:
                        await asyncio.sleep(2 ** attempt)
                        continue
                    if response.status != 200:
                        return None, {"id": product_id, "error": f"HTTP {response.status}"}
                    data = await response.json(content_type=None)
                    record = {
                        "id": data.get("id"),
                        "name": data.get("name"),
                        "url_key": data.get("url_key"),
                        "price": data.get("price"),
                        "description": clean(data.get("description")),
                        "images": [image.get("base_url") for image in data.get("images") or []],
                    }
                    return record, None
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                if attempt == retries:
                    return None, {"id": product_id, "error": repr(error)}
        return None, {"id": product_id, "error": "retries exhausted"}


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--base-url", default=BASE_URL)
    parser.add_argument("--concurrency", type=int, default=40)
    args = parser.parse_args()
    with open(args.input) as f:
        ids = [line.strip() for line in f if line.strip() and line.strip() != "id"]
    os.makedirs(args.out, exist_ok=True)
    semaphore = asyncio.Semaphore(args.concurrency)
    timeout = aiohttp.ClientTimeout(total=5)
    started = time.perf_counter()
    records, errors, batch_number = [], [], 0
    async with aiohttp.ClientSession(timeout=timeout) as session:
        tasks = [fetch(session, semaphore, args.base_url, product_id) for product_id in ids]
        written = 0
        for future in asyncio.as_completed(tasks):
            record, error = await future
            if record:
                records.append(record)
            else:
                errors.append(error)
            if len(records) == 1000:
                batch_number += 1
                with open(os.path.join(args.out, f"products_{batch_number:03d}.json"), "w", encoding="utf-8") as f:
                    json.dump(records, f, ensure_ascii=False)
                written += len(records)
                records = []
        if records:
            batch_number += 1
            with open(os.path.join(args.out, f"products_{batch_number:03d}.json"), "w", encoding="utf-8") as f:
                json.dump(records, f, ensure_ascii=False)
            written += len(records)
    if errors:
        with open(os.path.join(args.out, "errors.json"), "w") as f:
            json.dump(errors, f)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "tool": "python-aiohttp-baseline", "records": written, "errors": len(errors), "seconds": round(seconds, 3),
        "records_per_second": round(written / seconds, 1), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    asyncio.run(main())
