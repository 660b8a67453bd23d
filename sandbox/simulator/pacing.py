"""Population-wide work that lets the event loop breathe: a yield every few hundred profiles.

Generating, backfilling or re-evaluating a million profiles takes minutes of CPU; done in one go it
would freeze the console and hold every delivery back until the end. Paced, deliveries go out while
the work goes on, and a key press is answered within a few milliseconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import TypeVar

T = TypeVar("T")
YIELD_EVERY = 256


async def paced(items: Iterable[T], every: int = YIELD_EVERY) -> AsyncIterator[T]:
    """`items`, handing control to the event loop after every `every` of them."""
    for count, item in enumerate(items, 1):
        yield item
        if count % every == 0:
            await asyncio.sleep(0)
