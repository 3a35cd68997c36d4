"""Request bodies quoted from spec/api.md, shared by unit and integration tests."""

ELIGIBILITY_EXAMPLE = {
    "country": "ES",
    "event_date": "2019-05-01",
    "ongoing": False,
    "child_at_time": True,
    "domestic_remedies": "exhausted",
    "final_decision_date": "2024-02-10",
    "examined_elsewhere": False,
    "anonymous": False,
    "acting_for": "self",
    "as_of": "2024-06-01",
}
