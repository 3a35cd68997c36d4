"""Fuzzing of the HTTP API from its own OpenAPI schema, plus hand-picked nasty inputs.

spec/api.md: bad input gets a 4xx JSON error `{"error": {"code": ..., "message": ...}}`, never a
500 and never a stack trace. Schemathesis reads the app's /openapi.json (so routes added later are
fuzzed too) and sends schema-valid and schema-violating requests to every operation, in process.
Runs are reproducible: Hypothesis is derandomized and keeps no example database.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from api.app import create_app
from bot.states import default_states_table
from tests.spec_examples import ELIGIBILITY_EXAMPLE

# A rate limit nobody reaches, so a 429 never hides what the request would otherwise have done.
FUZZ_SETTINGS = {"rate_limit_messages": 1_000_000}

# Every phase that makes requests from the schema alone (its examples, the coverage phase's
# boundary and type-violating values, random fuzzing), each with valid and invalid data.
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"mode": "all"},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
        },
    }
)


@pytest.fixture
def api_schema(make_settings: Callable[..., Any], make_assistant: type) -> Any:
    app = create_app(make_settings(**FUZZ_SETTINGS), assistant=make_assistant())
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


def _text(response: Any) -> str:
    return response.content.decode("utf-8", errors="replace")


def no_server_error(ctx: Any, response: Any, case: Any) -> None:
    """No input, however wrong, is the server's fault."""
    assert response.status_code < 500, f"{response.status_code}: {_text(response)[:500]}"


def no_stack_trace(ctx: Any, response: Any, case: Any) -> None:
    """No reply, error or not, shows Python internals."""
    assert "Traceback" not in _text(response), _text(response)[:500]


def error_is_json_envelope(ctx: Any, response: Any, case: Any) -> None:
    """Every error is `{"error": {"code": "...", "message": "..."}}` served as JSON."""
    if response.status_code < 400:
        return
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), f"error served as {content_type!r}"
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise AssertionError(f"error body is not JSON: {_text(response)[:200]!r}") from error
    assert isinstance(body, dict) and set(body) == {"error"}, f"not an error envelope: {body}"
    detail = body["error"]
    assert isinstance(detail, dict) and set(detail) == {"code", "message"}, body
    assert isinstance(detail["code"], str) and detail["code"], body
    assert isinstance(detail["message"], str) and detail["message"], body


CHECKS = [not_a_server_error, no_server_error, no_stack_trace, error_is_json_envelope]


@schema.parametrize()
@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case: Any) -> None:
    try:
        response = case.call()
    except Exception as error:  # the app raised through its error handlers
        pytest.fail(
            f"{case.operation.label} raised {type(error).__name__}: {error}\n"
            f"Reproduce with: {case.as_curl_command()}"
        )
    case.validate_response(response, checks=CHECKS)


def test_the_schema_lists_the_routes_of_the_spec(make_client, make_assistant) -> None:
    """Guards the fuzzing above: an empty or broken schema would fuzz nothing."""
    paths = make_client(make_assistant()).get("/openapi.json").json()["paths"]
    expected = {
        "/api/chat",
        "/api/eligibility",
        "/api/states",
        "/api/states/{code}",
        "/healthz",
        "/readyz",
    }
    assert expected <= set(paths)


# --- Hand-picked nasty inputs -------------------------------------------------------------------

CHAT = {"sender_id": "web-3f2a", "message": "can kids complain to the UN??", "language": "en"}

JSON = "application/json"


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _nested(depth: int, key: str | None = None) -> bytes:
    """JSON nested `depth` levels deep: lists, or objects under `key`."""
    if key is None:
        return b"[" * depth + b"]" * depth
    return f'{{"{key}":'.encode() * depth + b"1" + b"}" * depth


GARBAGE = random.Random(20240601).randbytes(4096)

# (id, body bytes, content type, allowed statuses); None allows any 2xx or 4xx.
COMMON_NASTY: list[tuple[str, bytes, str | None, set[int] | None]] = [
    ("empty-body", b"", JSON, {422}),
    ("body-over-16KiB", b'{"x": "' + b"a" * (20 * 1024) + b'"}', JSON, {413}),
    ("binary-garbage", GARBAGE, JSON, {400, 415, 422}),
    ("binary-garbage-octet-stream", GARBAGE, "application/octet-stream", {400, 415, 422}),
    ("invalid-utf8", b'{"sender_id": "a", "message": "\xff\xfe\xc3\x28"}', JSON, {400, 422}),
    (
        "lone-surrogate-escape",
        b'{"sender_id": "a", "message": "\\ud800", "country": "\\udfff"}',
        JSON,
        None,
    ),
    ("no-content-type", _json(CHAT), None, None),
    ("text-plain", _json(CHAT), "text/plain", None),
    (
        "form-urlencoded",
        b"sender_id=a&message=hi&country=ES",
        "application/x-www-form-urlencoded",
        {400, 415, 422},
    ),
    ("multipart-garbage", b"--x\r\n\r\n--x--", "multipart/form-data; boundary=x", {400, 415, 422}),
    ("json-list", b"[]", JSON, {422}),
    ("json-number", b"42", JSON, {422}),
    ("json-null", b"null", JSON, {422}),
    ("json-string", b'"hello"', JSON, {422}),
    ("json-true", b"true", JSON, {422}),
    ("truncated-json", b'{"sender_id": "a", "message": "hi', JSON, {400, 422}),
    ("json-nan", b'{"sender_id": "a", "message": NaN, "country": NaN}', JSON, {422}),
    ("huge-number", b'{"sender_id": 1e999999, "message": 1' + b"0" * 5000 + b"}", JSON, {422}),
    ("nested-lists-8000-deep", _nested(8000), JSON, {400, 422}),
    ("nested-objects-2700-deep", _nested(2700, "a"), JSON, {400, 422}),
    (
        "duplicate-keys",
        b'{"sender_id": "a", "sender_id": "b", "message": "hi", "country": "ES"}',
        JSON,
        None,
    ),
]

CHAT_NASTY: list[tuple[str, dict[str, Any], set[int]]] = [
    ("empty-message", {"message": ""}, {422}),
    ("whitespace-message", {"message": " \t\n\u3000 "}, {422}),
    ("message-2000-chars", {"message": "a" * 2000}, {200}),
    ("message-2001-chars", {"message": "a" * 2001}, {422}),
    ("message-null", {"message": None}, {422}),
    ("message-number", {"message": 12}, {422}),
    ("message-list", {"message": ["hi"]}, {422}),
    ("message-object", {"message": {"text": "hi"}}, {422}),
    (
        "emoji",
        {"message": "can 👧🏽 complain? 🇺🇳🙏 \U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1"},
        {200},
    ),
    ("arabic", {"message": "هل يمكن للأطفال تقديم شكوى إلى الأمم المتحدة؟"}, {200}),
    ("hebrew", {"message": "האם ילדים יכולים להתלונן באו״ם?"}, {200}),
    ("bidi-override", {"message": "\u202eniamoD\u202c \u2067hello\u2069"}, {200}),
    ("nul-in-message", {"message": "hel\u0000lo"}, {200}),
    ("only-nul", {"message": "\u0000\u0000"}, {422}),
    ("only-control-characters", {"message": "\u0001\u0007\u001b\u007f"}, {422}),
    ("zero-width-only", {"message": "\u200b\u200c\u200d\ufeff"}, {200, 422}),
    ("combining-marks", {"message": "Z" + "\u0336\u0353\u035a" * 600}, {200}),
    ("lone-surrogate", {"message": "\ud83d"}, {200, 422}),
    ("sender-empty", {"sender_id": ""}, {422}),
    ("sender-129-chars", {"sender_id": "a" * 129}, {422}),
    ("sender-trailing-newline", {"sender_id": "abc\n"}, {422}),
    ("sender-nul", {"sender_id": "ab\u0000c"}, {422}),
    ("sender-path-traversal", {"sender_id": "../../etc/passwd"}, {422}),
    ("sender-sql", {"sender_id": "a'; DROP TABLE events;--"}, {422}),
    ("sender-unicode", {"sender_id": "ßüñ"}, {422}),
    ("sender-number", {"sender_id": 42}, {422}),
    ("language-unknown", {"language": "de"}, {422}),
    ("language-empty", {"language": ""}, {422}),
    ("language-number", {"language": 1}, {422}),
    ("extra-field", {"admin": True, "__proto__": {}}, {200}),
]

ELIGIBILITY_NASTY: list[tuple[str, dict[str, Any], set[int]]] = [
    ("unknown-country", {"country": "Atlantis"}, {422}),
    ("country-empty", {"country": ""}, {422}),
    ("country-whitespace", {"country": "   "}, {422}),
    ("country-101-chars", {"country": "a" * 101}, {422}),
    ("country-number", {"country": 724}, {422}),
    ("country-null", {"country": None}, {422}),
    ("country-nul", {"country": "E\u0000S"}, {422}),
    ("country-emoji-flag", {"country": "🇪🇸"}, {422}),
    ("country-arabic", {"country": "إسبانيا"}, {200, 422}),
    ("country-hebrew", {"country": "ספרד"}, {200, 422}),
    ("country-lowercase-alpha3", {"country": "esp"}, {200}),
    ("country-eszett", {"country": "ß"}, {200, 422}),
    (
        "country-long-typo",
        {"country": "Spainnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"},
        {200, 422},
    ),
    ("event-in-future", {"event_date": "2999-01-01"}, {422}),
    ("decision-in-future", {"final_decision_date": "2999-01-01"}, {422}),
    ("event-after-as-of", {"event_date": "2024-06-02"}, {422}),
    ("as-of-in-future", {"as_of": "2999-12-31"}, {200}),
    (
        "as-of-far-past",
        {"as_of": "0001-01-01", "event_date": None, "final_decision_date": None},
        {200},
    ),
    ("as-of-year-9999", {"as_of": "9999-12-31", "final_decision_date": "9999"}, {200, 422}),
    ("as-of-last-day", {"as_of": "9999-12-31", "final_decision_date": "9999-12-31"}, {200, 422}),
    ("decision-feb-29", {"final_decision_date": "2024-02-29"}, {200}),
    ("event-year-0000", {"event_date": "0000"}, {422}),
    ("event-month-13", {"event_date": "2019-13"}, {422}),
    ("event-feb-30", {"event_date": "2019-02-30"}, {422}),
    ("event-not-a-date", {"event_date": "yesterday"}, {422}),
    ("event-eleven-chars", {"event_date": "2019-05-011"}, {422}),
    ("event-iso-datetime", {"event_date": "2019-05-01T10:00"}, {422}),
    ("event-arabic-digits", {"event_date": "٢٠١٩"}, {200, 422}),
    ("event-number", {"event_date": 2019}, {422}),
    ("as-of-not-a-date", {"as_of": "2024-13-01"}, {422}),
    ("as-of-number", {"as_of": 1_700_000_000}, {200, 422}),
    ("as-of-huge-number", {"as_of": 10**30}, {200, 422}),
    ("bool-as-string", {"ongoing": "true"}, {422}),
    ("bool-as-number", {"anonymous": 1}, {422}),
    ("remedies-unknown", {"domestic_remedies": "maybe"}, {422}),
    ("acting-for-unknown", {"acting_for": "lawyer"}, {422}),
    ("language-unknown", {"language": "de"}, {422}),
    ("all-unknown", {k: None for k in ELIGIBILITY_EXAMPLE if k != "country"}, {200}),
]


@pytest.fixture
def nasty_client(make_settings: Callable[..., Any], make_assistant: type) -> TestClient:
    """A client that reports a crash as the 500 a real client would get, not as an exception."""
    app = create_app(make_settings(**FUZZ_SETTINGS), assistant=make_assistant())
    return TestClient(app, raise_server_exceptions=False)


def assert_json_error_or_ok(response: Any, allowed: set[int] | None, what: str) -> None:
    status = response.status_code
    assert status < 500, f"{what}: {status} {response.text[:500]}"
    assert "Traceback" not in response.text, f"{what}: {response.text[:500]}"
    if allowed is not None:
        assert status in allowed, (
            f"{what}: {status} not in {sorted(allowed)}: {response.text[:300]}"
        )
    else:
        assert 200 <= status < 300 or 400 <= status < 500, f"{what}: {status}"
    body = response.json()
    if status >= 400:
        assert set(body) == {"error"}, f"{what}: {body}"
        assert set(body["error"]) == {"code", "message"}, f"{what}: {body}"
        assert body["error"]["code"] and body["error"]["message"], f"{what}: {body}"


@pytest.mark.parametrize("path", ["/api/chat", "/api/eligibility"])
@pytest.mark.parametrize(
    ("body", "content_type", "allowed"),
    [pytest.param(body, ctype, allowed, id=name) for name, body, ctype, allowed in COMMON_NASTY],
)
def test_nasty_bodies_get_a_json_4xx_or_a_200(
    nasty_client, path, body, content_type, allowed
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = nasty_client.post(path, content=body, headers=headers)
    assert_json_error_or_ok(response, allowed, f"POST {path} {body[:80]!r} ({content_type})")


@pytest.mark.parametrize(
    ("changes", "allowed"),
    [pytest.param(changes, allowed, id=name) for name, changes, allowed in CHAT_NASTY],
)
def test_nasty_chat_fields_get_a_json_4xx_or_a_200(nasty_client, changes, allowed) -> None:
    body = {**CHAT, **changes}
    response = nasty_client.post("/api/chat", content=_json(body), headers={"content-type": JSON})
    assert_json_error_or_ok(response, allowed, f"POST /api/chat {str(body)[:200]}")


@pytest.mark.parametrize(
    ("changes", "allowed"),
    [pytest.param(changes, allowed, id=name) for name, changes, allowed in ELIGIBILITY_NASTY],
)
def test_nasty_eligibility_answers_get_a_json_4xx_or_a_200(nasty_client, changes, allowed) -> None:
    body = {**ELIGIBILITY_EXAMPLE, **changes}
    response = nasty_client.post(
        "/api/eligibility", content=_json(body), headers={"content-type": JSON}
    )
    assert_json_error_or_ok(response, allowed, f"POST /api/eligibility {str(body)[:200]}")


# The schema leaves the dates as free text, so the fuzzing above rarely builds a real one: here
# every answer is drawn from what the spec allows, with dates out to the ends of the calendar.


EDGE_DATES = [date.min, date.max, date(2024, 2, 29), date(2000, 2, 29), date(1999, 12, 31)]
MAYBE = st.one_of(st.none(), st.booleans())


def _partial_dates(latest: date) -> st.SearchStrategy[str | None]:
    """None, or a day, month or year no later than `latest` (mostly), or any 4-2-2 digits."""
    days = st.one_of(st.just(latest), st.sampled_from(EDGE_DATES), st.dates(max_value=latest))
    return st.one_of(
        st.none(),
        days.flatmap(
            lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], f"{d.year:04d}"])
        ),
        st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z"),
    )


@st.composite
def eligibility_answers(draw: st.DrawFn) -> dict[str, Any]:
    """Answers as the spec allows them, judged on a fixed `as_of` so that runs do not depend on
    today's date; the dates are mostly on or before `as_of`, out to the calendar's ends."""
    states = default_states_table().all()
    as_of = draw(st.one_of(st.sampled_from(EDGE_DATES), st.dates()))
    return {
        "country": draw(
            st.one_of(
                st.sampled_from([s.iso2 for s in states] + [s.iso3.lower() for s in states]),
                st.text(min_size=1, max_size=100),
            )
        ),
        "as_of": as_of.isoformat(),
        "event_date": draw(_partial_dates(as_of)),
        "final_decision_date": draw(_partial_dates(as_of)),
        "ongoing": draw(MAYBE),
        "child_at_time": draw(MAYBE),
        "domestic_remedies": draw(
            st.sampled_from(
                [None, "exhausted", "not_tried", "in_progress", "not_available_or_ineffective"]
            )
        ),
        "examined_elsewhere": draw(MAYBE),
        "anonymous": draw(MAYBE),
        "acting_for": draw(
            st.sampled_from([None, "self", "group", "other_with_consent", "other_without_consent"])
        ),
        "language": draw(st.sampled_from(["en", "fr", "es"])),
    }


@settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=eligibility_answers())
def test_any_eligibility_answers_get_a_200_or_a_json_422(nasty_client, answers) -> None:
    response = nasty_client.post("/api/eligibility", json=answers)
    assert_json_error_or_ok(response, {200, 422}, f"POST /api/eligibility {answers}")


def test_unknown_country_and_future_dates_have_their_codes(nasty_client) -> None:
    unknown = nasty_client.post(
        "/api/eligibility", json={**ELIGIBILITY_EXAMPLE, "country": "Atlantis"}
    )
    assert unknown.json()["error"]["code"] == "unknown_country"
    future = nasty_client.post(
        "/api/eligibility", json={**ELIGIBILITY_EXAMPLE, "event_date": "2999-01-01"}
    )
    assert future.status_code == 422


def test_the_2001_char_message_is_refused_and_2000_accepted(nasty_client) -> None:
    too_long = nasty_client.post("/api/chat", json={**CHAT, "message": "a" * 2001})
    assert too_long.status_code == 422
    assert nasty_client.post("/api/chat", json={**CHAT, "message": "a" * 2000}).status_code == 200


def test_a_chunked_body_over_the_limit_is_413(nasty_client) -> None:
    def chunks():
        for _ in range(20):
            yield b"a" * 1024

    response = nasty_client.post("/api/chat", content=chunks(), headers={"content-type": JSON})
    assert_json_error_or_ok(response, {413}, "chunked 20 KiB")


ODD_REQUESTS = [
    ("get-on-post-route", "GET", "/api/chat"),
    ("put-on-post-route", "PUT", "/api/eligibility"),
    ("delete-on-get-route", "DELETE", "/api/states"),
    ("trace", "TRACE", "/healthz"),
    ("nul-in-path", "GET", "/api/states/%00"),
    ("5000-char-path", "GET", "/api/states/" + "x" * 5000),
    ("invalid-utf8-in-path", "GET", "/api/states/%ff%fe"),
    ("path-traversal", "GET", "/api/states/..%2f..%2fetc%2fpasswd"),
    ("arabic-code", "GET", "/api/states/\u0627\u0644"),
    ("nul-in-query", "GET", "/api/states/ES?x=%00&y=%ff"),
    ("no-such-route", "GET", "/no/such/route"),
]


@pytest.mark.parametrize(
    ("method", "path"),
    [pytest.param(method, path, id=name) for name, method, path in ODD_REQUESTS],
)
def test_odd_methods_and_paths_get_a_json_error_or_a_200(nasty_client, method, path) -> None:
    response = nasty_client.request(method, path)
    assert_json_error_or_ok(response, None, f"{method} {path[:80]}")
