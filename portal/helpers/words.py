"""What an authorisation allows, said to whoever reads it: to the helper ("You may read the mail of Anna") or to
the citizen about their helper ("Fatima may read your mail"). The invite form's choices (forms.SCOPE_NAMES)
are the citizen's own words ("Read my mail"); a helper never reads those."""

from __future__ import annotations

from flask_babel import gettext as _


def to_helper(scope: str, name: str) -> str:
    """What the helper may do for `name`, said to the helper."""
    if scope == "paper":
        return _("You may read the mail of %(name)s and ask for letters on paper.", name=name)
    if scope == "paper_done":
        return _("You may read the mail of %(name)s, ask for letters on paper and mark letters as done.", name=name)
    return _("You may read the mail of %(name)s.", name=name)


def to_citizen(scope: str, name: str) -> str:
    """What the helper `name` may do, said to the citizen who gave the authorisation."""
    if scope == "paper":
        return _("%(name)s may read your mail and ask for letters on paper.", name=name)
    if scope == "paper_done":
        return _("%(name)s may read your mail, ask for letters on paper and mark letters as done.", name=name)
    return _("%(name)s may read your mail.", name=name)

