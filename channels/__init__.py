"""Channels that reach children: Telegram (python-telegram-bot). The web widget lives in web/."""
