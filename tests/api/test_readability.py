"""Readability: the Flesch formulas on known texts, and syllables from the hyphenation dictionaries."""

import pytest

from portal.api import readability


def test_flesch_reading_ease_of_a_classic_sentence():
    scored = readability.score("The cat sat on the mat.", "en")
    assert (scored.words, scored.sentences, scored.syllables) == (6, 1, 6)
    assert scored.score == round(206.835 - 1.015 * 6 - 84.6 * 1, 1) == 116.1


def test_flesch_douma_by_hand():
    text = "U krijgt een voorschot. U hoeft niets te doen."
    scored = readability.score(text, "nl")
    # u krijgt een voor-schot / u hoeft niets te doen: 9 words, 2 sentences, 10 syllables
    assert (scored.words, scored.sentences, scored.syllables) == (9, 2, 10)
    assert scored.score == round(206.835 - 0.93 * 9 / 2 - 77 * 10 / 9, 1)
    assert not scored.warning


@pytest.mark.parametrize("word, count", [("belasting", 3), ("huurtoeslag", 3), ("beantwoorden", 4),
                                         ("inkomstenbelasting", 6), ("u", 1)])
def test_dutch_syllables(word, count):
    assert readability.syllables(word, "nl") == count


@pytest.mark.parametrize("word, count", [("payment", 2), ("beautiful", 3), ("every", 3), ("allowance", 3), ("make", 1),
                                         ("table", 2), ("government", 3)])
def test_english_syllables(word, count):
    assert readability.syllables(word, "en") == count


def test_officialese_is_flagged_below_the_threshold():
    text = ("Op grond van artikel 16 van de Algemene wet inkomensafhankelijke regelingen wordt het voorschot "
            "vastgesteld op het hieronder vermelde bedrag, onder voorbehoud van definitieve berekening.")
    scored = readability.score(text, "nl")
    assert scored.score < readability.WARN_BELOW and scored.warning


def test_no_words_no_score():
    assert readability.score("", "nl") is None and readability.score("12 - 14", "en") is None
