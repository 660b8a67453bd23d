"""The mock partner's audience API: its own IDs, create/list/update/delete, refusals, auth, faults."""

from __future__ import annotations

import httpx

from mock_partner import AuthSettings, PartnerState
from mock_partner.faults import FaultRule, FaultSettings


async def test_create_gives_the_partners_own_ids_in_body_and_header(client, state):
    first = await client.post("/audiences", json={"name": "Gold", "description": "tier"})
    second = await client.post("/audiences", json={"name": "Silver"})

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == first.headers["x-audience-id"] == "aud-000001"
    assert second.json()["id"] == "aud-000002"
    assert first.json()["description"] == "tier" and second.json()["description"] == ""
    listed = (await client.get("/audiences")).json()["audiences"]
    assert [(a["id"], a["name"]) for a in listed] == [
        ("aud-000001", "Gold"),
        ("aud-000002", "Silver"),
    ]
    assert [r.path for r in state.received] == ["/audiences"] * 3


async def test_update_renames_and_delete_forgets(client):
    await client.post("/audiences", json={"name": "Gold"})
    renamed = await client.put("/audiences/aud-000001", json={"name": "Gold+"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Gold+"
    patched = await client.patch("/audiences/aud-000001", json={"description": "d"})
    assert patched.json()["name"] == "Gold+" and patched.json()["description"] == "d"
    assert (await client.delete("/audiences/aud-000001")).json() == {"deleted": "aud-000001"}
    gone = await client.get("/audiences/aud-000001")
    assert gone.status_code == 404 and gone.json()["error"] == "not_found"
    assert (await client.delete("/audiences/aud-000001")).status_code == 404


async def test_refusals_use_the_partners_error_shape(client):
    too_long = await client.post("/audiences", json={"name": "x" * 65})
    assert too_long.status_code == 400
    assert too_long.json() == {
        "error": "invalid_name",
        "message": "audience names are 1 to 64 characters; got 65",
    }
    assert (await client.post("/audiences", json={})).json()["error"] == "invalid_name"
    assert (await client.post("/audiences", content=b"{nope")).json()["error"] == "invalid_json"
    await client.post("/audiences", json={"name": "Gold"})
    taken = await client.post("/audiences", json={"name": "Gold"})
    assert taken.status_code == 409 and "aud-000001" in taken.json()["message"]
    assert (await client.put("/audiences", json={})).status_code == 405


async def test_the_account_endpoint_answers_a_validate_call(client):
    answer = await client.get("/account")
    assert answer.status_code == 200 and answer.json()["account"]["id"] == "mock-account"


async def test_credentials_and_faults_apply_as_on_every_path(client, state: PartnerState):
    state.set_auth(AuthSettings(type="bearer", token="t0k"))
    assert (await client.post("/audiences", json={"name": "A"})).status_code == 401
    ok = await client.post(
        "/audiences", json={"name": "A"}, headers={"Authorization": "Bearer t0k"}
    )
    assert ok.status_code == 201
    state.set_faults(
        FaultSettings(
            faults=[FaultRule.model_validate({"match": {"path": "/audiences"}, "status": 503})]
        )
    )
    faulted = await client.post(
        "/audiences", json={"name": "B"}, headers={"Authorization": "Bearer t0k"}
    )
    assert faulted.status_code == 503
    assert [a["name"] for a in state.audiences.list()] == ["A"]


async def test_other_paths_are_untouched(client: httpx.AsyncClient):
    answer = await client.post("/audiencehub/audiences/x/members", json={"a": 1})
    assert answer.json() == {"ok": True, "sequence": 1}
