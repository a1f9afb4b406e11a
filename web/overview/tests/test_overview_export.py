"""The overview's Excel file, made in the background as the page asks for it: the rows the
page's choice keeps, in its order, every page of them, then the totals."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from web.downloads.testing import made
from web.overview.tests.helpers import commitments_of, community, running_election


def _sheet(response):
    assert response.status_code == 200, response.content[:500]
    book = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_the_export_holds_the_sorted_filtered_rows_and_the_totals(world, client_for):
    commitments_of(world, world.community_a, done=1, overdue=1, on_track=1)
    commitments_of(world, world.community_b, done=0, overdue=0, on_track=2)
    running_election(world, world.body_a)
    community(world, 9, kind="village")
    client = client_for(world.street_staff)
    rows = _sheet(made(client, f"/staff/units/{world.street.pk}/overview.xlsx", {"sort": "-name", "kind": "community"}))
    header, *body, total = rows
    assert header[0] == "单位" and "承诺已逾期" in header
    assert [r[0] for r in body] == ["红星社区", "和平社区"]
    a = body[1]
    assert "1/3（33%）" in a and a[4]  # the election's stage
    assert a[5]  # and what blocks it, in words
    assert total[0] == "春熙街道合计" and "1/5（20%）" in total


def test_the_export_is_the_requesters_and_refused_to_an_outsider(world, client_for):
    url = f"/staff/units/{world.street.pk}/overview.xlsx"
    assert client_for(world.outsider).get(url).status_code == 404
    response = made(client_for(world.street_staff), url)
    assert response.download.requester == world.street_staff
    assert response.download.title.startswith("概览")


def test_the_export_counts_the_year_the_page_shows(world, client_for):
    from web.overview.tests.helpers import survey_of

    commitments_of(world, world.community_a, done=1, overdue=1, on_track=1)
    survey_of(world, world.community_a, year=2025, satisfied=10, basic=10, unsatisfied=20)
    client = client_for(world.street_staff)
    header, *body, _total = _sheet(made(client, f"/staff/units/{world.street.pk}/overview.xlsx", {"year": "2025"}))
    assert "2025 年承诺" in header and "2025 年会议" in header
    a = next(r for r in body if r[0] == "和平社区")
    assert a[header.index("2025 年承诺")] == 1  # the surveyed year's one commitment, not 2026's three
