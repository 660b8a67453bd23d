"""An activation's credentials: checked against the destination's auth configurations, then built.

The destination's `destinationDelivery[0].authenticationRule` decides: `NONE` sends no credentials;
`CUSTOMER_AUTHENTICATION` needs the activation's `credentials` of one of the configured auth types;
`PLATFORM_AUTHENTICATION` (one global credential made with AEP's /credentials API) also reads them
from the activation, since the sandbox has no /credentials API.
"""

from __future__ import annotations

from typing import Any

from sandbox.destinations.activation import Activation, ActivationCredentials
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.customer_auth import CustomerAuthentication
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.problems import Findings, warning
from sandbox.errors import Problem

MIN_TOKEN_LIFETIME = 3600
_STANDARD = {
    "clientId": "client_id",
    "clientSecret": "client_secret",
    "username": "username",
    "password": "password",
    "accessToken": "access_token",
    "refreshToken": "refresh_token",
    "expiresIn": "expires_in",
}


def auth_rule(config: DestinationConfig) -> str:
    delivery = config.destination_delivery
    return delivery[0].authentication_rule if delivery else "NONE"


def auth_config(config: DestinationConfig, auth_type: str) -> CustomerAuthentication | None:
    return next(
        (a for a in config.customer_authentication_configurations if a.auth_type == auth_type), None
    )


IGNORED = "ignored: the authenticationRule is NONE, so activation calls carry no credentials"


def credential_problems(
    activation: Activation, config: DestinationConfig, file: str
) -> list[Problem]:
    given, found = activation.credentials, Findings(file)
    allowed = ", ".join(a.auth_type for a in config.customer_authentication_configurations) or (
        "none configured"
    )
    if auth_rule(config) == "NONE":
        if given:
            found.warn("credentials", IGNORED)
    elif given is None:
        found.error("credentials", f"this destination needs credentials of type: {allowed}")
    elif (chosen := auth_config(config, given.auth_type)) is None:
        message = f'"{given.auth_type}" is not accepted by this destination; allowed: {allowed}'
        found.error("credentials.authType", message)
    else:
        return _type_problems(given, chosen, file) + _lifetime_problems(given, chosen, file)
    return found.problems


def _type_problems(
    given: ActivationCredentials, chosen: CustomerAuthentication, file: str
) -> list[Problem]:
    if given.auth_type == "BASIC":
        needed = ["username", "password"]
    elif given.auth_type == "BEARER":
        needed = ["token"]
    else:
        needed = _oauth_needs(given, chosen)
    return [
        Problem(
            file,
            f"credentials.{name}",
            f"{given.auth_type} credentials need {name}" + (f" ({reason})" if reason else ""),
        )
        for name, reason in (_split(n) for n in needed)
        if _value(given, name) is None
    ]


def _oauth_needs(given: ActivationCredentials, chosen: CustomerAuthentication) -> list[str]:
    needed = [n for n in ("clientId", "clientSecret") if _config_value(chosen, n) is None]
    if chosen.grant == "OAUTH2_PASSWORD":
        needed += ["username", "password"]
    if chosen.grant == "OAUTH2_AUTHORIZATION_CODE" and not (
        given.access_token or given.refresh_token or given.authorization_code
    ):
        needed.append(
            "accessToken|the result of the login flow: accessToken, refreshToken or "
            "authorizationCode"
        )
    for field in chosen.authentication_data_fields:
        if field.from_customer and field.is_required and field.value is None:
            needed.append(field.name if field.name in _STANDARD else f"fields.{field.name}")
    return list(dict.fromkeys(needed))


def _split(need: str) -> tuple[str, str]:
    name, _, reason = need.partition("|")
    return name, reason


def _value(given: ActivationCredentials, name: str) -> Any:
    if name.startswith("fields."):
        return given.fields.get(name.removeprefix("fields."))
    attribute = _STANDARD.get(name, name)
    return getattr(given, attribute, None) or given.fields.get(name)


def _config_value(chosen: CustomerAuthentication, name: str) -> Any:
    """A value the partner fixed: `clientId`/`clientSecret` or an authenticationDataField value."""
    direct = (
        getattr(chosen, _STANDARD[name], None) if name in ("clientId", "clientSecret") else None
    )
    if direct is not None:
        return direct
    field = chosen.data_field(name)
    return field.value if field else None


def _lifetime_problems(
    given: ActivationCredentials, chosen: CustomerAuthentication, file: str
) -> list[Problem]:
    field = chosen.data_field("expiresIn")
    lifetime = given.expires_in if given.expires_in is not None else field.value if field else None
    if (
        isinstance(lifetime, int)
        and not isinstance(lifetime, bool)
        and lifetime < MIN_TOKEN_LIFETIME
    ):
        return [
            warning(
                file,
                "credentials.expiresIn",
                f"tokens living {lifetime} s: AEP drops "
                "profiles for connections whose tokens live under 1 hour (24 h advised)",
            )
        ]
    return []


def build_credentials(activation: Activation | None, config: DestinationConfig) -> Credentials:
    """The `Credentials` delivery uses (auth type NONE without an activation or with rule NONE)."""
    given = activation.credentials if activation else None
    chosen = auth_config(config, given.auth_type) if given else None
    if given is None or chosen is None or auth_rule(config) == "NONE":
        return Credentials()
    auth_data = _auth_data(given, chosen)
    return Credentials(
        auth_type=given.auth_type,
        username=given.username or "",
        password=given.password or "",
        token=given.token or given.access_token or "",
        grant=chosen.grant or "",
        client_id=str(auth_data.get("clientId", "")),
        client_secret=str(auth_data.get("clientSecret", "")),
        access_token_url=chosen.access_token_url or "",
        refresh_token_url=chosen.refresh_token_url or "",
        authorization_url=chosen.authorization_url or "",
        authorization_code=given.authorization_code or "",
        refresh_token=str(auth_data.get("refreshToken", "")),
        scope=tuple(chosen.scope or ()),
        use_basic_auth=bool(chosen.options and chosen.options.use_basic_auth),
        expires_in=_int_or_none(auth_data.get("expiresIn")),
        auth_data=auth_data,
        response_paths={
            f.name: f.authentication_response_path
            for f in chosen.authentication_data_fields
            if f.authentication_response_path
        },
        access_token_request=(
            chosen.access_token_request.model_dump(by_alias=True)
            if chosen.access_token_request
            else None
        ),
    )


def _auth_data(given: ActivationCredentials, chosen: CustomerAuthentication) -> dict[str, Any]:
    """What templates read as `authData.*`: partner values, then the user's, then custom fields."""
    data: dict[str, Any] = {
        f.name: f.value for f in chosen.authentication_data_fields if f.value is not None
    }
    for name in ("clientId", "clientSecret"):
        if _config_value(chosen, name) is not None:
            data[name] = _config_value(chosen, name)
    for name, attribute in _STANDARD.items():
        value = getattr(given, attribute)
        if value is not None:
            data[name] = value
    if given.token is not None:
        data.update(token=given.token, accessToken=given.token)
    for name, value in (
        ("authorizationCode", given.authorization_code),
        ("tokenType", given.token_type),
    ):
        if value is not None:
            data[name] = value
    return {**data, **given.fields}


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None
