"""Recognising a file-based (batch) destination configuration, which the sandbox does not simulate.

Adobe's file-based examples (Amazon S3, SFTP, Azure, Google Cloud Storage, Data Landing Zone) are
valid Destination SDK configurations, but AEP exports files to storage on a schedule for them, not
HTTP calls. Checked field by field they would give a string of confusing errors (a `category` of
"S3", no `aggregation`); instead they get one error naming the file-based parts and why.
"""

from __future__ import annotations

from typing import Any

from sandbox.errors import Problem

FILE_AUTH_TYPES = frozenset(
    {
        "S3",
        "AZURE_CONNECTION_STRING",
        "AZURE_SERVICE_PRINCIPAL",
        "SFTP_WITH_PASSWORD",
        "SFTP_WITH_SSH_KEY",
        "GOOGLE_CLOUD_STORAGE",
        "DLZ",
    }
)
WHY = (
    "AEP exports files (CSV, JSON, Parquet) to storage on a schedule for it, which the sandbox "
    "does not simulate; it simulates streaming (REST) destinations, whose activation calls are "
    "HTTP requests (authType BASIC, BEARER or OAUTH2, an aggregation, a URL_BASED server)"
)


def file_based_signs(data: Any) -> list[str]:
    """The parts of a destination configuration that make it file-based (none: streaming)."""
    if not isinstance(data, dict):
        return []
    signs = []
    auths = data.get("customerAuthenticationConfigurations")
    for index, auth in enumerate(auths if isinstance(auths, list) else []):
        if isinstance(auth, dict) and auth.get("authType") in FILE_AUTH_TYPES:
            where = f"customerAuthenticationConfigurations[{index}].authType"
            signs.append(f"{where} {auth['authType']}")
    if data.get("batchConfig") is not None:
        signs.append("batchConfig")
    ui = data.get("uiAttributes")
    if isinstance(ui, dict) and ui.get("frequency") == "Batch":
        signs.append("uiAttributes.frequency Batch")
    return signs


def file_based_problem(data: Any, file: str) -> Problem | None:
    """One error for a file-based configuration (a streaming sign beside them is not enough)."""
    signs = file_based_signs(data)
    auth_signs = [s for s in signs if s.startswith("customerAuthenticationConfigurations")]
    if not signs or (not auth_signs and not _lacks_streaming(data)):
        return None
    where = auth_signs[0].split(" ")[0] if auth_signs else ""
    return Problem(
        file, where, f"a file-based destination configuration ({', '.join(signs)}): {WHY}"
    )


def _lacks_streaming(data: dict[str, Any]) -> bool:
    return "aggregation" not in data
