"""Telegram conversations: python-telegram-bot handlers in front of the (safe) assistant.

Every person gets their own conversation, also in a group chat (`tg-<chat>-<user>`); the
SafeAssistant hashes that id, redacts the text and answers a call for help first. Bot text is
sent as plain text (no parse_mode), each button as one row of an inline keyboard.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from telegram import InlineKeyboardMarkup, Message, Update, User
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.activities.cases import START as CASES_START
from bot.activities.quiz import START as QUIZ_START
from bot.assistant import Assistant, AssistantUnavailable, BotMessage, Reply
from bot.knowledge.loader import Button, payload_for
from bot.language import LANGUAGES, language_names
from bot.rate_limit import Limiter
from bot.settings import Settings
from bot.texts import Texts
from bot.workshops.store import WorkshopStore
from channels.telegram_keyboard import (
    LANGUAGE_PREFIX,
    ButtonKeys,
    keyboard,
    language_keyboard,
    language_of,
    pressed_title,
)

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
GREET_PAYLOAD = "/greet"
CHECK_PAYLOAD = payload_for("eligibility_check")
TEXT_LIMIT = 4096
"""Telegram's longest message, in characters."""
ECHO_PREFIX = "› "
MAX_MESSAGE_CHARS = 2000
"""The longest message the assistant reads, as on the HTTP API."""
JOIN_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""What Telegram allows in a /start deep-link parameter."""

AssistantSource = Callable[[], Assistant | None]
WorkshopSource = Callable[[], WorkshopStore]
Context = ContextTypes.DEFAULT_TYPE


def sender_id(chat_id: int, user_id: int) -> str:
    """One conversation per person and chat: two children in one group are two conversations."""
    return f"tg-{chat_id}-{user_id}"


def language_hint(user: User | None) -> str | None:
    """The user's Telegram language when the assistant speaks it (en, fr, es), else None."""
    code = (user.language_code or "") if user else ""
    primary = code.split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def join_code(args: Sequence[str] | None) -> str | None:
    """The code of `/start <code>` (workshop join codes), or None when absent or malformed."""
    return args[0] if args and JOIN_CODE.match(args[0]) else None


def chunks(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """A text cut into pieces Telegram accepts."""
    return [text[start : start + limit] for start in range(0, len(text), limit)] or [""]


class TelegramChannel:
    """The handlers of one bot: commands, text messages and button presses."""

    def __init__(
        self,
        assistant: AssistantSource,
        texts: Texts,
        limiter: Limiter | None = None,
        workshops: WorkshopSource | None = None,
        keys: ButtonKeys | None = None,
    ) -> None:
        self.assistant = assistant
        self.texts = texts
        self.keys = keys or ButtonKeys()
        """Long button payloads by short key; shared in Redis when workers share it."""
        self.limiter = limiter
        """The same per-sender limit as the HTTP API; None: no limit."""
        self.workshops = workshops
        """Where `/start <code>` joins a workshop; None: codes are not read."""

    def install(self, application: Application) -> None:
        """Register every handler (order matters: commands before the catch-alls)."""
        new = filters.UpdateType.MESSAGE
        private = filters.ChatType.PRIVATE
        commands = {
            "start": self.on_start,
            "help": self.on_help,
            "language": self.on_language,
            "check": self.on_check,
            "quiz": self.on_quiz,
            "cases": self.on_cases,
            "forget": self.on_forget,
        }
        for name, callback in commands.items():
            application.add_handler(CommandHandler(name, callback, filters=new))
        application.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, self.on_text))
        application.add_handler(MessageHandler(new & private & filters.COMMAND, self.on_help))
        application.add_handler(MessageHandler(new & private & ~filters.TEXT, self.on_not_text))
        application.add_handler(
            CallbackQueryHandler(self.on_language_button, pattern=f"^{LANGUAGE_PREFIX}")
        )
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_error_handler(self.on_error)

    # Commands

    async def on_start(self, update: Update, context: Context) -> None:
        """Greeting and menu, in the user's Telegram language for a new conversation;
        `/start <code>` (a workshop's deep link) joins the workshop first."""
        code = join_code(context.args)
        if code is not None and self.workshops is not None:
            await self.join(update, context, code)
            return
        await self.converse(update, context, GREET_PAYLOAD, language_hint(update.effective_user))

    async def join(self, update: Update, context: Context, code: str) -> None:
        """Join the workshop, welcome the child in its language and greet in it (which sets the
        conversation's language); an unknown or ended code gets a kind word and the greeting."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or self.workshops is None:
            return
        try:
            workshop = self.workshops().join_sender(code, sender_id(chat.id, user.id))
        except Exception as error:  # the store is unavailable: the child can still chat
            logger.error("telegram workshop join failed: %s", type(error).__name__)
            workshop = None
        if workshop is None:
            await self.say(update, context, "workshop_unknown")
            await self.converse(update, context, GREET_PAYLOAD, language_hint(user))
            return
        language = workshop.language
        welcome = BotMessage(
            self.texts.get("workshop_joined", language, title=workshop.title),
            [
                Button(self.texts.get("button_quiz", language), QUIZ_START),
                Button(self.texts.get("button_cases", language), CASES_START),
            ],
        )
        await self.converse(update, context, GREET_PAYLOAD, language)
        await self.send(context, chat.id, welcome, language)

    async def on_help(self, update: Update, context: Context) -> None:
        await self.say(update, context, "telegram_help")

    async def on_language(self, update: Update, context: Context) -> None:
        keyboard = language_keyboard(language_names())
        await self.say(update, context, "telegram_language_prompt", keyboard)

    async def on_check(self, update: Update, context: Context) -> None:
        await self.converse(update, context, CHECK_PAYLOAD)

    async def on_quiz(self, update: Update, context: Context) -> None:
        await self.converse(update, context, QUIZ_START, await self.new_chat_language(update))

    async def on_cases(self, update: Update, context: Context) -> None:
        await self.converse(update, context, CASES_START, await self.new_chat_language(update))

    async def new_chat_language(self, update: Update) -> str | None:
        """The user's Telegram language for a conversation without one yet; else None (the
        conversation keeps the language it has, which may be one the child chose)."""
        chat, user, assistant = update.effective_chat, update.effective_user, self.assistant()
        if chat is None or user is None or assistant is None:
            return None
        try:
            if await assistant.conversation_language(sender_id(chat.id, user.id)):
                return None
        except Exception as error:  # the store is unavailable: converse() will say so
            logger.error("telegram language lookup failed: %s", type(error).__name__)
            return None
        return language_hint(user)

    async def on_forget(self, update: Update, context: Context) -> None:
        """Delete the person's conversation; say so only once it is done."""
        chat, user = update.effective_chat, update.effective_user
        assistant = self.assistant()
        if chat is None or user is None:
            return
        if assistant is None:
            await self.say(update, context, "telegram_unavailable")
            return
        try:
            await assistant.forget(sender_id(chat.id, user.id))
        except Exception as error:
            logger.error("telegram forget failed: %s", type(error).__name__)
            await self.say(update, context, "action_failed")
            return
        await self.say(update, context, "telegram_forgotten")

    # Messages and buttons

    async def on_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        if len(message.text) > MAX_MESSAGE_CHARS:  # the same limit as the HTTP API
            await self.say(update, context, "message_too_long")
            return
        await self.converse(update, context, message.text)

    async def on_not_text(self, update: Update, context: Context) -> None:
        await self.say(update, context, "telegram_text_only")

    async def on_button(self, update: Update, context: Context) -> None:
        """Acknowledge, show which button was pressed, then send its payload as the message."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        payload = self.keys.decode(query.data or "")
        if payload is None:
            await self.say(update, context, "telegram_old_button")
            return
        await self.echo(update, context)
        await self.converse(update, context, payload)

    async def on_language_button(self, update: Update, context: Context) -> None:
        """Set the conversation's language and greet in it."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        language = language_of(query.data or "")
        await self.echo(update, context)
        await self.converse(
            update, context, GREET_PAYLOAD, language if language in LANGUAGES else None
        )

    async def on_error(self, update: object, context: Context) -> None:
        """Log the kind of failure only: never what anyone wrote."""
        logger.error("telegram update failed: %s", type(context.error).__name__)

    # Talking

    async def converse(
        self, update: Update, context: Context, text: str, language: str | None = None
    ) -> None:
        """Send one message to the person's conversation and the replies back to the chat."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return
        assistant = self.assistant()
        if assistant is None:
            await self.say(update, context, "telegram_unavailable")
            return
        if self.limiter is not None and not self.limiter.allow(sender_id(chat.id, user.id)):
            await self.say(update, context, "too_fast", language=language)
            return
        try:
            reply = await assistant.reply(sender_id(chat.id, user.id), text, language)
        except AssistantUnavailable:
            await self.say(update, context, "telegram_unavailable")
            return
        except Exception as error:  # the child still gets a kind answer and can go on
            logger.error("telegram reply failed: %s", type(error).__name__)
            await self.say(update, context, "action_failed", language=language)
            return
        await self.send_reply(context, chat.id, reply)

    async def send_reply(self, context: Context, chat_id: int, reply: Reply) -> None:
        for message in reply.messages:
            await self.send(context, chat_id, message, reply.language)

    async def send(
        self, context: Context, chat_id: int, message: BotMessage, language: str = "en"
    ) -> None:
        """One bot message; a long text in pieces, the buttons under the last piece."""
        if not message.text.strip() and not message.buttons:
            return
        pieces = chunks(message.text.strip() or self.texts.get("menu_prompt", language))
        for piece in pieces[:-1]:
            await context.bot.send_message(chat_id, piece)
        await context.bot.send_message(
            chat_id, pieces[-1], reply_markup=keyboard(message.buttons, self.keys)
        )

    async def say(
        self,
        update: Update,
        context: Context,
        key: str,
        reply_markup: InlineKeyboardMarkup | None = None,
        language: str | None = None,
    ) -> None:
        """A fixed sentence from bot/texts, in the user's language when there is one."""
        chat = update.effective_chat
        if chat is None:
            return
        language = language or language_hint(update.effective_user) or "en"
        await context.bot.send_message(
            chat.id, self.texts.get(key, language), reply_markup=reply_markup
        )

    async def echo(self, update: Update, context: Context) -> None:
        """Take the keyboard off the pressed message and repeat the button's title in the chat."""
        query = update.callback_query
        message = query.message if query else None
        if query is None or not isinstance(message, Message):
            return
        title = pressed_title(message.reply_markup, query.data or "")
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError as error:  # e.g. a message too old to edit: the echo still helps
            logger.debug("keyboard not removed: %s", type(error).__name__)
        if title:
            await context.bot.send_message(message.chat.id, ECHO_PREFIX + title)


def build_application(
    settings: Settings, channel: TelegramChannel, *, polling: bool = False
) -> Application:
    """A python-telegram-bot Application for the configured bot; with an updater only to poll."""
    if settings.telegram_token is None:
        raise ValueError("OPIC_TELEGRAM_TOKEN is not set")
    quiet_libraries()
    builder = (
        Application.builder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_api_url)
    )
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    channel.install(application)
    return application


def quiet_libraries() -> None:
    """httpx logs every request URL at INFO, and a Bot API URL contains the bot's token."""
    for name in ("httpx", "httpcore", "telegram"):
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger(name).level))
