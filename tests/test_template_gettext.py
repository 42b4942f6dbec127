"""The templates' gettext and ngettext (portal/i18n.py) answer what Jinja's own newstyle ones answer: the same
translation, escaped the same where the template escapes and not where it does not, formatted the same with
and without variables, in both languages and on the next page with another language."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from portal import i18n
from tests import factories

SOURCE = """{{ _("Your messages") }}|{{ _("Contact %(organisation)s.", organisation=who) }}|\
{{ _("Phone: %(phone)s.", phone="<b>1</b>") }}|{{ ngettext("%(num)d day left.", "%(num)d days left.", n) }}|\
{{ ngettext("%(num)d letter with a deadline", "%(num)d letters with a deadline", 1) }}|{{ _("100%% <i>") }}|\
{% trans %}Your messages{% endtrans %}|{% trans count=n %}{{ count }} day left.{% pluralize %}{{ count }} days \
left.{% endtrans %}|{% autoescape false %}{{ _("Contact %(organisation)s.", organisation=who) }}|\
{{ _("Your messages") }}|{{ ngettext("%(num)d day left.", "%(num)d days left.", n) }}{% endautoescape %}"""


def jinjas_own(autoescape: bool) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape,  # noqa: S701 -- both ways, on purpose
                      trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_callables(
        gettext=lambda s: i18n._translations().ugettext(s),
        ngettext=lambda s, p, n: i18n._translations().ungettext(s, p, n),
        newstyle=True)
    return env


@pytest.mark.parametrize("autoescape", [True, False])
def test_the_templates_gettext_answers_what_jinjas_own_does(app, autoescape):
    citizen = factories.create_citizen()
    ours = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape,  # noqa: S701 -- both ways, on purpose
                       trim_blocks=True, lstrip_blocks=True)
    i18n.install_gettext(ours)
    shown = {}
    for language in ("nl", "en", "nl"):
        with factories.request_of(app, citizen.account, language=language):
            for n in (1, 3):
                values = {"who": 'A&B <script>"', "n": n}
                expected = jinjas_own(autoescape).from_string(SOURCE).render(values)
                assert ours.from_string(SOURCE).render(values) == expected
                assert app.jinja_env.from_string(SOURCE).render(values) == jinjas_own(True).from_string(
                    SOURCE).render(values)
                shown.setdefault(language, expected)
    assert shown["nl"] != shown["en"] and "Uw berichten" in shown["nl"] and "Your messages" in shown["en"]
    assert ("A&amp;B &lt;script&gt;&#34;" in shown["nl"]) is autoescape
