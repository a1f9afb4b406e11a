"""Nobody learns another person's password: one-time setup links, and changing one's own."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from web.accounts.models import SetupLink
from web.audit.models import AuditEntry
from web.common import clock
from web.org import accounts as org_accounts
from web.org.models import Role
from web.org.testing import PASSWORD

NEW = "a-long-new-passphrase-2026"


def _new_account(world, *, now=None):
    user, token = org_accounts.do_create_account(
        username="lqiang", person=world.person_a2, acting_user=world.organiser, now=now
    )
    return user, f"/accounts/setup/{token}/", token


def test_a_new_account_has_no_usable_password_and_its_link_sets_one_once(world, client):
    user, url, _ = _new_account(world)
    assert not user.has_usable_password()
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "lqiang" in page.content.decode()
    done = client.post(url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    assert client.post("/accounts/login/", {"username": "lqiang", "password": NEW}).status_code == 302
    again = client.get(url)
    assert again.status_code == 410 and "已经用过" in again.content.decode()
    assert client.post(url, {"new_password1": "x" + NEW, "new_password2": "x" + NEW}).status_code == 410
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert AuditEntry.objects.filter(action="account.set_password", actor=user).count() == 1


def test_only_the_tokens_sha256_is_stored(world):
    _, _, token = _new_account(world)
    link = SetupLink.objects.get()
    assert link.digest == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(v) for v in SetupLink.objects.values_list().get())
    assert token not in stored
    assert token not in " ".join(str(e.changes) for e in AuditEntry.objects.all())


@pytest.mark.parametrize(("hours", "age", "works"), [(72, 71, True), (72, 73, False), (1, 2, False), (1, 0, True)])
def test_a_link_expires_after_the_configured_hours(world, client, hours, age, works):
    with override_settings(SETUP_LINK_HOURS=hours):
        _, url, _ = _new_account(world, now=clock.now() - timedelta(hours=age, minutes=1 if age else 0))
    response = client.get(url)
    if works:
        assert response.status_code == 200
    else:
        assert response.status_code == 410 and "已过期" in response.content.decode()
        assert client.post(url, {"new_password1": NEW, "new_password2": NEW}).status_code == 410


def test_an_unknown_link_is_refused_with_a_sentence(db, client):
    response = client.get("/accounts/setup/not-a-real-token/")
    assert response.status_code == 410 and "链接无效" in response.content.decode()


def test_a_weak_password_is_refused_and_the_link_still_works(world, client):
    _, url, _ = _new_account(world)
    refused = client.post(url, {"new_password1": "12345678901", "new_password2": "12345678901"})
    assert refused.status_code == 422
    assert SetupLink.objects.get().used_at is None
    assert client.post(url, {"new_password1": NEW, "new_password2": NEW}).status_code == 302


def test_a_new_link_replaces_the_old_one(world, client):
    user, old_url, _ = _new_account(world)
    token = org_accounts.do_issue_setup_link(user=user, acting_user=world.organiser)
    assert client.get(old_url).status_code == 410
    assert client.get(f"/accounts/setup/{token}/").status_code == 200


def test_a_manager_issues_a_link_on_the_roles_page_never_a_password(world, client_for):
    role = Role.objects.get(user=world.member)
    page = client_for(world.organiser).post(f"/staff/units/{world.community_a.pk}/roles/{role.pk}/setup-link/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert 'id="setup-link"' in text and "/accounts/setup/" in text
    world.member.refresh_from_db()
    assert world.member.check_password(PASSWORD)  # the old password works until the link is used
    assert AuditEntry.objects.filter(action="account.setup_link").count() == 1


@pytest.mark.parametrize("whose", ["street_staff", "organiser"])
def test_a_manager_cannot_take_over_an_account_above_them_or_their_own(world, client_for, whose):
    target = getattr(world, whose)
    role = (
        Role.objects.create(user=target, unit=world.community_a, kind=Role.Kind.RESIDENT)
        if whose != "organiser"
        else Role.objects.get(user=target)
    )
    response = client_for(world.organiser).post(f"/staff/units/{world.community_a.pk}/roles/{role.pk}/setup-link/")
    assert response.status_code == 302
    assert not SetupLink.objects.exists()


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_others_cannot_issue_links(world, client_for, persona):
    role = Role.objects.get(user=world.observer)
    response = client_for(getattr(world, persona)).post(f"/staff/units/{world.grid_a1.pk}/roles/{role.pk}/setup-link/")
    assert response.status_code in (403, 404)
    assert not SetupLink.objects.exists()


def test_every_user_can_change_their_own_password(world, client_for):
    c = client_for(world.observer)
    page = c.get("/accounts/password/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    wrong = c.post("/accounts/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 422
    done = c.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert c.get("/staff/").status_code == 200  # still signed in
    world.observer.refresh_from_db()
    assert world.observer.check_password(NEW)
    assert AuditEntry.objects.filter(action="account.set_password", actor=world.observer).exists()


def test_changing_a_password_needs_sign_in(db, client):
    assert client.get("/accounts/password/").status_code == 302


def test_no_page_creates_an_account_with_a_password_its_creator_sees(world):
    user, _, _ = _new_account(world)
    assert get_user_model().objects.get(pk=user.pk).password.startswith("!")


def test_creating_an_account_is_audited_under_the_persons_unit(world):
    user, _, _ = _new_account(world)
    entry = AuditEntry.objects.get(action="account.create", object_id=str(user.pk))
    assert entry.actor == world.organiser and entry.unit_id == world.person_a2.unit_id
    assert entry.changes["username"] == [None, "lqiang"]


def test_an_account_for_another_units_person_is_refused_in_the_action(world):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    before = (get_user_model().objects.count(), AuditEntry.objects.count())
    with pytest.raises((PermissionDenied, Http404)):
        org_accounts.do_create_account(username="other", person=world.person_b, acting_user=world.organiser)
    assert (get_user_model().objects.count(), AuditEntry.objects.count()) == before


def test_a_link_for_an_account_out_of_reach_is_refused_in_the_action(world):
    from django.core.exceptions import PermissionDenied

    before = SetupLink.objects.count()
    for user in (world.organiser, world.street_staff):
        with pytest.raises(PermissionDenied):
            org_accounts.do_issue_setup_link(user=user, acting_user=world.organiser)
    assert SetupLink.objects.count() == before
