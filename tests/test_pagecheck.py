"""The page check must catch what it claims to catch."""

import pytest

from tests.pagecheck import check_page

GOOD = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Inloggen – Overheidspost</title></head>
<body><a href="#main">Direct naar de inhoud</a><main id="main"><h1>Inloggen</h1>
<form action="/login" method="post"><label for="email">E-mail</label><input id="email" name="email"></form>
</main></body></html>"""


def test_a_good_page_passes():
    assert check_page(GOOD).h1.get_text() == "Inloggen"


@pytest.mark.parametrize(
    "old, new, problem",
    [
        ('lang="nl"', 'lang=""', "lang"),
        ("<h1>Inloggen</h1>", "<h1>Inloggen</h1><h1>Twee</h1>", "one h1"),
        ("<title>Inloggen", "<title>Anders", "title"),
        ('<label for="email">E-mail</label>', "", "label"),
        ('action="/login" ', "", "action"),
        ('<main id="main">', '<main id="main"><p id="main">', "duplicate"),
        ('<input id="email"', '<input aria-describedby="nope" id="email"', "points nowhere"),
        ("<h1>Inloggen</h1>", '<h1 style="color:red">Inloggen</h1>', "inline style"),
        ("</main>", "</main><script>alert(1)</script>", "inline script"),
        ('<a href="#main">', '<a href="/">', "skip link"),
        ("</form>", "</form></p>", "parse"),
    ],
)
def test_each_broken_rule_is_caught(old, new, problem):
    with pytest.raises(AssertionError, match=problem):
        check_page(GOOD.replace(old, new, 1))
