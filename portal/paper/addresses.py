"""Dutch postal addresses: checking what a citizen typed, storing it on the citizen, writing it on an envelope.

Format: street, house number (1 to 5 digits), optional addition (letters or digits, like A or 2), postcode
`1234 AB` (four digits not starting with 0, a space, two capital letters; SA, SD and SS are never issued) and town.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal.db import database
from portal.errors_domain import ValidationFailed
from portal.models import Account, Citizen, Event
from portal.paper.models import PaperRequest

POSTCODE = re.compile(r"([1-9][0-9]{3})\s?([A-Z]{2})")
NOT_ISSUED = ("SA", "SD", "SS")
HOUSE_NUMBER = re.compile(r"[1-9][0-9]{0,4}")
ADDITION = re.compile(r"[A-Z0-9]{1,6}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LIMITS = {"name": 100, "street": 100, "city": 80}
FIELDS = ("name", "street", "house_number", "addition", "postcode", "city")


@dataclass(frozen=True)
class Address:
    name: str
    street: str
    house_number: str
    addition: str
    postcode: str  # "1234 AB"
    city: str

    @property
    def street_line(self) -> str:
        """"Dorpsstraat 12A" or "Dorpsstraat 12-2": a letter joins the number, other additions follow a dash."""
        if not self.addition:
            return f"{self.street} {self.house_number}"
        joiner = "" if len(self.addition) == 1 and self.addition.isalpha() else "-"
        return f"{self.street} {self.house_number}{joiner}{self.addition}"

    @property
    def town_line(self) -> str:
        """Postcode, two spaces, town in capitals: how the postal service asks for it on an envelope."""
        return f"{self.postcode}  {self.city.upper()}"

    def lines(self) -> list[str]:
        return [self.name, self.street_line, self.town_line]

    def one_line(self) -> str:
        """For a sentence on screen: "Dorpsstraat 12A, 1234 AB Dorp"."""
        return f"{self.street_line}, {self.postcode} {self.city}"


def _clean(value) -> str:
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


def _check_text(name: str, value: str, errors: dict) -> None:
    messages = {
        "name": (_l("Enter the name to put on the envelope"), _l("The name can be at most 100 characters long")),
        "street": (_l("Enter the street"), _l("The street can be at most 100 characters long")),
        "city": (_l("Enter the town"), _l("The town can be at most 80 characters long")),
    }
    empty, too_long = messages[name]
    if not value:
        errors[name] = empty
    elif len(value) > LIMITS[name]:
        errors[name] = too_long


def _check_postcode(raw: str, errors: dict) -> str:
    match = POSTCODE.fullmatch(raw.upper())
    if not raw:
        errors["postcode"] = _l("Enter the postcode")
    elif not match:
        errors["postcode"] = _l("Enter a postcode of 4 digits and 2 letters, like 1234 AB")
    elif match.group(2) in NOT_ISSUED:
        errors["postcode"] = _l("This postcode does not exist. Check the letters.")
    else:
        return f"{match.group(1)} {match.group(2)}"
    return raw


def parse_address(data) -> Address:
    """Check a filled-in address form (a mapping with the FIELDS). Raises ValidationFailed, one message per field."""
    values = {name: _clean(data.get(name)) for name in FIELDS}
    errors: dict = {}
    for name in ("name", "street", "city"):
        _check_text(name, values[name], errors)
    number = values["house_number"].replace(" ", "")
    if not number:
        errors["house_number"] = _l("Enter the house number")
    elif not HOUSE_NUMBER.fullmatch(number):
        errors["house_number"] = _l("Enter the house number in digits only, like 12. Put a letter in the addition.")
    addition = values["addition"].upper().replace(" ", "").lstrip("-")
    if addition and not ADDITION.fullmatch(addition):
        errors["addition"] = _l("Enter an addition of at most 6 letters or digits, like A or 2")
    postcode = _check_postcode(values["postcode"], errors)
    if errors:
        raise ValidationFailed({name: errors[name] for name in FIELDS if name in errors})
    return Address(name=values["name"], street=values["street"], house_number=number, addition=addition,
                   postcode=postcode, city=values["city"])


def address_of(citizen: Citizen) -> Address | None:
    """The citizen's stored postal address, or None when none is known."""
    if not (citizen.address_street and citizen.address_postcode):
        return None
    name = citizen.address_name or (citizen.account.name if citizen.account_id else "")
    return Address(name=name, street=citizen.address_street, house_number=citizen.address_house_number,
                   addition=citizen.address_addition, postcode=citizen.address_postcode, city=citizen.address_city)


def address_columns(address: Address) -> dict[str, str]:
    """The address as the `address_*` columns that Citizen and PaperRequest share."""
    return {
        "address_name": address.name, "address_street": address.street,
        "address_house_number": address.house_number, "address_addition": address.addition,
        "address_postcode": address.postcode, "address_city": address.city,
    }


def address_from_columns(row) -> Address:
    return Address(name=row.address_name, street=row.address_street, house_number=row.address_house_number,
                   addition=row.address_addition, postcode=row.address_postcode, city=row.address_city)


def address_form_data(citizen: Citizen) -> dict[str, str]:
    """What the address form starts with: the stored address, or the account's name."""
    address = address_of(citizen)
    if address is None:
        return {"name": citizen.account.name if citizen.account_id else ""}
    return {name: getattr(address, name) for name in FIELDS}


def save_address(citizen: Citizen, data, *, actor: Account | None, now: datetime) -> Address:
    """Check and store the postal address. Paper requests not yet in a print batch go to the new address."""
    address = parse_address(data)
    columns = address_columns(address)
    with database.atomic():
        Citizen.update(**columns, address_changed_at=now).where(Citizen.id == citizen.id).execute()
        moved = (PaperRequest.update(**columns)
                 .where(PaperRequest.citizen == citizen, PaperRequest.status == "requested").execute())
        Event.create(citizen=citizen, actor=actor, kind="address_changed", at=now,
                     detail=f"{moved} open paper request(s) to the new address" if moved else "")
    for name, value in columns.items():
        setattr(citizen, name, value)
    citizen.address_changed_at = now
    return address
