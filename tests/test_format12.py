"""Issue 12's notice format: every new field accepted, shown and exported, and every refusal with file, line,
field and hint. Each test notice is composed for the test."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from pathlib import Path

import icalendar
import openpyxl
import pytest

from generator.approx import window
from generator.notice import Contact, Phone
from helpers import NOTICE, Project, tiny_pdf

HEAD = NOTICE.split("---\n")[1]  # lines 2–10 of the file; what is added starts on line 11


def notice(extra: str, body: str = "[[actions]]\n") -> str:
    return f"---\n{HEAD}{extra}---\n{body}"


def refused(project: Project, text: str, line: int, field: str, message: str, hint: str,
            path: str = "2022/notice.md") -> None:
    """``check`` refuses the notice with one message at ``file:line [field]`` that has ``hint``."""
    project.write(path, text)
    result = project.run("check", "--today", "2022-09-01")
    assert result.code == 1, result.out
    assert "Traceback" not in result.err
    where = f"content/{path}:{line}" + (f" [{field}]" if field else ":")
    lines = result.err.splitlines()
    found = [i for i, l in enumerate(lines) if l.startswith(where)]
    assert found, result.err
    block = "\n".join(lines[found[0]:found[0] + 2])
    assert message in block, result.err
    assert "hint: " in block and hint in block, result.err


def page(project: Project, slug: str = "notice") -> str:
    return (project.output / "2022" / slug / "index.html").read_text(encoding="utf-8")


def api(project: Project, slug: str = "notice") -> dict:
    return json.loads((project.output / "api" / "notices" / f"{slug}.json").read_text(encoding="utf-8"))


def built(project: Project, text: str) -> None:
    project.write("2022/notice.md", text)
    result = project.build("--no-search")
    assert result.code == 0, result.err


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize("written, number, ext", [
    ("010-68571897转802", "010-68571897", "802"),
    ("010-68571897-802", "010-68571897", "802"),
    ("0913-2126496 ext. 802", "0913-2126496", "802"),
    ("2126496分机15", "2126496", "15"),
    ("０９１３－２１２６４９６", "0913-2126496", ""),  # full-width, as an input method types it
])
def test_extensions_are_split_from_the_number(written, number, ext):
    phone = Phone.model_validate({"number": written}, context={"area_code": "0913"})
    assert (phone.number, phone.ext) == (number, ext)


def test_a_trailing_dash_group_of_an_incomplete_number_is_not_an_extension():
    phone = Phone.model_validate({"number": "0913-212-6496"}, context={"area_code": "0913"})
    assert (phone.number, phone.ext) == ("0913-212-6496", "")


def test_phones_with_extension_fax_and_both_on_the_page_and_in_the_api(project: Project):
    built(project, notice('contacts:\n  - body: 科普部\n    phones: ["2126496转802", {number: "0913-2126492", '
                          'kind: fax}, {number: "0913-2126493", kind: both}, {number: "2126494", ext: "12"}]\n'
                          '    postcode: "714000"\n'))
    html = page(project)
    assert '<a href="tel:09132126496;ext=802">2126496转802</a>' in html
    assert "0913-2126492（传真）" in html and 'tel:09132126492"' not in html
    assert '<a href="tel:09132126493">0913-2126493</a>（电话兼传真）' in html
    assert "邮编：714000" in html
    phones = api(project)["contacts"][0]["phones"]
    assert [(p["number"], p["ext"], p["kind"]) for p in phones] == [
        ("2126496", "802", "phone"), ("0913-2126492", "", "fax"), ("0913-2126493", "", "both"), ("2126494", "12", "phone")]
    assert api(project)["contacts"][0]["postcode"] == "714000"


def test_service_numbers_and_local_numbers_starting_with_400():
    assert Phone.model_validate({"number": "400-810-1234"}, context={"area_code": "0913"}).number == "400-810-1234"
    assert Phone.model_validate({"number": "4008262"}, context={"area_code": "0913"}).number == "4008262"


def test_mobiles_are_recognised():
    assert Phone.model_validate({"number": "139 9130 6120"}).mobile
    assert not Phone.model_validate({"number": "0913-2126496"}).mobile
    assert not Phone.model_validate({"number": "2126496"}, context={"area_code": "0913"}).mobile


def test_a_mobile_is_dialled_without_the_area_code_and_marked_in_the_api(project: Project):
    built(project, notice('contacts:\n  - body: 科普部\n    phones: ["13991306120"]\n'))
    assert 'href="tel:13991306120"' in page(project)
    assert api(project)["contacts"][0]["phones"][0]["mobile"] is True


PHONE_REFUSALS = [
    # (phones line, message, hint): the phone list stands on line 13
    ('["010-6857198"]', "`010-6857198` is not a valid phone number", "3-digit area codes (010, 02x) take 8-digit"),
    ('["0913-212649"]', "`0913-212649` is not a valid phone number", "4-digit codes"),
    ('["212649"]', "is not a valid number with the area code 0913", "take 8-digit numbers"),
    ('["1399130612"]', "has 10 digits: a mobile number has 11", "check the digits"),
    ('[电话2126496]', "does not look like a phone number", "a person's name in `people`"),
    ('[{number: "2126492", fax: true}]', "`fax` is no longer a field", "write `kind: fax`"),
]


@pytest.mark.parametrize("phones, message, hint", PHONE_REFUSALS, ids=[p[0] for p in PHONE_REFUSALS])
def test_bad_phones_are_refused_naming_the_number(project: Project, phones, message, hint):
    refused(project, notice(f"contacts:\n  - body: 科普部\n    phones: {phones}\n"), 13, "contacts[1].phones[1]",
            message, hint)


def test_an_extension_that_is_not_digits(project: Project):
    refused(project, notice('contacts:\n  - body: 科普部\n    phones: [{number: "2126492", ext: 八零二}]\n'), 13,
            "contacts[1].phones[1].ext", "the extension `八零二` is not a number", "digits of the extension")


def test_a_wrong_length_is_named_on_the_line_of_that_number(project: Project):
    refused(project, notice('contacts:\n  - body: 科普部\n    phones:\n      - "2126496"\n      - "010-6857198"\n'),
            15, "contacts[1].phones[2]", "`010-6857198` is not a valid phone number", "010")


def test_postcodes(project: Project):
    assert Contact(body="科普部", postcode="７１４０００").postcode == "714000"
    refused(project, notice('contacts:\n  - body: 科普部\n    postcode: "71400"\n'), 13, "contacts[1].postcode",
            "`71400` is not a postcode", "6 digits")


def test_full_width_at_in_an_email_is_normalised(project: Project):
    built(project, notice("contacts:\n  - body: 科普部\n    email: kpb＠example.cn\n"))
    assert 'href="mailto:kpb@example.cn"' in page(project)


# ---------------------------------------------------------------- people


def test_people_as_names_titles_and_objects(project: Project):
    built(project, notice("contacts:\n  - body: 科普部\n    people:\n      - 马西运\n      - 陈老师\n"
                          "      - {name: 夏瑞军, role: 科普部}\n"
                          '      - {name: 刘丹, phones: ["028-87371456"], email: ld@example.cn}\n'))
    html = page(project)
    assert "马西运、陈老师<br>科普部 夏瑞军<br>刘丹 " in html
    assert '<a href="tel:02887371456">028-87371456</a>' in html and 'mailto:ld@example.cn' in html
    people = api(project)["contacts"][0]["people"]
    assert people[0] == {"name": "马西运", "role": "", "phones": [], "email": [], "by_title": False}  # one shape for all
    assert people[1]["name"] == "陈老师" and people[1]["by_title"] is True
    assert people[2] == {"name": "夏瑞军", "role": "科普部", "phones": [], "email": [], "by_title": False}
    assert people[3]["phones"][0]["number"] == "028-87371456"


def test_a_person_given_by_title_only_is_marked():
    contact = Contact.model_validate({"people": [{"name": "陈老师"}, {"name": "陈红梅"}]})
    assert [person.by_title for person in contact.people] == [True, False]


@pytest.mark.parametrize("people, split", [("[夏瑞军，王春林]", "[夏瑞军, 王春林]"), ("[夏瑞军、王春林、马西运]",
                                                                                    "[夏瑞军, 王春林, 马西运]")])
def test_several_people_in_one_entry_are_refused_with_the_split(project: Project, people, split):
    refused(project, notice(f"contacts:\n  - body: 科普部\n    people: {people}\n"), 13, "contacts[1].people[1]",
            "holds several people in one entry", f"split it into list items: {split}")


def test_a_persons_own_bad_number_is_named_under_the_person(project: Project):
    refused(project, notice('contacts:\n  - body: 科普部\n    people:\n      - {name: 刘丹, phones: ["028-8737145"]}\n'),
            14, "contacts[1].people[1].phones[1]", "`028-8737145` is not a valid phone number", "02x")


# ---------------------------------------------------------------- approximate dates


@pytest.mark.parametrize("label, start, end", [
    ("9月15日前后", dt.date(2022, 9, 12), dt.date(2022, 9, 18)),
    ("5月上旬至6月上旬", dt.date(2022, 5, 1), dt.date(2022, 6, 10)),
    ("5月中旬—6月上旬", dt.date(2022, 5, 11), dt.date(2022, 6, 10)),
    ("2021年9月下旬", dt.date(2021, 9, 21), dt.date(2021, 9, 30)),
    ("2月下旬", dt.date(2022, 2, 21), dt.date(2022, 2, 28)),
    ("9月", dt.date(2022, 9, 1), dt.date(2022, 9, 30)),
    ("12月下旬至1月上旬", dt.date(2022, 12, 21), dt.date(2023, 1, 10)),
])
def test_labels_mean_windows(label, start, end):
    assert window(label, 2022)[:2] == (start, end)
    assert window(label, 2022)[2] is True


def test_an_approximate_period_sorts_shows_and_goes_into_calendars_marked(project: Project):
    built(project, notice("dates: {label: 9月15日前后}\n"))
    data = api(project)["dates"]
    assert data == {"start": "2022-09-12", "end": "2022-09-18", "label": "9月15日前后", "approximate": True}
    assert "<dd>9月15日前后（约2022年9月12日至18日）</dd>" in page(project)  # the words and the days they mean
    calendar = icalendar.Calendar.from_ical((project.output / "2022" / "notice" / "calendar.ics").read_bytes())
    period = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("period@"))
    assert str(period["SUMMARY"]).startswith("〔约〕")
    assert period.decoded("DTSTART") == dt.date(2022, 9, 12) and period.decoded("DTEND") == dt.date(2022, 9, 19)
    assert "约数" in str(period["DESCRIPTION"])


def test_approximate_deadlines_on_the_deadlines_page_and_in_calendars(project: Project):
    built(project, notice("deadlines:\n  - {label: 9月中旬, what: 活动汇总表}\n  - {date: 2022-09-12, what: 名单}\n"))
    deadlines = (project.output / "deadlines" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2022-09-20">9月中旬<span class="approximate">（约2022年9月11日至2022年9月20日）</span>' \
        in deadlines
    assert deadlines.index("名单") < deadlines.index("活动汇总表")  # sorted by the end of the window
    assert "9月中旬" in page(project)
    calendar = icalendar.Calendar.from_ical((project.output / "calendar.ics").read_bytes())
    approximate = next(e for e in calendar.walk("VEVENT") if "活动汇总表" in str(e["SUMMARY"]))
    assert str(approximate["SUMMARY"]) == "〔约〕截止：活动汇总表"
    assert approximate.decoded("DTSTART") == dt.date(2022, 9, 11)
    assert approximate.decoded("DTEND") == dt.date(2022, 9, 21)  # all day through the 20th
    exact = next(e for e in calendar.walk("VEVENT") if "名单" in str(e["SUMMARY"]))
    assert str(exact["SUMMARY"]) == "截止：名单"
    assert api(project)["deadlines"][0]["approximate"] is True


def test_a_deadline_with_a_date_and_its_words_shows_both(project: Project):
    """`label` beside an exact `date` is how the notice says it (9月30日（星期五）下班前): both are shown."""
    built(project, notice("deadlines:\n  - {date: 2022-09-30, label: 9月30日（星期五）下班前, what: 活动汇总表}\n"))
    shown = '<time datetime="2022-09-30">9月30日（星期五）下班前<span class="exact">（2022年9月30日）</span></time>'
    assert shown in page(project)
    assert shown in (project.output / "deadlines" / "index.html").read_text(encoding="utf-8")
    assert api(project)["deadlines"][0]["approximate"] is False


def test_an_unreadable_label_is_refused_with_the_accepted_forms(project: Project):
    refused(project, notice("dates: {label: 金秋时节}\n"), 11, "dates", "`金秋时节` is not a date form",
            "2022年9月15日前后")
    refused(project, notice("deadlines:\n  - {label: 九月中旬, what: 汇总表}\n"), 12, "deadlines[1]",
            "`九月中旬` is not a date form", "9月中旬")


def test_an_impossible_label_date_is_refused(project: Project):
    refused(project, notice("dates: {label: 9月31日前后}\n"), 11, "dates", "2022-09 has 30 days", "accepted forms")


def test_a_deadline_without_date_or_label_is_refused(project: Project):
    refused(project, notice("deadlines:\n  - {what: 汇总表}\n"), 12, "deadlines[1]", "a deadline needs a `date`",
            "label: 9月中旬")


# ---------------------------------------------------------------- annexes


def with_files(project: Project, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = project.content / "2022" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_document_annex(project: Project):
    project.write("2022/upstream.md", NOTICE.replace("渭南市", "陕西省"))
    built(project, notice("annexes:\n  - kind: document\n    title: 关于举办2022年陕西省全国科普日活动的通知\n"
                          "    doc_number: 陕科协发〔2022〕普字40号\n    issuer: 陕西省科协\n    notice: 2022/upstream\n"))
    html = page(project)
    assert "附件1　关于举办2022年陕西省全国科普日活动的通知" in html
    assert '<span class="annex-doc-number">陕科协发〔2022〕普字40号</span>' in html
    assert 'href="/2022/upstream/"' in html
    assert api(project)["annexes"][0]["archive_url"] == "/2022/upstream/"
    assert not (project.output / "2022" / "notice" / "annex-1.xlsx").exists()
    annex_page = (project.output / "2022" / "notice" / "annex-1" / "index.html").read_text(encoding="utf-8")
    assert "陕西省科协" in annex_page and ".xlsx" not in annex_page
    assert api(project)["annexes"][0]["doc_number"] == "陕科协发〔2022〕普字40号"


def test_document_annex_link_to_a_missing_notice(project: Project):
    refused(project, notice("annexes:\n  - kind: document\n    title: 上级通知\n    notice: 2022/no-such\n"), 14,
            "annexes[1].notice", "no notice `2022/no-such` is in the archive", "<year>/<file name")
    refused(project, notice("annexes:\n  - kind: document\n    title: 上级通知\n    notice: no-such\n"), 14,
            "annexes[1].notice", "`no-such` does not name an archive notice", "2022/weinan-kepuri-2022")


def test_file_annex_and_original_are_copied_with_size_and_type(project: Project):
    pdf = tiny_pdf("Annex 1 sample scan")
    with_files(project, {"notice/附件1.pdf": pdf, "notice/原件.pdf": tiny_pdf("Original")})
    built(project, notice("annexes:\n  - kind: file\n    title: 活动汇总表（盖章扫描件）\n    file: notice/附件1.pdf\n"
                          "original: {file: notice/原件.pdf, title: 原件扫描件}\n"))
    copied = project.output / "2022" / "notice" / "files" / "annex-1.pdf"
    assert copied.read_bytes() == pdf
    assert (project.output / "2022" / "notice" / "files" / "original.pdf").exists()
    html = page(project)  # saved under the editor's name for it, not annex-1.pdf
    assert f'<a class="screen-only" href="/2022/notice/files/annex-1.pdf" download="附件1.pdf">下载附件1（PDF，{len(pdf)} 字节）</a>' \
        in html
    assert f'<span class="print-only">附件1为PDF文件（{len(pdf)} 字节），请从本通知网页下载：' in html  # on paper
    assert '<dt>原件</dt><dd><a href="/2022/notice/files/original.pdf">原件扫描件（PDF，' in html
    data = api(project)
    assert data["annexes"][0]["file"] == "notice/附件1.pdf" and data["original"]["title"] == "原件扫描件"
    assert data["annexes"][0]["download"] == "/2022/notice/files/annex-1.pdf"
    assert (data["annexes"][0]["size"], data["annexes"][0]["type"]) == (len(pdf), "PDF")
    assert data["original"]["download"] == "/2022/notice/files/original.pdf"


def test_a_replaced_file_is_published_again(project: Project):
    with_files(project, {"notice/附件1.pdf": tiny_pdf("first")})
    text = notice("annexes:\n  - kind: file\n    title: 汇总表\n    file: notice/附件1.pdf\n")
    built(project, text)
    second = tiny_pdf("second version, longer than the first")
    path = project.content / "2022" / "notice" / "附件1.pdf"
    path.write_bytes(second)
    os.utime(path, ns=(path.stat().st_mtime_ns + 5_000_000_000,) * 2)  # a later save
    assert project.build("--no-search").code == 0
    assert (project.output / "2022" / "notice" / "files" / "annex-1.pdf").read_bytes() == second
    assert f"PDF，{len(second)} 字节" in page(project)


FILE_REFUSALS = [
    ("../other/a.pdf", "points outside the notice's folder", "content/<year>/notice/"),
    ("/etc/passwd.pdf", "points outside the notice's folder", "notice/附件1.pdf"),
    ("other/a.pdf", "is not in the notice's folder `notice/`", "put the file in content/<year>/notice/"),
    ("notice/run.exe", "`run.exe` is not a kind of file the site publishes", ".pdf"),
    ("notice/missing.pdf", "there is no file content/2022/notice/missing.pdf", "correct `file:`"),
]


@pytest.mark.parametrize("file, message, hint", FILE_REFUSALS, ids=[f[0] for f in FILE_REFUSALS])
def test_attached_files_are_checked(project: Project, file, message, hint):
    refused(project, notice(f"annexes:\n  - kind: file\n    title: 汇总表\n    file: {file}\n"), 14, "annexes[1].file",
            message, hint)


def test_an_empty_or_huge_file_is_refused(project: Project):
    with_files(project, {"notice/empty.pdf": b""})
    refused(project, notice("original: {file: notice/empty.pdf}\n"), 11, "original.file", "is empty", "50 MB")
    huge = project.content / "2022" / "notice" / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no 51 MB written
    refused(project, notice("original: {file: notice/huge.pdf}\n"), 11, "original.file", "is 51 MB", "50 MB")


def test_a_link_leading_outside_content_is_refused(project: Project, tmp_path: Path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(tiny_pdf("secret"))
    folder = project.content / "2022" / "notice"
    folder.mkdir(parents=True)
    (folder / "a.pdf").symlink_to(outside)
    refused(project, notice("original: {file: notice/a.pdf}\n"), 11, "original.file", "leads outside content/",
            "copy the file")


def test_table_annex_with_merged_cells_in_page_xlsx_and_docx(project: Project):
    built(project, notice("annexes:\n  - kind: table\n    title: 开展情况统计表\n    columns: [区分, 项目, 数量, 备注]\n"
                          "    rows:\n      - [{text: 线下, rows: 2}, 讲座, '', '']\n      - [展览, '', '']\n"
                          "      - [{text: 合计, span: 2}, '']\n    blank_rows: 0\n"))
    annex = (project.output / "2022" / "notice" / "annex-1" / "index.html").read_text(encoding="utf-8")
    assert '<tr><td rowspan="2">线下</td><td>讲座</td><td></td><td></td></tr>' in annex
    assert '<tr><td>展览</td><td></td><td></td></tr>' in annex
    assert '<tr><td colspan="2">合计</td><td></td><td></td></tr>' in annex  # completed to four columns
    ws = openpyxl.load_workbook(project.output / "2022" / "notice" / "annex-1.xlsx").active
    merged = sorted(str(m) for m in ws.merged_cells.ranges)
    header = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "区分")
    assert f"A{header + 1}:A{header + 2}" in merged and f"A{header + 3}:B{header + 3}" in merged
    assert ws.cell(row=header + 2, column=2).value == "展览"
    with zipfile.ZipFile(project.output / "2022" / "notice" / "annex-1.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert '<w:vMerge w:val="restart"/>' in xml and '<w:gridSpan w:val="2"/>' in xml


def test_a_table_row_too_wide_or_reaching_too_far_down(project: Project):
    refused(project, notice("annexes:\n  - kind: table\n    title: 表\n    columns: [甲, 乙]\n    rows:\n"
                            "      - [{text: 合计, span: 2}, x]\n"), 12, "annexes[1]", "row 1 covers 3 columns",
            "count each cell's `span`")
    refused(project, notice("annexes:\n  - kind: table\n    title: 表\n    columns: [甲, 乙]\n    rows:\n"
                            "      - [{text: 线下, rows: 3}, x]\n      - [y]\n"), 12, "annexes[1]",
            "reaches down 3 rows, past the last filled row", "lower `rows:`")


# ---------------------------------------------------------------- actions, document types


def test_name_only_actions_are_listed_and_indexed(project: Project):
    built(project, notice("", body="开展学会科普联合行动、企业科普联合行动等联合行动。\n\n[[actions]]\n").replace(
        "    text: 发动各级学会。\n", "  - {name: 企业科普联合行动}\n"))
    html = page(project)
    assert '<strong class="action-name">企业科普联合行动</strong>\n' in html
    assert "企业科普联合行动</strong>。" not in html
    index = (project.output / "actions" / "enterprise" / "index.html").read_text(encoding="utf-8")
    assert "关于举办2022年渭南市全国科普日活动的通知" in index
    assert "<strong>企业科普联合行动</strong><span class=\"action-no-text\">（通知只列出了行动名称，没有具体内容。）</span></p>" in index
    assert api(project)["actions"][1] == {"key": "enterprise", "name": "企业科普联合行动", "group": "系列联合行动",
                                          "text": ""}


def test_a_summary_notice_shows_its_document_type(project: Project):
    built(project, notice("doc_type: 总结\ndates: {start: 2021-09-11, end: 2021-09-17}\n"))
    assert "<dt>文种</dt><dd>总结</dd>" in page(project)
    assert api(project)["doc_type"] == "总结"
    calendar = (project.output / "2022" / "notice" / "calendar.ics").read_text(encoding="utf-8")
    assert "period@" not in calendar  # the campaign it sums up is past: no event for its period
    built(project, notice(""))
    assert "<dt>文种</dt>" not in page(project)


def test_an_unknown_document_type_is_refused(project: Project):
    refused(project, notice("doc_type: 通告书\n"), 11, "doc_type", "unknown document type `通告书`", "文种")


# ---------------------------------------------------------------- what must not be published


UNFINISHED = [
    # (front matter added, line, field, message, hint)
    ("theme: 喜迎二十大（待确认）\n", 11, "theme", "is marked （待确认）", "delete the mark"),
    ("issued: 2022-08-10（待确认）\n", 11, "issued", "is marked （待确认）", "delete the mark"),
    ("signatures: [××市科学技术协会]\n", 11, "signatures[1]", "still holds the placeholder `××`", "real text"),
    ("recipients: 各XX科协\n", 11, "recipients", "still holds the placeholder `XX`", "real text"),
    ("summary: TODO\n", 11, "summary", "still holds the placeholder `TODO`", "real text"),
    ('contacts:\n  - body: 科普部\n    phones: ["2126496（待确认）"]\n', 13, "contacts[1].phones[1]",
     "is marked （待确认）", "delete the mark"),
]


@pytest.mark.parametrize("extra, line, field, message, hint", UNFINISHED, ids=[u[2] for u in UNFINISHED])
def test_unfinished_values_are_refused(project: Project, extra, line, field, message, hint):
    text = notice(extra)
    if extra.startswith("issued"):
        text = text.replace("issued: 2022-08-10\n", "", 1)
        line = 10
    refused(project, text, line, field, message, hint)


def test_lower_case_xx_in_an_email_is_no_placeholder(project: Project):
    built(project, notice("contacts:\n  - body: 科普部\n    email: xxkx@example.cn\n"))


BODY_REFUSALS = [
    # (body, line, message, hint): the body starts on line 12
    ("[[actions]]\n\n联系人：（待确认）\n", 14, "the body still holds `（待确认）`", "delete the mark"),
    ("[[actions]]\n\n请于××日前报送。\n", 14, "the body still holds `××`", "write the real text"),
    ("TODO 补全第三部分\n\n[[actions]]\n", 12, "the body still holds `TODO`", "write the real text"),
    ("[[action]]\n\n[[actions]]\n", 12, "`[[action]]` is not the actions placeholder", "`[[actions]]`"),
    ("[[actions]\n\n[[actions]]\n", 12, "`[[actions]` is not the actions placeholder", "on a line of its own"),
    ("[actions]]\n\n[[actions]]\n", 12, "`[actions]]` is not the actions placeholder", "`[[actions]]`"),
    ("开展以下行动：[[actions]]\n", 12, "`[[actions]]` stands inside a sentence", "on a line of its own"),
    # typed with a Chinese input method (the only error was an unplaced action, pointing at the front matter)
    ("正文。\n\n【【actions】】\n", 14, "`【【actions】】` is written with full-width brackets", "half-width"),
    ("正文。\n\n［［actions: 组名］］\n", 14, "`［［actions: 组名］］` is written with full-width brackets", "`[[actions]]`"),
    ("正文。\n\n[[actions】】\n", 14, "`[[actions】】` is written with full-width brackets", "half-width"),
]


@pytest.mark.parametrize("body, line, message, hint", BODY_REFUSALS, ids=[b[2] for b in BODY_REFUSALS])
def test_bodies_that_must_not_be_published(project: Project, body, line, message, hint):
    refused(project, notice("", body=body), line, "body", message, hint)


def test_a_placeholder_in_a_code_block_is_left_alone(project: Project):
    built(project, notice("", body="[[actions]]\n\n```\n[[action]]\n```\n"))


def test_drafts_are_named_with_their_path_in_the_summary(project: Project):
    project.write("2022/notice.md", NOTICE)
    project.write("2022/unfinished.md", NOTICE.replace("---\n## 一", "draft: true\n---\n## 一"))
    result = project.build("--no-search")
    assert result.code == 0
    assert "not published: content/2022/unfinished.md (draft: true)" in result.out
    assert not (project.output / "2022" / "unfinished").exists()
    result = project.run("check", "--today", "2022-09-01")
    assert "not published: content/2022/unfinished.md (draft: true)" in result.out


def test_drafts_and_future_notices_are_named_by_build_check_and_serve(project: Project):
    import io

    from rich.console import Console

    from generator.build import Options
    from generator.serve import DevServer
    project.write("2022/notice.md", NOTICE)
    project.write("2022/unfinished.md", NOTICE.replace("---\n## 一", "draft: true\n---\n## 一"))
    project.write("2022/ahead.md", NOTICE.replace("issued: 2022-08-10", "issued: 2022-09-20"))
    for command in ("build", "check"):
        result = project.run(command, "--today", "2022-09-01")
        assert result.code == 0
        assert "not published: content/2022/unfinished.md (draft: true)" in result.out
        assert "not published: content/2022/ahead.md (issued 2022-09-20, after today)" in result.out
    said = io.StringIO()
    server = DevServer(Options(content=project.content, output=project.output, themes=project.root / "themes",
                               today=dt.date(2022, 9, 1), search=False), "127.0.0.1", 0, Console(file=said, width=200))
    assert server.rebuild().ok
    assert "not published: content/2022/unfinished.md (draft: true)" in said.getvalue()
    assert "not published: content/2022/ahead.md (issued 2022-09-20, after today)" in said.getvalue()
    assert server.rebuild().ok and said.getvalue().count("not published:") == 2  # named again only when it changes


def test_a_date_without_leading_zeros_is_read(project: Project):
    built(project, notice("deadlines:\n  - {date: 2022-9-5, what: 汇总表}\n"))
    assert api(project)["deadlines"][0]["date"] == "2022-09-05"


def test_full_width_digits_in_dates_are_normalised(project: Project):
    built(project, notice("deadlines:\n  - {date: ２０２２－０９－１０, what: 汇总表}\n"))
    assert api(project)["deadlines"][0]["date"] == "2022-09-10"


# ---------------------------------------------------------------- upstream notices cited by 文号 alone


def test_an_upstream_notice_cited_by_its_doc_number_alone_is_named_by_it_on_the_page(project: Project):
    built(project, notice("based_on:\n  - doc_number: 某科协发〔2022〕5号\n    issuer: 某省科协\n"))
    html = page(project)
    assert "某科协发〔2022〕5号文件" in html and "某省科协" in html and "《" not in html.split("某科协发")[0][-20:]
    assert api(project)["based_on"][0]["doc_number"] == "某科协发〔2022〕5号"
    assert api(project)["based_on"][0]["title"] == ""


def test_an_upstream_notice_with_neither_title_nor_doc_number_is_refused(project: Project):
    refused(project, notice("based_on:\n  - issuer: 某省科协\n"), 12, "based_on[1]",
            "give the upstream notice's `title`, or its `doc_number`", "`doc_number: 某发〔2022〕5号`")
