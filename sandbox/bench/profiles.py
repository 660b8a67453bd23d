"""Bench stage `profiles.generate`: `ProfileFactory` against one plain Faker call per field.

Profiles per second of the generator, beside the same profiles built with Faker directly.

The anchor (`FakerProfiles`) builds the same shape, field for field, the way one writes it with
Faker directly: `fake.uuid4()` for ids, `fake.first_name_female()`, `fake.street_address()`,
`fake.email()`, `fake.date_of_birth()`, `fake.date_time_between()` for event times, `fake.uri()`
for page URLs, and so on. It gets the same number and kinds of events per profile as the
generator made, so both sides do the same amount of work. Hashes use hashlib on both sides.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import orjson
from faker import Faker

from sandbox.bench.stage import StageResult, higher_is_better, rate
from sandbox.clock import DEFAULT_EPOCH
from sandbox.profiles import ProfileFactory
from sandbox.profiles.catalogue import PRODUCTS

STAGES: tuple[str, ...] = ("profiles.generate",)

_KIND_OF_TYPE = {
    "web.webpagedetails.pageViews": "pageView",
    "commerce.productViews": "productView",
    "commerce.productListAdds": "cartAdd",
    "commerce.purchases": "purchase",
}
_GENDERS = OrderedDict(male=0.47, female=0.49, not_specified=0.03, non_specific=0.01)
_TIERS = (("platinum", 50_000), ("gold", 10_000), ("silver", 2_500), ("bronze", 0))


class FakerProfiles:
    """The anchor: the generator's profile shape, each value from a direct Faker call."""

    def __init__(self, seed: int, now: float = DEFAULT_EPOCH) -> None:
        self.fake: Any = Faker("en_US")
        self.fake.seed_instance(seed)
        self.end = datetime.fromtimestamp(now, UTC)
        self.start = datetime.fromtimestamp(now - 30 * 86_400, UTC)

    def profile(self, kinds: Sequence[str]) -> dict[str, Any]:
        fake = self.fake
        cookie = fake.numerify("#" * 38)
        email = fake.email() if fake.boolean(chance_of_getting_true=90) else None
        phone = "+" + fake.msisdn()[:11] if fake.boolean(chance_of_getting_true=70) else None
        profile: dict[str, Any] = {
            "_id": fake.uuid4(),
            "identityMap": self._identities(cookie, email, phone),
            "person": self._person(),
            "homeAddress": {
                "street1": fake.street_address(),
                "city": fake.city(),
                "stateProvince": fake.state_abbr(),
                "postalCode": fake.postcode(),
                "countryCode": fake.current_country_code(),
            },
        }
        if email is not None:
            profile["personalEmail"] = {"address": email}
        if phone is not None:
            profile["mobilePhone"] = {"number": phone}
        points = fake.random_int(0, 60_000)
        profile["loyalty"] = {
            "tier": next(tier for tier, low in _TIERS if points >= low),
            "points": points,
            "joinDate": fake.date_between(start_date="-10y", end_date="today").isoformat(),
        }
        profile["consents"] = self._consents()
        events = [self._event(cookie, kind) for kind in kinds]
        profile["xEvent"] = sorted(events, key=lambda event: str(event["timestamp"]))
        return profile

    def _identities(self, cookie: str, email: str | None, phone: str | None) -> dict[str, Any]:
        fake = self.fake
        identities: dict[str, Any] = {"ECID": [_item(cookie, "ambiguous", True)]}
        if email is not None:
            identities["Email"] = [_item(email, "authenticated")]
        if phone is not None:
            identities["Phone"] = [_item(phone, "authenticated")]
        if fake.boolean(chance_of_getting_true=60):
            identities["CRMID"] = [_item(fake.bothify("C-########"), "authenticated")]
        if email is not None:
            identities["Email_LC_SHA256"] = [_item(_sha(email), "authenticated")]
        if phone is not None:
            identities["Phone_SHA256"] = [_item(_sha(phone[1:]), "authenticated")]
        if fake.boolean(chance_of_getting_true=35):
            ios = fake.boolean(chance_of_getting_true=57)
            device = fake.uuid4()
            identities["IDFA" if ios else "GAID"] = [
                _item(device.upper() if ios else device, "ambiguous")
            ]
        return identities

    def _person(self) -> dict[str, Any]:
        fake = self.fake
        gender = fake.random_element(_GENDERS)
        first = fake.first_name_male() if gender == "male" else fake.first_name_female()
        born = fake.date_of_birth(minimum_age=18, maximum_age=85)
        return {
            "name": {"firstName": first, "lastName": fake.last_name()},
            "birthDate": born.isoformat(),
            "birthYear": born.year,
            "gender": gender,
        }

    def _consents(self) -> dict[str, Any]:
        fake = self.fake
        yes_no = ("y", "n")
        return {
            "collect": {"val": fake.random_element(yes_no)},
            "personalize": {"content": {"val": fake.random_element(yes_no)}},
            "marketing": {
                "email": {"val": fake.random_element(yes_no)},
                "sms": {"val": fake.random_element(yes_no)},
                "push": {"val": fake.random_element(yes_no)},
                "preferred": fake.random_element(("email", "sms", "push", "none")),
            },
            "metadata": {"time": fake.date_time_between("-2y", self.end).isoformat()},
        }

    def _event(self, cookie: str, kind: str) -> dict[str, Any]:
        fake = self.fake
        moment = fake.date_time_between(self.start, self.end, tzinfo=UTC)
        event: dict[str, Any] = {
            "_id": fake.uuid4(),
            "timestamp": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "eventType": next(t for t, k in _KIND_OF_TYPE.items() if k == kind),
            "identityMap": {"ECID": [_item(cookie, "ambiguous", True)]},
        }
        if kind == "pageView":
            name = fake.sentence(nb_words=2)
            pages = {"URL": fake.uri(), "name": name, "pageViews": {"value": 1}}
            event["web"] = {"webPageDetails": pages}
            return event
        lines = [self._line(kind)]
        event["web"] = {"webPageDetails": {"URL": fake.uri(), "name": lines[0]["name"]}}
        counter = {"productView": "productViews", "cartAdd": "productListAdds"}.get(kind)
        event["commerce"] = {counter or "purchases": {"value": 1}}
        if kind == "purchase":
            event["commerce"]["order"] = {
                "purchaseID": fake.bothify("CS-##########"),
                "priceTotal": lines[0]["priceTotal"],
                "currencyCode": "USD",
            }
        event["productListItems"] = lines
        return event

    def _line(self, kind: str) -> dict[str, Any]:
        fake = self.fake
        return {
            "SKU": fake.bothify("STAY-???-###").upper(),
            "name": fake.random_element([product.name for product in PRODUCTS]),
            "quantity": 1 if kind == "productView" else fake.random_int(1, 14),
            "priceTotal": float(fake.pydecimal(left_digits=4, right_digits=2, positive=True)),
        }


def _item(value: str, state: str, primary: bool = False) -> dict[str, Any]:
    return {"id": value, "authenticatedState": state, "primary": primary}


def _sha(value: str) -> str:
    return hashlib.sha256(value.lower().encode()).hexdigest()


def measure(quick: bool) -> list[StageResult]:
    count = 2_000 if quick else 10_000
    anchor_count = 200 if quick else 500
    factory = ProfileFactory(seed=2026)
    factory.profiles(0, 100)
    sample = factory.profiles(0, anchor_count)
    kinds = [[_KIND_OF_TYPE[e["eventType"]] for e in p["xEvent"]] for p in sample]
    anchor = FakerProfiles(seed=2026)
    seconds = 0.3 if quick else 1.0

    def generate() -> int:
        return len(factory.profiles(0, count))

    def build_with_faker() -> int:
        return len([anchor.profile(k) for k in kinds])

    ours = theirs = 0.0
    for _ in range(3):  # interleaved, so a busy spell of the machine hits both sides alike
        ours = max(ours, rate(generate, min_seconds=seconds))
        theirs = max(theirs, rate(build_with_faker, min_seconds=seconds))
    result = higher_is_better(
        "profiles.generate", "profiles/s", ours, "one Faker call per field", theirs, 30.0
    )
    return [_with_note(result, factory, count)]


def _with_note(result: StageResult, factory: ProfileFactory, count: int) -> StageResult:
    profiles = factory.profiles(0, count)

    def serialise() -> int:
        return len(b"\n".join(orjson.dumps(profile) for profile in profiles))

    lines = rate(lambda: serialise() and len(profiles))
    events = sum(len(p["xEvent"]) for p in profiles) / len(profiles)
    note = f"{events:.1f} events per profile; JSONL (orjson) {lines:,.0f} profiles/s"
    return replace(result, note=note)
