"""Rasa custom actions: thin adapters that call bot/ and send what it returns.

Loaded by rasa_sdk's ActionExecutor, either in the serve process or in a separate action server.
"""
