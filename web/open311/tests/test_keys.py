"""Open311 API keys: issued by a jurisdiction's staff for it, stored hashed, shown once,
revoked by the holder or the jurisdiction's staff, every change audited; and the staff page."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.audit.names import Action
from web.cases.errors import CaseError
from web.open311.actions import do_issue_open311_key, do_revoke_open311_key
from web.open311.models import ApiKey


def test_a_key_is_kept_only_as_its_digest(world):
    key, secret = do_issue_open311_key(jurisdiction=world.street, name="小程序", acting_user=world.street_staff)
    assert secret.startswith("o311_") and len(secret) > 40
    assert key.digest == ApiKey.digest_of(secret) and secret not in {key.digest, key.prefix, key.name}
    assert secret[:12] == key.prefix
    entry = AuditEntry.objects.get(action=Action.OPEN311_KEY_ISSUE)
    assert secret not in str(entry.changes) and entry.actor_id == world.street_staff.pk


@pytest.mark.parametrize(
    ("who", "where", "code"),
    [
        ("organiser", "community_a", "wrong_unit"),
        ("organiser", "street", "not_staff"),
        ("street_staff", "district", "not_staff"),
    ],
)
def test_only_a_jurisdictions_staff_issue_its_keys(world, who, where, code):
    with pytest.raises(CaseError) as refused:
        do_issue_open311_key(jurisdiction=getattr(world, where), name="x", acting_user=getattr(world, who))
    assert refused.value.code == code
    assert not ApiKey.objects.exists()


def test_a_key_is_revoked_once_by_its_holder_or_the_jurisdictions_staff(world):
    key, _secret = do_issue_open311_key(jurisdiction=world.street, name="小程序", acting_user=world.street_staff)
    with pytest.raises(CaseError):
        do_revoke_open311_key(key=key, acting_user=world.organiser)  # staff of a community below: not theirs
    do_revoke_open311_key(key=key, acting_user=world.street_staff)
    assert ApiKey.objects.get().revoked_at is not None
    with pytest.raises(CaseError) as again:
        do_revoke_open311_key(key=key, acting_user=world.street_staff)
    assert again.value.code == "revoked"
    assert AuditEntry.objects.filter(action=Action.OPEN311_KEY_REVOKE).count() == 1


def test_the_page_issues_a_key_shows_it_once_and_revokes_it(world, client_for):
    client = client_for(world.street_staff)
    page = client.get("/staff/open311/keys/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    made = client.post("/staff/open311/keys/", {"jurisdiction": world.street.pk, "name": "街道小程序"})
    assert made.status_code == 200
    key = ApiKey.objects.get()
    text = made.content.decode()
    secret = text.split('id="new-key">')[1].split("<")[0]
    assert ApiKey.digest_of(secret) == key.digest
    fields = {"api_key": secret, "service_code": "litter", "address_id": "C1G1", "description": "纸箱"}
    assert client.post("/open311/v2/requests.json", fields).status_code == 404  # this world has no catalogue
    assert ApiKey.objects.get().last_used_at is None  # refused: not a use
    again = client.get("/staff/open311/keys/").content.decode()
    assert secret not in again and key.prefix in again and "街道小程序" in again
    revoked = client.post(f"/staff/open311/keys/{key.pk}/revoke")
    assert revoked.status_code == 302
    assert ApiKey.objects.get().revoked_at is not None


def test_the_page_offers_only_jurisdictions_one_manages(world, client_for):
    page = client_for(world.organiser).get("/staff/open311/keys/").content.decode()
    assert "您没有管理这样的辖区" in page
    refused = client_for(world.organiser).post("/staff/open311/keys/", {"jurisdiction": world.street.pk, "name": "x"})
    assert refused.status_code == 200 and not ApiKey.objects.exists()


def test_others_cannot_see_or_revoke_a_key(world, client_for):
    key, _secret = do_issue_open311_key(jurisdiction=world.street, name="春熙工单", acting_user=world.street_staff)
    for who in ("organiser", "outsider", "member"):
        client = client_for(getattr(world, who))
        assert "春熙工单" not in client.get("/staff/open311/keys/").content.decode()
        assert client.post(f"/staff/open311/keys/{key.pk}/revoke").status_code == 404
    assert client_for(None).post(f"/staff/open311/keys/{key.pk}/revoke").status_code == 302
    assert ApiKey.objects.get().revoked_at is None
