"""The States table: who has joined OPIC and since when, from data files with sources."""

from bot.states.table import State, StatesTable, default_states_table

UN_TREATY_PAGE = (
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11-d&chapter=4&clang=_en"
)
"""The UN Treaty Collection's page for OPIC: the official, latest list of States."""

__all__ = ["UN_TREATY_PAGE", "State", "StatesTable", "default_states_table"]
