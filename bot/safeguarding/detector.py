"""Recognise a child's message that discloses harm or danger, in English, French and Spanish.

Framework-free. The phrases live in patterns/en.yml, fr.yml and es.yml (their comments describe
the format), so NGO staff can review them without reading code. Every language file is tried on
every message: a child may mix languages, and no language hint is needed.

How a message is read, once per language file:
1. split into sentences, each as lowercase ASCII words without punctuation
   (bot.states.names.normalise), letters repeated 3+ times squeezed ("pleeease" -> "please");
2. the file's text-speak expanded ("u" -> "you", "jsuis" -> "je suis", "toy" -> "estoy") and
   its harmless expressions left out ("mort de rire");
3. each word also stands for the pattern words it may misspell: a doubled letter added or
   missing ("hiit"), two letters swapped in a 4-letter word ("wnat"), and in words of 5+
   letters one letter wrong, missing or extra, or two letters swapped ("hurst" -> "hurts");
4. the phrases are matched, the most urgent category first (PRIORITY); an `unless_general`
   phrase does not count right after a general question ("what if", "can they").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, root_validator, validator

from bot.language import LANGUAGES
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
    "abuse",
    "violence",
    "neglect",
)
PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"

GAP = "..."  # in a phrase: up to GAP_WORDS other words may come here
GAP_WORDS = 4
LOOK_BACK = 5  # a `general_question` ending this many words before a match cancels it
QUESTION_WORD_LOOK_BACK = 3  # the same for the `question_words` ("if", "can they")
FUZZY_MIN_LENGTH = 5  # shorter words: only a double letter changed, or two letters swapped

_WORD = re.compile(r"[a-z0-9]+")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_LIST = re.compile(r"[A-Z][A-Z0-9_]*")
_REPEATED = re.compile(r"([a-z])\1{2,}")
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n")
_BOUNDARY = frozenset({"<sentence end>"})  # a token no phrase, gap or look-back goes across
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
    """A phrase: words, a/b alternatives, LIST names, and ... between two words."""
    parts = value.split()
    if not parts or " ".join(parts) != value or GAP in (parts[0], parts[-1]):
        raise ValueError(f"phrase {value!r}: words separated by single spaces, ... only inside")
    if f" {GAP} {GAP} " in f" {value} ":
        raise ValueError(f"phrase {value!r}: write ... once between two words")
    for part in parts:
        for option in [] if part == GAP else part.split("/"):
            if not (_WORD.fullmatch(option) or _LIST.fullmatch(option)):
                raise ValueError(f"phrase {value!r}: {option!r} is not a lowercase word or LIST")
    return value


def _references(phrase: str) -> set[str]:
    return {o for part in phrase.split() for o in part.split("/") if _LIST.fullmatch(o)}


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

    language: str
    text_speak: dict[str, str]
    harmless: list[str] = []
    not_typos: list[str] = []
    gap_breakers: list[str]
    general_question: list[str]
    question_words: list[str]
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

    @validator(
        "harmless", "not_typos", "gap_breakers", "help_words", "help_fillers", each_item=True
    )
    def _plain(cls, value: str) -> str:
        return _words_only(value)

    @validator("general_question", "question_words", each_item=True)
    def _general(cls, value: str) -> str:
        return _phrase(value)

    @validator("words")
    def _lists(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, words in value.items():
            if not _LIST.fullmatch(name) or not words:
                raise ValueError(f"word list {name!r}: a name in CAPITALS and at least one word")
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
        questions = values["general_question"] + values["question_words"]
        unknown_lists = set().union(*map(_references, phrases + questions))
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
    harmless_re: re.Pattern[str]
    vocabulary: frozenset[str]
    not_typos: frozenset[str]
    by_squeezed: dict[str, frozenset[str]]
    by_deletion: dict[str, frozenset[str]]
    gap_breakers: frozenset[str]
    general: tuple[_Pattern, ...]
    question_words: tuple[_Pattern, ...]
    patterns: tuple[_Pattern, ...]
    help_words: frozenset[str]
    help_fillers_re: re.Pattern[str]

    def expand(self, folded: str) -> str:
        """The text with this language's text-speak written out and harmless phrases left out."""
        expanded = self.text_speak_re.sub(lambda m: self.text_speak[m.group(0)], folded)
        return self.harmless_re.sub(" ", expanded)


def _squeeze(word: str) -> str:
    """The word with every doubled letter written once: "hiitting" -> "hiting"."""
    return _DOUBLED.sub(r"\1", word)


def _swaps(word: str) -> set[str]:
    """The word with two neighbouring letters swapped (never the first letter)."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}


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
            words |= set(lists[option]) if _LIST.fullmatch(option) else {option}
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


def _questions(phrases: list[str], lists: dict[str, list[str]]) -> tuple[_Pattern, ...]:
    return tuple(_Pattern("question", "", _slots(p, lists), False) for p in phrases)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """Whole-word occurrences of any phrase, longest first."""
    options = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![a-z0-9])(?:{options})(?![a-z0-9])")


def _compile(data: PatternFile) -> _Language:
    patterns = _compile_patterns(data)
    general = _questions(data.general_question, data.words)
    question_words = _questions(data.question_words, data.words)
    vocabulary = {
        w for p in patterns + general + question_words for slot in p.slots for w in slot.words
    }
    vocabulary |= set(data.gap_breakers)
    long_words = {w for w in vocabulary if len(w) >= FUZZY_MIN_LENGTH}
    return _Language(
        code=data.language,
        text_speak=data.text_speak,
        text_speak_re=_alternation(list(data.text_speak)),
        harmless_re=_alternation(data.harmless),
        vocabulary=frozenset(vocabulary),
        not_typos=frozenset(data.not_typos),
        by_squeezed=_index(vocabulary, lambda w: {_squeeze(w)}),
        by_deletion=_index(long_words, lambda w: _deletions(w) | {w}),
        gap_breakers=frozenset(data.gap_breakers) | _BOUNDARY,
        general=general,
        question_words=question_words,
        patterns=patterns,
        help_words=frozenset(_squeeze(w) for w in data.help_words),
        help_fillers_re=_alternation(data.help_fillers),
    )


def _load(code: str) -> _Language:
    data = load_pattern_file(PATTERNS_DIR / f"{code}.yml")
    if data.language != code:
        raise ValueError(f"patterns/{code}.yml says `language: {data.language}`")
    return _compile(data)


@lru_cache(maxsize=1)
def _languages() -> dict[str, _Language]:
    """Every language's compiled patterns, loaded once."""
    return {code: _load(code) for code in LANGUAGES}


# ---------------------------------------------------------------------------------------------
# Reading a message


def _fold(text: str) -> str:
    """Lowercase ASCII words, letters repeated 3+ times squeezed.

    normalise() drops a leading article (it was written for country names), but "el" or "la"
    can be a pronoun here, so a placeholder word goes first and is taken off again.
    """
    return _REPEATED.sub(r"\1", normalise(f"x {text}")[1:]).strip()


def _sentences(text: str) -> list[str]:
    """The folded sentences of a message, without empty ones."""
    return [folded for part in _SENTENCE_END.split(text) if (folded := _fold(part))]


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
    if word in language.not_typos:
        return frozenset({word})
    return _corrections(language, word)


def _corrections(language: _Language, word: str) -> frozenset[str]:
    if word in language.vocabulary:
        return frozenset({word})
    found = set(language.by_squeezed.get(_squeeze(word), ()))
    if len(word) == FUZZY_MIN_LENGTH - 1:  # "wnat" -> "want"
        found |= {w for w in _swaps(word) if w in language.vocabulary}
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
    """A message as one language file reads it: per word, the pattern words it may stand for."""

    def __init__(self, language: _Language, sentences: list[str]) -> None:
        self.language = language
        tokens: list[frozenset[str]] = []
        for sentence in sentences:
            tokens += [_BOUNDARY] if tokens else []
            tokens += [_candidates(language.code, w) for w in language.expand(sentence).split()]
        self.tokens = tuple(tokens)
        self.present: frozenset[str] = frozenset().union(*tokens)

    def spans(self, pattern: _Pattern) -> Iterator[tuple[int, int]]:
        """Where the pattern matches: (first word, last word)."""
        if any(slot.words.isdisjoint(self.present) for slot in pattern.slots):
            return
        for start in range(len(self.tokens)):
            end = _match_end(pattern.slots, self.tokens, start, self.language.gap_breakers)
            if end >= 0:
                yield start, end

    def _ends(self, questions: tuple[_Pattern, ...]) -> frozenset[int]:
        return frozenset(end for q in questions for _, end in self.spans(q))

    @cached_property
    def general_ends(self) -> frozenset[int]:
        """Where a general question ("what if", "complain about") ends."""
        return self._ends(self.language.general)

    @cached_property
    def question_word_ends(self) -> frozenset[int]:
        """Where a question word ("if", "can they") ends."""
        return self._ends(self.language.question_words)

    def is_general(self, start: int) -> bool:
        """A general question or a question word shortly before, in the same sentence."""
        return self._after(self.general_ends, start, LOOK_BACK) or self._after(
            self.question_word_ends, start, QUESTION_WORD_LOOK_BACK
        )

    def _after(self, ends: frozenset[int], start: int, words: int) -> bool:
        return any(
            start - words <= end < start and _BOUNDARY not in self.tokens[end:start] for end in ends
        )

    def first_match(self) -> _Pattern | None:
        """The most urgent pattern of this language that matches, if any."""
        for pattern in self.language.patterns:
            if any(pattern.always or not self.is_general(i) for i, _ in self.spans(pattern)):
                return pattern
        return None


def _urgency(pattern: _Pattern) -> tuple[int, bool]:
    """Sorts the most urgent category first, then `always` before `unless_general` patterns."""
    return PRIORITY.index(pattern.category), not pattern.always


def detect(text: str) -> Concern | None:
    """A disclosure of harm or danger in this message (the most urgent one), else None."""
    sentences = _sentences(text)
    if not sentences:
        return None
    found = [(_Reading(lang, sentences).first_match(), lang.code) for lang in _languages().values()]
    matches = [(pattern, code) for pattern, code in found if pattern is not None]
    if not matches:
        return None
    pattern, code = min(matches, key=lambda match: _urgency(match[0]))
    return Concern(pattern.category, code, pattern.id)


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
