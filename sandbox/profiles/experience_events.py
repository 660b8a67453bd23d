"""XDM ExperienceEvents as plain dicts: page views, product views, cart adds and purchases.

Every event carries `_id`, `timestamp` (ISO 8601 UTC with milliseconds), `eventType` and the
visitor's ECID in `identityMap`, as the Web SDK sends them; commerce events add
`productListItems` and, for purchases, `commerce.order`.

Builders take the event's id and ISO timestamp ready-made: a chunk of profiles formats all of
them at once with numpy (see `visits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sandbox.profiles.catalogue import CHECKOUT, Page, Product, unit_price

Event = dict[str, Any]
LineItems = Sequence[tuple[Product, int]]

EVENT_TYPES: dict[str, str] = {
    "pageView": "web.webpagedetails.pageViews",
    "productView": "commerce.productViews",
    "cartAdd": "commerce.productListAdds",
    "purchase": "commerce.purchases",
}
"""Event kinds (as the simulator names them) and their XDM `eventType`."""


class Visitor(NamedTuple):
    """What an event needs to know about the profile it belongs to (a named tuple: one is made
    per generated profile, and a tuple is built three times faster than a frozen dataclass)."""

    ecid: str
    currency: str


def page_view(visitor: Visitor, event_id: str, at: str, page: Page) -> Event:
    return {
        "_id": event_id,
        "timestamp": at,
        "eventType": "web.webpagedetails.pageViews",
        "identityMap": _identities(visitor),
        "web": {"webPageDetails": {"URL": page.url, "name": page.name, "pageViews": {"value": 1}}},
    }


def product_view(visitor: Visitor, event_id: str, at: str, product: Product) -> Event:
    return {
        "_id": event_id,
        "timestamp": at,
        "eventType": "commerce.productViews",
        "identityMap": _identities(visitor),
        "web": {"webPageDetails": {"URL": product.url, "name": product.name}},
        "commerce": {"productViews": {"value": 1}},
        "productListItems": [_line(visitor, product, 1)],
    }


def cart_add(visitor: Visitor, event_id: str, at: str, product: Product, quantity: int) -> Event:
    return {
        "_id": event_id,
        "timestamp": at,
        "eventType": "commerce.productListAdds",
        "identityMap": _identities(visitor),
        "web": {"webPageDetails": {"URL": product.url, "name": product.name}},
        "commerce": {"productListAdds": {"value": 1}},
        "productListItems": [_line(visitor, product, quantity)],
    }


def purchase(visitor: Visitor, event_id: str, at: str, items: LineItems, purchase_id: str) -> Event:
    lines = [_line(visitor, product, quantity) for product, quantity in items]
    return {
        "_id": event_id,
        "timestamp": at,
        "eventType": "commerce.purchases",
        "identityMap": _identities(visitor),
        "web": {"webPageDetails": {"URL": CHECKOUT.url, "name": CHECKOUT.name}},
        "commerce": {
            "purchases": {"value": 1},
            "order": {
                "purchaseID": purchase_id,
                "priceTotal": round(sum(line["priceTotal"] for line in lines), 2),
                "currencyCode": visitor.currency,
            },
        },
        "productListItems": lines,
    }


def order_id(word: int) -> str:
    """A purchase id such as `CS-3FA29B10C2` from a random 40-bit (or wider) int."""
    return f"CS-{word & 0xFF_FFFF_FFFF:010X}"


def _line(visitor: Visitor, product: Product, quantity: int) -> dict[str, Any]:
    """One of `productListItems`: SKU, name, quantity and the line's total price."""
    price = unit_price(product.sku, visitor.currency)
    total = price if quantity == 1 else round(price * quantity, 2)
    return {"SKU": product.sku, "name": product.name, "quantity": quantity, "priceTotal": total}


def _identities(visitor: Visitor) -> dict[str, Any]:
    return {"ECID": [{"id": visitor.ecid, "authenticatedState": "ambiguous", "primary": True}]}
