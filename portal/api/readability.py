"""Readability scores for a message's summary: Flesch-Douma for Dutch, Flesch reading ease for English.

Both formulas give about 0 (very hard) to 100 (very easy); the score is clamped to that range, as the
dashboard and the API describe it (a two-word text would otherwise score 120, officialese below 0):
- Flesch reading ease (Flesch 1948):   206.835 - 1.015 x words per sentence - 84.6 x syllables per word
- Flesch-Douma (Douma 1960, for Dutch): 206.835 - 0.93 x words per sentence - 77 x syllables per word

Syllables come from the hyphenation dictionaries in pyphen (the LibreOffice patterns WeasyPrint also uses).
Hyphenation patterns never split off a single letter at a word's edge in English ("area" stays whole), so for
English the count is the larger of pyphen's and a vowel-group count (about 85 % of common English words come
out exact; "area" counts 2 and "received" 3, so treat the score as a guide, not a grade).

Figures (amounts, dates, house numbers: "€ 412", "11 december") count as words of one syllable. Flesch
counted them as read aloud, but B1 guidance asks for digits precisely because a reader takes a figure in at a
glance; leaving them out, as the word pattern does, made short concrete texts look hard ("U moet € 412
belasting betalen. Betaal vóór 11 december." scored 49.6, now 65.8). tests/api/test_readability.py holds the
calibration: B1 and hard sentences in Dutch and English on either side of WARN_BELOW.

Scores below WARN_BELOW earn a warning for the sender, never a refusal: 60 is where both scales start calling a
text "fairly difficult", and Dutch texts at language level B1 (the level government letters aim at) score about
60 to 70 on Flesch-Douma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pyphen

WARN_BELOW = 60.0
FORMULAS = {
    "nl": ("flesch-douma", 206.835, 0.93, 77.0),
    "en": ("flesch-reading-ease", 206.835, 1.015, 84.6),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|[\n\r]{2,}|[:;](?=\s*\n)")
_FIGURE = re.compile(r"\d+(?:[.,:/-]\d+)*")
_VOWEL_GROUP = re.compile(r"[aeiouyáéíóúàèëïöüâêîôû]+")


@dataclass(frozen=True)
class Score:
    language: str
    formula: str
    score: float
    words: int
    sentences: int
    syllables: int

    @property
    def warning(self) -> bool:
        return self.score < WARN_BELOW

    def as_json(self) -> dict:
        return {
            "formula": self.formula, "score": self.score, "warning": self.warning, "threshold": WARN_BELOW,
            "words": self.words, "sentences": self.sentences, "syllables": self.syllables,
        }


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    if language == "nl":
        return pyphen.Pyphen(lang="nl_NL", left=1, right=1)
    return pyphen.Pyphen(lang="en_US", left=2, right=2)


def syllables(word: str, language: str) -> int:
    """Syllables in one word (at least 1)."""
    word = word.lower()
    counted = len(_dictionary(language).positions(word)) + 1
    if language == "en":
        groups = len(_VOWEL_GROUP.findall(word))
        if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
            groups -= 1  # a silent final e: "make", "table" keeps its "le"
        counted = max(counted, groups)
    return max(1, counted)


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    parts = [p for p in _SENTENCE_END.split(text) if words_of(p)]
    return max(1, len(parts))


@lru_cache(maxsize=64)  # a POST scores its summaries, then describes them in its answer: the same texts
def score(text: str, language: str) -> Score | None:
    """The score of a text (0 to 100, one decimal), or None when it has no words. Figures count as words of
    one syllable, but a text of figures alone has no score."""
    words = words_of(text or "")
    if not words:
        return None
    figures = len(_FIGURE.findall(text))
    formula, base, per_sentence, per_syllable = FORMULAS[language]
    sentences = sentence_count(text)
    count = len(words) + figures
    total_syllables = sum(syllables(w, language) for w in words) + figures
    value = base - per_sentence * count / sentences - per_syllable * total_syllables / count
    return Score(language, formula, round(min(100.0, max(0.0, value)), 1), count, sentences, total_syllables)
