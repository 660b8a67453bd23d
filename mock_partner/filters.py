"""Which recorded requests a question is about: filters of the admin list, count and stream."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mock_partner.records import RequestRecord

_STATUS = re.compile(r"^(none|[1-5]xx|[1-5]\d\d)$")


class RecordFilter(BaseModel):
    """Filters on the request log; every one given must hold. Also the admin API's query string."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: str | None = None
    """HTTP method, case-insensitive (`POST`)."""
    path: str | None = None
    """A glob over the path (`/v1/audiences/*`); `*` also crosses `/`."""
    status: str | None = None
    """Answer status: `200`, a class such as `5xx`, or `none` (reset / no answer)."""
    since: int = Field(default=0, ge=0)
    """Only records with a sequence number above this."""
    header: str | None = None
    """`name` (present) or `name:glob` (a value matching the glob); the name is case-insensitive."""
    fault: str | None = None
    """The name of the fault rule that answered, `any` for any fault, or `none` for no fault."""
    limit: int | None = Field(default=None, ge=1)
    """At most this many, the oldest first (page forward with `since`); the stream ends after
    this many records."""
    tail: int | None = Field(default=None, ge=1)
    """At most this many, the newest (still listed oldest first); the stream replays them
    first. A list takes `limit` or `tail`, not both."""

    @field_validator("status")
    @classmethod
    def _status_shape(cls, value: str | None) -> str | None:
        if value is not None and not _STATUS.match(value.lower()):
            raise ValueError("must be a status code (404), a class (4xx) or `none`")
        return None if value is None else value.lower()

    def matches(self, record: RequestRecord) -> bool:
        """Whether `record` passes every filter but `since`, `limit` and `tail`."""
        return (
            (self.method is None or record.method == self.method.upper())
            and (self.path is None or fnmatchcase(record.path, self.path))
            and (self.status is None or _status_matches(self.status, record.answer.status))
            and (self.header is None or _header_matches(self.header, record))
            and (self.fault is None or _fault_matches(self.fault, record.answer.fault))
        )


def _status_matches(wanted: str, status: int | None) -> bool:
    if wanted == "none":
        return status is None
    if status is None:
        return False
    if wanted.endswith("xx"):
        return str(status)[0] == wanted[0]
    return status == int(wanted)


def _header_matches(wanted: str, record: RequestRecord) -> bool:
    name, _, pattern = wanted.partition(":")
    values = [value for key, value in record.headers if key == name.strip().lower()]
    if ":" not in wanted:
        return bool(values)
    return any(fnmatchcase(value, pattern.strip()) for value in values)


def _fault_matches(wanted: str, fault: str | None) -> bool:
    if wanted == "any":
        return fault is not None
    if wanted == "none":
        return fault is None
    return fault == wanted
