"""Benchmark /api/chat against stock Rasa (`rasa run --enable-api` + REST channel + action server).

Both serve the same trained model on loopback. For each set-up: latency p50/p95 for one client,
then for 8 concurrent clients, throughput, and the peak resident memory of the server processes.
Bounded: a fixed number of requests, loopback only. Writes bench/results/chat_latency.{json,md}.

    .venv/bin/python bench/chat_latency.py [--requests 300] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
# A child's conversation: questions, a button press, small talk, a country.
CONVERSATION = [
    "hi",
    "what is opic",
    "can kids complain to the UN??",
    "/ask_more",
    "has spain joined",
    "do i need a lawyer",
    "how long does it take",
    "/ask_time_limit",
    "who can help me",
    "thanks",
]


@dataclass
class Setup:
    name: str
    url: str
    body: Callable[[str, str], dict]
    processes: list[subprocess.Popen]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


def peak_rss_mb(processes: list[subprocess.Popen]) -> float:
    """Sum of VmHWM (peak resident set) of the processes, in MB."""
    total = 0
    for process in processes:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


def start_opic(model: Path, log: Path) -> Setup:
    port = free_port()
    env = {**os.environ, "OPIC_RATE_LIMIT_MESSAGES": "100000", "OPIC_DATA_DIR": tempfile.mkdtemp()}
    process = subprocess.Popen(
        [str(BIN / "opic-bot"), "serve", "--port", str(port), "--model", str(model)],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/readyz")
    return Setup(
        "opic-bot serve (in-process actions)",
        f"{url}/api/chat",
        lambda sender, text: {"sender_id": sender, "message": text},
        [process],
    )


def start_stock_rasa(model: Path, log: Path) -> Setup:
    actions_port, rasa_port = free_port(), free_port()
    folder = Path(tempfile.mkdtemp())
    (folder / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
    )
    (folder / "credentials.yml").write_text("rest:\n")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    actions = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
        cwd=ROOT,
        env=env,
        stdout=(log.parent / "stock-actions.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    rasa = subprocess.Popen(
        [
            str(BIN / "rasa"),
            "run",
            "--enable-api",
            "--model",
            str(model),
            "--port",
            str(rasa_port),
            "--endpoints",
            str(folder / "endpoints.yml"),
            "--credentials",
            str(folder / "credentials.yml"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{rasa_port}"
    wait_for(f"{url}/status")
    wait_for(f"http://127.0.0.1:{actions_port}/health")
    return Setup(
        "stock rasa run --enable-api + REST channel + action server",
        f"{url}/webhooks/rest/webhook",
        lambda sender, text: {"sender": sender, "message": text},
        [rasa, actions],
    )


async def run_client(
    http: httpx.AsyncClient, setup: Setup, client: int, count: int, latencies: list[float]
) -> int:
    errors = 0
    for i in range(count):
        sender = f"bench-{setup.name[:4]}-{client}-{i // len(CONVERSATION)}"
        text = CONVERSATION[i % len(CONVERSATION)]
        started = time.perf_counter()
        response = await http.post(setup.url, json=setup.body(sender, text))
        latencies.append(time.perf_counter() - started)
        errors += response.status_code != 200
    return errors


async def measure(setup: Setup, clients: int, total: int) -> dict:
    latencies: list[float] = []
    async with httpx.AsyncClient(timeout=60) as http:
        await run_client(http, setup, 99, len(CONVERSATION), [])  # warm-up
        started = time.perf_counter()
        errors = await asyncio.gather(
            *(run_client(http, setup, c, total // clients, latencies) for c in range(clients))
        )
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": sum(errors),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "throughput_rps": round(len(latencies) / elapsed, 1),
    }


def bench(setup: Setup, requests: int, concurrency: int) -> dict:
    try:
        single = asyncio.run(measure(setup, 1, requests))
        concurrent = asyncio.run(measure(setup, concurrency, requests))
        return {
            "setup": setup.name,
            "single": single,
            "concurrent": concurrent,
            "peak_rss_mb": round(peak_rss_mb(setup.processes)),
        }
    finally:
        for process in setup.processes:
            process.terminate()
            process.wait(timeout=30)


def markdown(results: list[dict]) -> str:
    rows = [
        "| set-up | 1 client p50 / p95 (ms) | 1 client req/s | 8 clients p50 / p95 (ms) "
        "| 8 clients req/s | errors | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s, c = r["single"], r["concurrent"]
        rows.append(
            f"| {r['setup']} | {s['p50_ms']} / {s['p95_ms']} | {s['throughput_rps']} "
            f"| {c['p50_ms']} / {c['p95_ms']} | {c['throughput_rps']} "
            f"| {s['errors'] + c['errors']} | {r['peak_rss_mb']} |"
        )
    return "\n".join(rows) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="requests per measurement")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--model", help="model archive (default: the current data's)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bot.settings import Settings
    from engine.training import model_path_for

    model = Path(args.model) if args.model else model_path_for(Settings())
    if not model.exists():
        print("no model for the current data: run `make train` first", file=sys.stderr)
        return 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = [
        bench(start_opic(model, RESULTS / "opic.log"), args.requests, args.concurrency),
        bench(start_stock_rasa(model, RESULTS / "stock.log"), args.requests, args.concurrency),
    ]
    ours, stock = results
    ratio = ours["concurrent"]["throughput_rps"] / stock["concurrent"]["throughput_rps"]
    table = markdown(results) + f"\nThroughput ratio (8 clients), opic-bot / stock: {ratio:.2f}\n"
    (RESULTS / "chat_latency.json").write_text(json.dumps(results, indent=2))
    (RESULTS / "chat_latency.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
