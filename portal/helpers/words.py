"""What an authorisation allows, said to whoever reads it: to the helper ("You may read the mail of Anna") or to
the citizen about their helper ("Fatima may read your mail"). The invite form's choices (forms.SCOPE_NAMES)
are the citizen's own words ("Read my mail"); a helper never reads those."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TO_HELPER = {  # what the helper may do for `name`, said to the helper
    "read": _l("You may read the mail of %(name)s."),
    "paper": _l("You may read the mail of %(name)s and ask for letters on paper."),
    "paper_done": _l("You may read the mail of %(name)s, ask for letters on paper and mark letters as done."),
}
TO_CITIZEN = {  # what the helper `name` may do, said to the citizen who gave the authorisation
    "read": _l("%(name)s may read your mail."),
    "paper": _l("%(name)s may read your mail and ask for letters on paper."),
    "paper_done": _l("%(name)s may read your mail, ask for letters on paper and mark letters as done."),
}


def to_helper(scope: str, name: str) -> str:
    return str(TO_HELPER.get(scope, TO_HELPER["read"])) % {"name": name}


def to_citizen(scope: str, name: str) -> str:
    return str(TO_CITIZEN.get(scope, TO_CITIZEN["read"])) % {"name": name}
