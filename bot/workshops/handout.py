"""A one-page printable handout per language: key answers from the knowledge base, the safety
line, and the workshop's join code with QR codes (drawn locally)."""

from __future__ import annotations

import base64
from html import escape

from bot.knowledge.loader import KnowledgeBase
from bot.texts import Texts
from bot.workshops.join import qr_svg

KEY_TOPICS = (
    "opic_what",
    "who_can_complain",
    "domestic_remedies",
    "time_limit",
    "how_to_submit",
    "get_help",
)
"""The answers a handout shows, in this order."""
STYLESHEET = "/workshop/handout.css"


def _qr(link: str, caption: str) -> str:
    data = base64.b64encode(qr_svg(link).encode()).decode()
    return (
        f'<figure class="qr"><img src="data:image/svg+xml;base64,{data}" alt="{escape(caption)}">'
        f'<figcaption>{escape(caption)}<br><span class="link">{escape(link)}</span>'
        "</figcaption></figure>"
    )


def handout_html(
    knowledge: KnowledgeBase,
    texts: Texts,
    language: str,
    code: str | None = None,
    web_link: str | None = None,
    telegram_link: str | None = None,
) -> str:
    """The handout as a whole HTML document (print it from the browser: one A4 page)."""

    def say(key: str, **fields: object) -> str:
        return escape(texts.get(key, language, **fields))

    answers = "".join(
        f"<section><h2>{escape(knowledge.text(topic, language).title)}</h2>"
        f"<p>{escape(knowledge.text(topic, language).answer)}</p></section>"
        for topic in KEY_TOPICS
    )
    join = ""
    if code:
        codes = [f'<p class="code">{say("handout_code", code=code)}</p>']
        if web_link:
            codes.append(_qr(web_link, texts.get("handout_join_web", language)))
        if telegram_link:
            codes.append(_qr(telegram_link, texts.get("handout_join_telegram", language)))
        join = f'<aside class="join">{"".join(codes)}</aside>'
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{say('handout_title')}</title>"
        f'<link rel="stylesheet" href="{STYLESHEET}"></head><body><main class="handout">'
        f"<header><h1>{say('handout_title')}</h1><p>{say('handout_intro')}</p></header>"
        f'{join}<div class="answers">{answers}</div>'
        f'<p class="safety">{say("handout_safety")}</p>'
        f"<footer><p>{say('handout_footer')}</p></footer></main></body></html>"
    )
