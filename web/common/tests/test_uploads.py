"""Uploads are opened by a real parser (issue 9 §5 "Uploads"): generated over every kind an
upload may be and every way of being broken, and over every action that takes an upload."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from web.common import uploads
from web.common.testing import DOCX_PARTS, tiny_docx, tiny_image, tiny_pdf

ROOT = Path(settings.BASE_DIR)
GOOD = {
    "pdf": tiny_pdf,
    "docx": tiny_docx,
    "jpg": lambda: tiny_image("JPEG"),
    "jpeg": lambda: tiny_image("JPEG"),
    "png": tiny_image,
}


def _broken(ext: str) -> dict[str, bytes]:
    """Ways of being broken that four magic bytes let through, and a few they did not."""
    good = GOOD[ext]()
    cases = {
        "magic bytes only": good[:8],
        "truncated": good[: len(good) // 2],
        "garbage after the magic": good[:4] + b"\x00garbage" * 20,
        "empty": b"",
        "another kind": tiny_pdf() if ext != "pdf" else tiny_image(),
    }
    if ext == "docx":
        cases |= {
            "malformed XML": tiny_docx({**DOCX_PARTS, "word/document.xml": "<w:document><w:body>"}),
            "no main document": tiny_docx({"[Content_Types].xml": DOCX_PARTS["[Content_Types].xml"]}),
            "entity expansion": tiny_docx(
                {**DOCX_PARTS, "word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;&a;</d>'}
            ),
            "zip bomb": tiny_docx({**DOCX_PARTS, "word/document.xml": "<d>" + " " * 3_000_000 + "</d>"}),
        }
    if ext == "png":
        cases["too many pixels"] = tiny_image("PNG", (20, 20))  # the budget is set to 100 below
    return cases


CASES = [(ext, what) for ext in GOOD for what in _broken(ext)]


@pytest.mark.parametrize("ext", sorted(GOOD))
def test_a_real_file_of_each_kind_is_accepted(ext):
    assert uploads.problem_with(SimpleUploadedFile(f"a.{ext}", GOOD[ext]()), allowed=tuple(GOOD)) is None


@pytest.mark.parametrize(("ext", "what"), CASES)
def test_a_broken_file_of_each_kind_is_refused_with_a_sentence(ext, what, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PIXELS", 100)
    upload = SimpleUploadedFile(f"会议记录.{ext}", _broken(ext)[what])
    problem = uploads.problem_with(upload, allowed=tuple(GOOD))
    assert problem and "无法作为" in problem and "会议记录" in problem


def test_a_kind_not_allowed_is_refused_by_name():
    problem = uploads.problem_with(SimpleUploadedFile("a.png", tiny_image()), allowed=("pdf", "docx"))
    assert problem == "只接受以下类型的文件：PDF、DOCX。"


def _functions_taking_an_upload():
    for path in sorted((ROOT / "web").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel == "web/common/uploads.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                a.arg in ("upload", "uploaded") for a in node.args.args + node.args.kwonlyargs
            ):
                yield rel, node


def test_every_action_that_keeps_an_upload_opens_it_with_a_parser():
    found = {f"{rel}:{node.name}" for rel, node in _functions_taking_an_upload()}
    assert {
        "web/elections/actions/three_ballot.py:do_upload_report",
        "web/deliberation/actions.py:do_attach_minutes",
    } <= found
    unchecked = [
        f"{rel}:{node.name}"
        for rel, node in _functions_taking_an_upload()
        if not any(
            (
                isinstance(n, ast.Attribute | ast.Name)
                and getattr(n, "attr", getattr(n, "id", "")) in ("problem_with", "read_upload")
            )
            # a photo decoded by Pillow and encoded afresh (web/cases/intake/photos.py)
            or (isinstance(n, ast.Attribute) and n.attr == "open" and getattr(n.value, "id", "") == "Image")
            for n in ast.walk(node)
        )
    ]
    assert unchecked == []
