"""The knowledge base: what opic-bot answers, per topic and language, as validated data."""

from bot.knowledge.loader import KnowledgeBase, load_knowledge_base

__all__ = ["KnowledgeBase", "load_knowledge_base"]
