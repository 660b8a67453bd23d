"""The secret values a destination's credentials hold, for the shared redaction (`sandbox.redaction`)."""

from __future__ import annotations

from sandbox.destinations.credentials import Credentials
from sandbox.redaction import SECRET_WORDS, with_encodings


def credential_secrets(credentials: Credentials) -> tuple[str, ...]:
    """Every secret value the credentials hold, custom `authData` secrets included."""
    custom = tuple(
        value
        for name, value in credentials.auth_data.items()
        if isinstance(value, str) and any(word in name.lower() for word in SECRET_WORDS)
    )
    return with_encodings((*credentials.secrets(), *custom))
