"""The intake's printed documents, made in the background (``web.downloads.kinds``): a
representative's service card (服务卡: eight to an A4 page, each with the QR code of the form that
opens with the representative filled in) and the blank 社情民意登记表 (the request's fields on
paper, entered later through the staff form with channel ``paper``). PDF by WeasyPrint with the
Noto CJK fonts embedded, as the meetings' documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from web.cases.intake import who
from web.cases.models import Case
from web.downloads.errors import Refused
from web.downloads.models import Download
from web.org.models import Role, Unit

STYLESHEET = Path(__file__).with_name("documents.css")
CARDS_PER_PAGE = 8


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)  # autoescaped: names stay text
    return bytes(HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))


def card_address(representative: Any, *, site: str) -> str:
    return site.rstrip("/") + reverse("case_intake:card", kwargs={"representative_id": representative.pk})


def card_context(representative: Any, *, site: str) -> dict[str, Any]:
    import segno

    address = card_address(representative, site=site)
    units = list(
        Unit.objects.filter(roles__user=representative, roles__kind=Role.Kind.REPRESENTATIVE)
        .distinct()
        .order_by("path")
    )
    return {
        "representative": representative,
        "units": units,
        "address": address,
        "qr": segno.make(address, error="m").png_data_uri(scale=8),
        "copies": range(CARDS_PER_PAGE),
    }


def service_card(download: Download, out: Path, progress: Any) -> None:
    representative = download.requester
    if (
        download.id_parameter("representative") != representative.pk
        or not Role.objects.filter(user=representative, kind=Role.Kind.REPRESENTATIVE).exists()
    ):
        raise Refused(gettext("服务卡是代表本人的，您没有代表的角色。"))
    progress(0, 1)
    out.write_bytes(
        _pdf("cases/intake/card_pdf.html", card_context(representative, site=download.text_parameter("site")))
    )
    progress(1, 1)


def register_form(download: Download, out: Path, progress: Any) -> None:
    if not who.taker(download.requester).channels:
        raise Refused(gettext("只有工作人员、代表和网格员可以代为登记诉求。"))
    site = download.text_parameter("site")
    channels = [
        (c, label)
        for c, label in Case.Channel.choices
        if c not in (Case.Channel.OPEN311, Case.Channel.ONLINE, Case.Channel.ACCOUNT)
    ]
    progress(0, 1)
    out.write_bytes(
        _pdf(
            "cases/intake/register_pdf.html",
            {"channels": channels, "follow": site.rstrip("/") + reverse("case_intake:follow")},
        )
    )
    progress(1, 1)
