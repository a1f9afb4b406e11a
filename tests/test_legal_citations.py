"""The rules' legal citations are ones their sources support: DOMAIN.md and the seed texts name
the party's election regulations, the Organic Law of the Villagers' Committees and the local
methods, but give no article numbers. A number cited from memory can be wrong, and a wrong
article on a result or a refusal misleads the person who checks it, so those texts are cited by
name. Only the Civil Code is cited by article (art. 1259 in DOMAIN.md §5, how 以上 and 超过 are
read; the working-day calendar's periods)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: where a citation can reach a person or a reader of the code
SCANNED = ("jiceng", "web", "templates", "docs", "locale", "static", "README.md")
SUFFIXES = {".py", ".html", ".md", ".po", ".js", ".txt"}
ARTICLE = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百零〇]+\s*条|\b[Aa]rt(?:icle)?s?\.?\s*\d+")
#: a line that cites the Civil Code may name its articles
CIVIL_CODE = ("民法典", "Civil Code")


def _files() -> list[Path]:
    found: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        found += [path] if path.is_file() else [p for p in path.rglob("*") if p.suffix in SUFFIXES]
    return found


def test_the_scan_reads_the_code_the_docs_and_the_catalogue():
    names = {p.relative_to(ROOT).as_posix() for p in _files()}
    assert {"jiceng/presets.py", "web/deliberation/chains.py", "locale/en/LC_MESSAGES/django.po"} <= names


def test_no_article_number_is_cited_that_the_sources_do_not_give():
    cited = [
        f"{p.relative_to(ROOT)}:{n}: {m.group(0)}"
        for p in _files()
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        for m in ARTICLE.finditer(line)
        if not any(code in line for code in CIVIL_CODE)
    ]
    assert cited == []


def test_the_pattern_finds_an_article_in_either_language():
    for text in ("村民委员会组织法第二十八条", "第 15 条", "Organic Law, art. 28", "Article 16"):
        assert ARTICLE.search(text), text
    assert not ARTICLE.search("第一篇") and not ARTICLE.search("第 4 季度")
