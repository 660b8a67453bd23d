"""How visitors move through the demo site: the funnel's numbers and sessions per profile.

A session lands on a few pages, may look at a few stays (mostly in the visitor's favourite
category), may add one to the cart (with a shop add-on now and then), and may buy what it added:
many page views, fewer product views, fewer cart adds, fewer purchases, and a purchase always
comes after the cart adds of the same products. Sessions per profile follow a power law (most
visitors come once or twice, a few come back often), and the event count is capped.

`visits` plans whole chunks of sessions with these numbers (and builds each profile's `xEvent`);
the helpers at the end draw single steps for events streamed one at a time.
"""

from __future__ import annotations

import zlib

import numpy as np
import numpy.typing as npt

from sandbox.profiles.catalogue import (
    CATEGORIES,
    CATEGORY_PAGES,
    GENERAL_PAGES,
    SHOP,
    STAYS_BY_CATEGORY,
    Page,
    Product,
)
from sandbox.profiles.randomness import Draws, Words

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

FAVOURITE = 0.6
"""Share of sessions spent in the visitor's favourite stay category."""
HOME_FIRST = 0.4
CATEGORY_PAGE = 0.35
"""Share of other page views that are the category's listing page."""
PAGE_TAIL = 1.4
SHOPS = 0.55
"""Share of sessions that look at products."""
SHOP_ITEM = 0.15
CARTS = 0.35
"""Share of product-viewing sessions that add to the cart."""
ADD_ON = 0.2
BUYS = 0.45
"""Share of carts that are bought in the same session."""
PAGE_GAP = (8_000, 150_000)
VIEW_GAP = (20_000, 240_000)
CART_GAP = (15_000, 300_000)
"""Milliseconds between steps (low, high)."""
NIGHTS = (1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 7, 7, 10, 14)

_NO_VISITS = 0.12
_SESSION_TAIL = 1.6


def favourite_category(profile_id: str) -> int:
    """The index (in `CATEGORIES`) of the stay category a profile browses most, fixed by its id:
    its first 32 bits for the generator's UUIDs, a CRC of the id otherwise."""
    head = profile_id[:8]
    try:
        number = int(head, 16) if len(head) == 8 and profile_id[8:9] == "-" else None
    except ValueError:
        number = None
    return (zlib.crc32(profile_id.encode()) if number is None else number) % len(CATEGORIES)


def favourite_categories(id_high_words: Words) -> Ints:
    """`favourite_category` of the UUIDs made from these high words (their first 32 bits)."""
    return (id_high_words >> np.uint64(32)).astype(np.int64) % len(CATEGORIES)


def session_counts(units: Floats, cap: int) -> Ints:
    """Sessions in the look-back window: none for some, a heavy tail for the rest."""
    rest = np.clip((units - _NO_VISITS) / (1 - _NO_VISITS), 0.0, None)
    counts = np.minimum((1 - rest) ** (-1 / _SESSION_TAIL), cap).astype(np.int64)
    return np.where(units < _NO_VISITS, 0, counts)


def landing_page(category: str, draws: Draws) -> Page:
    """Where a visitor goes next: the category's listing, or the home page, search, the shop..."""
    return CATEGORY_PAGES[category] if draws.chance(CATEGORY_PAGE) else draws.pick(GENERAL_PAGES)


def browsed_product(category: str, draws: Draws) -> Product:
    """A product looked at while browsing `category` (now and then a shop item)."""
    return draws.pick(SHOP) if draws.chance(SHOP_ITEM) else draws.pick(STAYS_BY_CATEGORY[category])


def quantity_of(product: Product, draws: Draws) -> int:
    """Nights for a stay, items for the shop."""
    return draws.pick(NIGHTS) if product.is_stay else draws.between(1, 2)
