import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from portal.auth.accounts import MIN_PASSWORD
from portal.forms import Form, email_address

SCOPE_NAMES = {
    "read": _l("Read my mail"),
    "paper": _l("Read my mail and ask for letters on paper"),
    "paper_done": _l("Read my mail, ask for letters on paper and mark letters as done"),  # the invite form's
    # choices, in the citizen's own words; the helper reads portal.helpers.words instead
}


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_day(text: str) -> date:
    """A date as people in the Netherlands type it, "31-12-2027" (also with / . or spaces), or as a date picker
    sends it, "2027-12-31". Raises ValueError for anything else, or a day that does not exist."""
    text = text.strip()
    if found := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = found.groups()
    elif found := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = found.groups()
    else:
        raise ValueError("not a date")
    return date(int(year), int(month), int(day))


def typed(day: date) -> str:
    """How the hint writes a date: the way the field reads it."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


class DayField(StringField):
    """A plain text field for a date, typed as day-month-year: the hint can say exactly what it takes, in every
    browser (a date picker shows its own format, which differs per browser and language, and none in w3m)."""

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        text = valuelist[0].strip() if valuelist else ""
        self.data = parse_day(text) if text else None  # ValueError: WTForms records it as the field's error

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return typed(self.data) if self.data else ""


class InviteForm(Form):
    email = EmailField(_l("E-mail address of your helper"),
                       validators=[InputRequired(_l("Enter the e-mail address of your helper")), email_address])
    scope = RadioField(_l("What may your helper do?"), default="read",
                       choices=[SelectChoice(value, label) for value, label in SCOPE_NAMES.items()],
                       validators=[InputRequired(_l("Choose what your helper may do"))])
    end = DayField(_l("Until which date?"), validators=[Optional()], render_kw={"autocomplete": "off"})

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if "end" in self.errors:  # WTForms' own message is not translated
            self.end.errors = [_l("Enter a date that exists, like 31-12-2027")]
        return ok


class AcceptForm(Form):
    code = StringField(_l("Invitation code"), validators=[InputRequired(_l("Enter the invitation code"))])


class JoinForm(Form):
    """A helper account, made with an invitation code (portal.helpers.services.join)."""

    code = StringField(_l("Invitation code"), validators=[InputRequired(_l("Enter the invitation code"))])
    name = StringField(_l("Your name"), validators=[
        InputRequired(_l("Enter your name")),
        Length(max=100, message=_l("Your name can be at most 100 characters long"))])
    email = EmailField(_l("Your e-mail address"), validators=[
        InputRequired(_l("Enter your e-mail address")), email_address])
    password = PasswordField(_l("Choose a password"), validators=[
        InputRequired(_l("Choose a password")),
        Length(min=MIN_PASSWORD, max=200, message=_l("Your password must be between 10 and 200 characters long"))])
    confirm = PasswordField(_l("Type the password again"), validators=[
        InputRequired(_l("Type the password again")),
        EqualTo("password", message=_l("The two passwords are not the same"))])
    public_computer = BooleanField(_l("I am on a shared or public computer"))
