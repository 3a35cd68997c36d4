"""Benchmark what a workshop costs per message: the same conversation sent by children who joined
a workshop (each turn counted in SQLite) and by children who did not, and quiz turns (answered from
data, without the NLU) against questions. One `opic-bot serve`, loopback only, sequential requests.
Writes bench/results/workshop_overhead.{json,md}.

    .venv/bin/python bench/workshop_overhead.py [--children 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
from chat_latency import BIN, CONVERSATION, RESULTS, ROOT, free_port, wait_for

from bot.settings import Settings
from bot.workshops.facilitators import token_hash

TOKEN = "bench-facilitator-token"
QUIZ = ["/quiz", "/quiz 1 0 2", "/quiz 2 1", "/quiz 2 1 3", "/quiz 3 2", "/quiz 3 2 1"]


def timed(client: httpx.Client, sender: str, text: str) -> float:
    started = time.perf_counter()
    response = client.post("/api/chat", json={"sender_id": sender, "message": text})
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed


def run(model: Path, children: int) -> dict:
    port = free_port()
    data_dir = tempfile.mkdtemp()
    env = {
        **os.environ,
        "OPIC_RATE_LIMIT_MESSAGES": "100000",
        "OPIC_RATE_LIMIT_IP_MESSAGES": "100000",
        "OPIC_DATA_DIR": data_dir,
        "OPIC_FACILITATORS": json.dumps({"bench": token_hash(TOKEN)}),
    }
    log = Path(data_dir) / "serve.log"
    server = subprocess.Popen(
        [str(BIN / "opic-bot"), "serve", "--port", str(port), "--model", str(model)],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/readyz")
        with httpx.Client(base_url=url, timeout=60) as client:
            code = client.post(
                "/api/workshops",
                json={"title": "Bench", "language": "en", "hours": 2},
                headers={"Authorization": f"Bearer {TOKEN}"},
            ).json()["code"]
            timed(client, "warm-up", "hi")
            times: dict[str, list[float]] = {"outside": [], "member": [], "quiz": []}
            for child in range(children):  # interleaved, so both see the same conditions
                for kind in ("outside", "member"):
                    sender = f"{kind}-{child}"
                    if kind == "member":
                        client.post("/api/workshops/join", json={"sender_id": sender, "code": code})
                    times[kind] += [timed(client, sender, text) for text in CONVERSATION]
                times["quiz"] += [timed(client, f"member-{child}", text) for text in QUIZ]
            report = client.get(
                f"/api/workshops/{code}/report", headers={"Authorization": f"Bearer {TOKEN}"}
            ).json()
    finally:
        server.terminate()
        server.wait(timeout=30)
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    return {
        "children": children,
        "messages": {kind: len(values) for kind, values in times.items()},
        "median_ms": {kind: round(value, 1) for kind, value in medians.items()},
        "p95_ms": {
            kind: round(statistics.quantiles(values, n=20)[-1], 1) for kind, values in times.items()
        },
        "member_vs_outside": round(medians["member"] / medians["outside"], 3),
        "quiz_vs_question": round(medians["quiz"] / medians["member"], 3),
        "counted_messages": report["messages"],
        "counted_participants": report["participants"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=20)
    args = parser.parse_args()
    from engine.training import model_path_for

    model = model_path_for(Settings())
    result = run(model, args.children)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "workshop_overhead.json").write_text(json.dumps(result, indent=2))
    lines = [
        "| messages | n | median ms | p95 ms |",
        "|---|---|---|---|",
        *(
            f"| {kind} | {result['messages'][kind]} | {result['median_ms'][kind]} | "
            f"{result['p95_ms'][kind]} |"
            for kind in ("outside", "member", "quiz")
        ),
        "",
        f"member / outside median: {result['member_vs_outside']}; "
        f"quiz turn / question median: {result['quiz_vs_question']}",
    ]
    (RESULTS / "workshop_overhead.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
