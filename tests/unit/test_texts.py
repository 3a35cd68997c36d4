"""bot/texts: fixed sentences per language, with {fields} filled in."""

from __future__ import annotations

import string
from datetime import date

import pytest

from bot.eligibility_chat import BUTTONS
from bot.eligibility_dialogue import understand, wants_to_restart, wants_to_stop
from bot.language import LANGUAGES
from bot.states import default_states_table
from bot.texts import TEXTS_DIR, Texts, default_texts, load_texts

# The {fields} the code passes to each key (bot/answers.py, api/routers/chat.py).
FIELDS_USED = {
    "country_party": {"country", "since"},
    "country_party_no_date": {"country"},
    "country_signatory": {"country"},
    "country_not_party": {"country"},
    "country_as_of": {"as_of", "url"},
    "date_format": {"day", "month", "year"},
    "reason_state_not_party": {"country"},
    "reason_before_entry_into_force": {"country"},
    "reason_before_entry_into_force_ongoing": {"country"},
    "reason_before_entry_into_force_unsure": {"country"},
    "eligibility_country_ok": {"country"},
    "safety_call": {"helpline"},
    "safety_emergency": {"emergency"},
    "safety_self_harm_call": {"helpline"},
    "safety_self_harm_emergency": {"emergency"},
    "safety_friend_call": {"helpline"},
    "safety_friend_emergency": {"emergency"},
    "safety_check_in_call": {"helpline"},
    "safety_closed": {"helpline", "hours"},
    "safety_limited": {"emergency"},
    "safety_no_line": {"url"},
    "safety_no_country": {"url"},
    "button_call": {"number"},
    "button_call_emergency": {"number"},
    "hours_day_range": {"first", "last"},
    "hours_period": {"days", "opens", "closes"},
    "quiz_intro": {"total"},
    "quiz_question": {"number", "total", "question"},
    "quiz_wrong": {"answer"},
    "quiz_done": {"score", "total"},
    "case_card": {"number", "total", "title"},
    "case_you_said": {"choice"},
    "workshop_joined": {"title"},
    "handout_code": {"code"},
}
KEYS_USED = {
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "more_button",
    "more_none",
    "action_failed",
    "too_fast",
    "message_too_long",
    "months",
    "telegram_help",
    "telegram_language_prompt",
    "telegram_forgotten",
    "telegram_text_only",
    "telegram_unavailable",
    "telegram_old_button",
    *FIELDS_USED,
}
SAMPLE_VALUES = {
    "country": "Spain",
    "since": "14 April 2014",
    "as_of": "1 May 2024",
    "url": "https://treaties.un.org/",
    "helpline": "116 111",
    "emergency": "112",
    "name": "Atlantis",
    "day": 14,
    "month": "April",
    "year": 2014,
    "total": 12,
    "number": 3,
    "question": "Who can complain?",
    "answer": "A child",
    "score": 9,
    "title": "Class 6B",
    "choice": "Yes",
    "code": "K7QX2M",
    "hours": "Monday to Friday, 09:00 to 17:00",
    "first": "Monday",
    "last": "Friday",
    "days": "every day",
    "opens": "09:00",
    "closes": "17:00",
}


def field_names(template: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    return default_texts().by_language["en"]


def test_english_has_every_key_the_code_uses(english):
    assert set(english) >= KEYS_USED


def test_every_english_key_uses_exactly_the_fields_the_code_passes(english):
    for key, template in english.items():
        assert field_names(template) == FIELDS_USED.get(key, set()), key


def test_every_english_key_formats_without_leftover_braces(english):
    texts = default_texts()
    for key in english:
        fields = {name: SAMPLE_VALUES[name] for name in FIELDS_USED.get(key, ())}
        sentence = texts.get(key, "en", **fields)
        assert sentence.strip(), key
        assert "{" not in sentence and "}" not in sentence, key


def test_fields_are_filled_in():
    sentence = default_texts().get("country_not_party", "en", country="Narnia")
    assert sentence.startswith("Narnia has not joined OPIC")


def test_months_are_twelve_words(english):
    assert len(english["months"].split()) == 12


def test_missing_language_falls_back_to_english():
    texts = default_texts()
    assert texts.get("greet", "de") == texts.get("greet", "en")
    assert texts.get("greet", "it") == texts.get("greet", "en")


def test_missing_key_in_a_language_falls_back_to_english():
    texts = Texts({"en": {"greet": "Hi", "thanks": "You're welcome"}, "fr": {"greet": "Salut"}})
    assert texts.get("greet", "fr") == "Salut"
    assert texts.get("thanks", "fr") == "You're welcome"


def test_keys_of_a_language():
    texts = Texts({"en": {"greet": "Hi"}, "fr": {"greet": "Salut"}})
    assert texts.keys("fr") == {"greet"}
    assert texts.keys("de") == set()


def test_texts_without_english_are_rejected():
    with pytest.raises(ValueError, match="English"):
        Texts({"fr": {"greet": "Salut"}})


def test_a_file_that_is_not_a_mapping_of_sentences_is_rejected(tmp_path):
    (tmp_path / "en.yml").write_text("greet:\n  - not a sentence\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en\.yml"):
        load_texts(tmp_path)


def test_load_texts_reads_one_file_per_language(tmp_path):
    (tmp_path / "en.yml").write_text("greet: Hi\n", encoding="utf-8")
    (tmp_path / "fr.yml").write_text("greet: Salut\n", encoding="utf-8")
    assert load_texts(tmp_path).get("greet", "fr") == "Salut"


def test_shipped_texts_load_from_the_package():
    assert "en" in load_texts(TEXTS_DIR).by_language


# Every language file (bot/texts/<language>.yml) says the same things as English.


def test_every_language_the_bot_speaks_has_a_texts_file():
    assert set(LANGUAGES) <= set(default_texts().by_language)


def test_every_key_is_in_every_language():
    by_language = default_texts().by_language
    every_key = set().union(*(set(sentences) for sentences in by_language.values()))
    missing = {
        language: sorted(every_key - set(sentences))
        for language, sentences in by_language.items()
        if every_key - set(sentences)
    }
    assert not missing, f"keys missing per language: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_uses_the_same_fields_as_english(english, language):
    own = default_texts().by_language[language]
    for key, template in own.items():
        assert field_names(template) == field_names(english.get(key, "")), (language, key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_formats_in_every_language(language):
    texts = default_texts()
    for key in texts.keys(language):
        fields = {name: SAMPLE_VALUES[name] for name in FIELDS_USED.get(key, ())}
        sentence = texts.get(key, language, **fields)
        assert sentence.strip(), (language, key)
        assert "{" not in sentence and "}" not in sentence, (language, key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_months_are_twelve_words_in_every_language(language):
    assert len(default_texts().get("months", language).split()) == 12


# Keys that may read the same as English: language names, a date pattern, Spanish "No".
MAY_MATCH_ENGLISH = {
    "date_format",
    "button_no",
    "button_quiz",  # "Quiz" in all three languages
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_french_and_spanish_are_not_english_left_in_place(english, language):
    own = default_texts().by_language[language]
    same = {key for key in own if own[key] == english.get(key)}
    assert same <= MAY_MATCH_ENGLISH, sorted(same - MAY_MATCH_ENGLISH)


# A child may type a button's title instead of pressing it: the check must understand it.
# (Checked for fr and es; some English titles, like "It was not possible", are not in
# bot/eligibility_words.yml.)
QUESTION_OF_KIND = {
    "yes_no": "ongoing",
    "event_date": "event_date",
    "final_decision_date": "final_decision_date",
    "domestic_remedies": "domestic_remedies",
    "acting_for": "acting_for",
}


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("kind", sorted(BUTTONS))
def test_a_typed_button_title_means_what_the_button_sends(language, kind):
    texts, states, today = default_texts(), default_states_table(), date(2026, 11, 28)
    question = QUESTION_OF_KIND[kind]
    for key, payload in BUTTONS[kind]:
        typed = understand(question, texts.get(key, language), today, states).value
        assert typed == understand(question, payload, today, states).value, (language, key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_typed_stop_and_restart_titles_stop_and_restart(language):
    texts = default_texts()
    assert wants_to_stop(texts.get("button_stop", language))
    assert wants_to_restart(texts.get("button_restart", language))
