"""The import's report says what each row would change in words: a column by its name, a coded
value (a gender, a status, a yes or no) by its label, and the table's counts as rows added,
changed and unchanged, in English too."""

from __future__ import annotations

from web.org.tests.test_import import _xlsx
from web.org.transfer.testing import upload


def _changed_file(world) -> bytes:  # type: ignore[no-untyped-def]
    li, wang = world.person_a2, world.person_a
    return _xlsx(
        {
            "人员": [[li.name, "男", li.id_number, "1980-01-01", li.phone, "C1G2", "", "", "居民"]],
            "党员": [[wang.id_number, "P-C1", "预备党员", "是", ""]],
        }
    )


def test_the_report_names_changes_in_words_in_english(world, client_for):
    c = client_for(world.organiser)
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = upload(c, world.community_a, _changed_file(world))
    assert page.context["run"].state == "ready"
    text = page.content.decode()
    assert "<th>Added</th><th>Changed</th><th>Unchanged</th>" in text
    assert '<table class="list counts">' in text  # set tight enough for a phone (jiceng.css)
    assert ">Edit<" not in text
    assert "李强: Gender Female → Male" in text
    assert "Membership status Full member → Probationary member" in text and "Floating member No → Yes" in text
    report = text.split('id="import-run"')[1]
    for raw in (": gender", "· status", "is_floating", "probationary", "False", "True"):
        assert raw not in report


def test_the_report_names_changes_in_words_in_chinese(world, client_for):
    page = upload(client_for(world.organiser), world.community_a, _changed_file(world))
    text = page.content.decode()
    assert "<th>新增</th><th>修改</th><th>不变</th>" in text
    assert "李强: 性别 女 → 男" in text and "党员状态 正式党员 → 预备党员" in text and "流动党员 否 → 是" in text
