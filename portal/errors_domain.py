"""Exceptions the services raise; views and the CLI turn them into messages."""


class ValidationFailed(Exception):
    """Input broke a rule. `errors` maps a field name to a plain-language message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotAllowed(Exception):
    """The person may not do this."""


class NotFound(Exception):
    """There is no such thing for this person (also when it exists for someone else)."""
