"""The safeguarding detector: the evaluation set (tests/safeguarding/messages.yml), focused cases
for each category and language, spelling and text-speak, help words, the data files and speed."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.safeguarding.detector import (
    CATEGORIES,
    LANGUAGES,
    PATTERNS_DIR,
    detect,
    is_help_word,
    load_pattern_file,
)
from bot.states.names import normalise

MESSAGES = Path(__file__).resolve().parents[1] / "safeguarding" / "messages.yml"
MIN_PER_LANGUAGE = 25
MIN_TOTAL = 75
FORM_ANSWERS = {"yes", "no", "me", "2019", "last year", "france", "i don't know", "stop"}


def _evaluation() -> dict:
    return yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))


def _disclosures() -> list[tuple[str, str, str]]:
    """(language, expected category, message) for every disclosure of the evaluation set."""
    return [
        (language, category, str(text))
        for language, sets in _evaluation().items()
        for category, texts in sets["disclosures"].items()
        for text in texts
    ]


def _ordinary() -> list[tuple[str, str]]:
    """(language, message) for every ordinary message of the evaluation set."""
    return [
        (language, str(text))
        for language, sets in _evaluation().items()
        for text in sets["ordinary"]
    ]


# ---------------------------------------------------------------------------------------------
# The evaluation set


def test_evaluation_set_is_big_and_covers_every_category_in_every_language() -> None:
    disclosures, ordinary = _disclosures(), _ordinary()
    assert set(_evaluation()) == set(LANGUAGES)
    assert len(disclosures) >= MIN_TOTAL and len(ordinary) >= MIN_TOTAL
    for language in LANGUAGES:
        categories = Counter(c for lang, c, _ in disclosures if lang == language)
        assert set(categories) == set(CATEGORIES), language
        assert sum(categories.values()) >= MIN_PER_LANGUAGE, language
        assert sum(lang == language for lang, _ in ordinary) >= MIN_PER_LANGUAGE, language
    assert {text.lower() for lang, text in ordinary if lang == "en"} >= FORM_ANSWERS


def test_every_disclosure_is_detected_with_the_right_category_nearly_always() -> None:
    found = [(lang, category, text, detect(text)) for lang, category, text in _disclosures()]
    missed = [(lang, text) for lang, _, text, concern in found if concern is None]
    right = Counter(lang for lang, category, _, c in found if c and c.category == category)
    total = Counter(lang for lang, *_ in found)
    for language in LANGUAGES:
        print(f"disclosures {language}: {total[language]}, right category {right[language]}")
    assert not missed
    ratio = sum(right.values()) / len(found)
    print(f"category right for {ratio:.1%} of {len(found)} disclosures")
    assert ratio >= 0.9


def test_no_false_alarm_on_ordinary_messages() -> None:
    ordinary = _ordinary()
    alarms = [(text, detect(text)) for _, text in ordinary]
    for language in LANGUAGES:
        print(f"ordinary {language}: {sum(lang == language for lang, _ in ordinary)}")
    assert [(text, c.pattern) for text, c in alarms if c] == []


def _pattern_ids() -> set[str]:
    """Every pattern id the data files define: "<language>.<category>.<name>"."""
    ids = set()
    for language in LANGUAGES:
        data = load_pattern_file(PATTERNS_DIR / f"{language}.yml")
        for category, patterns in data.categories.items():
            names = [*patterns.always, *patterns.unless_general]
            ids |= {f"{language}.{category}.{name}" for name in names}
    return ids


def test_the_pattern_is_a_name_from_the_data_never_the_message() -> None:
    ids = _pattern_ids()
    for _, _, text in _disclosures():
        concern = detect(text)
        assert concern is not None
        assert concern.pattern in ids
        assert concern.pattern.startswith(f"{concern.language}.{concern.category}.")
        assert text.lower() not in concern.pattern
        assert normalise(text) not in concern.pattern


# ---------------------------------------------------------------------------------------------
# Focused cases

EACH_CATEGORY = {
    "en": {
        "abuse": "my mum's boyfriend slaps me when she's out",
        "violence": "the big boys at school keep punching me",
        "neglect": "nobody feeds us at home",
        "sexual_exploitation": "a man on tiktok asks me for pictures",
        "trafficking_child_labour": "they force me to work in a factory",
        "forced_marriage": "my parents are forcing me to marry an old man",
        "running_away_homeless": "i'm sleeping in a park tonight",
        "immediate_danger": "someone is breaking into our flat",
        "self_harm_suicide": "i want to kill myself",
    },
    "fr": {
        "abuse": "mon oncle me frappe",
        "violence": "ils vont me tabasser demain",
        "neglect": "on n'a rien à manger depuis deux jours",
        "sexual_exploitation": "un homme me demande des photos",
        "trafficking_child_labour": "on m'oblige à travailler la nuit",
        "forced_marriage": "ils veulent me marier de force",
        "running_away_homeless": "j'ai fugué",
        "immediate_danger": "je suis en danger",
        "self_harm_suicide": "j'ai envie de mourir",
    },
    "es": {
        "abuse": "mi madrastra me pega",
        "violence": "unos chicos me dieron una paliza",
        "neglect": "no hay comida en casa",
        "sexual_exploitation": "un hombre me pide fotos",
        "trafficking_child_labour": "me obligan a trabajar",
        "forced_marriage": "me van a casar con un viejo",
        "running_away_homeless": "me escapé de casa",
        "immediate_danger": "estoy en peligro",
        "self_harm_suicide": "quiero suicidarme",
    },
}


@pytest.mark.parametrize(
    ("language", "category", "text"),
    [(lang, cat, text) for lang, cases in EACH_CATEGORY.items() for cat, text in cases.items()],
)
def test_each_category_in_each_language(language: str, category: str, text: str) -> None:
    concern = detect(text)
    assert concern is not None
    assert (concern.category, concern.language) == (category, language)


@pytest.mark.parametrize(
    ("with_accents", "without"),
    [
        ("ma mère me frappe", "ma mere me frappe"),
        ("j'ai été violée", "j ai ete violee"),
        ("je me suis enfuie de chez moi", "je me suis enfuie de chez moi"),
        ("mi papá me pegó", "mi papa me pego"),
        ("¡Me quiero morir!", "me quiero morir"),
        ("me están golpeando", "me estan golpeando"),
    ],
)
def test_accents_do_not_matter(with_accents: str, without: str) -> None:
    assert detect(with_accents) is not None
    assert detect(with_accents) == detect(without)


@pytest.mark.parametrize(
    "shouting", ["MY DAD BEATS ME", "JE VEUX MOURIR", "ME QUIERO MORIR", "Mon Père Me Frappe"]
)
def test_capitals_do_not_matter(shouting: str) -> None:
    assert detect(shouting) == detect(shouting.lower()) is not None


@pytest.mark.parametrize(
    "text",
    [
        "i want to dieeeee",
        "my dad hiiiits me",
        "pleeease help me i am in danger",
        "je veux mourrrrir",
        "me quiero moriiiir",
        "nooo food at home for days",
    ],
)
def test_repeated_letters(text: str) -> None:
    assert detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "my grandpa hurst me",
        "my stepdad beatss me",
        "i want to kil myself",
        "i wnat to die",
        "my mom slapps me",
        "mon pere me frape",
        "je veux me suisider",
        "me quiero matarr",
        "mi padrastro me golpeya",
        "me kiero sucidar",
    ],
)
def test_one_spelling_mistake(text: str) -> None:
    assert detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "im scared bc my dad beats me",
        "ppl at school r gonna beat me up",
        "i dont wanna live",
        "i dnt want to live anymore",
        "kms",
        "ppl keep telling me to kys",
        "i want to unalive myself",
        "u know my mom hits me",
        "ur not going to believe it but my stepdad beats me",
        "jsuis en danger",
        "chui battue",
        "j'veux mourir",
        "g envie de mourir",
        "pk mon pere me frappe",
        "mm ma mere me frappe",
        "q me quiero morir",
        "toy en peligro",
        "kiero morir",
        "xq mi papa me pega",
        "tb me pega mi mama",
        "k me van a matar",
    ],
)
def test_text_speak(text: str) -> None:
    assert detect(text) is not None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my papa me pega", "abuse"),  # English and Spanish in one message
        ("help moi je suis en danger", "immediate_danger"),
        ("What if he finds out? My dad hits me.", "abuse"),  # the question is another sentence
        ("Él me toca por las noches", "abuse"),  # a leading "el" is kept
    ],
)
def test_mixed_languages_and_sentences(text: str, category: str) -> None:
    concern = detect(text)
    assert concern is not None and concern.category == category


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?!",
        "what if my dad hits me, can i complain?",
        "can they hurt me for going to the un?",
        "si mon père me frappe, est-ce que je peux porter plainte ?",
        "¿qué pasa si mi papá me pega?",
        "je ne peux pas porter mon voile",
        "who picks the committee",
    ],
)
def test_general_or_hypothetical_questions_are_not_disclosures(text: str) -> None:
    assert detect(text) is None


def test_the_most_urgent_category_wins() -> None:
    concern = detect("my dad beats me and i want to die")
    assert concern is not None and concern.category == "self_harm_suicide"


def test_a_concern_cannot_be_changed() -> None:
    concern = detect("i want to die")
    assert concern is not None
    with pytest.raises(FrozenInstanceError):
        concern.category = "abuse"  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Help words


@pytest.mark.parametrize(
    "text",
    [
        "help",
        "HELP!!!",
        "heeelp",
        "help me",
        "Help me please!",
        "pls help",
        "SOS",
        "help help help",
        "aide",
        "Aide-moi",
        "au secours",
        "AU SECOURS !!!",
        "à l'aide",
        "a l aide",
        "aidez moi svp",
        "ayuda",
        "¡¡Ayúdame!!",
        "ayudaaaa",
        "socorro",
        "socorrooo",
        "auxilio",
        "AUXILIO!!",
    ],
)
def test_help_words(text: str) -> None:
    assert is_help_word(text)


@pytest.mark.parametrize(
    "text",
    [
        "can you help me understand OPIC?",
        "help me with my complaint",
        "thanks for the help",
        "helpful",
        "aide moi à comprendre",
        "ayuda con mi queja",
        "please",
        "stop",
        "no",
        "",
        "!!!",
    ],
)
def test_not_help_words(text: str) -> None:
    assert not is_help_word(text)


# ---------------------------------------------------------------------------------------------
# The data files


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_files_are_valid(language: str) -> None:
    data = load_pattern_file(PATTERNS_DIR / f"{language}.yml")
    assert data.language == language
    assert set(data.categories) == set(CATEGORIES)
    assert all(c.always or c.unless_general for c in data.categories.values())


def _extra_key(data: dict) -> None:
    data["text_speek"] = {"u": "you"}


def _category_typo(data: dict) -> None:
    data["categories"]["abuses"] = data["categories"].pop("abuse")


def _section_typo(data: dict) -> None:
    neglect = data["categories"]["neglect"]
    neglect["unless_genral"] = neglect.pop("unless_general")


def _accent(data: dict) -> None:
    data["categories"]["self_harm_suicide"]["always"]["want_to_die"].append("je veux mourir ç")


def _unknown_list(data: dict) -> None:
    data["categories"]["abuse"]["unless_general"]["family_hurts_me"].append("my FAMILLY ... HIT")


def _gap_at_the_end(data: dict) -> None:
    data["categories"]["violence"]["unless_general"]["bullied"].append("bully me ...")


def _unquoted_no(data: dict) -> None:
    data["gap_breakers"].append(False)  # what YAML reads from `no` written without quotes


def _bad_pattern_name(data: dict) -> None:
    data["categories"]["abuse"]["always"] = {"Hits Me": ["hits me"]}


MISTAKES: dict[str, Callable[[dict], None]] = {
    f.__name__.strip("_"): f
    for f in (
        _extra_key,
        _category_typo,
        _section_typo,
        _accent,
        _unknown_list,
        _gap_at_the_end,
        _unquoted_no,
        _bad_pattern_name,
    )
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_mistake_in_a_data_file_fails_loudly(mistake: str, tmp_path: Path) -> None:
    data = yaml.safe_load((PATTERNS_DIR / "en.yml").read_text(encoding="utf-8"))
    load_pattern_file(PATTERNS_DIR / "en.yml")  # the file itself is fine
    MISTAKES[mistake](data)
    broken = tmp_path / "en.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError):
        load_pattern_file(broken)


# ---------------------------------------------------------------------------------------------
# Speed


def test_a_long_message_is_read_quickly() -> None:
    sentence = (
        "hello i would like to know how the committee works and how long it takes, my country "
        "is france, mon père veut savoir, mi hermano también quiere quejarse. "
    )
    message = (sentence * 20)[:2000]
    detect(message)
    calls = 200
    start = time.perf_counter()
    for _ in range(calls):
        detect(message)
    average_ms = (time.perf_counter() - start) / calls * 1000
    print(f"detect() on {len(message)} characters: {average_ms:.2f} ms on average")
    assert average_ms < 20
