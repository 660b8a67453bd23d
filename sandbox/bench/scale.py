"""Bench stage `scale`: a million generated profiles through twenty audiences: time and peak RSS.

Profiles are generated in chunks and evaluated as they come (AEP evaluates a population without ever
holding it in one place either), so memory stays bounded by the chunk, not by the population. The
issue's bar is the anchor: under 60 s and under 2 GiB on this machine (ratio = budget / measured).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import time
from collections import Counter
from dataclasses import replace

from sandbox.bench.stage import StageResult, lower_is_better
from sandbox.clock import DEFAULT_EPOCH
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.definition import make_audience

STAGES = ("scale", "scale.with_generation", "scale.rss")
BUDGET_SECONDS = 60.0
BUDGET_MIB = 2048.0
CHUNK = 1_000
"""Profiles per chunk: about 11 MB of them, so they are still in the CPU's cache when they are
evaluated and then freed (two workers share one L3 cache; 5,000-profile chunks did not fit)."""
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
    (
        "batch",
        'xEvent[eventType = "commerce.purchases" and timestamp occurs <= 30 days before now]'
        ".sum(commerce.order.priceTotal) > 500",
    ),
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


def evaluate_range(start: int, count: int) -> tuple[Counter[str], float, float, float]:
    """Generate profiles `start`..`start + count - 1` chunk by chunk and evaluate them; returns the
    audience populations and this process's peak RSS (MiB).

    The cyclic garbage collector is off in the worker: profiles, memberships and transitions are
    acyclic, so reference counting frees each chunk, and generational scans of millions of live
    objects would only cost time."""
    gc.disable()
    factory = ProfileFactory(seed=1, locales=LOCALES, now=DEFAULT_EPOCH)
    audience_set = audiences()
    populations: Counter[str] = Counter()
    generating = evaluating = 0.0
    chunks = factory.iter_chunks(count, CHUNK, start=start)
    while True:
        t0 = time.perf_counter()
        chunk = next(chunks, None)
        t1 = time.perf_counter()
        generating += t1 - t0
        if chunk is None:
            break
        changes = audience_set.evaluate_many(chunk, DEFAULT_EPOCH, mode=None)
        populations.update(change.audience_id for change in changes)
        evaluating += time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return populations, peak, generating, evaluating


def run(count: int, workers: int | None = None) -> tuple[float, float, float, Counter[str]]:
    """Wall seconds for generating and evaluating, seconds spent evaluating (the slowest worker),
    and peak RSS (MiB, summed over the workers) for `count` profiles through the 20 audiences,
    split over one process per core by index range (profile i depends only on the seed and i, so
    the split changes nothing in the result)."""
    workers = workers or os.cpu_count() or 1
    share = -(-count // workers)
    ranges = [(start, min(share, count - start)) for start in range(0, count, share)]
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with context.Pool(len(ranges)) as pool:
        results = pool.starmap(evaluate_range, ranges)
    seconds = time.perf_counter() - started
    populations: Counter[str] = Counter()
    for found, *_ in results:
        populations.update(found)
    evaluating = max(result[3] for result in results)
    return seconds, evaluating, sum(result[1] for result in results), populations


def measure(quick: bool) -> list[StageResult]:
    count = 100_000 if quick else 1_000_000
    seconds, evaluating, peak_mib, populations = run(count)
    budget = BUDGET_SECONDS * count / 1_000_000
    what = f"{count:,} profiles x {len(RULES)} audiences on {os.cpu_count()} cores"
    largest = max(populations.values(), default=0)
    rows = (
        replace(
            lower_is_better("scale", "seconds", evaluating, f"budget for {count:,}", budget, 1.0),
            note=f"{what}: evaluation time (slowest worker); largest audience {largest:,}",
        ),
        replace(
            lower_is_better(
                "scale.with_generation", "seconds", seconds, f"budget for {count:,}", budget, 1.0
            ),
            note=f"{what}: generating the profiles too, wall time",
        ),
        replace(
            lower_is_better("scale.rss", "MiB", peak_mib, "2 GiB budget", BUDGET_MIB, 1.0),
            note="peak resident sets of the worker processes, added up",
        ),
    )
    return list(rows)
