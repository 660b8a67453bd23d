"""One XDM individual profile record, assembled from its chunk's seeds and the shared pools.

What numpy could decide column by column is already in the seeds; here go the values that need
per-locale tables (city, street, postal code, phone plan) and string building. The order in
which values are drawn is part of the output: changing it changes every profile of every seed.
"""

from __future__ import annotations

from typing import Any

from sandbox.profiles.addresses import home_address, pick_city
from sandbox.profiles.cities import City
from sandbox.profiles.contacts import mobile_number
from sandbox.profiles.experience_events import Visitor
from sandbox.profiles.identities import crm_id, identity_map
from sandbox.profiles.person import person
from sandbox.profiles.pools import FIRST_NAMES
from sandbox.profiles.population import ADDRESS, PHONE, Population, Seeds

Profile = dict[str, Any]


def assemble(population: Population, seeds: Seeds, n: int) -> Profile:
    """Profile number `seeds.start + n`."""
    draws = seeds.draws[n]
    position = seeds.locales[n]
    locale, pools = population.mix.locales[position], population.pools[position]
    last_at, first_at = divmod(seeds.names[n], FIRST_NAMES)
    city = pick_city(locale, draws[0])
    cookie = seeds.cookies[n]
    address = home_address(locale, city, pools.streets, draws[ADDRESS])
    email, phone, identities = _identities(population, seeds, n, cookie, city, draws)
    gender, birth_date = seeds.people[n]
    first_name, last_name = pools.first.written[first_at], pools.last.written[last_at]
    profile: Profile = {
        "_id": seeds.record_ids[n],
        "identityMap": identities,
        "person": person(first_name, last_name, gender, birth_date),
        "homeAddress": address,
    }
    if email is not None:
        profile["personalEmail"] = {"address": email}
    if phone is not None:
        profile["mobilePhone"] = {"number": phone}
    profile["loyalty"] = seeds.loyalty[n]
    profile["consents"] = seeds.consents[n]
    profile["xEvent"] = _events(population, seeds, n, Visitor(cookie, locale.currency))
    return profile


def _identities(
    population: Population, seeds: Seeds, n: int, cookie: str, city: City, draws: list[float]
) -> tuple[str | None, str | None, dict[str, Any]]:
    """The person's email and phone (or None), and the identity map."""
    locale = population.mix.locales[seeds.locales[n]]
    has_email, has_phone, has_crm_id, has_ad_id, on_ios = seeds.identities[n]
    email = seeds.emails[n]
    phone = mobile_number(locale, city, seeds.phones[n], draws[PHONE]) if has_phone else None
    crm = crm_id(seeds.crms[n]) if has_crm_id else None
    device = seeds.devices[n]
    ad_id = (("IDFA", device.upper()) if on_ios else ("GAID", device)) if has_ad_id else None
    return email, phone, identity_map(cookie, email, phone, crm, ad_id)


def _events(population: Population, seeds: Seeds, n: int, visitor: Visitor) -> list[dict[str, Any]]:
    first = seeds.session_offsets[n]
    sessions = range(first, first + seeds.sessions[n])
    return seeds.visits.profile_events(visitor, sessions, population.max_events)
