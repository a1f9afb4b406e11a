"""One spelling for one name: person names, candidates and write-ins (issue 9 §5 "Names")."""

from __future__ import annotations

import pytest

from web.common.text import MAX_NAME, check_name, normalise_name
from web.org.tests.test_person_edit import _form

#: each variant is the name on the right, as a phone, a paper ballot or a spreadsheet may carry it
VARIANTS = [
    ("张　三", "张三"),  # U+3000 ideographic space
    (" 张三 ", "张三"),
    ("张 三", "张三"),
    ("张\u200b三", "张三"),  # zero-width space
    ("\u200d张三\ufeff", "张三"),  # zero-width joiner, BOM
    ("\u202e张三\u202c", "张三"),  # bidi override
    ("张\u2066三\u2069", "张三"),  # bidi isolate
    ("张\u00ad三", "张三"),  # soft hyphen
    ("张\x00三\x07", "张三"),  # control characters
    ("张\t\n三", "张三"),
    ("艾力・买买提", "艾力·买买提"),  # katakana middle dot
    ("艾力•买买提", "艾力·买买提"),
    ("Jose\u0301  Li", "José Li"),  # decomposed accent, double space
    ("John\u3000Smith", "John Smith"),
]


@pytest.mark.parametrize(("typed", "name"), VARIANTS)
def test_variants_of_a_name_are_one_name(typed, name):
    assert normalise_name(typed) == name
    assert normalise_name(name) == name


def test_empty_and_too_long_names_are_refused_with_a_sentence():
    assert check_name(normalise_name("\u200b\u3000")) and check_name("")
    assert check_name("张" * MAX_NAME) is None and "最多" in check_name("张" * (MAX_NAME + 1))


@pytest.mark.parametrize(("typed", "name"), VARIANTS[:8])  # NUL: Django refuses it first
def test_a_person_name_is_normalised_on_save(world, client_for, typed, name):
    person = world.person_a2
    response = client_for(world.organiser).post(f"/staff/people/{person.pk}/edit/", _form(person, name=typed))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == name


def test_an_invisible_person_name_is_refused(world, client_for):
    person = world.person_a2
    response = client_for(world.organiser).post(f"/staff/people/{person.pk}/edit/", _form(person, name="\u200b\u200b"))
    assert response.status_code == 200 and "姓名不能为空" in response.content.decode()


def test_a_roster_file_names_people_the_same_way():
    from web.org.transfer.reader import read_upload

    data = "姓名,性别,公民身份号码,出生日期,所在单位编码\n张\u3000三\u200b,男,1,2000-01-01,C1\n".encode()
    assert read_upload("r.csv", data)["人员"][0].values["姓名"] == "张三"


def _meeting(world):
    from web.meetings.testing import make_meeting

    return make_meeting(world, voters=3, probationary=0)


def _election(world, names, meeting=None):
    from web.meetings import actions

    return actions.do_create_poll(
        meeting=meeting or _meeting(world),
        title="选举",
        kind="election",
        seats=1,
        rules={"elected": "for > 1/2 of voted"},
        candidates=[(n, None) for n in names],
        acting_user=world.organiser,
    )


@pytest.mark.parametrize(("typed", "name"), VARIANTS)
def test_two_candidates_with_one_normalised_name_are_refused(world, typed, name):
    from web.meetings.errors import MeetingError

    with pytest.raises(MeetingError, match="重名"):
        _election(world, [name, typed])


def test_candidate_names_are_stored_normalised_and_an_invisible_one_is_refused(world):
    from web.meetings.errors import MeetingError

    poll = _election(world, ["张\u3000三", "\u202e李四"])
    assert sorted(poll.candidates.values_list("name", flat=True)) == ["张三", "李四"]
    with pytest.raises(MeetingError, match="姓名不能为空"):
        _election(world, ["王五", "\u200b"], meeting=poll.meeting)


def test_the_poll_form_reads_candidates_normalised(world):
    from web.meetings.forms import PollForm

    form = PollForm(
        {"title": "选举", "kind": "election", "candidates": "张　三\n\u200b\n张三\n李四", "seats": "1"},
        meeting=_meeting(world),
    )
    form.is_valid()
    assert form.cleaned_data["names"] == ["张三", "张三", "李四"]


@pytest.mark.parametrize(("typed", "name"), VARIANTS[:10])
def test_write_ins_are_normalised_on_phone_and_paper_ballots(world, typed, name):
    from web.meetings import ballots, paper

    poll = _election(world, ["王芳"])
    data = {"mark-c1": "against", "writein-c1": typed}
    assert ballots.clean_election(poll, data)["write_ins"] == [{"replaces": "c1", "name": name}]
    assert paper.clean_paper(poll, data)["write_ins"] == [{"replaces": "c1", "name": name}]


def test_write_in_totals_of_one_name_in_two_spellings_are_one_row(world):
    from web.meetings import handcount
    from web.meetings.errors import MeetingError

    poll = _election(world, ["王芳"])
    one = {"returned": "3", "writein-name-0": "张　三", "writein-votes-0": "2"}
    assert handcount.clean_totals(poll, one)["write_ins"] == {"张三": 2}
    with pytest.raises(MeetingError, match="填了两行"):
        handcount.clean_totals(poll, {**one, "writein-name-1": "张\u200b三", "writein-votes-1": "1"})


def test_variants_written_in_on_phone_and_paper_are_one_name_to_count(world):
    from web.meetings import ballots, paper

    poll = _election(world, ["王芳"])
    contents = [
        ballots.clean_election(poll, {"mark-c1": "against", "writein-c1": "张　三"}),
        paper.clean_paper(poll, {"mark-c1": "against", "writein-c1": "张\u200b三"}),
        ballots.clean_election(poll, {"mark-c1": "against", "writein-c1": " 张三"}),
    ]
    assert {w["name"] for c in contents for w in c["write_ins"]} == {"张三"}
