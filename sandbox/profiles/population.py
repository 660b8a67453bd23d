"""What all profiles of one factory share, and the per-profile values computed a chunk at a time.

`Population` holds the locale mix, the Faker pools, name ranks, keyed permutations and stream
keys. `Population.seeds(start, count)` computes with numpy everything a chunk of profiles can be
decided on column by column (locale, gender, birthday, which identities, loyalty, consents,
visits); every value depends on the profile's index alone, never on the chunk around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from sandbox.profiles.addresses import ADDRESS_DRAWS
from sandbox.profiles.consents import consent_records
from sandbox.profiles.contacts import PHONE_BLOCK, PHONE_DRAWS, EmailChoices, NameRanks, emails
from sandbox.profiles.identities import ecid_many, uuid4_many
from sandbox.profiles.journeys import favourite_categories, session_counts
from sandbox.profiles.locales import LocaleMix
from sandbox.profiles.loyalty import memberships
from sandbox.profiles.person import birthdays, genders
from sandbox.profiles.pools import FIRST_NAMES, LAST_NAMES, LocalePools, pools_for
from sandbox.profiles.randomness import Permutation, Words, keys, matrix, seed_word, units
from sandbox.profiles.timestamps import dates_text, iso_millis, iso_millis_many, to_millis
from sandbox.profiles.visits import DRAWS as VISIT_DRAWS
from sandbox.profiles.visits import VisitPlans, plan_visits

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

PROFILE_DRAWS = 24 + ADDRESS_DRAWS + PHONE_DRAWS
"""Random draws per profile: one column per decision below (Python reads those from `CITY` on)."""
SESSIONS, LOCALE, GENDER, AGE_BAND, AGE = 0, 1, 2, 3, 4
HAS_EMAIL, HAS_PHONE, HAS_CRM_ID, HAS_AD_ID, ON_IOS = 5, 6, 7, 8, 9
TENURE, POINTS, CONSENTS, CONSENT_TIME = 10, 11, 13, 19
EMAIL_DOMAIN, EMAIL_SEPARATOR, EMAIL_CAPITALS = 20, 21, 22
CITY = 23
ADDRESS = slice(1, 1 + ADDRESS_DRAWS)
PHONE = slice(ADDRESS.stop, ADDRESS.stop + PHONE_DRAWS)
"""Where, in a profile's `Seeds.draws` row (which starts at `CITY`), the address and phone
draws are."""

WITH_EMAIL = 0.9
WITH_PHONE = 0.7
WITH_CRM_ID = 0.6
WITH_AD_ID = 0.35
"""Shares of profiles that have each identity (every profile has an ECID)."""

MAX_SESSIONS = 63
NAME_PAIRS = FIRST_NAMES * LAST_NAMES
CRM_BLOCK = 90_000_000
DAY_MS = 86_400_000


@dataclass(frozen=True)
class Seeds:
    """Per-profile values for one chunk, by position in the chunk."""

    start: int
    draws: list[list[float]]
    """The profile's random draws from `CITY` on (see `ADDRESS`, `PHONE`)."""
    record_ids: list[str]
    cookies: list[str]
    """ECIDs."""
    devices: list[str]
    names: list[int]
    """Name slot: first-name pool position + `FIRST_NAMES` * last-name pool position."""
    emails: list[str | None]
    phones: list[int]
    crms: list[int]
    locales: list[int]
    """Position in the factory's locale mix."""
    identities: list[tuple[bool, bool, bool, bool, bool]]
    """Has an email, a phone number, a CRM id, a mobile ad id; the device is an iPhone."""
    people: list[tuple[str, str]]
    """Gender and birth date."""
    loyalty: list[dict[str, Any]]
    consents: list[dict[str, Any]]
    sessions: list[int]
    """How many sessions (visits) the profile has."""
    session_offsets: list[int]
    """The profile's first session's number in `visits`."""
    visits: VisitPlans


class Population:
    """The shared, derived state of one factory's profiles."""

    def __init__(self, seed: int, mix: LocaleMix, now: float, lookback_days: int, max_events: int):
        self.mix, self.max_events = mix, max_events
        self.pools: tuple[LocalePools, ...] = tuple(pools_for(seed, x.code) for x in mix.locales)
        self.first_ranks = NameRanks.of([pools.first for pools in self.pools])
        self.last_ranks = NameRanks.of([pools.last for pools in self.pools])
        self.now_ms = to_millis(now)
        self.window = (self.now_ms - lookback_days * DAY_MS, self.now_ms)
        self.today = date.fromisoformat(iso_millis(self.now_ms)[:10]).toordinal()
        self._session_cap = min(max_events, MAX_SESSIONS) if lookback_days else 0
        self._keys = {
            name: seed_word(seed, name) for name in ("draws", "ids", "sessions", "events")
        }
        self._names = Permutation(NAME_PAIRS, seed_word(seed, "names"))
        self._phones = Permutation(PHONE_BLOCK, seed_word(seed, "phones"))
        self._crm = Permutation(CRM_BLOCK, seed_word(seed, "crm"))
        self._ios = np.array([locale.ios_share for locale in mix.locales])

    def seeds(self, start: int, count: int) -> Seeds:
        """Everything profiles `start` .. `start + count - 1` can be decided on with numpy."""
        indices = np.arange(start, start + count, dtype=np.uint64)
        draw_keys = keys(self._keys["draws"], indices)
        draws = units(draw_keys, PROFILE_DRAWS)
        names = self._names(indices)
        ids = matrix(keys(self._keys["ids"], indices), 6)
        locales = np.searchsorted(self.mix.cumulative, draws[:, LOCALE], side="right")
        locales = np.minimum(locales, len(self.mix.locales) - 1)
        has = self._identities(draws, locales)
        born = birthdays(self.today, draws[:, AGE_BAND], draws[:, AGE])
        male_names = names % np.uint64(FIRST_NAMES) < FIRST_NAMES // 2
        sessions = session_counts(draws[:, SESSIONS], self._session_cap)
        return Seeds(
            start=start,
            draws=draws[:, CITY:].tolist(),
            record_ids=uuid4_many(ids[:, 0], ids[:, 1]),
            cookies=ecid_many(ids[:, 2], ids[:, 3]),
            devices=uuid4_many(ids[:, 4], ids[:, 5]),
            names=names.tolist(),
            emails=self._emails(indices, locales, names, draws, has[0]),
            phones=self._phones(indices).tolist(),
            crms=self._crm(indices).tolist(),
            locales=locales.tolist(),
            identities=list(zip(*(column.tolist() for column in has), strict=True)),
            people=list(zip(genders(male_names, draws[:, GENDER]), dates_text(born), strict=True)),
            loyalty=memberships(
                self.today, born, draws[:, TENURE], (draws[:, POINTS], draws[:, POINTS + 1])
            ),
            consents=self._consents(draws, has),
            sessions=sessions.tolist(),
            session_offsets=(np.cumsum(sessions) - sessions).tolist(),
            visits=self._visits(start, sessions, favourite_categories(ids[:, 0])),
        )

    def _emails(
        self, indices: Words, locales: Ints, names: Words, draws: Floats, wanted: Bools
    ) -> list[str | None]:
        last_at, first_at = np.divmod(names.astype(np.int64), FIRST_NAMES)
        generation = (indices // np.uint64(NAME_PAIRS)).astype(np.int64)
        choices = EmailChoices(
            draws[:, EMAIL_DOMAIN], draws[:, EMAIL_SEPARATOR], draws[:, EMAIL_CAPITALS]
        )
        people = (locales, first_at, last_at, generation)
        ranks = (self.first_ranks, self.last_ranks)
        return emails(self.pools, ranks, people, choices, wanted)

    def _identities(self, draws: Floats, locales: npt.NDArray[np.intp]) -> list[Any]:
        shares = (WITH_EMAIL, WITH_PHONE, WITH_CRM_ID, WITH_AD_ID)
        has = [draws[:, HAS_EMAIL + n] < share for n, share in enumerate(shares)]
        return [*has, draws[:, ON_IOS] < self._ios[locales]]

    def _consents(self, draws: Floats, has: list[Any]) -> list[dict[str, Any]]:
        ago = (draws[:, CONSENT_TIME] * (730 * DAY_MS)).astype(np.int64)
        updated = iso_millis_many(self.now_ms - ago)
        flags = (has[0], has[1], has[3])
        return consent_records(flags, draws[:, CONSENTS : CONSENTS + 6], updated)

    def _visits(self, start: int, counts: Ints, favourites: Ints) -> VisitPlans:
        """Plan the chunk's sessions; session `s` of profile `i` is counted `i * 64 + s`."""
        owners = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        numbers = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        counters = ((owners + start) * (MAX_SESSIONS + 1) + numbers).astype(np.uint64)
        draws = units(keys(self._keys["sessions"], counters), VISIT_DRAWS)
        return plan_visits(draws, favourites[owners], counters, self.window, self._keys["events"])
