"""The ``jiceng`` command on the appraisal, survey, recommendation, weighted and draw kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiceng.cli import main
from tests.engine.test_cli import run, write

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "examples"
KIND_EXAMPLES = sorted(
    p
    for p in EXAMPLES.glob("*.json")
    if p.name.startswith(("appraisal", "survey", "recommendation", "weighted", "draw"))
)


@pytest.mark.parametrize("path", KIND_EXAMPLES, ids=lambda p: p.name)
def test_tally_then_verify_accepts_the_result(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(path)]) == 0
    out = capsys.readouterr().out
    result = json.loads(out)
    assert result["kind"] == json.loads(path.read_text(encoding="utf-8"))["kind"]
    assert result["status"] and len(result["record_sha256"]) == 64
    published = tmp_path / "result.json"
    published.write_text(out, encoding="utf-8")
    assert main(["verify", str(path), str(published)]) == 0
    assert capsys.readouterr().out.startswith("match / 一致")


@pytest.mark.parametrize("path", KIND_EXAMPLES, ids=lambda p: p.name)
def test_tally_text_is_a_sheet_with_the_digest(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(path), "--format", "text"]) == 0
    assert "记录摘要 Record SHA-256" in capsys.readouterr().out


def test_verify_catches_a_changed_rate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = EXAMPLES / "weighted-three-ballot.json"
    main(["tally", str(record)])
    result = json.loads(capsys.readouterr().out)
    result["candidates"][1]["total"]["points"] = "99.99"
    published = write(tmp_path / "result.json", result)
    assert main(["verify", str(record), str(published)]) == 1
    assert "candidates[1].total.points: published" in capsys.readouterr().out


def test_draw_command_repeats_the_selection(capsys: pytest.CaptureFixture[str]) -> None:
    record = EXAMPLES / "draw-monthly-inspection.json"
    assert main(["draw", str(record)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {p["id"] for p in result["chosen"]} == {"p3", "g3", "g2", "p1"}
    assert main(["draw", str(record), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "抽中 Chosen" in text and "2b48765a7a4cfe13b3f9d793ea1abaaaa28a4f076a7c03725a11542c9b1a00fa" in text


def test_draw_command_in_a_process() -> None:
    proc = run("draw", str(EXAMPLES / "draw-monthly-inspection.json"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode("utf-8"))["status"] == "drawn"


def test_draw_refuses_another_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draw", str(EXAMPLES / "weighted-three-ballot.json")]) == 2
    assert capsys.readouterr().err.startswith("jiceng: kind: expected 'draw'")


@pytest.mark.parametrize(
    ("name", "key", "value", "message"),
    [
        ("appraisal-cadres.json", "scale", "stars", b"jiceng: scale: unknown scale"),
        ("recommendation-abcd.json", "places", -1, b"jiceng: places: must be at least 1"),
        ("weighted-three-ballot.json", "advance", 0, b"jiceng: advance: must be at least 1"),
        ("draw-monthly-inspection.json", "total", 2, b"jiceng: total: the total 2 is below the sum of the minima"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path: Path, name: str, key: str, value: object, message: bytes) -> None:
    doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    doc[key] = value
    command = "draw" if doc["kind"] == "draw" else "tally"
    proc = run(command, str(write(tmp_path / "bad.json", doc)))
    assert proc.returncode == 2
    assert proc.stderr.startswith(message) and proc.stderr.count(b"\n") == 1 and b"Traceback" not in proc.stderr
