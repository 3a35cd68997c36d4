"""bot/safe_assistant.py: what the engine receives from every channel."""

from __future__ import annotations

from bot.privacy import conversation_key
from bot.safe_assistant import SAFEGUARDING_PAYLOAD, SafeAssistant

SALT = b"test-salt"


async def test_the_engine_sees_a_hashed_key_and_redacted_text(fake_assistant):
    safe = SafeAssistant(fake_assistant, SALT)
    reply = await safe.reply("telegram-42", "write to me at kid@example.org", "en")
    key, text, language = fake_assistant.calls[-1]
    assert key == conversation_key("telegram-42", SALT)
    assert text == "write to me at [email]"
    assert language == "en"
    assert reply.sender_id == "telegram-42"  # the channel gets its own id back


async def test_a_disclosure_reaches_the_engine_only_as_the_safeguarding_intent(fake_assistant):
    safe = SafeAssistant(fake_assistant, SALT)
    await safe.reply("web-1", "my dad hits me every night")
    assert fake_assistant.calls[-1][1] == '/safeguarding{"safety":"crisis","concern":"abuse"}'
    await safe.reply("web-1", "SOS")
    assert fake_assistant.calls[-1][1].startswith(SAFEGUARDING_PAYLOAD + "{")
    assert "SOS" not in fake_assistant.calls[-1][1]


async def test_an_ordinary_question_about_violence_is_passed_on(fake_assistant):
    safe = SafeAssistant(fake_assistant, SALT)
    await safe.reply("web-1", "can kids complain about police violence?")
    assert fake_assistant.calls[-1][1] == "can kids complain about police violence?"


async def test_forget_uses_the_same_key(fake_assistant):
    safe = SafeAssistant(fake_assistant, SALT)
    await safe.forget("web-1")
    assert fake_assistant.forgotten == [conversation_key("web-1", SALT)]
