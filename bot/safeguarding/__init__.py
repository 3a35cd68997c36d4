"""Safeguarding: a child who may be in danger gets help first. Framework-free."""
