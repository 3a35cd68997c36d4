"""opic-bot's product logic: settings, knowledge base, States table, texts. Framework-free."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
