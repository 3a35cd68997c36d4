"""Prometheus metrics: requests by route pattern and status, latency, intents, fallbacks and
safeguarding, never what anyone wrote and never an id."""

from __future__ import annotations

import re

from bot.assistant import Intent, Reply
from bot.metrics import Metrics, count_reply
from bot.pipeline import build_assistant
from tests.unit.conftest import FakeAssistant


def test_counters_and_histograms_render_in_the_text_format():
    metrics = Metrics()
    metrics.count("opic_x_total", "Things.", kind="a")
    metrics.count("opic_x_total", "Things.", kind="a")
    metrics.observe("opic_t_seconds", "Time.", 0.03, route="/api/chat")
    metrics.observe("opic_t_seconds", "Time.", 3.0, route="/api/chat")
    text = metrics.render()
    assert '# TYPE opic_x_total counter\nopic_x_total{kind="a"} 2' in text
    assert 'opic_t_seconds_bucket{route="/api/chat",le="0.025"} 0' in text
    assert 'opic_t_seconds_bucket{route="/api/chat",le="0.05"} 1' in text
    assert 'opic_t_seconds_bucket{route="/api/chat",le="+Inf"} 2' in text
    assert 'opic_t_seconds_count{route="/api/chat"} 2' in text
    assert re.search(r'opic_t_seconds_sum\{route="/api/chat"\} 3\.03', text)


def test_label_values_are_escaped():
    metrics = Metrics()
    metrics.count("opic_x_total", "Things.", kind='a"b\\c\nd')
    assert 'kind="a\\"b\\\\c\\nd"' in metrics.render()


def test_a_reply_counts_its_intent_a_fallback_and_a_safety_answer():
    metrics = Metrics()
    count_reply(Reply("s", "en", [], "out_of_scope", Intent("nlu_fallback", 0.1)), metrics)
    count_reply(Reply("s", "en", [], "safeguarding", Intent("safeguarding", 1.0), True), metrics)
    text = metrics.render()
    assert 'opic_intents_total{intent="nlu_fallback"} 1' in text
    assert "opic_fallbacks_total 1" in text
    assert "opic_safeguarding_total 1" in text


def test_metrics_hold_no_message_text_and_no_ids(make_client, make_settings, tmp_path):
    settings = make_settings(data_dir=tmp_path)
    client = make_client(build_assistant(FakeAssistant(), settings), data_dir=tmp_path)
    secret = "my-secret-words-1234"
    client.post("/api/chat", json={"sender_id": "web-secret-id-77", "message": secret})
    client.get("/api/states/ES")
    text = client.get("/metrics").text
    assert 'route="/api/chat"' in text and 'route="/api/states/{code}"' in text
    assert 'status="200"' in text
    assert 'opic_intents_total{intent="ask_who_can_complain"}' in text
    for private in (secret, "web-secret-id-77", "/api/states/ES"):
        assert private not in text
