"""One spelling per username, no lookalikes, one lockout counter per account, and the address
limit counts the client behind a trusted proxy only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from web.accounts import throttle
from web.accounts.usernames import UsernameRefused, check_new, normalise, skeleton
from web.org.testing import PASSWORD

#: ways of typing one username that must all reach the same account and the same counter
VARIANTS = [
    "ｓｔｒｅｅｔ_ｓｔａｆｆ",
    "street_staff ",
    " STREET_STAFF",
    "Street_Staff",
    "ＳＴＲＥＥＴ_ＳＴＡＦＦ\u3000",
    "street_staff\t",
]


@pytest.mark.parametrize("typed", VARIANTS)
def test_every_variant_normalises_to_one_username(typed):
    assert normalise(typed) == "street_staff"


@pytest.mark.parametrize("typed", VARIANTS)
def test_every_variant_signs_in_to_the_one_account(world, client, typed):
    response = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.street_staff.pk


@override_settings(LOGIN_ATTEMPTS_LIMIT=len(VARIANTS))
def test_the_lockout_cannot_be_bypassed_by_spelling_the_username_differently(world, client):
    for n, typed in enumerate(VARIANTS):  # one failure per spelling, each from its own address
        client.post("/accounts/login/", {"username": typed, "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{n + 1}")
    for typed in ["street_staff", *VARIANTS]:
        locked = client.post("/accounts/login/", {"username": typed, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
        assert "尝试次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_accounts_are_stored_normalised_whoever_creates_them(db):
    user = get_user_model().objects.create_user(username="  ＷａｎｇＦａｎｇ ", password=PASSWORD)
    user.refresh_from_db()
    assert user.username == "wangfang"


@pytest.mark.parametrize(
    "username",
    ["张伟", "zhang wei", "ѕtreet", "strееt", "a", "-lead", "wang@fang", "x" * 151, "", "street\u200b"],
)
def test_usernames_that_are_not_plain_ascii_are_refused_with_a_sentence(db, username):
    with pytest.raises(UsernameRefused, match="用户名只能用英文字母"):
        check_new(username)


@pytest.mark.parametrize(
    ("existing", "lookalike"),
    [
        ("zhang.wei", "zhang_wei"),
        ("admin1", "adminl"),
        ("admin1", "admini"),
        ("bob0", "bobo"),
        ("modern", "modem"),
        ("wang-li", "wang--li"),
        ("vvang", "wang"),
    ],
)
def test_lookalike_usernames_are_refused(db, existing, lookalike):
    get_user_model().objects.create_user(username=existing, password=PASSWORD)
    assert skeleton(existing) == skeleton(lookalike)
    with pytest.raises(UsernameRefused, match="看起来太像"):
        check_new(lookalike)


def test_a_taken_username_is_refused_in_any_spelling(world):
    with pytest.raises(UsernameRefused, match="已被使用"):
        check_new("ＯＲＧＡＮＩＳＥＲ ")


def test_distinct_usernames_are_accepted(world):
    assert check_new("Wang.Fang2") == "wang.fang2"


def test_the_data_migration_normalises_existing_usernames_and_keeps_them_apart():
    import importlib

    migration = importlib.import_module("web.accounts.migrations.0004_normalise_usernames")
    assert migration._normalise(" ＳＴＲＥＥＴ ") == "street"


# ---- the address behind a trusted proxy ---------------------------------------------------------


def _request(remote, forwarded=None):
    from django.test import RequestFactory

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client"),
    [
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy trusted: the header is ignored
        (["10.0.0.2"], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from the proxy: ignored
        (["10.0.0.2"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (["10.0.0.2"], "10.0.0.2", "1.1.1.1, 198.51.100.1", "198.51.100.1"),  # the left part is the client's word
        (["10.0.0.0/24"], "10.0.0.2", "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # two proxies of ours
        (["10.0.0.2"], "10.0.0.2", None, "10.0.0.2"),
        (["10.0.0.2"], "10.0.0.2", "garbage", "garbage"),
    ],
)
def test_the_client_address_honours_only_trusted_proxies(trusted, remote, forwarded, client):
    with override_settings(TRUSTED_PROXIES=trusted):
        assert throttle.client_address(_request(remote, forwarded)) == client


@override_settings(TRUSTED_PROXIES=["10.0.0.2"], LOGIN_ATTEMPTS_LIMIT=2)
def test_one_address_behind_the_proxy_does_not_lock_out_everyone_behind_it(world, client):
    for n in range(8):  # an attacker at one address tries many accounts (the address limit is 2 × 4)
        client.post(
            "/accounts/login/",
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    blocked = client.post(
        "/accounts/login/",
        {"username": "member", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert "尝试次数过多" in blocked.content.decode()
    others = client.post(
        "/accounts/login/",
        {"username": "member", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert others.status_code == 302


@override_settings(TRUSTED_PROXIES=[], LOGIN_ATTEMPTS_LIMIT=2)
def test_a_forged_header_does_not_escape_the_address_limit(world, client):
    for n in range(8):
        client.post(
            "/accounts/login/",
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    blocked = client.post(
        "/accounts/login/",
        {"username": "member", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert "尝试次数过多" in blocked.content.decode()


@override_settings(LOGIN_ATTEMPTS_LIMIT=3)
def test_the_issues_own_variants_of_street_share_one_lockout(db, client):
    get_user_model().objects.create_user(username="street", password=PASSWORD)
    for n, typed in enumerate(["ｓｔｒｅｅｔ", "street ", "STREET"]):
        client.post("/accounts/login/", {"username": typed, "password": "wrong"}, REMOTE_ADDR=f"10.0.1.{n}")
    locked = client.post("/accounts/login/", {"username": "street", "password": PASSWORD}, REMOTE_ADDR="10.0.2.1")
    assert "尝试次数过多" in locked.content.decode()
