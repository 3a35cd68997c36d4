"""Running Rasa for opic-bot: training, the in-process agent, and in-process custom actions."""
