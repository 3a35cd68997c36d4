"""The `opic-bot` command."""
