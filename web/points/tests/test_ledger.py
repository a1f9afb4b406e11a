"""The ledger's rules: evidence of each kind, caps at, under and over, who writes for whom,
reversals, and the database refusing any change of an entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from web.audit.models import AuditEntry
from web.points import periods
from web.points.actions import do_claim_points, do_confirm_claim, do_record_entry, do_reverse_entry
from web.points.errors import PointsError
from web.points.models import Entry, Evidence, Project
from web.points.testing import check_in, solved_case


def _staff_entry(pw, code="visit", difficulty="general", day=dt.date(2026, 5, 1), seat=None, **extra):
    return do_record_entry(
        seat=seat or pw.seat,
        project=pw.project(code),
        difficulty=difficulty,
        evidence=extra.pop("evidence", Evidence.STAFF),
        happened_on=day,
        reason=extra.pop("reason", "社区书记证明走访了十户"),
        acting_user=extra.pop("by", pw.district_staff),
        **extra,
    )


# ---- evidence --------------------------------------------------------------------------------------


def test_a_solved_request_linked_to_the_representative_is_evidence(pw):
    case = solved_case(pw, pw.rep_user)
    entry = do_record_entry(
        seat=pw.seat, project=pw.project("request"), difficulty="harder", evidence="case", case=case,
        acting_user=pw.rep_user,
    )  # fmt: skip
    assert (entry.points, entry.year, entry.quarter, entry.case_id) == (5, 2026, 2, case.pk)
    assert entry.standard == pw.standard
    assert AuditEntry.objects.filter(action="points_entry.record", object_id=str(entry.pk)).count() == 1


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda pw: solved_case(pw, pw.rep_user, solved=False), "case_not_solved"),
        (lambda pw: solved_case(pw, pw.rep_user, close=False), "case_not_solved"),
        (lambda pw: solved_case(pw, pw.rep_b_user), "evidence_not_theirs"),
        (lambda pw: solved_case(pw, None), "evidence_not_theirs"),
    ],
    ids=["unsolved", "not-closed", "another-representative", "no-representative"],
)
def test_a_request_that_is_not_theirs_or_not_solved_is_refused(pw, make, code):
    case = make(pw)
    with pytest.raises(PointsError) as refused:
        do_record_entry(
            seat=pw.seat, project=pw.project("request"), difficulty="general", evidence="case", case=case,
            acting_user=pw.district_staff,
        )  # fmt: skip
    assert refused.value.code == code
    assert not Entry.objects.exists()


def test_a_check_in_is_evidence_once(pw):
    attendee = check_in(pw, pw.org.person_a)
    do_record_entry(
        seat=pw.seat, project=pw.project("meeting"), difficulty="general", evidence="attendance",
        attendee=attendee, acting_user=pw.rep_user,
    )  # fmt: skip
    with pytest.raises(PointsError, match="已经记过") as refused:
        do_record_entry(
            seat=pw.seat, project=pw.project("meeting"), difficulty="general", evidence="attendance",
            attendee=attendee, acting_user=pw.rep_user,
        )  # fmt: skip
    assert refused.value.code == "evidence_used"


@pytest.mark.parametrize(
    ("checked", "person", "code"), [(False, "person_a", "not_checked_in"), (True, "person_b", "evidence_not_theirs")]
)
def test_no_check_in_or_someone_elses_is_refused(pw, checked, person, code):
    attendee = check_in(pw, getattr(pw.org, person), checked=checked)
    with pytest.raises(PointsError) as refused:
        do_record_entry(
            seat=pw.seat, project=pw.project("meeting"), difficulty="general", evidence="attendance",
            attendee=attendee, acting_user=pw.district_staff,
        )  # fmt: skip
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("evidence", "details", "ok"),
    [
        ("talk", {"place": "社区党群服务中心", "attendance": 30}, True),
        ("talk", {"place": "社区党群服务中心", "attendance": 0}, False),
        ("talk", {"place": "", "attendance": 30}, False),
        ("volunteer", {"place": "和平路", "what": "清理楼道"}, True),
        ("volunteer", {"place": "和平路", "what": ""}, False),
        ("staff", {"reason": "社区书记证明"}, True),
        ("staff", {"reason": "  "}, False),
        ("", {}, False),
        ("reversal", {"reason": "x"}, False),
    ],
)
def test_each_kind_of_evidence_needs_its_details(pw, evidence, details, ok):
    project = {"talk": "talk", "volunteer": "volunteer"}.get(evidence, "talk")
    call = lambda: do_record_entry(  # noqa: E731
        seat=pw.seat, project=pw.project(project), difficulty="general", evidence=evidence,
        happened_on=dt.date(2026, 4, 20), acting_user=pw.district_staff, **details,
    )  # fmt: skip
    if ok:
        assert call().points == 2
    else:
        with pytest.raises(PointsError):
            call()
        assert not Entry.objects.exists()


def test_a_project_takes_only_its_kinds_of_evidence(pw):
    with pytest.raises(PointsError, match="只认可这些凭据") as refused:
        _staff_entry(pw, code="talk", evidence="volunteer", place="和平路", what="清理楼道")
    assert refused.value.code == "evidence_kind"


def test_the_day_may_not_be_in_the_future(pw):
    with pytest.raises(PointsError, match="不能晚于今天"):
        _staff_entry(pw, day=dt.date(2026, 5, 13))


# ---- caps --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "ok"), [(4, True), (5, True), (6, False)], ids=["under", "at", "over"])
def test_the_quarters_cap(pw, before, ok):
    """visit: 1 point (一般), at most 6 a quarter. ``before`` points already, one more."""
    for i in range(min(before, 6)):
        _staff_entry(pw, day=dt.date(2026, 4, 1 + i))
    if ok:
        _staff_entry(pw, day=dt.date(2026, 5, 1))
        assert sum(e.points for e in Entry.objects.all()) == before + 1
    else:
        with pytest.raises(PointsError, match="本季度最多 6 分，已有 6 分") as refused:
            _staff_entry(pw, day=dt.date(2026, 5, 1))
        assert refused.value.code == "past_cap"
        assert Entry.objects.count() == 6


def test_the_years_cap_counts_every_quarter(pw, clock):
    """talk: no quarter cap, 10 a year; 5 points (难) twice reaches it exactly, a third is over."""
    clock.set("2026-11-02")
    for day in (dt.date(2026, 2, 1), dt.date(2026, 8, 1)):
        _staff_entry(pw, code="talk", difficulty="hard", day=day)
    with pytest.raises(PointsError, match="本年度最多 10 分"):
        _staff_entry(pw, code="talk", difficulty="general", day=dt.date(2026, 10, 1))


def test_a_reversal_frees_room_under_the_cap(pw):
    entries = [_staff_entry(pw, day=dt.date(2026, 4, 1 + i)) for i in range(6)]
    do_reverse_entry(entry=entries[0], reason="重复记入", acting_user=pw.district_staff)
    _staff_entry(pw, day=dt.date(2026, 5, 2))
    assert sum(e.points for e in Entry.objects.all()) == 6


@given(cap=st.integers(min_value=1, max_value=50), already=st.integers(0, 60), adding=st.integers(1, 10))
def test_fits_under_is_exactly_the_cap(cap, already, adding):
    assert periods.fits_under(cap, already=already, adding=adding) == (already + adding <= cap)
    assert periods.fits_under(None, already=already, adding=adding)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_day_is_in_the_quarter_that_ends_on_or_after_it(day):
    q = periods.quarter_of(day)
    assert 1 <= q <= 4 and day <= periods.quarter_end(day.year, q)
    assert q == 1 or day > periods.quarter_end(day.year, q - 1)


# ---- who writes for whom -----------------------------------------------------------------------------


def test_a_representative_writes_only_for_themself(pw):
    case = solved_case(pw, pw.rep_b_user)
    with pytest.raises(PointsError) as refused:
        do_record_entry(
            seat=pw.seat_b, project=pw.project("request"), difficulty="general", evidence="case", case=case,
            acting_user=pw.rep_user,
        )  # fmt: skip
    assert refused.value.code == "not_your_area"


def test_a_representative_claims_talks_instead_of_recording_them(pw):
    with pytest.raises(PointsError) as refused:
        _staff_entry(pw, code="talk", evidence="talk", place="社区", attendance=20, by=pw.rep_user)
    assert refused.value.code == "claim_instead"


def test_staff_write_only_in_their_area(pw):
    """The street's staff look after community A's and B's representatives; community staff
    (organiser) are not the liaison office."""
    assert _staff_entry(pw, by=pw.org.street_staff).points == 1
    for user in (pw.org.organiser, pw.org.outsider, pw.rep_b_user):
        with pytest.raises(PointsError):
            _staff_entry(pw, by=user)


def test_a_claim_confirmed_becomes_an_entry(pw):
    claim = do_claim_points(
        seat=pw.seat, project=pw.project("talk"), difficulty="harder", evidence="talk",
        happened_on=dt.date(2026, 5, 3), place="和平社区党群服务中心", attendance=40, what="学习二十大精神",
        acting_user=pw.rep_user,
    )  # fmt: skip
    assert not Entry.objects.exists()
    entry = do_confirm_claim(claim=claim, acting_user=pw.org.street_staff)
    assert (entry.points, entry.claim_id, entry.evidence, entry.attendance) == (3, claim.pk, "talk", 40)
    with pytest.raises(PointsError, match="审核过"):
        do_confirm_claim(claim=claim, acting_user=pw.org.street_staff)


# ---- corrections and the database ----------------------------------------------------------------------


def test_a_correction_is_a_new_entry_naming_the_one_it_reverses(pw):
    entry = _staff_entry(pw)
    reversal = do_reverse_entry(entry=entry, reason="走访未核实", acting_user=pw.district_staff)
    assert (reversal.points, reversal.reverses_id, reversal.evidence) == (-1, entry.pk, "reversal")
    with pytest.raises(PointsError, match="已经冲销过"):
        do_reverse_entry(entry=entry, reason="again", acting_user=pw.district_staff)
    with pytest.raises(PointsError, match="不能再冲销"):
        do_reverse_entry(entry=reversal, reason="again", acting_user=pw.district_staff)
    with pytest.raises(PointsError, match="写明理由"):
        do_reverse_entry(entry=Entry.objects.create(**_copy(entry)), reason=" ", acting_user=pw.district_staff)


def _copy(entry):
    fields = {f.attname: getattr(entry, f.attname) for f in Entry._meta.concrete_fields if f.name != "id"}
    return {k: v for k, v in fields.items() if k not in ("reverses_id",)}


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE points_entry SET points = 99",
        "DELETE FROM points_entry",
        "UPDATE points_standard SET changes = 'x'",
        "UPDATE points_project SET points_general = 99",
        "DELETE FROM points_project",
    ],
)
def test_the_database_refuses_to_change_the_ledger_and_the_standard(pw, statement):
    _staff_entry(pw)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement)
    assert Entry.objects.get().points == 1
    assert Project.objects.filter(points_general=99).count() == 0


def test_saving_an_entry_again_is_refused_by_the_database(pw):
    entry = _staff_entry(pw)
    entry.points = 5
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    assert Entry.objects.get().points == 1


@pytest.mark.parametrize(("whose", "checked", "code"), [("seat", True, ""), ("seat", False, "not_checked_in"),
                                                         ("seat_b", True, "evidence_not_theirs")])  # fmt: skip
def test_a_studio_reception_check_in_is_evidence(pw, whose, checked, code):
    from web.points.testing import reception_duty

    duty = reception_duty(pw, getattr(pw, whose), checked=checked)
    call = lambda: do_record_entry(  # noqa: E731
        seat=pw.seat, project=pw.project("reception"), difficulty="general", evidence="reception", duty=duty,
        acting_user=pw.rep_user,
    )  # fmt: skip
    if not code:
        assert call().duty_id == duty.pk
        with pytest.raises(PointsError, match="已经记过"):
            call()
    else:
        with pytest.raises(PointsError) as refused:
            call()
        assert refused.value.code == code


@pytest.mark.parametrize("table", ["points_entry", "points_standard", "points_project", "points_publication"])
def test_every_append_only_table_keeps_its_triggers(db, table):
    """A later migration that rebuilds a table on SQLite drops its triggers: this says so."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            assert {r[0] for r in cur.fetchall()} == {f"{table}_no_update", f"{table}_no_delete"}
        else:
            cur.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table])
            assert {r[0] for r in cur.fetchall()} == {f"{table}_no_change"}
