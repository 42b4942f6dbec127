from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length

from portal.forms import Form, email_address


class LoginForm(Form):
    email = EmailField(
        _l("E-mail address"), validators=[InputRequired(_l("Enter your e-mail address")), email_address]
    )
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password"))])
    public_computer = BooleanField(_l("I am on a shared or public computer"))


class PublicComputerForm(Form):
    always = BooleanField(_l("Always log me in as on a shared or public computer"))


class ForgotPasswordForm(Form):
    email = EmailField(
        _l("E-mail address"), validators=[InputRequired(_l("Enter your e-mail address")), email_address]
    )


def _new_password() -> PasswordField:
    return PasswordField(
        _l("New password"),
        validators=[
            InputRequired(_l("Enter a new password")),
            Length(min=10, max=200, message=_l("Your password must be between 10 and 200 characters long")),
        ],
    )


def _confirm() -> PasswordField:
    return PasswordField(
        _l("Type the new password again"),
        validators=[
            InputRequired(_l("Type the new password again")),
            EqualTo("password", message=_l("The two passwords are not the same")),
        ],
    )


class ResetPasswordForm(Form):
    password = _new_password()
    confirm = _confirm()


class ChangePasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[InputRequired(_l("Enter your current password"))])
    password = _new_password()
    confirm = _confirm()
