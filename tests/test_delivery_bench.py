"""The `delivery.loopback` stage: both sides against one real endpoint, interleaved, medians."""

from __future__ import annotations

import asyncio
import json

from sandbox.bench import delivery
from sandbox.bench.delivery import Side


def test_both_sides_deliver_every_request_to_the_same_endpoint_round_by_round():
    with delivery.endpoint() as base_url:
        sandbox, raw, lost = asyncio.run(delivery._compare(base_url, 40, 3))
    assert lost == 0
    assert len(sandbox.rates) == len(raw.rates) == 3 == len(sandbox.cpu_us)
    assert sandbox.rate > 0 and raw.rate > 0 and sandbox.median_cpu_us > 0


def test_a_side_reports_the_median_of_its_rounds_not_the_best():
    side = Side().add(100.0, 30.0).add(400.0, 10.0).add(200.0, 20.0)
    assert (side.rate, side.median_cpu_us) == (200.0, 20.0)


def test_the_body_carries_distinct_sha256_digests_as_real_hashed_emails_do():
    identities = [
        profile["identities"]["email_lc_sha256"][0]
        for profile in json.loads(delivery._body())["profiles"]
    ]
    assert len(set(identities)) == 10
    assert all(len(digest) == 64 and int(digest, 16) for digest in identities)
