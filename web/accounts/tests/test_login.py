"""Signing in, rate limiting, sessions."""

from __future__ import annotations

from django.test import override_settings

from web.org.testing import PASSWORD


def test_staff_sign_in_and_land_on_their_tree(world, client):
    response = client.post("/accounts/login/", {"username": "organiser", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/staff/"
    assert "和平社区" in response.content.decode()


def test_wrong_password_gives_a_clear_message(world, client):
    response = client.post("/accounts/login/", {"username": "organiser", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


@override_settings(LOGIN_ATTEMPTS_LIMIT=3)
def test_repeated_failures_lock_the_username_even_with_the_right_password(world, client):
    for _ in range(3):
        client.post("/accounts/login/", {"username": "organiser", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "organiser", "password": PASSWORD})
    assert "尝试次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another user from elsewhere is not affected
    other = client.post("/accounts/login/", {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings

    from web import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


def test_logout_needs_post(world, client_for):
    c = client_for(world.organiser)
    assert c.get("/accounts/logout/").status_code == 405
    assert c.post("/accounts/logout/").status_code == 302
    assert c.get("/staff/").status_code == 302
