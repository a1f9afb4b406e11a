"""For tests: import a roster the way its pages do, running the background jobs here and now."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.urls import resolve

from web.org.transfer import jobs


def upload(client: Any, unit: Any, data: bytes, name: str = "roster.xlsx") -> HttpResponse:
    """Post ``data`` as the file of ``unit``'s import page; when the page takes it (a redirect to the
    import), run the check and return the import's page, whose context holds ``run`` and its
    ``report``. A refusal (no file, too big, no access) is returned as it is."""
    file = io.BytesIO(data)
    file.name = name
    response = client.post(f"/staff/units/{unit.pk}/import/", {"file": file})
    if response.status_code != 302:
        return response
    jobs.check(resolve(response["Location"]).kwargs["run_id"])
    return client.get(response["Location"])


def confirm(client: Any, page: Any) -> HttpResponse:
    """Press 确认导入 on an import's page (as returned by ``upload``), run the apply, and return
    the page again."""
    run = page.context["run"]
    url = run.get_absolute_url()
    response = client.post(url)
    jobs.apply(run.pk)
    return client.get(url) if response.status_code == 302 else response


def problems(page: Any) -> set[tuple[str, int, str]]:
    """(sheet, row, column) of every problem the import's page lists."""
    return {(sheet, row, column) for sheet, row, column, _value, _message in page.context["report"].get("problems", [])}
