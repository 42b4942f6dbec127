"""Readability: the Flesch formulas on known texts, and syllables from the hyphenation dictionaries."""

import pytest

from portal.api import readability


def test_flesch_reading_ease_by_hand():
    scored = readability.score("We send the letter to your address.", "en")
    # we send the let-ter to your ad-dress: 7 words, 1 sentence, 9 syllables
    assert (scored.words, scored.sentences, scored.syllables) == (7, 1, 9)
    assert scored.score == round(206.835 - 1.015 * 7 - 84.6 * 9 / 7, 1)


@pytest.mark.parametrize("text, language", [("The cat sat on the mat.", "en"), ("Ja.", "nl"), ("U krijgt geld.", "nl")])
def test_very_easy_text_scores_100_not_more(text, language):
    # The raw formula gives 116 and 129 here; the dashboard and the API promise a scale of 0 to 100.
    assert readability.score(text, language).score == 100.0


@pytest.mark.parametrize("text, language", [
    ("Bezwaarschriften dienen gemotiveerd te worden ingediend.", "nl"),
    ("Objections must be substantiated comprehensively.", "en"),
])
def test_very_hard_text_scores_0_not_less(text, language):
    assert readability.score(text, language).score == 0.0


def test_figures_count_as_words_of_one_syllable():
    scored = readability.score("U moet € 412 belasting betalen. Betaal vóór 11 december.", "nl")
    # u moet 412 be-las-ting be-ta-len / be-taal vóór 11 de-cem-ber: 9 words, 2 sentences, 16 syllables
    assert (scored.words, scored.sentences, scored.syllables) == (9, 2, 16)
    assert scored.score == round(206.835 - 0.93 * 9 / 2 - 77 * 16 / 9, 1)
    assert not scored.warning


def test_flesch_douma_by_hand():
    text = "Wij betalen uw zorgtoeslag elke maand. U hoeft niets te doen."
    scored = readability.score(text, "nl")
    # wij be-ta-len uw zorg-toe-slag el-ke maand / u hoeft niets te doen: 11 words, 2 sentences, 16 syllables
    assert (scored.words, scored.sentences, scored.syllables) == (11, 2, 16)
    assert scored.score == round(206.835 - 0.93 * 11 / 2 - 77 * 16 / 11, 1)
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


# Calibration: plain sentences as government letters at language level B1 write them (short sentences, "u",
# figures in digits), and officialese. Every B1 sentence passes WARN_BELOW, every hard one is flagged.
B1 = {
    "nl": [
        "U moet € 412 belasting betalen. Betaal vóór 11 december.",
        "U krijgt huurtoeslag. Dat is geld voor uw huur.",
        "Wij hebben uw brief ontvangen. U hoort binnen 6 weken van ons.",
        "Stuur ons uw huurcontract. Doe dat vóór 4 december.",
        "U krijgt € 86 terug over 2024. Wij storten het geld binnen 5 werkdagen op uw rekening.",
        "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken.",
        "Uw paspoort is klaar. U kunt het ophalen bij het gemeentehuis.",
        "U reed door rood licht. Betaal de boete van € 290 vóór 28 november.",
        "Wij betalen uw zorgtoeslag elke maand. Verandert uw inkomen? Geef dat dan door.",
        "U moet uw aangifte inkomstenbelasting doen vóór 1 mei.",
    ],
    "en": [
        "You must pay € 412 in tax. Pay before 11 December.",
        "Your new waste card arrives this week. You do not need to do anything.",
        "We have received your letter. You will hear from us within 6 weeks.",
        "Do you disagree with this decision? Then you can object.",
        "Send us your rental contract before 4 December.",
        "You drove through a red light. Pay the fine of € 290 before 28 November.",
    ],
}
HARD = {
    "nl": [
        "Onverminderd de toepasselijkheid van de bepalingen inzake de inkomstenbelasting wordt de "
        "verschuldigdheid vastgesteld.",
        "Indien belanghebbende verzuimt de gevraagde bescheiden tijdig te overleggen, kan de aanvraag buiten "
        "behandeling worden gesteld.",
        "Ingevolge artikel 7:1 van de Algemene wet bestuursrecht kan tegen deze beschikking binnen zes weken na "
        "dagtekening bezwaar worden aangetekend.",
        "De vaststelling van de definitieve tegemoetkoming geschiedt na ontvangst van de inkomensgegevens.",
        "Bezwaarschriften dienen gemotiveerd te worden ingediend.",
    ],
    "en": [
        "Notwithstanding the applicability of the aforementioned provisions, the assessment shall be determined "
        "in accordance with the relevant statutory regulations.",
        "Failure to submit the requested documentation within the prescribed period may result in the "
        "application being deemed inadmissible.",
        "The determination of the definitive entitlement is contingent upon the receipt of verified income "
        "information.",
        "Objections must be substantiated comprehensively.",
    ],
}


@pytest.mark.parametrize("language, text", [(lang, t) for lang, texts in B1.items() for t in texts])
def test_b1_sentences_are_not_flagged(language, text):
    scored = readability.score(text, language)
    assert not scored.warning, (scored.score, text)
    assert 0 <= scored.score <= 100


@pytest.mark.parametrize("language, text", [(lang, t) for lang, texts in HARD.items() for t in texts])
def test_hard_sentences_are_flagged(language, text):
    scored = readability.score(text, language)
    assert scored.warning, (scored.score, text)
    assert 0 <= scored.score <= 100
