"""OpenID Connect with a DigiD broker, through Authlib: discovery, the authorization request (code flow with
PKCE, `state` and `nonce`), the token exchange and every check on the ID token. Plain functions: no Flask
request, session or current user; the time comes in as `now` (naive UTC).

Raises:
    Refused: the log-in must not go on. `reason` names the page the visitor sees (REASONS), `detail` is for
        the log only (never a citizen number).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

import requests
from authlib.common.security import generate_token, is_secure_transport
from authlib.common.urls import add_params_to_uri
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from portal.auth import oidc_acr
from portal.bsn import is_valid_bsn, normalise_bsn

# Why a log-in was refused, as the page the visitor sees. The detail of "failed" goes to the log only:
# telling an attacker which check caught a forged token helps nobody else.
REASONS = ("unavailable", "expired", "failed", "assurance", "no-bsn", "bad-bsn")
CANCELLED = "cancelled"  # the visitor stopped at DigiD: not a refusal, back to the log-in page

# RSA and EC signatures only: never "none", never HS256 (the client secret is no signing key for us).
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
HTTP_TIMEOUT = 10  # seconds for each call to the provider
METADATA_TTL = 3600  # seconds the discovery document and keys are kept
FLOW_MAX_AGE = timedelta(minutes=10)  # from "Log in with DigiD" to coming back


class Refused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Settings:
    issuer: str
    client_id: str
    client_secret: str
    bsn_claim: str
    min_acr: str
    clock_skew: timedelta

    @classmethod
    def from_config(cls, config: Mapping) -> Settings | None:
        """The settings, or None when OIDC_ISSUER is unset (log-in with DigiD is off)."""
        if not config.get("OIDC_ISSUER"):
            return None
        return cls(
            issuer=config["OIDC_ISSUER"],
            client_id=config.get("OIDC_CLIENT_ID") or "",
            client_secret=config.get("OIDC_CLIENT_SECRET") or "",
            bsn_claim=config.get("OIDC_BSN_CLAIM") or "bsn",
            min_acr=config.get("OIDC_MIN_ACR") or oidc_acr.DIGID_SUBSTANTIEEL,
            clock_skew=config.get("OIDC_CLOCK_SKEW") or timedelta(seconds=60),
        )

    def problems(self, *, production: bool) -> list[str]:
        """What is wrong with these settings, in words for the operator (empty when all is well)."""
        found = []
        if production and not self.issuer.startswith("https://"):
            found.append("OIDC_ISSUER must be an https:// address in production.")
        elif not is_secure_transport(self.issuer):
            found.append("OIDC_ISSUER must be https://, or http:// on this machine (127.0.0.1) for tests.")
        if not self.client_id or not self.client_secret:
            found.append("OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed with OIDC_ISSUER.")
        if self.min_acr not in oidc_acr.LEVELS:
            found.append(f"OIDC_MIN_ACR {self.min_acr!r} is not a known assurance level (see README).")
        if not timedelta(0) <= self.clock_skew <= timedelta(minutes=5):
            found.append("OIDC_CLOCK_SKEW must be between 0 and 5 minutes.")
        return found


@dataclass
class Flow:
    """What the browser keeps (in the signed session cookie) between leaving for DigiD and coming back."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    started_at: float  # seconds since the epoch
    next_url: str
    # "Shared or public computer" chosen before leaving: the session made on coming back (or after the first
    # log-in's consent) is a public-computer one. A cookie from before this field reads as False.
    public_computer: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Flow | None:
        try:
            return cls(**data) if isinstance(data, dict) else None
        except TypeError:
            return None


@dataclass(frozen=True)
class Identity:
    bsn: str
    acr: str
    name: str
    id_token: str


def epoch(now: datetime) -> float:
    return now.replace(tzinfo=UTC).timestamp()


# Discovery and keys -------------------------------------------------------------------------------------

_cache: dict[str, tuple[float, dict]] = {}


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Refused("unavailable", f"{url}: {error.__class__.__name__}") from None
    if not isinstance(data, dict):
        raise Refused("unavailable", f"{url}: not a JSON object")
    return data


def _cached(url: str, *, force: bool = False) -> dict:
    kept = _cache.get(url)
    if kept and not force and time.monotonic() - kept[0] < METADATA_TTL:
        return kept[1]
    data = _get_json(url)
    _cache[url] = (time.monotonic(), data)
    return data


def forget_provider_cache() -> None:
    _cache.clear()


def provider_metadata(settings: Settings) -> dict:
    """The provider's discovery document, checked: same issuer, the endpoints we use, over HTTPS."""
    metadata = _cached(settings.issuer.rstrip("/") + "/.well-known/openid-configuration")
    if metadata.get("issuer") != settings.issuer:
        raise Refused("unavailable", f"discovery issuer {metadata.get('issuer')!r} is not OIDC_ISSUER")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(key), str) or not is_secure_transport(metadata[key]):
            raise Refused("unavailable", f"discovery document has no usable {key}")
    return metadata


def _key_set(metadata: dict, *, force: bool = False) -> KeySet:
    try:
        return KeySet.import_key_set(_cached(metadata["jwks_uri"], force=force))
    except (JoseError, ValueError, TypeError, KeyError):
        raise Refused("unavailable", "the provider's keys cannot be read") from None


# The flow -----------------------------------------------------------------------------------------------


def begin(
    settings: Settings, *, redirect_uri: str, next_url: str, now: datetime, public_computer: bool = False,
) -> tuple[str, Flow]:
    """The address to send the visitor to, and the flow to keep until they come back."""
    metadata = provider_metadata(settings)
    flow = Flow(
        state=generate_token(32), nonce=generate_token(32), code_verifier=generate_token(64),
        redirect_uri=redirect_uri, started_at=epoch(now), next_url=next_url, public_computer=public_computer,
    )
    with OAuth2Session(
        settings.client_id, settings.client_secret, scope="openid", redirect_uri=redirect_uri,
        code_challenge_method="S256",
    ) as client:
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"], state=flow.state, nonce=flow.nonce,
            code_verifier=flow.code_verifier, acr_values=settings.min_acr,
        )
    return url, flow


def finish(settings: Settings, flow: Flow | None, params: Mapping[str, str], *, now: datetime) -> Identity:
    """Check the answer the provider sent the browser back with, fetch and check the ID token.

    Raises Refused for every way this can go wrong (CANCELLED when the visitor stopped at the provider).
    """
    if flow is None:
        raise Refused("expired", "no log-in was started in this browser session")
    if epoch(now) - flow.started_at > FLOW_MAX_AGE.total_seconds():
        raise Refused("expired", "the log-in took longer than allowed")
    if not hmac.compare_digest(params.get("state", ""), flow.state):
        raise Refused("expired", "state does not match")
    if params.get("error"):
        if params["error"] == "access_denied":
            raise Refused(CANCELLED, "cancelled at the provider")
        raise Refused("failed", f"provider answered error={params['error'][:60]}")
    metadata = provider_metadata(settings)
    if "iss" in params and params["iss"] != metadata["issuer"]:  # RFC 9207: an answer from another provider
        raise Refused("failed", "iss parameter is not the issuer")
    if not params.get("code"):
        raise Refused("failed", "no code in the answer")
    token = fetch_token(settings, metadata, code=params["code"], flow=flow)
    if not isinstance(token.get("id_token"), str):
        raise Refused("failed", "token answer has no id_token")
    claims = validate_id_token(
        token["id_token"], settings=settings, metadata=metadata, nonce=flow.nonce,
        access_token=token.get("access_token"), now=now,
    )
    return identity_from_claims(claims, settings=settings, id_token=token["id_token"])


def fetch_token(settings: Settings, metadata: dict, *, code: str, flow: Flow) -> dict:
    """Trade the code (with the PKCE verifier) for tokens at the provider's token endpoint."""
    with OAuth2Session(
        settings.client_id, settings.client_secret, redirect_uri=flow.redirect_uri,
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 -- the method's name
    ) as client:
        try:
            return dict(client.fetch_token(
                metadata["token_endpoint"], grant_type="authorization_code", code=code,
                code_verifier=flow.code_verifier, timeout=HTTP_TIMEOUT,
            ))
        except OAuthError as error:
            raise Refused("failed", f"token endpoint answered {error.error}") from None
        except (requests.RequestException, ValueError) as error:
            raise Refused("unavailable", f"token endpoint: {error.__class__.__name__}") from None


def validate_id_token(
    id_token: str, *, settings: Settings, metadata: dict, nonce: str, access_token: str | None, now: datetime
) -> dict:
    """The ID token's claims after checking its signature (a key from the provider's JWKS, RSA or EC only),
    issuer, audience, authorized party, expiry and issue time (within the clock skew), nonce and at_hash."""
    try:
        try:
            token = jwt.decode(id_token, _key_set(metadata), algorithms=ALGORITHMS)
        except InvalidKeyIdError:  # the provider may have rolled its keys: fetch them once more
            token = jwt.decode(id_token, _key_set(metadata, force=True), algorithms=ALGORITHMS)
    except JoseError as error:
        raise Refused("failed", f"ID token signature: {error.error}") from None
    except (ValueError, TypeError):
        raise Refused("failed", "ID token is not a signed JWT") from None
    claims = CodeIDToken(
        token.claims, token.header,
        options={
            "iss": {"essential": True, "value": metadata["issuer"]},
            "aud": {"essential": True, "value": settings.client_id},
            "sub": {"essential": True},
            "nonce": {"essential": True},
        },
        params={"nonce": nonce, "client_id": settings.client_id, "access_token": access_token},
    )
    try:
        claims.validate(now=int(epoch(now)), leeway=int(settings.clock_skew.total_seconds()))
    except ExpiredTokenError:
        raise Refused("failed", "ID token expired") from None
    except JoseError as error:
        raise Refused("failed", f"ID token claim: {error.error} {error.description or ''}".strip()) from None
    return dict(claims)


def identity_from_claims(claims: dict, *, settings: Settings, id_token: str) -> Identity:
    """The citizen behind a checked ID token: assurance level first, then the citizen number."""
    acr = claims.get("acr")
    if not oidc_acr.is_enough(acr, settings.min_acr):
        shown = acr if isinstance(acr, str) else repr(acr)
        raise Refused("assurance", f"acr {shown[:200]} is below {settings.min_acr}")
    raw = claims.get(settings.bsn_claim)
    if not isinstance(raw, str | int) or isinstance(raw, bool) or str(raw).strip() == "":
        raise Refused("no-bsn", f"no {settings.bsn_claim} claim")
    bsn = normalise_bsn(str(raw))
    if not is_valid_bsn(bsn):
        raise Refused("bad-bsn", f"{settings.bsn_claim} claim fails the 11-test")
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    return Identity(bsn=bsn, acr=acr, name=name[:200], id_token=id_token)


def logout_url(
    settings: Settings, *, id_token: str, post_logout_redirect_uri: str, state: str | None = None
) -> str | None:
    """RP-initiated log-out at the provider, or None when it offers none (or cannot be reached). The provider
    hands `state` back to the post-logout address."""
    try:
        endpoint = provider_metadata(settings).get("end_session_endpoint")
    except Refused:
        return None
    if not isinstance(endpoint, str) or not is_secure_transport(endpoint):
        return None
    return add_params_to_uri(endpoint, {
        "id_token_hint": id_token, "client_id": settings.client_id,
        "post_logout_redirect_uri": post_logout_redirect_uri, **({"state": state} if state else {}),
    })
