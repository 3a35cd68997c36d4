"""Prometheus metrics of one process, in the text format, without message text or ids.

Counters and a latency histogram kept in memory; `GET /metrics` renders them. With several
workers, Prometheus scrapes each one (they add up).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

from bot.assistant import Assistant, AssistantLayer, Reply

BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Request duration buckets, in seconds."""
Labels = tuple[tuple[str, str], ...]


class Metrics:
    """Named counters and histograms with labels; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[str, dict[Labels, float]] = defaultdict(lambda: defaultdict(float))
        self._histograms: dict[str, dict[Labels, list[float]]] = defaultdict(dict)
        self._help: dict[str, tuple[str, str]] = {}

    def count(self, name: str, help_text: str, amount: float = 1, **labels: str) -> None:
        with self._lock:
            self._help.setdefault(name, ("counter", help_text))
            self._counters[name][tuple(sorted(labels.items()))] += amount

    def observe(self, name: str, help_text: str, seconds: float, **labels: str) -> None:
        """One duration into the histogram: bucket counts, then sum and count."""
        with self._lock:
            self._help.setdefault(name, ("histogram", help_text))
            key = tuple(sorted(labels.items()))
            values = self._histograms[name].setdefault(key, [0.0] * (len(BUCKETS) + 2))
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    values[index] += 1
            values[-2] += seconds
            values[-1] += 1

    def render(self) -> str:
        """Every metric in Prometheus' text exposition format."""
        lines: list[str] = []
        with self._lock:
            for name, (kind, help_text) in sorted(self._help.items()):
                lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
                if kind == "counter":
                    for labels, value in sorted(self._counters[name].items()):
                        lines.append(f"{name}{_labels(labels)} {_number(value)}")
                    continue
                for labels, values in sorted(self._histograms[name].items()):
                    cumulative = (*values[:-2], values[-1])  # the +Inf bucket holds every one
                    for bound, count in zip((*BUCKETS, "+Inf"), cumulative, strict=True):
                        bucket = (*labels, ("le", str(bound)))
                        lines.append(f"{name}_bucket{_labels(bucket)} {_number(count)}")
                    lines.append(f"{name}_sum{_labels(labels)} {values[-2]:.6f}")
                    lines.append(f"{name}_count{_labels(labels)} {_number(values[-1])}")
        return "\n".join(lines) + "\n"


def _labels(labels: Iterable[tuple[str, str]]) -> str:
    pairs = [f'{key}="{_escape(value)}"' for key, value in labels]
    return "{" + ",".join(pairs) + "}" if pairs else ""


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.6f}"


METRICS = Metrics()
"""The process' metrics."""


def count_reply(reply: Reply, metrics: Metrics = METRICS) -> None:
    """What a reply tells about the service: its intent, a fallback, a safeguarding answer."""
    intent = reply.intent.name if reply.intent else ("activity" if reply.activity else "none")
    metrics.count("opic_intents_total", "Messages by the intent understood.", intent=intent)
    if reply.topic == "out_of_scope":
        metrics.count("opic_fallbacks_total", "Messages the assistant could not answer.")
    if reply.safeguarding:
        metrics.count("opic_safeguarding_total", "Replies that gave the safety message.")


class MeasuredAssistant(AssistantLayer):
    """Counts every reply of the Assistant it wraps (the outermost layer: all channels)."""

    def __init__(self, inner: Assistant, metrics: Metrics = METRICS) -> None:
        super().__init__(inner)
        self.metrics = metrics

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        reply = await self.inner.reply(sender_id, text, language)
        count_reply(reply, self.metrics)
        return reply
