"""The ``jiceng`` command, through ``main()`` and as a separate process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jiceng.cli import main
from tests.engine.builders import ballot, election, motion, votes

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "jiceng", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=60, check=False
    )


@pytest.fixture
def record(tmp_path: Path) -> Path:
    doc = election(
        seats=2,
        candidates=["c1", "c2", "c3"],
        electorate={"expected": 30, "present": 26},
        issued=26,
        ballots=votes(16, for_=["c1", "c2"], against=["c3"])
        + votes(9, for_=["c3"], against=["c1"], write_ins={"c1": "赵六"})
        + [{"spoiled": True}],
    )
    return write(tmp_path / "record.json", doc)


def test_tally_prints_the_result_json(record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(record)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "complete"
    assert result["elected"] == ["c1", "c2"]
    assert result["ballots"] == {"issued": 26, "returned": 26, "valid": 25, "invalid": 1}
    assert {e["id"] for e in result["tally"]} == {"c1", "c2", "c3", "write-in:赵六"}
    assert set(result["tally"][0]) >= {"id", "name", "for", "against", "abstain", "elected"}
    assert set(result["checks"][0]) >= {"rule", "numbers", "passed", "zh", "en"}
    assert len(result["record_sha256"]) == 64


def test_tally_text_is_a_result_sheet(record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(record), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "选举完成" in out and "记录摘要 Record SHA-256" in out


def test_verify_accepts_what_tally_printed(record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["tally", str(record)])
    published = tmp_path / "result.json"
    published.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["verify", str(record), str(published)]) == 0
    assert capsys.readouterr().out.startswith("match / 一致")


def test_verify_names_each_differing_field(record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["tally", str(record)])
    result = json.loads(capsys.readouterr().out)
    result["elected"] = ["c2", "c1"]
    result["tally"][2]["for"] += 1
    published = write(tmp_path / "result.json", result)
    assert main(["verify", str(record), str(published)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("mismatch / 不一致")
    assert "elected[0]: published" in out and "tally[2].for: published 10, recomputed 9" in out


def test_verify_catches_a_changed_record(record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["tally", str(record)])
    published = tmp_path / "result.json"
    published.write_text(capsys.readouterr().out, encoding="utf-8")
    doc = json.loads(record.read_text(encoding="utf-8"))
    doc["title"] = "改过的标题"
    write(record, doc)
    assert main(["verify", str(record), str(published)]) == 1
    assert "record_sha256" in capsys.readouterr().out


def test_motion_through_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = motion(electorate={"expected": 30, "present": 21}, procedure="representatives_meeting", rules={}, yes=11)
    assert main(["tally", str(write(tmp_path / "m.json", doc))]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "passed"


def bad_ballot_record(tmp_path: Path) -> Path:
    ballots = [ballot(for_=["c1"])] * 3 + [{"marks": {"c9": "for"}}]
    return write(tmp_path / "bad.json", election(seats=1, candidates=["c1", "c2"], ballots=ballots))


@pytest.mark.parametrize(
    ("make", "line"),
    [
        (bad_ballot_record, "jiceng: ballots[3].marks.c9: unknown candidate id / 未知的候选人编号"),
        (
            lambda p: write(p / "r.json", election(seats=1, candidates=["a"], ballots=[], rules={"quorum": "present"})),
            "jiceng: rules.quorum: the rule 'present' needs a comparison (>, >=, <, <=) / 规则缺少比较符号",
        ),
        (
            lambda p: write(p / "r.json", election(seats=1, candidates=["a"], ballots=[], electorate={"expected": -3})),
            "jiceng: electorate.expected: cannot be negative (-3) / 不能为负数",
        ),
        (lambda p: p / "none.json", "no such file / 文件不存在"),
        (lambda p: (p / "t.json").write_bytes(b"not json") and p / "t.json", "not JSON: Expecting value at line 1"),
        (lambda p: (p / "t.json").write_bytes(b'{"a": "\xff"}') and p / "t.json", "not UTF-8 text (byte 7)"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    make: Any, line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)
    assert main(["tally", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and line in err and "Traceback" not in err


def test_bad_input_in_a_process_has_no_traceback(tmp_path: Path) -> None:
    proc = run("tally", str(bad_ballot_record(tmp_path)))
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode("utf-8") == "jiceng: ballots[3].marks.c9: unknown candidate id / 未知的候选人编号\n"


def test_tally_and_verify_in_a_process(record: Path, tmp_path: Path) -> None:
    proc = run("tally", str(record))
    assert proc.returncode == 0, proc.stderr
    published = tmp_path / "published.json"
    published.write_bytes(proc.stdout)
    assert json.loads(proc.stdout.decode("utf-8"))["tally"][3]["name"] == "赵六"
    proc = run("verify", str(record), str(published))
    assert proc.returncode == 0 and proc.stdout.startswith(b"match")


def test_unknown_command_is_a_usage_error() -> None:
    proc = run("count", "x")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_order_reads_names_on_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    strokes = pytest.importorskip("jiceng.strokes")
    names = ["张三", "李四", "王五", "", "  "]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(names).encode("utf-8"))))
    assert main(["order"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == strokes.sort_names(["张三", "李四", "王五"], single_given_name_first=True)


def test_order_in_a_process() -> None:
    pytest.importorskip("jiceng.strokes")
    proc = run("order", "--no-single-given-name-first", stdin="李四\n王五\n".encode())
    assert proc.returncode == 0
    assert sorted(proc.stdout.decode("utf-8").split()) == ["李四", "王五"]


def test_order_refuses_non_utf8(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("jiceng.strokes")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff\n")))
    assert main(["order"]) == 2
    assert "stdin: not UTF-8" in capsys.readouterr().err


def test_draw_repeats_a_selection_or_says_it_is_missing(tmp_path: Path) -> None:
    path = write(tmp_path / "d.json", {"format": "jiceng.tally/1"})
    proc = run("draw", str(path))
    assert proc.returncode == 2
    assert proc.stderr.count(b"\n") == 1 and b"Traceback" not in proc.stderr


def test_tally_reads_standard_input(record: Path) -> None:
    proc = run("tally", "-", stdin=record.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode("utf-8"))["status"] == "complete"
    proc = run("tally", "-", stdin=b"{")
    assert proc.returncode == 2 and proc.stderr.startswith(b"jiceng: stdin: not JSON")


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith(b"jiceng ")
