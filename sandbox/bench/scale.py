"""Bench stage `scale`: a million generated profiles through twenty audiences: time and peak RSS.

Profiles are generated in chunks and evaluated as they come (AEP evaluates a population without ever
holding it in one place either), so memory stays bounded by the chunk, not by the population. The
issue's bar is the anchor: under 60 s and under 2 GiB on this machine (ratio = budget / measured).
"""

from __future__ import annotations

import resource
import time
from collections import Counter

from sandbox.bench.stage import StageResult, lower_is_better
from sandbox.clock import DEFAULT_EPOCH
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.definition import make_audience

STAGES = ("scale",)
BUDGET_SECONDS = 60.0
BUDGET_MIB = 2048.0
CHUNK = 5_000
LOCALES = {"en_US": 4, "en_GB": 1, "de_DE": 1, "fr_FR": 1, "es_ES": 1}

RULES = (
    ("streaming", 'homeAddress.countryCode = "US"'),
    ("streaming", 'loyalty.tier in ["gold", "platinum"]'),
    ("streaming", "loyalty.points > 2500"),
    ("streaming", 'consents.marketing.email.val = "n"'),
    ("streaming", 'personalEmail.address.endsWith(".com")'),
    ("streaming", 'person.name.firstName.startsWith("A")'),
    ("streaming", "person.birthYear >= 1990"),
    ("streaming", 'person.gender = "female" and person.birthYear < 1980'),
    ("streaming", 'homeAddress.city.contains("San")'),
    ("streaming", "identityMap.GAID.count() > 0 or identityMap.IDFA.count() > 0"),
    (
        "streaming",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.purchases") '
        "WHEN(<= 24 hours before now)])",
    ),
    (
        "streaming",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.productListAdds") '
        "WHEN(<= 24 hours before now)])",
    ),
    (
        "streaming",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "web.webpagedetails.pageViews")'
        " WHEN(today)])",
    ),
    (
        "batch",
        'exists E from xEvent where (E.eventType = "commerce.purchases" and '
        "E.commerce.order.priceTotal > 500)",
    ),
    ("batch", 'exists E from xEvent where (E.eventType = "commerce.productViews")'),
    ("batch", "xEvent.count() > 20"),
    ("batch", 'not (homeAddress.countryCode in ["US", "GB"])'),
    ("streaming", "mobilePhone.number.isNotNull() and personalEmail.address.isNull()"),
    ("batch", 'person.name.lastName like "M%"'),
    ("streaming", 'inSegment("scale-2") and inSegment("scale-1")'),
)


def audiences() -> AudienceSet:
    built = [
        make_audience(f"scale-{i + 1}", f"rule {i + 1}", pql, mode)[0]
        for i, (mode, pql) in enumerate(RULES)
    ]
    return AudienceSet(built)


def run(count: int) -> tuple[float, float, Counter[str]]:
    """Seconds and peak RSS (MiB) for `count` profiles through the 20 audiences."""
    factory = ProfileFactory(seed=1, locales=LOCALES, now=DEFAULT_EPOCH)
    audience_set = audiences()
    populations: Counter[str] = Counter()
    started = time.perf_counter()
    for chunk in factory.iter_chunks(count, CHUNK):
        for change in audience_set.evaluate_many(chunk, DEFAULT_EPOCH, mode=None):
            populations[change.audience_id] += 1
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, peak_mib, populations


def measure(quick: bool) -> list[StageResult]:
    count = 100_000 if quick else 1_000_000
    seconds, peak_mib, populations = run(count)
    budget = BUDGET_SECONDS * count / 1_000_000
    note = (
        f"{count:,} profiles x {len(RULES)} audiences; largest audience "
        f"{max(populations.values(), default=0):,}; quick runs scale the 60 s budget"
    )
    time_result = lower_is_better("scale", "seconds", seconds, f"budget for {count:,}", budget, 1.0)
    memory = lower_is_better("scale.rss", "MiB", peak_mib, "2 GiB budget", BUDGET_MIB, 1.0)
    return [
        StageResult(**{**time_result.__dict__, "note": note}),
        StageResult(**{**memory.__dict__, "note": "peak resident set of the bench process"}),
    ]
