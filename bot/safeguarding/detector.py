"""Recognise a child's message that discloses harm or danger, in English, French and Spanish.

Framework-free. The phrases live in patterns/en.yml, fr.yml and es.yml (their comments describe
the format), so NGO staff can review them without reading code. Every language file is tried on
every message: a child may mix languages, and no language hint is needed.

How a message is read, once per language file:
1. lowercase ASCII words without punctuation (bot.states.names.normalise), letters repeated 3+
   times squeezed ("pleeease" -> "please");
2. the file's text-speak expanded ("u" -> "you", "jsuis" -> "je suis", "toy" -> "estoy");
3. each word also stands for the pattern words it may misspell: a doubled letter added or
   missing ("hiit"), and in words of 5+ letters one letter wrong, missing, extra or swapped;
4. the phrases are matched, the most urgent category first (PRIORITY).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, root_validator, validator

from bot.states.names import normalise

CATEGORIES = (
    "abuse",
    "violence",
    "neglect",
    "sexual_exploitation",
    "trafficking_child_labour",
    "forced_marriage",
    "running_away_homeless",
    "immediate_danger",
    "self_harm_suicide",
)
# When a message matches several categories, the first one here is reported.
PRIORITY = (
    "self_harm_suicide",
    "immediate_danger",
    "sexual_exploitation",
    "trafficking_child_labour",
    "forced_marriage",
    "running_away_homeless",
    "neglect",
    "abuse",
    "violence",
)
LANGUAGES = ("en", "fr", "es")
PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"

GAP = "..."  # in a phrase: up to GAP_WORDS other words may come here
GAP_WORDS = 4
LOOK_BACK = 5  # a general question ending this many words before a match cancels it
FUZZY_MIN_LENGTH = 5  # shorter words are only matched exactly or with a double letter changed

_WORD = re.compile(r"[a-z0-9]+")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_REPEATED = re.compile(r"([a-z])\1{2,}")
_DOUBLED = re.compile(r"([a-z])\1+")


@dataclass(frozen=True)
class Concern:
    """A disclosure found in a message: which category, and which pattern matched."""

    category: str  # one of CATEGORIES
    language: str  # "en" | "fr" | "es": the pattern file that matched
    pattern: str  # the id of the matched pattern, "<language>.<category>.<name>"


# ---------------------------------------------------------------------------------------------
# The data files, validated


def _words_only(value: str, what: str = "text") -> str:
    words = value.split()
    if not words or " ".join(words) != value or not all(_WORD.fullmatch(w) for w in words):
        raise ValueError(f"{what} {value!r}: write lowercase words without accents or punctuation")
    return value


def _phrase(value: str) -> str:
    """A phrase: words, a/b alternatives, @lists, and ... between two words."""
    parts = value.split()
    if not parts or " ".join(parts) != value or GAP in (parts[0], parts[-1]):
        raise ValueError(f"phrase {value!r}: words separated by single spaces, ... only inside")
    for before, part in zip([None, *parts], parts, strict=False):
        if part == GAP:
            if before == GAP:
                raise ValueError(f"phrase {value!r}: write ... once between two words")
            continue
        for option in part.split("/"):
            if not (_WORD.fullmatch(option) or _NAME.fullmatch(option.removeprefix("@"))):
                raise ValueError(f"phrase {value!r}: {option!r} is not a lowercase word or @list")
    return value


def _references(phrase: str) -> set[str]:
    return {o[1:] for part in phrase.split() for o in part.split("/") if o.startswith("@")}


class CategoryPatterns(BaseModel):
    """The named phrases of one category: `always`, or `unless_general` (see the data files)."""

    always: dict[str, list[str]] = {}
    unless_general: dict[str, list[str]] = {}

    class Config:
        extra = "forbid"

    @validator("always", "unless_general")
    def _named_phrases(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, phrases in value.items():
            if not _NAME.fullmatch(name):
                raise ValueError(f"pattern name {name!r}: use lowercase letters, digits and _")
            if not phrases:
                raise ValueError(f"pattern {name!r} has no phrase")
            for phrase in phrases:
                _phrase(phrase)
        return value


class PatternFile(BaseModel):
    """One language's pattern file (patterns/<language>.yml)."""

    language: Literal["en", "fr", "es"]
    text_speak: dict[str, str]
    not_typos: list[str] = []
    gap_breakers: list[str]
    general_question: list[str]
    help_words: list[str]
    help_fillers: list[str]
    words: dict[str, list[str]]
    categories: dict[str, CategoryPatterns]

    class Config:
        extra = "forbid"

    @validator("text_speak")
    def _text_speak(cls, value: dict[str, str]) -> dict[str, str]:
        for short, long in value.items():
            _words_only(short, "text-speak")
            if long:  # an empty expansion drops the word
                _words_only(long, "text-speak")
        return value

    @validator("not_typos", "gap_breakers", "help_words", "help_fillers", each_item=True)
    def _plain(cls, value: str) -> str:
        return _words_only(value)

    @validator("general_question", each_item=True)
    def _general(cls, value: str) -> str:
        return _phrase(value)

    @validator("words")
    def _lists(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, words in value.items():
            if not _NAME.fullmatch(name) or not words:
                raise ValueError(f"word list {name!r}: a lowercase name and at least one word")
            for word in words:
                _words_only(word, f"word list {name!r}:")
        return value

    @root_validator(skip_on_failure=True)
    def _complete(cls, values: dict) -> dict:
        categories: dict[str, CategoryPatterns] = values["categories"]
        if set(categories) != set(CATEGORIES):
            missing = sorted(set(CATEGORIES) - set(categories))
            unknown = sorted(set(categories) - set(CATEGORIES))
            raise ValueError(f"categories: missing {missing}, unknown {unknown}")
        phrases = [p for c in categories.values() for p in _all_phrases(c)]
        unknown_lists = set().union(*map(_references, phrases + values["general_question"]))
        if unknown_lists - set(values["words"]):
            raise ValueError(f"unknown word lists: {sorted(unknown_lists - set(values['words']))}")
        return values


def _all_phrases(category: CategoryPatterns) -> Iterator[str]:
    for named in (category.always, category.unless_general):
        for phrases in named.values():
            yield from phrases


def load_pattern_file(path: Path) -> PatternFile:
    """Read and validate one pattern file; a mistake raises (pydantic.ValidationError)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PatternFile.parse_obj(data)


# ---------------------------------------------------------------------------------------------
# Compiled patterns


@dataclass(frozen=True)
class _Slot:
    words: frozenset[str]
    gap_before: bool


@dataclass(frozen=True)
class _Pattern:
    id: str
    category: str
    slots: tuple[_Slot, ...]
    always: bool


@dataclass(frozen=True, eq=False)
class _Language:
    code: str
    text_speak: dict[str, str]
    text_speak_re: re.Pattern[str]
    vocabulary: frozenset[str]
    not_typos: frozenset[str]
    by_squeezed: dict[str, frozenset[str]]
    by_deletion: dict[str, frozenset[str]]
    gap_breakers: frozenset[str]
    general: tuple[_Pattern, ...]
    patterns: tuple[_Pattern, ...]
    help_words: frozenset[str]
    help_fillers_re: re.Pattern[str]

    def expand(self, folded: str) -> str:
        """The text with this language's text-speak written out."""
        return self.text_speak_re.sub(lambda m: self.text_speak[m.group(0)], folded)


def _squeeze(word: str) -> str:
    """The word with every doubled letter written once: "hiitting" -> "hiting"."""
    return _DOUBLED.sub(r"\1", word)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _index(words: set[str], keys: Callable[[str], set[str]]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for word in words:
        for key in keys(word):
            index.setdefault(key, set()).add(word)
    return {key: frozenset(found) for key, found in index.items()}


def _slots(phrase: str, lists: dict[str, list[str]]) -> tuple[_Slot, ...]:
    slots, gap = [], False
    for part in phrase.split():
        if part == GAP:
            gap = True
            continue
        words = set()
        for option in part.split("/"):
            words |= set(lists[option[1:]]) if option.startswith("@") else {option}
        slots.append(_Slot(frozenset(words), gap))
        gap = False
    return tuple(slots)


def _compile_patterns(data: PatternFile) -> tuple[_Pattern, ...]:
    patterns = []
    for category in sorted(data.categories, key=PRIORITY.index):
        named = data.categories[category]
        for always, group in ((True, named.always), (False, named.unless_general)):
            for name, phrases in group.items():
                pattern_id = f"{data.language}.{category}.{name}"
                patterns += [
                    _Pattern(pattern_id, category, _slots(p, data.words), always) for p in phrases
                ]
    return tuple(patterns)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """Whole-word occurrences of any phrase, longest first."""
    options = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![a-z0-9])(?:{options})(?![a-z0-9])")


def _compile(data: PatternFile) -> _Language:
    patterns = _compile_patterns(data)
    general = tuple(
        _Pattern("general", "", _slots(p, data.words), False) for p in data.general_question
    )
    vocabulary = {w for p in patterns + general for slot in p.slots for w in slot.words}
    vocabulary |= set(data.gap_breakers)
    long_words = {w for w in vocabulary if len(w) >= FUZZY_MIN_LENGTH}
    return _Language(
        code=data.language,
        text_speak=data.text_speak,
        text_speak_re=_alternation(list(data.text_speak)),
        vocabulary=frozenset(vocabulary),
        not_typos=frozenset(data.not_typos),
        by_squeezed=_index(vocabulary, lambda w: {_squeeze(w)}),
        by_deletion=_index(long_words, lambda w: _deletions(w) | {w}),
        gap_breakers=frozenset(data.gap_breakers),
        general=general,
        patterns=patterns,
        help_words=frozenset(_squeeze(w) for w in data.help_words),
        help_fillers_re=_alternation(data.help_fillers),
    )


@lru_cache(maxsize=1)
def _languages() -> dict[str, _Language]:
    """Every language's compiled patterns, loaded once."""
    return {code: _compile(load_pattern_file(PATTERNS_DIR / f"{code}.yml")) for code in LANGUAGES}


# ---------------------------------------------------------------------------------------------
# Reading a message


def _fold(text: str) -> str:
    """Lowercase ASCII words, letters repeated 3+ times squeezed.

    normalise() drops a leading article (it was written for country names), but "el" or "la"
    can be a pronoun here, so a placeholder word goes first and is taken off again.
    """
    return _REPEATED.sub(r"\1", normalise(f"x {text}")[1:]).strip()


def _one_edit(a: str, b: str) -> bool:
    """True when b is a with at most one letter changed, added, removed or two swapped."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    if len(a) < len(b):
        i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
        return a[i:] == b[i + 1 :]
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        return a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    return len(diff) <= 1


@lru_cache(maxsize=50_000)
def _candidates(code: str, word: str) -> frozenset[str]:
    """The word and the pattern words of this language it may be a misspelling of."""
    language = _languages()[code]
    if word in language.vocabulary or word in language.not_typos:
        return frozenset({word})
    found = set(language.by_squeezed.get(_squeeze(word), ()))
    if len(word) >= FUZZY_MIN_LENGTH:
        for key in _deletions(word) | {word}:
            found |= {
                w
                for w in language.by_deletion.get(key, ())
                if w[0] == word[0] and _one_edit(word, w)
            }
    return frozenset({word, *found})


def _match_end(
    slots: tuple[_Slot, ...],
    tokens: tuple[frozenset[str], ...],
    i: int,
    breakers: frozenset[str],
    k: int = 0,
) -> int:
    """Where the phrase ends when its slot k matches token i, or -1."""
    if tokens[i].isdisjoint(slots[k].words):
        return -1
    if k + 1 == len(slots):
        return i
    last = min(len(tokens) - 1, i + 1 + (GAP_WORDS if slots[k + 1].gap_before else 0))
    for j in range(i + 1, last + 1):
        if j > i + 1 and not tokens[j - 1].isdisjoint(breakers):
            break  # a gap may not hold a word such as "complain" or "not"
        end = _match_end(slots, tokens, j, breakers, k + 1)
        if end >= 0:
            return end
    return -1


class _Reading:
    """A message as one language file reads it."""

    def __init__(self, language: _Language, folded: str) -> None:
        self.language = language
        self.tokens = tuple(_candidates(language.code, w) for w in language.expand(folded).split())
        self.present: frozenset[str] = frozenset().union(*self.tokens)

    def starts(self, pattern: _Pattern) -> Iterator[int]:
        """Where the pattern matches."""
        if any(slot.words.isdisjoint(self.present) for slot in pattern.slots):
            return
        for i in range(len(self.tokens)):
            if _match_end(pattern.slots, self.tokens, i, self.language.gap_breakers) >= 0:
                yield i

    @cached_property
    def general_ends(self) -> frozenset[int]:
        """Where a general question ("what if", "complain about") ends."""
        return frozenset(
            _match_end(g.slots, self.tokens, i, self.language.gap_breakers)
            for g in self.language.general
            for i in self.starts(g)
        )

    def is_general(self, start: int) -> bool:
        return any(start - LOOK_BACK <= end < start for end in self.general_ends)

    def concern(self) -> Concern | None:
        """The most urgent pattern of this language that matches, if any."""
        for pattern in self.language.patterns:
            if any(pattern.always or not self.is_general(i) for i in self.starts(pattern)):
                return Concern(pattern.category, self.language.code, pattern.id)
        return None


def detect(text: str) -> Concern | None:
    """A disclosure of harm or danger in this message (the most urgent one), else None."""
    folded = _fold(text)
    if not folded:
        return None
    found = [_Reading(language, folded).concern() for language in _languages().values()]
    found_ = [concern for concern in found if concern]
    return min(found_, key=lambda c: PRIORITY.index(c.category), default=None)


def _repeats_removed(words: list[str]) -> list[str]:
    """One copy of a message that repeats itself: "help help help" -> "help"."""
    for size in range(1, len(words) // 2 + 1):
        if len(words) % size == 0 and words == words[:size] * (len(words) // size):
            return words[:size]
    return words


def _is_help_in(language: _Language, folded: str) -> bool:
    words = language.help_fillers_re.sub(" ", language.expand(folded)).split()
    return _squeeze(" ".join(_repeats_removed(words))) in language.help_words


def is_help_word(text: str) -> bool:
    """The whole message is a call for help: "help", "SOS", "au secours", "ayudaaa"..."""
    folded = _fold(text)
    return bool(folded) and any(_is_help_in(lang, folded) for lang in _languages().values())
