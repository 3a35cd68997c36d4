"""A stand-in for the Telegram Bot API: the real HTTP protocol on 127.0.0.1, every call recorded.

Serves `/bot<token>/<method>` as api.telegram.org does for the methods opic-bot uses, accepting
JSON, form and multipart bodies (python-telegram-bot sends forms whose non-string values are
JSON), and answers `{"ok": true, "result": ...}` with realistic objects, or Telegram's errors.
Runs an aiohttp server in a thread of the test process: point `telegram_api_url` at `api_url`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

TOKEN = "123456789:TEST-opic-bot-token"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "opic-bot",
    "username": "opic_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": True,
    "supports_inline_queries": False,
}
JSON_FIELDS = {"reply_markup", "allowed_updates", "entities", "commands", "reply_parameters"}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "max_connections"}
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64


@dataclass(frozen=True)
class Call:
    """One Bot API request as the stub received it."""

    method: str
    params: dict[str, Any]
    token: str


class TelegramError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def _decode(name: str, value: Any) -> Any:
    """A form value as the Bot API reads it: JSON objects and integers where they belong."""
    if not isinstance(value, str):
        return value
    if name in JSON_FIELDS:
        return json.loads(value)
    if name in INT_FIELDS and value.lstrip("-").isdigit():
        return int(value)
    if value in ("true", "false") and name not in ("text", "url", "secret_token"):
        return value == "true"
    return value


class TelegramStub:
    """The stand-in server. Use as a context manager, or start() and stop()."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.failures: dict[str, tuple[int, str]] = {}
        self.updates: list[dict[str, Any]] = []
        self.port = 0
        self._lock = threading.Lock()
        self._message_ids = itertools.count(1000)
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        """The base URL python-telegram-bot appends `<token>/<method>` to."""
        return f"http://127.0.0.1:{self.port}/bot"

    # Running

    def start(self) -> TelegramStub:
        self._thread = threading.Thread(target=self._serve, name="telegram-stub", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the Telegram stub did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> TelegramStub:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        runner = web.AppRunner(app, shutdown_timeout=1.0)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        self.port = runner.addresses[0][1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()

    # Recording and scripting

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.failures.clear()
            self.updates.clear()

    def fail(self, method: str, code: int = 400, description: str = "Bad Request") -> None:
        """Make every later call of a method fail with Telegram's error reply."""
        self.failures[method.lower()] = (code, description)

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (polling)."""
        with self._lock:
            self.updates.append(update)

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method.lower() == method.lower()]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        """The sendMessage calls to one chat, in order."""
        return [c for c in self.calls_to("sendMessage") if c.get("chat_id") == chat_id]

    def methods(self) -> list[str]:
        """The methods called, in order (getMe and getUpdates left out)."""
        with self._lock:
            return [c.method for c in self.calls if c.method not in ("getMe", "getUpdates")]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> list[dict[str, Any]]:
        """The calls of a method once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.05)
        raise TimeoutError(f"{count} call(s) of {method} expected, got {self.calls_to(method)}")

    # The protocol

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        token = request.match_info["token"]
        params = await self._params(request)
        with self._lock:
            self.calls.append(Call(method, params, token))
        try:
            if token != self.token:
                raise TelegramError(401, "Unauthorized")
            if method.lower() in self.failures:
                raise TelegramError(*self.failures[method.lower()])
            result = await self._result(method.lower(), params)
        except TelegramError as error:
            body = {"ok": False, "error_code": error.code, "description": error.description}
            return web.json_response(body, status=error.code)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        return {name: _decode(name, value) for name, value in params.items()}

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        handlers = {
            "getme": lambda: BOT_USER,
            "sendmessage": lambda: self._send_message(params),
            "answercallbackquery": lambda: self._require(params, "callback_query_id") or True,
            "editmessagereplymarkup": lambda: self._edit_markup(params),
            "setwebhook": lambda: self._require(params, "url") or True,
            "deletewebhook": lambda: True,
            "setmycommands": lambda: True,
            "getwebhookinfo": lambda: {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": 0,
            },
        }
        if method == "getupdates":
            return await self._get_updates(params)
        if method not in handlers:
            raise TelegramError(404, "Not Found")
        return handlers[method]()

    @staticmethod
    def _require(params: dict[str, Any], *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise TelegramError(400, f"Bad Request: {name} is empty")

    def _message(self, chat_id: int, **fields: Any) -> dict[str, Any]:
        chat = (
            {"id": chat_id, "type": "private", "first_name": "Sam"}
            if chat_id > 0
            else {"id": chat_id, "type": "group", "title": "Class 6B"}
        )
        return {
            "message_id": fields.pop("message_id", None) or next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **fields,
        }

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "chat_id", "text")
        text = params["text"]
        if len(text) > TEXT_LIMIT:
            raise TelegramError(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        self._check_markup(markup)
        extra = {"reply_markup": markup} if markup else {}
        return self._message(int(params["chat_id"]), text=text, **extra)

    def _edit_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if params.get("inline_message_id"):
            return True
        self._require(params, "chat_id", "message_id")
        markup = params.get("reply_markup")
        self._check_markup(markup)
        extra = {"reply_markup": markup} if markup else {}
        return self._message(
            int(params["chat_id"]), message_id=int(params["message_id"]), text="...", **extra
        )

    @staticmethod
    def _check_markup(markup: Any) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                    raise TelegramError(400, "Bad Request: BUTTON_DATA_INVALID")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: the queued updates from `offset` on, waiting up to 1 s for one."""
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                ready = list(self.updates)
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)


class Updates:
    """Update objects as Telegram POSTs them to a webhook (or returns them from getUpdates)."""

    def __init__(self) -> None:
        self._ids = itertools.count(500_000)

    @staticmethod
    def user(user_id: int, language_code: str | None = "en", name: str = "Sam") -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": name}
        if language_code:
            user["language_code"] = language_code
        return user

    @staticmethod
    def chat(chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Sam"}
        return {"id": chat_id, "type": "supergroup", "title": "Class 6B"}

    def message(
        self,
        text: str | None,
        user_id: int = 4242,
        chat_id: int | None = None,
        language_code: str | None = "en",
        **extra: Any,
    ) -> dict[str, Any]:
        """A message update; a text starting with / carries a bot_command entity."""
        message: dict[str, Any] = {
            "message_id": next(self._ids) % 100_000,
            "from": self.user(user_id, language_code),
            "chat": self.chat(chat_id if chat_id is not None else user_id),
            "date": int(time.time()),
            **extra,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._ids), "message": message}

    def press(
        self,
        data: str,
        keyboard: dict[str, Any] | None,
        user_id: int = 4242,
        chat_id: int | None = None,
        language_code: str | None = "en",
        message_id: int = 1000,
    ) -> dict[str, Any]:
        """A callback_query: the user pressed the button with `data` under a bot message."""
        chat = self.chat(chat_id if chat_id is not None else user_id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": BOT_USER,
            "chat": chat,
            "date": int(time.time()),
            "text": "...",
        }
        if keyboard:
            message["reply_markup"] = keyboard
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": self.user(user_id, language_code),
                "message": message,
                "chat_instance": "-7301",
                "data": data,
            },
        }


SECRET = "s3cret-Token_for-tests"


def settings_for(stub: TelegramStub, secret: str = SECRET) -> dict[str, Any]:
    """Settings overrides that point opic-bot at the stub (webhook secret included)."""
    return {
        "telegram_token": stub.token,
        "telegram_secret_token": secret,
        "telegram_api_url": stub.api_url,
    }


def env_for(stub: TelegramStub, secret: str = SECRET) -> dict[str, str]:
    """The same as OPIC_* environment variables, for an `opic-bot` subprocess."""
    return {f"OPIC_{name.upper()}": value for name, value in settings_for(stub, secret).items()}
