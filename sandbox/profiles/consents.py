"""XDM consents (`consents.collect`, `.personalize`, `.marketing`) in plausible proportions."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]


def consent_records(
    identities: tuple[Bools, Bools, Bools], units: Floats, updated: list[str]
) -> list[dict[str, Any]]:
    """`consents` for a chunk; a channel can only be agreed to when the person gave its identity.

    Args:
        identities: whether each person has an email, a phone number and a mobile device.
        units: six uniform draws per person (collect, personalize, email, sms, push, preference).
        updated: when each person last changed their consents (ISO 8601).
    """
    has_email, has_phone, has_device = identities
    collect = units[:, 0] < 0.94
    personalize = collect & (units[:, 1] < 0.85)
    email = has_email & (units[:, 2] < 0.62)
    sms = has_phone & (units[:, 3] < 0.38)
    push = has_device & (units[:, 4] < 0.5)
    prefers_sms = sms & (~email | (units[:, 5] < 0.2))
    choice = np.select([prefers_sms, email, push], ["sms", "email", "push"], "none")
    columns = [_yes_no(c) for c in (collect, personalize, email, sms, push)]
    return [
        _record(c, p, e, s, u, preferred, time)
        for c, p, e, s, u, preferred, time in zip(*columns, choice.tolist(), updated, strict=True)
    ]


def _yes_no(agreed: Bools) -> list[str]:
    return np.where(agreed, "y", "n").tolist()  # type: ignore[no-any-return]


def _record(
    collect: str, personalize: str, email: str, sms: str, push: str, preferred: str, time: str
) -> dict[str, Any]:
    return {
        "collect": {"val": collect},
        "personalize": {"content": {"val": personalize}},
        "marketing": {
            "email": {"val": email},
            "sms": {"val": sms},
            "push": {"val": push},
            "preferred": preferred,
        },
        "metadata": {"time": time},
    }
