"""Changes to a generated profile: one more experience event, or an attribute update.

Each is drawn to fit what the profile already is and has done.

Both read the profile and return something new; neither changes the profile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.errors import InputError
from sandbox.profiles.addresses import ADDRESS_DRAWS, home_address, pick_city
from sandbox.profiles.catalogue import CATEGORIES, PRODUCT_BY_SKU, Product
from sandbox.profiles.experience_events import (
    EVENT_TYPES,
    Event,
    Visitor,
    cart_add,
    order_id,
    page_view,
    product_view,
    purchase,
)
from sandbox.profiles.identities import uuid4
from sandbox.profiles.journeys import browsed_product, favourite_category, landing_page, quantity_of
from sandbox.profiles.locales import LOCALE_BY_COUNTRY, LOCALES
from sandbox.profiles.loyalty import tier_for
from sandbox.profiles.pools import LocalePools
from sandbox.profiles.randomness import Draws
from sandbox.profiles.timestamps import iso_millis

EVENT_KINDS: tuple[str, ...] = tuple(EVENT_TYPES)
"""The kinds `ProfileFactory.event` makes."""

Profile = dict[str, Any]


def next_event(profile: Profile, kind: str, ms: int, draws: Draws) -> Event:
    """A new event of `kind` at epoch milliseconds `ms`, continuing the profile's funnel."""
    if kind not in EVENT_TYPES:
        allowed = ", ".join(EVENT_KINDS)
        raise InputError.single(
            "<event>", "kind", f"unknown event kind {kind!r}; allowed: {allowed}"
        )
    visitor = visitor_of(profile)
    event_id, stamp = uuid4(draws.bits(), draws.bits()), iso_millis(ms)
    category = CATEGORIES[favourite_category(str(profile.get("_id", "")))]
    if kind == "pageView":
        return page_view(visitor, event_id, stamp, landing_page(category, draws))
    if kind == "productView":
        return product_view(visitor, event_id, stamp, browsed_product(category, draws))
    history = profile.get("xEvent", [])
    if kind == "cartAdd":
        viewed = _last_items(history, "commerce.productViews") or [browsed_product(category, draws)]
        return cart_add(visitor, event_id, stamp, viewed[0], quantity_of(viewed[0], draws))
    items = _open_cart(history) or _impulse(category, draws)
    return purchase(visitor, event_id, stamp, items, order_id(draws.word()))


def visitor_of(profile: Profile) -> Visitor:
    """The ECID and currency events of this profile carry."""
    ecids = profile.get("identityMap", {}).get("ECID") or [{"id": ""}]
    country = profile.get("homeAddress", {}).get("countryCode", "US")
    locale = LOCALE_BY_COUNTRY.get(country, LOCALES["en_US"])
    return Visitor(str(ecids[0]["id"]), locale.currency)


def attribute_change(
    profile: Profile, draws: Draws, pools: Callable[[str], LocalePools]
) -> dict[str, Any]:
    """A plausible update as `{xdm_path: new_value}`: points earned (with the tier when it
    changes), a move within the country, or a marketing consent flipped."""
    roll = draws.unit()
    if roll < 0.5:
        return _points_earned(profile, draws)
    if roll < 0.75:
        return _consent_flipped(profile, draws)
    return _moved(profile, draws, pools)


def _points_earned(profile: Profile, draws: Draws) -> dict[str, Any]:
    loyalty = profile.get("loyalty", {})
    old = int(loyalty.get("points", 0))
    new = old + draws.between(50, 2_500)
    change: dict[str, Any] = {"loyalty.points": new}
    if tier_for(new) != loyalty.get("tier"):
        change["loyalty.tier"] = tier_for(new)
    return change


def _consent_flipped(profile: Profile, draws: Draws) -> dict[str, Any]:
    marketing = profile.get("consents", {}).get("marketing", {})
    channels = [
        name
        for name, field in (("email", "personalEmail"), ("sms", "mobilePhone"))
        if field in profile
    ] or ["email"]
    channel = draws.pick(channels)
    was = marketing.get(channel, {}).get("val", "n")
    return {f"consents.marketing.{channel}.val": "n" if was == "y" else "y"}


def _moved(profile: Profile, draws: Draws, pools: Callable[[str], LocalePools]) -> dict[str, Any]:
    country = profile.get("homeAddress", {}).get("countryCode", "US")
    locale = LOCALE_BY_COUNTRY.get(country, LOCALES["en_US"])
    city = pick_city(locale, draws.unit())
    picks = [draws.unit() for _ in range(ADDRESS_DRAWS)]
    address = home_address(locale, city, pools(locale.code).streets, picks)
    return {
        f"homeAddress.{field}": address[field]
        for field in ("street1", "city", "stateProvince", "postalCode")
    }


def _last_items(history: list[Event], event_type: str) -> list[Product]:
    for event in reversed(history):
        if event.get("eventType") == event_type:
            return [
                PRODUCT_BY_SKU[item["SKU"]]
                for item in event.get("productListItems", [])
                if item.get("SKU") in PRODUCT_BY_SKU
            ]
    return []


def _open_cart(history: list[Event]) -> list[tuple[Product, int]]:
    """Items added since the last purchase (a purchase empties the cart)."""
    cart: list[tuple[Product, int]] = []
    for event in history:
        if event.get("eventType") == "commerce.purchases":
            cart = []
        elif event.get("eventType") == "commerce.productListAdds":
            cart += [
                (PRODUCT_BY_SKU[item["SKU"]], int(item.get("quantity", 1)))
                for item in event.get("productListItems", [])
                if item.get("SKU") in PRODUCT_BY_SKU
            ]
    return cart


def _impulse(category: str, draws: Draws) -> list[tuple[Product, int]]:
    product = browsed_product(category, draws)
    return [(product, quantity_of(product, draws))]
