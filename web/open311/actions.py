"""Issuing and revoking Open311 API keys, each with its audit entry in the same transaction.

A key is a jurisdiction's: only staff who manage that street, township or district may have one
for it, and it posts only while they still manage it (``web.open311.keys.key_for``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases.access import refuse
from web.cases.catalogue import CATALOGUE_KINDS
from web.common import clock
from web.open311.models import ApiKey
from web.org.models import Unit
from web.org.queries import can_manage_path


@transaction.atomic
def do_issue_open311_key(*, jurisdiction: Unit, name: str, acting_user: Actor) -> tuple[ApiKey, str]:
    """A key for ``acting_user`` posting into ``jurisdiction``, and its secret (shown once)."""
    if jurisdiction.kind not in CATALOGUE_KINDS:
        raise refuse(_("开放接口密钥按街道、乡镇或区签发。"), "wrong_unit", 422)
    if not can_manage_path(acting_user, jurisdiction.path):
        raise refuse(_("只有本辖区的工作人员可以签发开放接口密钥。"), "not_staff", 403)
    name = (name or "").strip()[:50]
    if not name:
        raise refuse(_("请填写名称。"), "name_required", 422)
    secret = ApiKey.new_secret()
    key = ApiKey.objects.create(
        user=acting_user,
        jurisdiction=jurisdiction,
        name=name,
        prefix=secret[:12],
        digest=ApiKey.digest_of(secret),
        created_at=clock.now(),
    )
    record(
        actor=acting_user,
        action=Action.OPEN311_KEY_ISSUE,
        obj=key,
        changes={"jurisdiction": [None, jurisdiction.code], "name": [None, name], "prefix": [None, key.prefix]},
    )
    return key, secret


@transaction.atomic
def do_revoke_open311_key(*, key: ApiKey, acting_user: Actor) -> ApiKey:
    """Revoke a key: by the staff member it was issued to, or by staff managing its jurisdiction.
    The row stays (revoked), so the log's entries about it keep their object."""
    key = ApiKey.objects.select_for_update().select_related("jurisdiction").get(pk=key.pk)
    if key.user_id != acting_user.pk and not can_manage_path(acting_user, key.jurisdiction.path):
        raise refuse(_("只有密钥持有人或本辖区的工作人员可以撤销它。"), "not_yours", 403)
    if key.revoked_at is not None:
        raise refuse(_("这个密钥已经撤销。"), "revoked", 409)
    key.revoked_at = clock.now()
    key.save(update_fields=["revoked_at"])
    record(
        actor=acting_user,
        action=Action.OPEN311_KEY_REVOKE,
        obj=key,
        changes={"revoked_at": [None, key.revoked_at.isoformat()], "prefix": [key.prefix, key.prefix]},
    )
    return key
