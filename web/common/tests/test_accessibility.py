"""What axe-core cannot see for itself (tests/browser/test_every_page_on_a_phone.py runs it on
every page): a skip link to the content on every page, a refused field's input pointing at the
sentence that says why, and the unit tree's toggles saying whether they are open."""

from __future__ import annotations

import re

import pytest


def _described(page: str, name: str) -> list[str]:
    """The ids the input named ``name`` is described by; each must exist on the page."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, f"no input {name}"
    ids = re.search(r'aria-describedby="([^"]+)"', tag.group(0))
    assert ids and 'aria-invalid="true"' in tag.group(0), tag.group(0)
    for ident in ids.group(1).split():
        assert f'id="{ident}"' in page, ident
    return ids.group(1).split()


def test_every_page_starts_with_a_link_to_its_content(client, db):
    for url in ("/", "/accounts/login/", "/vote/"):
        page = client.get(url).content.decode()
        assert page.index('class="skip-link" href="#main"') < page.index("<header") and 'id="main"' in page, url


def test_a_refused_field_points_at_its_sentence(world, client_for):
    c = client_for(world.organiser)
    page = c.post(f"/staff/units/{world.community_a.pk}/new-person/", {"name": "", "id_number": "123"}).content.decode()
    assert "id_id_number_error" in _described(page, "id_number")


@pytest.mark.parametrize("wrong", [{"username": "nobody", "password": ""}])
def test_a_refused_sign_in_field_points_at_its_sentence(client, db, wrong):
    page = client.post("/accounts/login/", wrong).content.decode()  # the password left empty
    assert any(i.endswith("_error") for i in _described(page, "password"))


def test_the_unit_trees_toggles_say_whether_they_are_open(world, client_for):
    page = client_for(world.street_staff).get("/staff/").content.decode()
    toggles = re.findall(r'<button class="tree-toggle"[^>]*>', page)
    closed = [t for t in toggles if "disabled" not in t]
    assert closed and all('aria-expanded="false"' in t and "aria-controls=" in t for t in closed)


def test_every_button_in_the_templates_is_styled_as_one():
    """A ``<button>`` with no class is drawn by the browser's own style, which on a cheap phone
    looks like nothing to press: every button names ``primary``, ``button`` or ``link`` (the
    language switch and the unit tree's toggles have styles of their own)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "templates"
    bare = []
    for path in root.rglob("*.html"):
        for tag in re.findall(r"<button\b[^>]*>", path.read_text(encoding="utf-8")):
            classes = re.search(r'class="([^"]*)"', tag)
            words = set(re.sub(r"{%|%}", " ", classes.group(1)).split()) if classes else set()
            if not words & {"primary", "button", "link", "tree-toggle"} and path.name != "_language_button.html":
                bare.append(f"{path.relative_to(root)}: {tag[:80]}")
    assert bare == []
