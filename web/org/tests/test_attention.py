"""The resident's own part of the home page: their household, linked to a read-only page of its
members' names and relations; nobody else's."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from web.common.testing import home_sections
from web.org.models import Person


def _linked(world, person, username="jumin"):
    return get_user_model().objects.create_user(username=username, person=person)


def test_a_resident_sees_their_household_and_its_page(world, client_for):
    Person.objects.filter(pk=world.person_a.pk).update(relation="户主")
    Person.objects.create(
        name="王小明",
        id_number="51010420100101001X",
        gender="M",
        birth_date=dt.date(2010, 1, 1),
        unit=world.building_a1,
        unit_path=world.building_a1.path,
        household=world.household_a,
        relation="子",
    )
    resident = client_for(_linked(world, world.person_a))
    found, _page = home_sections(resident)
    [item] = found["household"].items
    assert found["household"].total == 1 and item.text == "我的家庭：王芳、王小明，共 2 人"
    page = resident.get(item.url)
    text = page.content.decode()
    assert page.status_code == 200 and "王小明" in text and "户主" in text and "子" in text
    assert world.household_a.address not in text and world.person_a.id_number not in text  # names and relations only
    for persona in ("organiser", "member", "observer", "outsider", "street_staff"):
        assert "household" not in home_sections(client_for(getattr(world, persona)))[0], persona


def test_a_person_without_a_household_has_no_household_section(world, client_for):
    resident = client_for(_linked(world, world.person_a2))  # 李强 is on the roster without a household
    assert "household" not in home_sections(resident)[0]
    page = resident.get("/staff/me/household/")
    assert page.status_code == 200 and "没有关联户籍信息" in page.content.decode()
    assert "王芳" not in client_for(world.organiser).get("/staff/me/household/").content.decode()


def test_the_top_navigation_holds_no_api_link_and_the_footer_names_it_in_words(world, client_for):
    """A resident's header had “API” beside their work; it is for systems connecting to Jiceng,
    so it sits at the foot of the page, said in words."""
    import re

    page = client_for(_linked(world, world.person_a)).get("/staff/").content.decode()
    nav = re.search(r'<nav class="topnav".*?</nav>', page, re.S)
    assert nav is not None and "/api/" not in nav.group(0)
    footer = re.search(r'<footer class="footer">.*?</footer>', page, re.S)
    assert footer is not None and "数据接口（API，供信息系统对接）" in footer.group(0)
    assert "数据接口" not in client_for(None).get("/").content.decode()  # not for the public
