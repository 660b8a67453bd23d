"""Realistic, deterministic XDM profiles with their experience events, generated fast.

    factory = ProfileFactory(seed=7, locales={"en_US": 3, "de_DE": 1})
    factory.profile(0)                      # one profile (a plain JSON-ready dict)
    factory.profiles(1000, 500)             # profiles 1000..1499
    for chunk in factory.iter_chunks(100_000, 5_000): ...
    factory.event(profile, "purchase", at=clock.now(), key=1)   # a new event, for streaming
    factory.attribute_change(profile, key=1)                     # {"loyalty.points": 5120, ...}
    sha256_lower("Ana@Example.com")         # AEP's Email_LC_SHA256 hashing

Profile *i* depends only on (seed, i) and the options, never on how profiles are chunked.
Profiles carry no `segmentMembership`: the audience engine adds it.
"""

from sandbox.profiles.changes import EVENT_KINDS
from sandbox.profiles.factory import ProfileFactory
from sandbox.profiles.identities import phone_hash_input, sha256_lower
from sandbox.profiles.locales import DEFAULT_LOCALES, LOCALES, resolve_locales
from sandbox.profiles.records import Profile

__all__ = [
    "DEFAULT_LOCALES",
    "EVENT_KINDS",
    "LOCALES",
    "Profile",
    "ProfileFactory",
    "phone_hash_input",
    "resolve_locales",
    "sha256_lower",
]
