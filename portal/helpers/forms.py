from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from portal.accounts import MIN_PASSWORD
from portal.forms import Form, email_address

SCOPE_NAMES = {
    "read": _l("Read my mail"),
    "paper": _l("Read my mail and ask for letters on paper"),
    "paper_done": _l("Read my mail, ask for letters on paper and mark letters as done"),  # the invite form's
    # choices, in the citizen's own words; the helper reads portal.helpers.words instead
}


class InviteForm(Form):
    email = EmailField(_l("E-mail address of your helper"),
                       validators=[InputRequired(_l("Enter the e-mail address of your helper")), email_address])
    scope = RadioField(_l("What may your helper do?"), default="read",
                       choices=[SelectChoice(value, label) for value, label in SCOPE_NAMES.items()],
                       validators=[InputRequired(_l("Choose what your helper may do"))])
    end = DateField(_l("Until which date?"), validators=[Optional()], format="%Y-%m-%d",
                    render_kw={"type": "date"})

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if "end" in self.errors:  # WTForms' own message is not translated
            self.end.errors = [_l("Enter the date like 2027-12-31")]
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
