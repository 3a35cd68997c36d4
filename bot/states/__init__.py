"""The States table: who has joined OPIC and since when, from data files with sources."""

from bot.states.table import State, StatesTable, default_states_table

__all__ = ["State", "StatesTable", "default_states_table"]
