"""Load test: N simulated children, each running a whole conversation (questions, then the
eligibility check to its result), against 1, 2 and 4 `opic-bot serve` workers sharing a real
Redis. Messages go to the workers in turn, one after the other (what a round-robin load balancer
does), so every conversation moves between workers. Loopback only, bounded.

Reports messages/s, p50/p95 latency, errors (must be 0) and conversations whose final state is
wrong (must be 0). Writes bench/results/load_test.{json,md} and docs/scaling.png.

    .venv/bin/python bench/load_test.py [--children 24] [--workers 1 2 4]
        [--fault redis|worker]   # stop Redis for 3 s, or kill a worker, in the middle
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
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_latency import BIN, RESULTS, free_port, wait_for  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.texts import default_texts  # noqa: E402
from tests.services import RedisServer  # noqa: E402

TEXTS = default_texts()
QUESTIONS = ["hi", "what is opic", "who can complain", "do i need a lawyer"]
CHECK = [
    "/eligibility_check",
    "Spain",
    "in march 2025",
    "no",
    "yes",
    "exhausted",
    "june 2026",
    "no",
    "yes",
    "self",
]
EXPECTED = TEXTS.get("outcome_likely_admissible", "en")
RETRY_STATUSES = {503}


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    retried: int = 0
    wrong: int = 0
    conversations: int = 0
    interrupted: int = 0
    """Conversations with a message in flight on a killed worker (sent again: maybe twice)."""
    wrong_after_interruption: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    """Status codes (or error kinds) of the failed requests."""


class Workers:
    """`opic-bot serve` processes sharing one Redis."""

    def __init__(self, model: Path, count: int, redis_url: str) -> None:
        env = {
            **os.environ,
            "OPIC_TRACKER_STORE": "redis",
            "OPIC_REDIS_URL": redis_url,
            "OPIC_SENDER_SALT": "load-test-salt",
            "OPIC_RATE_LIMIT_MESSAGES": "100000",
            "OPIC_RATE_LIMIT_IP_MESSAGES": "1000000",
        }
        self.urls, self.processes = [], []
        for _ in range(count):
            port = free_port()
            folder = tempfile.mkdtemp(prefix="opic-load-")
            self.processes.append(
                subprocess.Popen(
                    [str(BIN / "opic-bot"), "serve", "--port", str(port), "--model", str(model)],
                    cwd=ROOT,
                    env={**env, "OPIC_DATA_DIR": folder},
                    stdout=(Path(folder) / "serve.log").open("w"),
                    stderr=subprocess.STDOUT,
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")
        for url in self.urls:
            wait_for(f"{url}/readyz")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


async def child(
    http: httpx.AsyncClient, urls: list[str], turn: list[int], run: Run, start: int
) -> None:
    """One conversation; each message goes to the next worker still answering."""
    sender = f"load-{uuid.uuid4().hex}"
    last: dict = {}
    interrupted = False
    for message in QUESTIONS + CHECK:
        for _attempt in range(20):
            url = urls[(turn[0] + start) % len(urls)]
            turn[0] += 1
            began = time.perf_counter()
            try:
                response = await http.post(
                    f"{url}/api/chat", json={"sender_id": sender, "message": message}
                )
            except httpx.TransportError as error:  # a killed worker: the next one takes it
                run.retried += 1
                kind = type(error).__name__
                run.failures[kind] = run.failures.get(kind, 0) + 1
                if isinstance(error, httpx.ConnectError) and url in urls and len(urls) > 1:
                    urls.remove(url)  # as a load balancer's health check would
                elif not isinstance(error, httpx.ConnectError):
                    interrupted = True  # sent, but no answer: it may have been handled
                continue
            if response.status_code in RETRY_STATUSES:  # store down: "try again", as asked
                run.retried += 1
                await asyncio.sleep(0.5)
                continue
            run.latencies.append(time.perf_counter() - began)
            if response.status_code != 200:
                run.errors += 1
                status = str(response.status_code)
                run.failures[status] = run.failures.get(status, 0) + 1
            last = response.json()
            break
        else:
            run.errors += 1
    run.conversations += 1
    run.interrupted += interrupted
    texts = [m["text"] for m in last.get("messages", [])]
    if not texts or texts[0] != EXPECTED:
        run.wrong += 1
        run.wrong_after_interruption += interrupted


async def load(urls: list[str], children: int, fault: object = None) -> tuple[Run, float]:
    run = Run()
    turn = [0]
    limits = httpx.Limits(max_connections=children * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        began = time.perf_counter()
        tasks = [child(http, urls, turn, run, number) for number in range(children)]
        if fault is not None:
            tasks.append(fault())  # type: ignore[operator]
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - began
    return run, elapsed


def summary(workers: int, run: Run, elapsed: float) -> dict:
    ordered = sorted(run.latencies)
    return {
        "workers": workers,
        "conversations": run.conversations,
        "messages": len(run.latencies),
        "seconds": round(elapsed, 1),
        "messages_per_second": round(len(run.latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
        "errors": run.errors,
        "retried": run.retried,
        "wrong_final_state": run.wrong,
        "interrupted": run.interrupted,
        "wrong_after_interruption": run.wrong_after_interruption,
        "failures": run.failures,
    }


COLUMNS = (
    "workers",
    "conversations",
    "messages",
    "messages_per_second",
    "p50_ms",
    "p95_ms",
    "errors",
    "retried",
    "wrong_final_state",
)


def table(results: list[dict]) -> list[str]:
    """The results as a Markdown table."""
    rows = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    rows += ["| " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for r in results]
    return rows


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [str(r["workers"]) for r in results]
    figure, left = plt.subplots(figsize=(6, 3.4), dpi=120)
    left.bar(labels, [r["messages_per_second"] for r in results], color="#1d4ed8")
    left.set_xlabel("workers (2 CPU cores)")
    left.set_ylabel("messages per second")
    right = left.twinx()
    right.plot(labels, [r["p95_ms"] for r in results], "o-", color="#b91c1c", label="p95")
    right.plot(labels, [r["p50_ms"] for r in results], "s--", color="#b45309", label="p50")
    right.set_ylim(0, max(r["p95_ms"] for r in results) * 1.25)
    right.set_ylabel("latency (ms)")
    right.legend(loc="lower right")
    left.set_title("opic-bot with Redis: throughput and latency")
    figure.tight_layout()
    figure.savefig(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=24)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--fault", choices=["redis", "worker"])
    args = parser.parse_args()
    from engine.training import model_path_for

    model = model_path_for(Settings())
    redis = RedisServer(Path(tempfile.mkdtemp(prefix="opic-redis-")), persistent=True)
    results = []
    try:
        for count in args.workers:
            workers = Workers(model, count, redis.url)
            try:
                fault = None
                if args.fault == "redis":

                    async def fault() -> None:
                        await asyncio.sleep(3)
                        redis.stop()
                        await asyncio.sleep(3)
                        redis.start()

                elif args.fault == "worker" and count > 1:

                    async def fault(running: Workers = workers) -> None:
                        await asyncio.sleep(3)
                        running.processes[0].kill()  # its conversations live on in Redis

                run, elapsed = asyncio.run(load(list(workers.urls), args.children, fault))
                results.append(summary(count, run, elapsed))
                print(json.dumps(results[-1]), flush=True)
            finally:
                workers.stop()
    finally:
        redis.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"load_test{'_' + args.fault if args.fault else ''}"
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2))
    rows = table(results)
    (RESULTS / f"{name}.md").write_text("\n".join(rows) + "\n")
    print("\n".join(rows))
    if not args.fault:
        plot(results, ROOT / "docs" / "scaling.png")


if __name__ == "__main__":
    main()
