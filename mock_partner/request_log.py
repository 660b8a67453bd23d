"""The request log: the most recent records (bounded), running totals, and live subscribers."""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice, takewhile
from typing import Any

from mock_partner.filters import RecordFilter
from mock_partner.records import RequestRecord

DEFAULT_MAX_RECORDS = 100_000
SUBSCRIBER_BACKLOG = 10_000
"""Records a slow live follower may fall behind by before the oldest unsent ones are dropped."""


@dataclass(eq=False)
class Subscription:
    """A live follower of the log: new records arrive on `queue`; `dropped` counts overflow."""

    queue: asyncio.Queue[RequestRecord] = field(
        default_factory=lambda: asyncio.Queue(SUBSCRIBER_BACKLOG)
    )
    dropped: int = 0

    def offer(self, record: RequestRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except asyncio.QueueFull:
            self.dropped += 1


class RequestLog:
    """Keeps the newest `max_records` records, so memory stays flat however long it runs."""

    def __init__(self, max_records: int = DEFAULT_MAX_RECORDS) -> None:
        self._records: deque[RequestRecord] = deque(maxlen=max_records)
        self._next_sequence = 1
        self._subscribers: set[Subscription] = set()
        self.total = 0
        """Records added since the last clear (retained or not)."""
        self.by_status: Counter[str] = Counter()
        self.by_fault: Counter[str] = Counter()

    @property
    def max_records(self) -> int:
        return self._records.maxlen or 0

    @property
    def evicted(self) -> int:
        return self.total - len(self._records)

    def next_sequence(self) -> int:
        sequence = self._next_sequence
        self._next_sequence += 1
        return sequence

    def add(self, record: RequestRecord) -> None:
        """Append `record`, count it, and hand it to every live subscriber."""
        self._records.append(record)
        self.total += 1
        self.by_status[str(record.answer.status).lower()] += 1
        if record.answer.fault is not None:
            self.by_fault[record.answer.fault] += 1
        for subscription in self._subscribers:
            subscription.offer(record)

    def clear(self) -> None:
        """Forget every record and total; sequence numbers keep rising so followers stay in step."""
        self._records.clear()
        self.total = 0
        self.by_status.clear()
        self.by_fault.clear()

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self._records)

    def select(self, query: RecordFilter | None = None) -> list[RequestRecord]:
        return list(self._select(query or RecordFilter()))

    def _select(self, query: RecordFilter) -> Iterator[RequestRecord]:
        matching = (record for record in self.since(query.since) if query.matches(record))
        if query.tail is not None:
            return iter(deque(matching, maxlen=query.tail))
        return islice(matching, query.limit)

    def count(self, query: RecordFilter | None = None) -> int:
        query = query or RecordFilter()
        return sum(1 for record in self.since(query.since) if query.matches(record))

    def since(self, sequence: int) -> list[RequestRecord]:
        """Retained records with a sequence above `sequence`, oldest first (cheap for followers)."""
        newer = list(takewhile(lambda record: record.sequence > sequence, reversed(self._records)))
        newer.reverse()
        return newer

    def get(self, sequence: int) -> RequestRecord | None:
        return next((r for r in reversed(self._records) if r.sequence == sequence), None)

    def subscribe(self) -> Subscription:
        subscription = Subscription()
        self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    def stats(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "retained": len(self._records),
            "evicted": self.evicted,
            "max_records": self.max_records,
            "by_status": dict(self.by_status),
            "by_fault": dict(self.by_fault),
            "subscribers": len(self._subscribers),
        }
