"""Visits to the demo site, planned for a whole chunk of sessions at once with numpy.

Each session gets fixed event slots: up to `MAX_PAGES` page views, up to `MAX_VIEWED` product
views, up to two cart adds (a stay and maybe a shop add-on) and one purchase, in that order. Every
decision (how many pages, which products, whether to add to the cart, whether to buy) is a column
of the session's random draws, so all sessions are decided together; only present slots become
events. A slot's time is its session start plus the gaps before it, so slot order is time order,
and a purchase always follows the cart adds of the same products. Python then only builds dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

import numpy as np
import numpy.typing as npt

from sandbox.profiles import journeys as funnel
from sandbox.profiles.catalogue import (
    CATEGORIES,
    CATEGORY_PAGES,
    GENERAL_PAGES,
    PRODUCTS,
    SHOP,
    STAYS_BY_CATEGORY,
    Page,
)
from sandbox.profiles.experience_events import (
    Event,
    Visitor,
    cart_add,
    order_id,
    page_view,
    product_view,
    purchase,
)
from sandbox.profiles.identities import uuid4_many
from sandbox.profiles.randomness import Words, keys, matrix
from sandbox.profiles.timestamps import iso_millis_many

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

MAX_PAGES, MAX_VIEWED = 8, 3
VIEWS = MAX_PAGES
ADDS = VIEWS + MAX_VIEWED
BUY = ADDS + 2
SLOTS = BUY + 1
"""Slots: page views 0-7, product views 8-10, cart adds 11-12, purchase 13."""
DRAWS = 50
"""Random draws per session (columns of the plan)."""

PAGE_TABLE: tuple[Page, ...] = GENERAL_PAGES + tuple(CATEGORY_PAGES[c] for c in CATEGORIES)
"""Page refs index this: the general pages (the home page first), then each category's page."""
_CATEGORY_PAGE_REF = np.arange(len(GENERAL_PAGES), len(PAGE_TABLE))
_STAYS_FROM = np.array([PRODUCTS.index(STAYS_BY_CATEGORY[c][0]) for c in CATEGORIES])
_STAYS_COUNT = np.array([len(STAYS_BY_CATEGORY[c]) for c in CATEGORIES])
_SHOP_FROM, _SHOP_COUNT = PRODUCTS.index(SHOP[0]), len(SHOP)
_IS_STAY = np.array([product.is_stay for product in PRODUCTS])
_NIGHTS = np.array(funnel.NIGHTS)

_BY_TIME = itemgetter("timestamp")
"""Sessions can overlap in time; their events are merged by timestamp (a stable sort)."""

# Draw columns.
_CATEGORY, _OTHER, _PAGES, _HOME = 0, 1, 2, 3
_LANDING, _LANDING_PICK, _PAGE_GAP = 4, 12, 20
_SHOPS, _VIEWED, _SHOP_ITEM, _ITEM_PICK, _VIEW_GAP = 28, 29, 30, 33, 36
_CARTS, _NIGHTS_PICK, _ADD_ON, _ADD_ON_PICK, _ADD_ON_QUANTITY, _CART_GAP = 39, 40, 41, 42, 43, 44
_BUYS, _ORDER, _START = 46, 47, 48


@dataclass(frozen=True)
class VisitPlans:
    """The planned events of a chunk's sessions, ready for Python to turn into dicts.

    Events are listed session by session, in slot (and so time) order; `first` and `counts`
    say which of them belong to a session.
    """

    first: list[int]
    counts: list[int]
    slots: list[int]
    """Per event: its slot (which says its kind)."""
    refs: list[int]
    """Per event: a `PAGE_TABLE` index (page views) or a `PRODUCTS` index (the others)."""
    stamps: list[str]
    """Per event: ISO 8601 timestamp."""
    ids: list[str]
    carts: list[list[int]]
    """Per session: the `PRODUCTS` index of its two cart adds (-1: none)."""
    quantities: list[list[int]]
    """Per session: nights or items of its two cart adds."""
    order_words: list[int]
    """Per session: random bits for the purchase id, if it buys."""

    def profile_events(self, visitor: Visitor, sessions: range, limit: int) -> list[Event]:
        """The event dicts of a profile's sessions, in time order: at most `limit`, the later
        sessions cut once it is reached (and the events past it never built)."""
        slots, refs, ids, stamps = self.slots, self.refs, self.ids, self.stamps
        events: list[Event] = []
        for session in sessions:
            first = self.first[session]
            for at in range(first, first + min(self.counts[session], limit - len(events))):
                slot = slots[at]
                if slot < VIEWS:
                    events.append(page_view(visitor, ids[at], stamps[at], PAGE_TABLE[refs[at]]))
                elif slot < ADDS:
                    events.append(product_view(visitor, ids[at], stamps[at], PRODUCTS[refs[at]]))
                else:
                    events.append(self._cart_event(visitor, session, at))
        if len(sessions) > 1:
            events.sort(key=_BY_TIME)
        return events

    def _cart_event(self, visitor: Visitor, session: int, at: int) -> Event:
        slot, quantities = self.slots[at], self.quantities[session]
        if slot < BUY:
            product = PRODUCTS[self.refs[at]]
            return cart_add(
                visitor, self.ids[at], self.stamps[at], product, quantities[slot - ADDS]
            )
        added = zip(self.carts[session], quantities, strict=True)
        items = [(PRODUCTS[r], quantity) for r, quantity in added if r >= 0]
        purchase_id = order_id(self.order_words[session])
        return purchase(visitor, self.ids[at], self.stamps[at], items, purchase_id)


def plan_visits(
    draws: Floats, favourites: Ints, counters: Words, window: tuple[int, int], id_key: int
) -> VisitPlans:
    """Plan every session of a chunk.

    Args:
        draws: one row of `DRAWS` uniform draws per session.
        favourites: each session's profile's favourite category (an index into `CATEGORIES`).
        counters: each session's global counter (profile index and session number).
        window: the events' time window, epoch milliseconds [start, end).
        id_key: the stream key event ids are hashed from.
    """
    other = _pick(draws[:, _OTHER], len(CATEGORIES))
    category = np.where(draws[:, _CATEGORY] < funnel.FAVOURITE, favourites, other)
    refs = np.full((len(draws), SLOTS), -1, dtype=np.int64)
    quantities = np.zeros((len(draws), SLOTS), dtype=np.int64)
    refs[:, :VIEWS] = _page_refs(draws, category)
    refs[:, VIEWS:ADDS] = _viewed_refs(draws, category)
    _fill_cart(draws, refs, quantities)
    offsets = _offsets(draws, refs >= 0)
    present = (refs >= 0) & (offsets < window[1] - window[0])
    moments = _starts(draws, offsets, present, window)[:, None] + offsets
    counts = present.sum(axis=1)
    slots = np.arange(SLOTS, dtype=np.uint64)
    slot_counters = (counters[:, None] * np.uint64(SLOTS + 2) + slots).astype(np.uint64)
    words = matrix(keys(id_key, slot_counters[present]), 2)
    return VisitPlans(
        np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64).tolist(), counts.tolist(),
        np.nonzero(present)[1].tolist(), refs[present].tolist(),
        iso_millis_many(moments[present]), uuid4_many(words[:, 0], words[:, 1]),
        np.where(present[:, ADDS:BUY], refs[:, ADDS:BUY], -1).tolist(),
        quantities[:, ADDS:BUY].tolist(), (draws[:, _ORDER] * 2.0**53).astype(np.int64).tolist(),
    )  # fmt: skip


def _pick(units: Floats, size: int | Ints) -> Ints:
    return (units * size).astype(np.int64)


def _page_refs(draws: Floats, category: Ints) -> Ints:
    """Pages seen: 1-8 (geometric-like), the first often the home page."""
    count = 1 + np.minimum(
        (-np.log1p(-draws[:, _PAGES]) * funnel.PAGE_TAIL).astype(np.int64), MAX_PAGES - 1
    )
    general = _pick(draws[:, _LANDING_PICK : _LANDING_PICK + MAX_PAGES], len(GENERAL_PAGES))
    at_category = draws[:, _LANDING : _LANDING + MAX_PAGES] < funnel.CATEGORY_PAGE
    refs = np.where(at_category, _CATEGORY_PAGE_REF[category][:, None], general)
    refs[:, 0] = np.where(draws[:, _HOME] < funnel.HOME_FIRST, 0, refs[:, 0])
    return np.where(np.arange(MAX_PAGES) < count[:, None], refs, -1)


def _viewed_refs(draws: Floats, category: Ints) -> Ints:
    """Products looked at (1-3) in sessions that shop: stays of the category, or shop items."""
    count = np.where(draws[:, _SHOPS] < funnel.SHOPS, 1 + _pick(draws[:, _VIEWED], MAX_VIEWED), 0)
    picks = draws[:, _ITEM_PICK : _ITEM_PICK + MAX_VIEWED]
    stays = _STAYS_FROM[category][:, None] + _pick(picks, _STAYS_COUNT[category][:, None])
    shop = _SHOP_FROM + _pick(picks, _SHOP_COUNT)
    refs = np.where(draws[:, _SHOP_ITEM : _SHOP_ITEM + MAX_VIEWED] < funnel.SHOP_ITEM, shop, stays)
    return np.where(np.arange(MAX_VIEWED) < count[:, None], refs, -1)


def _fill_cart(draws: Floats, refs: Ints, quantities: Ints) -> None:
    """The last product viewed goes in the cart (nights for a stay), with a shop add-on now and
    then; a purchase buys what was added."""
    viewed = (refs[:, VIEWS:ADDS] >= 0).sum(axis=1)
    last = refs[np.arange(len(refs)), VIEWS + np.maximum(viewed - 1, 0)]
    carts = (viewed > 0) & (draws[:, _CARTS] < funnel.CARTS)
    refs[:, ADDS] = np.where(carts, last, -1)
    nights = _NIGHTS[_pick(draws[:, _NIGHTS_PICK], len(_NIGHTS))]
    quantities[:, ADDS] = np.where(_IS_STAY[last], nights, 1 + _pick(draws[:, _NIGHTS_PICK], 2))
    add_on = carts & _IS_STAY[last] & (draws[:, _ADD_ON] < funnel.ADD_ON)
    refs[:, ADDS + 1] = np.where(
        add_on, _SHOP_FROM + _pick(draws[:, _ADD_ON_PICK], _SHOP_COUNT), -1
    )
    quantities[:, ADDS + 1] = 1 + _pick(draws[:, _ADD_ON_QUANTITY], 2)
    refs[:, BUY] = np.where(carts & (draws[:, _BUYS] < funnel.BUYS), 0, -1)


def _offsets(draws: Floats, present: npt.NDArray[np.bool_]) -> Ints:
    """Milliseconds from the session start to each slot: the gaps after the present slots before."""
    gaps = np.zeros(present.shape, dtype=np.int64)
    for (low, high), columns, first in (
        (funnel.PAGE_GAP, slice(0, VIEWS), _PAGE_GAP),
        (funnel.VIEW_GAP, slice(VIEWS, ADDS), _VIEW_GAP),
        (funnel.CART_GAP, slice(ADDS, BUY), _CART_GAP),
    ):
        width = columns.stop - columns.start
        gaps[:, columns] = low + _pick(draws[:, first : first + width], high - low + 1)
    gaps = np.where(present, gaps, 0)
    return np.cumsum(gaps, axis=1) - gaps


def _starts(
    draws: Floats, offsets: Ints, present: npt.NDArray[np.bool_], window: tuple[int, int]
) -> Ints:
    """Each session starts where all its events fit before the window's end."""
    span = window[1] - window[0]
    last = np.where(present, offsets, 0).max(axis=1, initial=0)
    return window[0] + _pick(draws[:, _START], span - last)
