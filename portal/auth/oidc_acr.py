"""Assurance levels (the ID token's `acr` claim) that the portal knows, and their order.

A DigiD broker reports the level of the log-in as DigiD's SAML context class; some brokers use the eIDAS
levels, and eHerkenning brokers the eHerkenning classes. They are ranked together on the Dutch scale of the
Logius "betrouwbaarheidsniveaus" (DigiD Midden = eIDAS low = eHerkenning EH2+, and so on). An `acr` the
portal does not know ranks below everything, so it is refused whatever the minimum is.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

DIGID_BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
DIGID_MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
DIGID_SUBSTANTIEEL = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
DIGID_HOOG = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"


@dataclass(frozen=True)
class Level:
    rank: int
    name: object  # a lazy string: the level's name in the visitor's language


BASIS = Level(1, _l("Basic"))
MIDDEN = Level(2, _l("Middle"))
SUBSTANTIEEL = Level(3, _l("Substantial"))
HOOG = Level(4, _l("High"))

LEVELS: dict[str, Level] = {
    DIGID_BASIS: BASIS,
    DIGID_MIDDEN: MIDDEN,
    DIGID_SUBSTANTIEEL: SUBSTANTIEEL,
    DIGID_HOOG: HOOG,
    "http://eidas.europa.eu/LoA/low": MIDDEN,
    "http://eidas.europa.eu/LoA/substantial": SUBSTANTIEEL,
    "http://eidas.europa.eu/LoA/high": HOOG,
    "urn:etoegang:core:assurance-class:loa1": BASIS,
    "urn:etoegang:core:assurance-class:loa2": BASIS,
    "urn:etoegang:core:assurance-class:loa2plus": MIDDEN,
    "urn:etoegang:core:assurance-class:loa3": SUBSTANTIEEL,
    "urn:etoegang:core:assurance-class:loa4": HOOG,
}


def rank(acr: object) -> int:
    """The rank of an `acr` value: 1 (basis) to 4 (hoog); 0 when missing or unknown."""
    level = LEVELS.get(acr) if isinstance(acr, str) else None
    return level.rank if level else 0


def is_enough(acr: object, minimum: str) -> bool:
    """True when `acr` is at least as strong as `minimum` (which must be a known value)."""
    return rank(acr) >= LEVELS[minimum].rank


def level_name(acr: str) -> str:
    level = LEVELS.get(acr)
    return str(level.name) if level else ""
