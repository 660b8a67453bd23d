"""The demo site's catalogue: stays to rent, a small travel shop, its pages, and local prices.

A home-rental site with a travel shop, its other pages, and prices in each locale's currency.

The site lives at `SITE` (a reserved `.example` domain). Stay pages sit under
`/stays/<category>/<slug>`, so audiences such as "viewed beach rentals" can match the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

SITE = "https://www.casastays.example"

CATEGORIES: tuple[str, ...] = ("beach", "mountain", "city", "countryside", "lake")

_PER_EURO = {"EUR": 1.0, "USD": 1.08, "GBP": 0.85, "BRL": 5.6, "JPY": 160.0, "AUD": 1.65}
"""Rough exchange rates; prices are set in euros and rounded the way shops round them."""


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    """A stay category from `CATEGORIES`, or `shop`."""
    slug: str
    euros: float
    """Per night for stays, per item in the shop."""
    url: str = field(init=False)
    """The product's page."""

    def __post_init__(self) -> None:
        section = f"stays/{self.category}" if self.is_stay else "shop"
        object.__setattr__(self, "url", f"{SITE}/{section}/{self.slug}")

    @property
    def is_stay(self) -> bool:
        return self.category != "shop"


@dataclass(frozen=True)
class Page:
    url: str
    name: str


def _slug(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return "-".join(words)


def _stays(category: str, entries: tuple[tuple[str, float], ...]) -> tuple[Product, ...]:
    code = category[:3].upper()
    return tuple(
        Product(f"STAY-{code}-{n:03d}", name, category, _slug(name), euros)
        for n, (name, euros) in enumerate(entries, start=1)
    )


STAYS: tuple[Product, ...] = (
    *_stays(
        "beach",
        (
            ("Seaside loft in Lagos", 140),
            ("Dune cottage on Texel", 120),
            ("Cliffside villa near Amalfi", 420),
            ("Surf shack in Ericeira", 95),
            ("Beachfront bungalow in Tulum", 210),
            ("Harbour apartment in Nice", 180),
        ),
    ),
    *_stays(
        "mountain",
        (
            ("Chalet above Chamonix", 310),
            ("Log cabin in the Dolomites", 190),
            ("Alpine studio in Zermatt", 260),
            ("A-frame in the Rockies", 170),
            ("Ski-in apartment in Niseko", 280),
        ),
    ),
    *_stays(
        "city",
        (
            ("Canal house in Amsterdam", 230),
            ("Loft in Le Marais", 250),
            ("Brownstone flat in Brooklyn", 240),
            ("Studio in Shibuya", 150),
            ("Townhouse in the Alfama", 160),
            ("Penthouse in Barcelona", 290),
        ),
    ),
    *_stays(
        "countryside",
        (
            ("Farmhouse in Tuscany", 200),
            ("Cotswolds stone cottage", 175),
            ("Barn conversion in Provence", 185),
            ("Hacienda in Andalusia", 220),
        ),
    ),
    *_stays(
        "lake",
        (
            ("Lake house on Como", 350),
            ("Cabin on Lake Tahoe", 230),
            ("Boathouse on Lake Bled", 160),
            ("Lakeside chalet in Hallstatt", 210),
        ),
    ),
)

SHOP: tuple[Product, ...] = tuple(
    Product(f"SHOP-{1000 + n}", name, "shop", _slug(name), euros)
    for n, (name, euros) in enumerate(
        (
            ("Carry-on suitcase", 149),
            ("Packing cubes, set of 4", 29),
            ("Universal travel adapter", 24),
            ("Noise-cancelling headphones", 199),
            ("Travel pillow", 19),
            ("Insulated water bottle", 27),
            ("Beach towel", 22),
            ("Hiking daypack", 69),
            ("Waterproof phone pouch", 12),
            ("Compact umbrella", 18),
            ("Reef-safe sunscreen SPF 50", 14),
            ("Portable power bank", 39),
        ),
        start=1,
    )
)

PRODUCTS: tuple[Product, ...] = STAYS + SHOP
STAYS_BY_CATEGORY: dict[str, tuple[Product, ...]] = {
    category: tuple(p for p in STAYS if p.category == category) for category in CATEGORIES
}
PRODUCT_BY_SKU: dict[str, Product] = {product.sku: product for product in PRODUCTS}

_PLACES = ("lisbon", "amalfi", "chamonix", "tuscany", "amsterdam", "tulum", "como", "niseko")

HOME = Page(f"{SITE}/", "Home")
GENERAL_PAGES: tuple[Page, ...] = (
    HOME,
    HOME,
    HOME,
    *(Page(f"{SITE}/search?where={place}", "Search results") for place in _PLACES[:3]),
    Page(f"{SITE}/deals", "Deals"),
    Page(f"{SITE}/shop", "Travel shop"),
    Page(f"{SITE}/account/trips", "My trips"),
    Page(f"{SITE}/help", "Help centre"),
)
"""Pages a visitor lands on outside a category (the home page most often)."""
CATEGORY_PAGES: dict[str, Page] = {
    category: Page(f"{SITE}/stays/{category}", f"{category.capitalize()} rentals")
    for category in CATEGORIES
}
CHECKOUT = Page(f"{SITE}/checkout/confirmation", "Order confirmation")


@cache
def unit_price(sku: str, currency: str) -> float:
    """The price of one night or one item in `currency`: whole units for stays, `.99` in the
    shop, whole hundreds of yen."""
    product = PRODUCT_BY_SKU[sku]
    amount = product.euros * _PER_EURO[currency]
    if currency == "JPY":
        return float(round(amount, -2))
    return float(round(amount)) if product.is_stay else round(round(amount) - 0.01, 2)
