"""Every fault kind in process: statuses, mixes, throttling, latency, holds, resets, bad bodies."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from mock_partner import FaultRule, FaultSettings
from mock_partner.faults import Latency


def faults(*rules: dict[str, Any], seed: int | None = None) -> FaultSettings:
    return FaultSettings.model_validate({"seed": seed, "faults": list(rules)})


async def test_a_fixed_status_answers_every_request_with_the_error_shape(client, state):
    state.set_faults(faults({"status": 503}))

    response = await client.post("/v1/members", json={})

    assert response.status_code == 503
    assert response.json() == {
        "error": "service_unavailable",
        "message": "injected by fault rule 'rule-1'",
    }
    assert state.received[0].answer.fault == "rule-1"


async def test_a_success_status_fault_answers_with_the_success_shape(client, state):
    state.set_faults(faults({"status": 202, "name": "accepted"}))

    response = await client.post("/v1", json={})

    assert response.status_code == 202
    assert response.json() == {"ok": True, "sequence": 1}
    assert state.received[0].answer.fault == "accepted"


async def test_429_carries_retry_after(client):
    await client.put("/_admin/faults", json={"faults": [{"status": 429, "retry_after": 30}]})

    response = await client.post("/v1", json={})

    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"
    assert response.json()["error"] == "too_many_requests"


async def test_a_status_mix_follows_its_percentages_and_its_seed(client, state):
    state.set_faults(faults({"statuses": {500: 30, 503: 20}}, seed=7))

    first = [(await client.post("/v1", json={})).status_code for _ in range(400)]
    state.set_faults(faults({"statuses": {500: 30, 503: 20}}, seed=7))
    again = [(await client.post("/v1", json={})).status_code for _ in range(400)]

    assert first == again
    shares = Counter(first)
    assert set(shares) == {200, 500, 503}
    assert 90 <= shares[500] <= 150 and 50 <= shares[503] <= 110
    unfaulted = [r for r in state.received if r.answer.status == 200]
    assert all(r.answer.fault is None for r in unfaulted)


async def test_first_n_fails_only_the_first_requests_then_lets_them_through(client, state):
    state.set_faults(faults({"status": 500, "first": 2}))

    statuses = [(await client.post("/v1", json={})).status_code for _ in range(4)]

    assert statuses == [500, 500, 200, 200]
    described = state.faults.describe()["faults"][0]
    assert (described["applied"], described["remaining"]) == (2, 0)


async def test_a_window_relative_to_now_opens_and_closes_on_the_partner_clock(client, state, wall):
    state.set_faults(faults({"status": 500, "window": {"start": 10, "end": 20}}))

    before = (await client.post("/v1", json={})).status_code
    wall.now += 10
    during = (await client.post("/v1", json={})).status_code
    wall.now += 10
    after = (await client.post("/v1", json={})).status_code

    assert (before, during, after) == (200, 500, 200)
    described = state.faults.describe()["faults"][0]
    assert described["active_from"] == "2026-01-01T00:00:10.000000Z"


async def test_a_window_may_be_absolute(client, state, wall):
    state.set_faults(faults({"status": 502, "window": {"start": "2026-01-01T00:01:00Z"}}))

    early = (await client.post("/v1", json={})).status_code
    wall.now += 60
    late = (await client.post("/v1", json={})).status_code

    assert (early, late) == (200, 502)


async def test_rules_match_by_path_glob_and_method_and_the_first_match_decides(client, state):
    state.set_faults(
        faults(
            {"match": {"path": "/v1/audiences/*", "method": "delete"}, "status": 404},
            {"match": {"path": "/v1/*"}, "status": 500},
        )
    )

    deleted = await client.delete("/v1/audiences/a1")
    posted = await client.post("/v1/audiences/a1", json={})
    elsewhere = await client.post("/v2/x", json={})

    assert (deleted.status_code, posted.status_code, elsewhere.status_code) == (404, 500, 200)


async def test_fixed_latency_delays_the_answer_and_is_recorded(client, state):
    state.set_faults(faults({"latency": 0.05}))

    response = await client.post("/v1", json={})

    assert response.status_code == 200
    assert state.received[0].answer.latency == pytest.approx(0.05)
    assert state.received[0].answer.fault == "rule-1"


async def test_latency_goes_with_a_status(client, state):
    state.set_faults(
        faults({"latency": {"kind": "uniform", "min": 0.01, "max": 0.02}, "status": 504})
    )

    response = await client.post("/v1", json={})

    assert response.status_code == 504
    assert 0.01 <= state.received[0].answer.latency <= 0.02


@pytest.mark.parametrize(
    ("latency", "low", "high"),
    [
        ({"kind": "fixed", "seconds": 0.3}, 0.3, 0.3),
        ({"kind": "uniform", "min": 0.1, "max": 0.2}, 0.1, 0.2),
        ({"kind": "lognormal", "median": 0.1, "sigma": 0.5, "cap": 0.4}, 0.0, 0.4),
    ],
    ids=["fixed", "uniform", "lognormal"],
)
def test_latency_draws_stay_in_their_range_and_follow_the_seed(latency, low, high):
    model = Latency.model_validate(latency)

    draws = [model.draw(random.Random(3)) for _ in range(5)]
    many = [model.draw(rng) for rng in [random.Random(4)] for _ in range(500)]

    assert len(set(draws)) == 1
    assert all(low <= d <= high for d in many)


def test_lognormal_draws_centre_on_their_median():
    model = Latency.model_validate({"kind": "lognormal", "median": 0.2, "sigma": 0.6})
    rng = random.Random(11)

    draws = sorted(model.draw(rng) for _ in range(2001))

    assert draws[1000] == pytest.approx(0.2, rel=0.1)


@pytest.mark.parametrize(
    ("how", "body"),
    [("empty", b""), ("invalid_json", b"{'ok': true, sequence: ]"), ("truncated", b'{"ok":true,"')],
)
async def test_malformed_bodies(client, state, how, body):
    state.set_faults(faults({"malformed": how}))

    response = await client.post("/v1", json={})

    assert response.status_code == 200
    assert response.content == body
    assert response.headers["content-type"] == "application/json"
    if body:
        with pytest.raises(orjson.JSONDecodeError):
            orjson.loads(response.content)


async def test_a_malformed_error_answer(client):
    await client.post("/_admin/faults", json={"status": 500, "malformed": "truncated"})

    response = await client.post("/v1", json={})

    assert response.status_code == 500
    assert response.text == '{"error":"internal_server_error","mess'


async def test_a_reset_in_process_surfaces_as_connection_reset(client, state):
    state.set_faults(faults({"reset": True}))

    with pytest.raises(ConnectionResetError):
        await client.post("/v1", json={})

    assert state.received[0].answer.status is None
    assert state.received[0].answer.note == "connection reset"


async def test_no_answer_in_process_holds_until_its_max_then_aborts(client, state):
    state.set_faults(faults({"no_answer": {"max_seconds": 0.05}}))

    with pytest.raises(ConnectionAbortedError):
        await client.post("/v1", json={})

    record = state.received[0]
    assert record.answer.status is None
    assert record.answer.note == "no answer; closed the connection after 0.05 s"
    assert record.answer.latency >= 0.05


async def test_admin_faults_get_put_post_delete(client):
    put = await client.put("/_admin/faults", json={"seed": 3, "faults": [{"status": 500}]})
    post = await client.post("/_admin/faults", json={"name": "slow", "latency": 0.01})
    got = await client.get("/_admin/faults")
    deleted = await client.delete("/_admin/faults")

    assert put.status_code == post.status_code == 200
    assert [f["name"] for f in got.json()["faults"]] == ["rule-1", "slow"]
    assert got.json()["seed"] == 3
    assert got.json()["faults"][1]["rule"] == {
        "name": "slow",
        "latency": {"kind": "fixed", "seconds": 0.01},
    }
    assert deleted.json() == {"seed": None, "faults": []}
    assert (await client.post("/v1", json={})).status_code == 200


@pytest.mark.parametrize(
    ("rule", "location", "words"),
    [
        ({"status": 700}, "faults[0].status", "less than or equal to 599"),
        ({"status": 500, "reset": True}, "faults[0]", "choose one of"),
        ({"statuses": {500: 80, 503: 30}}, "faults[0].statuses", "at most 100"),
        ({"retry_after": 5}, "faults[0]", "retry_after goes with status"),
        ({"match": {"path": "/x"}}, "faults[0]", "a rule needs an effect"),
        ({"latency": {"kind": "uniform", "min": 2}}, "faults[0].latency", "exactly min, max"),
        ({"latency": {"kind": "gaussian"}}, "faults[0].latency.kind", "'fixed', 'uniform'"),
        ({"reset": True, "malformed": "empty"}, "faults[0]", "cannot go with"),
        ({"status": 500, "window": {"start": 20, "end": 10}}, "faults[0].window", "end after"),
        ({"status": 500, "window": {}}, "faults[0].window", "a start, an end"),
        ({"status": 500, "malformed": "mangled"}, "faults[0].malformed", "'empty'"),
        ({"status": 500, "speed": 1}, "faults[0].speed", "allowed: name, match, status"),
    ],
)
async def test_invalid_rules_get_a_422_naming_the_field_and_what_is_allowed(
    client, rule, location, words
):
    response = await client.put("/_admin/faults", json={"faults": [rule]})

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_settings"
    [detail] = body["details"]
    assert detail["location"] == location
    assert words in detail["message"]


def test_a_bare_number_is_fixed_latency_and_true_is_a_default_hold():
    rule = FaultRule.model_validate({"latency": 1.5})
    hold = FaultRule.model_validate({"no_answer": True})

    assert (rule.latency and rule.latency.kind, rule.latency and rule.latency.seconds) == (
        "fixed",
        1.5,
    )
    assert hold.no_answer is not None and hold.no_answer.max_seconds == 120.0


def test_absolute_window_times_need_a_zone():
    with pytest.raises(ValidationError, match="need a zone"):
        FaultRule.model_validate({"status": 500, "window": {"end": "2026-01-01T00:00:00"}})
