"""Every status of every poll kind is worded on the poll's page and in its announcement PDF
exactly as the engine's sheet (``jiceng tally --format text``) words it, in Chinese and in
English: one wording, so a not-quorate motion never reads as a failed election.

The cases come from the engine's own table (``jiceng.labels.STATUSES``) for every kind a poll
can be (``Poll.Kind``): a status added to the engine without a record here fails the suite."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

import pypdf
import pytest

from jiceng import labels
from jiceng.cli import main as jiceng_main
from jiceng.record import tally
from web.downloads.testing import made
from web.meetings import actions
from web.meetings.models import Poll
from web.meetings.testing import make_meeting

ELECTORATE = {"expected": 10, "present": 10}
ELECTION_RULES = {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"}
MOTION_RULES = {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of present"}


def _election(*, ballots: list[dict[str, Any]], issued: int | None = None, **changes: Any) -> dict[str, Any]:
    doc = {
        "kind": "election",
        "seats": 1,
        "electorate": ELECTORATE,
        "rules": ELECTION_RULES,
        "ballots": ballots,
        "ballots_issued": len(ballots) if issued is None else issued,
    }
    return doc | changes


def _motion(*, yes: int, no: int, issued: int | None = None, **changes: Any) -> dict[str, Any]:
    ballots = [{"vote": "yes"}] * yes + [{"vote": "no"}] * no
    doc = {
        "kind": "motion",
        "electorate": ELECTORATE,
        "rules": MOTION_RULES,
        "ballots": ballots,
        "ballots_issued": len(ballots) if issued is None else issued,
    }
    return doc | changes


def _for(*keys: str) -> dict[str, Any]:
    return {"marks": dict.fromkeys(keys, "for")}


def _appraisal(grades: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "kind": "appraisal",
        "scale": "individual",
        "settings": {"abstentions_in_base": True},
        "forms": [{"grades": g} for g in grades],
    }


def _recommendation(forms: list[list[str]]) -> dict[str, Any]:
    return {
        "kind": "recommendation",
        "places": 1,
        "classes": [{"id": "A", "name": "班子成员"}],
        "forms": [{"class": "A", "recommend": f} for f in forms],
    }


#: (kind, status) → a record (without format, title or candidates) that the engine counts so
RECORDS: dict[tuple[str, str], dict[str, Any]] = {
    ("election", "complete"): _election(ballots=[_for("c1")] * 8 + [_for("c2")] * 2),
    ("election", "seats_unfilled"): _election(ballots=[_for("c1")] * 5 + [_for("c2")] * 5),
    ("election", "runoff_needed"): _election(
        ballots=[_for("c1")] * 5 + [_for("c2")] * 5, rules={**ELECTION_RULES, "elected": "for > 1/3 of present"}
    ),
    ("election", "not_quorate"): _election(ballots=[_for("c1")] * 7, electorate={"expected": 10, "present": 7}),
    ("election", "void"): _election(ballots=[_for("c1")] * 10, issued=9),
    ("motion", "passed"): _motion(yes=7, no=3),
    ("motion", "rejected"): _motion(yes=3, no=7),
    ("motion", "not_quorate"): _motion(yes=6, no=0, electorate={"expected": 10, "present": 6}),
    ("motion", "void"): _motion(yes=6, no=4, issued=9),
    ("appraisal", "no_flags"): _appraisal([{"s1": "优秀", "s2": "称职"}] * 3),
    ("appraisal", "flags_raised"): _appraisal([{"s1": "不称职", "s2": "称职"}] * 3),
    ("recommendation", "complete"): _recommendation([["c1"], ["c1"], ["c2"]]),
    # the two leaders hold 2 of 5 recommendations: under half, scattered
    ("recommendation", "scattered"): _recommendation([["c1"], ["c2"], ["c3"], ["c4"], ["c5"]]),
    # the two leaders hold 3 of 6, exactly half: not scattered, but nobody reaches the bar
    ("recommendation", "short"): _recommendation([["c1"], ["c1"], ["c2"], ["c3"], ["c4"], ["c5"]]),
}

CASES = [(kind, status) for kind in Poll.Kind.values for status in labels.STATUSES[kind]]


def test_every_status_of_every_poll_kind_has_a_record_here():
    assert sorted(RECORDS) == sorted(CASES)


def _sheet(record: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert jiceng_main(["tally", str(path), "--format", "text"]) == 0
    return capsys.readouterr().out


def _sheet_words(sheet: str, head: str) -> tuple[str, str]:
    """The (Chinese, English) words the sheet prints on the line beginning ``head``."""
    line = next(line for line in sheet.splitlines() if line.startswith(head))
    zh, en = line.removeprefix(head).split(" / ", 1)
    return zh, en


def _closed_poll(world: Any, kind: str, status: str) -> Poll:
    meeting = make_meeting(world, voters=3, probationary=0)
    if kind == "appraisal":
        return _closed_appraisal(world, meeting, status)
    if kind == "recommendation":
        return _closed_recommendation(world, meeting, status)
    poll = actions.do_create_poll(
        meeting=meeting,
        title=f"{kind} {status}",
        kind=kind,
        seats=1,
        rules=RECORDS[(kind, status)]["rules"],
        candidates=[("王芳", None), ("李强", None)] if kind == "election" else [],
        acting_user=world.organiser,
    )
    record = {"format": "jiceng.tally/1", "title": poll.title, **RECORDS[(kind, status)]}
    if kind == "election":
        keys = [c.key for c in poll.candidates.all()]
        assert keys == ["c1", "c2"]
        record["candidates"] = [{"id": c.key, "name": c.name} for c in poll.candidates.all()]
    # the count as closing the poll would store it: the record and the engine's result
    poll.record = record
    poll.result = tally(record)
    poll.record_sha256 = poll.result["record_sha256"]
    poll.state = Poll.State.CLOSED
    poll.save()
    assert poll.result["status"] == status
    return poll


def _closed_appraisal(world: Any, meeting: Any, status: str) -> Poll:
    """An appraisal poll closed with the record of ``status`` (the poll's rules are not the
    record's: the record carries the engine's fields, the poll also its phone setting)."""
    from web.meetings.appraisal import do_create_appraisal_poll, engine_record

    poll = do_create_appraisal_poll(
        meeting=meeting,
        title=f"appraisal {status}",
        subjects=[("王芳", None), ("李强", None)],
        acting_user=world.organiser,
    )
    subjects = [{"id": c.key, "name": c.name} for c in poll.candidates.all()]
    record = {**engine_record(poll.rules, subjects), "title": poll.title}
    record["forms"] = RECORDS[("appraisal", status)]["forms"]
    poll.record, poll.result = record, tally(record)
    poll.record_sha256, poll.state = poll.result["record_sha256"], Poll.State.CLOSED
    poll.save()
    assert poll.result["status"] == status
    return poll


def _closed_recommendation(world: Any, meeting: Any, status: str) -> Poll:
    """A recommendation poll (one class) closed with the record of ``status``."""
    from web.meetings.recommendation import do_create_recommendation_poll, engine_record

    poll = do_create_recommendation_poll(
        meeting=meeting,
        title=f"recommendation {status}",
        post="书记",
        places=1,
        class_id="A",
        class_name="班子成员",
        names=[(n, None) for n in ("王芳", "李强", "张伟", "刘洋", "赵敏")],
        acting_user=world.organiser,
    )
    record = {**engine_record(poll), "title": poll.title, "electorate": ELECTORATE}
    record["forms"] = RECORDS[("recommendation", status)]["forms"]
    poll.record, poll.result = record, tally(record)
    poll.record_sha256, poll.state = poll.result["record_sha256"], Poll.State.CLOSED
    poll.save()
    assert poll.result["status"] == status
    return poll


def _pdf_text(response: Any) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return _flat("".join(page.extract_text() for page in reader.pages))


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(("kind", "status"), CASES)
def test_the_page_and_the_announcement_word_the_status_as_the_engine_does(
    world, client_for, tmp_path, capsys, kind, status
):
    poll = _closed_poll(world, kind, status)
    sheet = _sheet(poll.record, tmp_path, capsys)
    words = dict(zip(("zh-hans", "en"), _sheet_words(sheet, "结果 Status: "), strict=True))
    client = client_for(world.organiser)
    for language, label in words.items():
        page = client.get(f"/staff/polls/{poll.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"<b>{html.escape(label)}</b>" in page, (language, label)
        pdf = _pdf_text(made(client, f"/staff/polls/{poll.pk}/announcement.pdf", HTTP_ACCEPT_LANGUAGE=language))
        assert _flat(label) in pdf, (language, label, pdf)


@pytest.mark.parametrize(("kind", "status"), [("election", "complete"), ("motion", "passed")])
def test_the_page_names_rules_counts_and_marks_as_the_engine_does(world, client_for, tmp_path, capsys, kind, status):
    poll = _closed_poll(world, kind, status)
    sheet = _sheet(poll.record, tmp_path, capsys)
    rules_line = next(line for line in sheet.splitlines() if line.startswith("规则 Rules: "))
    client = client_for(world.organiser)
    for n, language in enumerate(("zh-hans", "en")):
        page = client.get(f"/staff/polls/{poll.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for key, rule in poll.rules.items():
            zh, en = labels.rule_words(key)
            assert f"{zh} {en}: {rule}" in rules_line
            assert f"<dt>{(zh, en)[n]}</dt>" in page
        for key in poll.result.get("counts") or {}:
            zh, en = labels.count_words(key)
            assert f"{zh} {en} {poll.result['counts'][key]}" in sheet
            assert f"<dt>{(zh, en)[n]}</dt><dd>{poll.result['counts'][key]}</dd>" in page
        if kind == "election":
            for key in ("for", "against", "abstain"):
                zh, en = labels.mark_words(key)
                assert f"{zh} {en.capitalize()}" in sheet
                assert f"<th>{(zh, en.capitalize())[n]}</th>" in page


def test_a_not_quorate_motion_never_reads_as_a_failed_election(world, client_for):
    poll = _closed_poll(world, "motion", "not_quorate")
    client = client_for(world.organiser)
    page = client.get(f"/staff/polls/{poll.pk}/").content.decode()
    pdf = _pdf_text(made(client, f"/staff/polls/{poll.pk}/announcement.pdf"))
    assert "到会人数不足，不能表决" in page and "到会人数不足，不能表决" in pdf
    assert "选举无效" not in page and "选举无效" not in pdf
