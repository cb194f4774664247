"""Issue 15, outputs and the dev server: what a hostile review found in them, each with the test that failed
before its fix.

- the dev server answers only to the host names it is bound to, and takes LiveReload's WebSocket only
  from its own pages (DNS rebinding, cross-site sockets);
- ``serve`` takes the build options the operator's guide says it takes, and a busy port is said before any build;
- .xlsx cells show what the editor typed (``_x0041_`` stays ``_x0041_``) and refuse what Excel would cut;
- a corrected notice is seen as changed by calendars (DTSTAMP, LAST-MODIFIED, SEQUENCE from ``revised``)
  and by feed readers (``updated``), under ids that do not change with the site's title.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import http.client
import os
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import NOTICE, Project


# ---- the dev server ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dev_server(project: Project, *options: str):
    """``python -m generator serve`` on a free port of 127.0.0.1 in the project; yields (port, process)."""
    port = _free_port()
    temporary = project.root / "tmp"  # the server's temporary folders, where the test can see them
    temporary.mkdir(exist_ok=True)
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port), *options],
                               cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "TMPDIR": str(temporary)})
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise AssertionError(process.stdout.read().decode("utf-8", "replace"))
            try:
                status, _ = get(port, "/__generator__/status.json")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    """A real request to 127.0.0.1:port, with the Host header a browser would send for ``host``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def websocket(port: int, origin: str | None) -> str:
    """Open /livereload with this Origin (None: no Origin, as a non-browser client): "open" or the refusal."""
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    async def attempt() -> str:
        headers = {"Origin": origin} if origin else {}
        try:
            connection = await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers,
                                                             connect_timeout=5))
        except HTTPClientError as refused:
            return f"refused {refused.code}"
        connection.close()
        return "open"

    return asyncio.run(attempt())


def test_the_dev_server_answers_only_to_its_own_host_names(project: Project):
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends `Host: evil.example`;
    it must not read the preview. The names a browser uses for the bound address still work."""
    project.write("2022/notice.md", NOTICE)
    with dev_server(project, "--no-search") as (port, _):
        assert get(port, "/2022/notice/")[0] == 200
        assert get(port, "/2022/notice/", f"localhost:{port}")[0] == 200
        assert get(port, "/2022/notice/", "127.0.0.1")[0] == 200
        for hostile in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", "", "localhost.:1"):
            status, body = get(port, "/2022/notice/", hostile)
            assert status == 403, hostile
            assert "学会科普联合行动".encode() not in body
        for path in ("/__generator__/status.json", "/livereload.js", "/404.html", "/"):
            assert get(port, path, "evil.example")[0] == 403, path


def test_livereload_takes_sockets_only_from_the_servers_own_pages(project: Project):
    project.write("2022/notice.md", NOTICE)
    with dev_server(project, "--no-search") as (port, _):
        assert websocket(port, f"http://127.0.0.1:{port}") == "open"
        assert websocket(port, f"http://localhost:{port}") == "refused 403"  # a page of localhost asks localhost
        assert websocket(port, None) == "open"  # not a browser: no page of another site behind it
        assert websocket(port, "http://evil.example") == "refused 403"
        assert websocket(port, f"http://127.0.0.1:{port + 1}") == "refused 403"  # another origin on this machine
        assert websocket(port, "null") == "refused 403"


def test_a_busy_port_is_said_before_the_build(project: Project):
    project.write("2022/notice.md", NOTICE)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project.root,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"port {port}" in result.stderr and "--port" in result.stderr and "PORT=" in result.stderr
    assert not project.output.exists()  # said before anything was built


def _options(parser, command: str) -> set[str]:
    sub = next(action for action in parser._subparsers._group_actions[0].choices.items() if action[0] == command)[1]
    return {option for action in sub._actions for option in action.option_strings} - {"-h", "--help"}


def test_serve_takes_every_build_option_and_the_guide_says_so():
    from generator.__main__ import _parser
    from helpers import REPO
    parser = _parser()
    build, serve = _options(parser, "build"), _options(parser, "serve")
    assert build - serve == {"--years", "--shard-out", "--merge"}  # shards and their merge: CI builds, not served
    assert serve - build == {"--host", "--port"}
    guide = (REPO / "docs" / "运维指南.md").read_text(encoding="utf-8")  # its command line section
    assert "notices serve  [same options as build] [--host 127.0.0.1] [--port 8000]" in guide
    for option in build:
        assert option in guide, option


def test_serve_options_take_effect(project: Project):
    """--no-search, --no-cache, --full, --quiet, --timings, --output, --jobs, --drafts given to serve."""
    project.write("2022/notice.md", NOTICE)
    project.write("2022/later.md", NOTICE.replace("2022-08-10", "2022-08-20").replace("region:", "draft: true\nregion:"))
    timings = project.root / "timings.json"
    with dev_server(project, "--no-search", "--no-cache", "--full", "--quiet", "--timings", str(timings),
                    "--output", "site", "--jobs", "1", "--drafts") as (port, process):
        assert get(port, "/2022/later/")[0] == 200  # --drafts
        first = json.loads(timings.read_text(encoding="utf-8"))
        notice = project.content / "2022" / "notice.md"
        notice.write_text(notice.read_text(encoding="utf-8") + "\n改过的一句。\n", encoding="utf-8")
        for _ in range(100):
            time.sleep(0.1)
            try:
                if "改过".encode() in get(port, "/2022/notice/")[1]:
                    break
            except OSError:  # a request at the moment the rebuilt tree is swapped in may be cut off
                continue
        time.sleep(0.3)
        again = json.loads(timings.read_text(encoding="utf-8"))  # --timings: after every build
    assert first["made"] > 10 and again["made"] == 1  # --full: the first build only, a save stays quick
    said = process.stdout.read().decode("utf-8")
    site = project.root / "site"
    assert (site / "2022" / "notice" / "index.html").is_file()  # --output
    assert not (site / "pagefind").exists()  # --no-search
    assert not (project.root / ".cache").exists()  # --no-cache: nothing kept, during or after
    assert list((project.root / "tmp").iterdir()) == []
    assert '"timings"' in timings.read_text(encoding="utf-8")  # --timings
    assert "piece(s) made" not in said and "serving" in said  # --quiet: only errors and where it serves
    assert "Traceback" not in said


def test_check_takes_what_the_guide_says():
    from generator.__main__ import _parser
    from helpers import REPO
    guide = (REPO / "docs" / "运维指南.md").read_text(encoding="utf-8")
    line = next(line for line in guide.splitlines() if line.startswith("notices check  ["))
    assert set(re.findall(r"--[a-z-]+", line)) == _options(_parser(), "check")


# ---- .xlsx cells ------------------------------------------------------------------------------------------

ESCAPES = ["_x0041_", "_X0041_", "a_x005F_b", "_x000D__x000a_", "x_x4E2D_y", "_x_", "__x0041__"]
TABLE_ANNEX = """\
annexes:
  - kind: table
    title: 登记表{0}
    fields: ["单位{1}："]
    columns: [序号, "代码{2}", 备注]
    rows:
      - ["1", "{3}", "{4}"]
      - ["2", "{5}", "{6}"]
    blank_rows: 1
"""


def _annex_notice(annex: str) -> str:
    return NOTICE.replace("actions:", annex + "actions:", 1)


def _cells(path: Path) -> list[str]:
    """The cells' texts as a spreadsheet shows them: openpyxl reads a cell's string as stored, and the
    format's `_xHHHH_` escapes are decoded by openpyxl's own rule (what Excel does on opening)."""
    from openpyxl import load_workbook
    from openpyxl.utils.escape import unescape
    sheet = load_workbook(path).active
    return [unescape(str(cell.value)) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _libreoffice_csv(path: Path, work: Path) -> str:
    """The workbook's cells as LibreOffice Calc reads them, saved as UTF-8 CSV."""
    import shutil
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by `make test` (Debian libreoffice-calc)"
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(work / "csv"), str(path)],
                   check=True, capture_output=True, timeout=300)
    return (work / "csv" / (path.stem + ".csv")).read_text(encoding="utf-8")


def test_xlsx_cells_show_escape_lookalikes_as_typed(project: Project, tmp_path_factory):
    """`_x0041_` in a cell is SpreadsheetML's escape for "A": written as is, Excel, LibreOffice and openpyxl
    all showed "A". Every `_x` is written `_x005F_x`, so the cell reads as typed."""
    project.write("2022/notice.md", _annex_notice(TABLE_ANNEX.format(*ESCAPES)))
    assert project.build("--no-search").code == 0
    xlsx = project.output / "2022" / "notice" / "annex-1.xlsx"
    cells = _cells(xlsx)
    assert [text for text in ESCAPES if not any(text in cell for cell in cells)] == []
    shown = _libreoffice_csv(xlsx, tmp_path_factory.mktemp("calc"))
    assert [text for text in ESCAPES if text not in shown] == []
    assert "_x005F_x" not in shown  # no escape of ours shows


def test_xlsx_escape_is_exact():
    from generator.outputs.forms.xlsx import cell_text
    assert cell_text("_x0041_") == "_x005F_x0041_"
    assert cell_text("a_xb") == "a_x005F_xb"
    assert cell_text("_X0041_") == "_x005F_X0041_"  # read as typed whether a reader decodes `_X` or not
    assert cell_text("中文 <&>") == "中文 &lt;&amp;&gt;"


def test_a_cell_longer_than_excel_holds_is_refused_with_its_field(project: Project):
    long = "字" * 32_768
    project.write("2022/notice.md", _annex_notice(TABLE_ANNEX.format("", "", "", "", long, "", "")))
    result = project.run("check", "--today", "2022-09-01")
    assert result.code == 1 and "Traceback" not in result.err
    assert "content/2022/notice.md:" in result.err and "[annexes[1].rows[1][3]]" in result.err
    assert "32,767" in result.err
    exactly = "字" * 32_767
    project.write("2022/notice.md", _annex_notice(TABLE_ANNEX.format("", "", "", "", exactly, "", "")))
    assert project.build("--no-search").code == 0
    assert exactly in _cells(project.output / "2022" / "notice" / "annex-1.xlsx")


@pytest.mark.parametrize("where", ["title", "fields", "columns", "footer", "form"])
def test_every_text_that_becomes_a_cell_is_measured(project: Project, where: str):
    long = "表" * 32_768
    annex = {
        "title": TABLE_ANNEX.format(long, "", "", "", "", "", ""),
        "fields": TABLE_ANNEX.format("", long, "", "", "", "", ""),
        "columns": TABLE_ANNEX.format("", "", long, "", "", "", ""),
        "footer": TABLE_ANNEX.format("", "", "", "", "", "", "") + f"    footer: [\"{long}\"]\n",
        "form": f"annexes:\n  - kind: form\n    title: 推荐表\n    columns: 2\n    rows:\n      - [名称, {{text: \"{long}\"}}]\n",
    }[where]
    project.write("2022/notice.md", _annex_notice(annex))
    result = project.run("check", "--today", "2022-09-01")
    assert result.code == 1 and "32,767" in result.err, result.err


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("_xX0123456789abcdefABCDEF字 <&>\n"), max_size=40)
       | st.text(max_size=40).filter(lambda t: all(c == "\n" or " " <= c < "\ufffe" for c in t)))
def test_any_cell_text_reads_back_as_typed(text):
    """Whatever an editor types, a spreadsheet (which decodes `_xHHHH_`) shows it as typed."""
    import xml.etree.ElementTree as ET
    from openpyxl.utils.escape import unescape
    from generator.outputs.forms.xlsx import cell_text
    stored = ET.fromstring(f"<t>{cell_text(text)}</t>").text or ""
    assert unescape(stored) == text


@settings(max_examples=500, deadline=None)
@given(header=st.text(max_size=30) | st.from_regex(r"[a-z0-9.\-]{1,20}(:[0-9]{1,5})?", fullmatch=True))
def test_only_the_bound_names_are_own_hosts(header):
    from generator.serve import host_names, is_own_host
    names, any_address = host_names("127.0.0.1")
    name = header.lower().rsplit(":", 1)[0] if header.count(":") == 1 else header.lower()
    expected = name in {"127.0.0.1", "localhost"} or header.lower().strip("[]").split("]")[0] == "::1"
    assert is_own_host(header, names, any_address) == expected, header


# ---- a corrected notice: calendars and feeds see the change ----------------------------------------------

CORRECTED = """\
---
title: 关于举办2022年渭南市全国科普日活动的通知
issued: 2022-08-10
issuers: [渭南市科学技术协会]
region: weinan
campaign: kepuri
dates: {start: 2022-09-15, end: 2022-09-21}
deadlines:
  - date: 2022-09-10
    what: 重点活动汇总上报
  - date: 2022-09-30
    what: 活动总结上报
---
## 一、主题和时间
"""


def _events(path: Path) -> dict[str, dict[str, object]]:
    """UID → the properties calendar clients compare, read with icalendar (which must write the file back
    unchanged: every property is where and as icalendar puts it)."""
    from icalendar import Calendar
    raw = path.read_bytes()
    calendar = Calendar.from_ical(raw)
    assert calendar.to_ical() == raw
    return {str(event["UID"]): {"start": event.decoded("DTSTART"), "stamp": event.decoded("DTSTAMP"),
                                "sequence": int(event.get("SEQUENCE", 0)),
                                "modified": event.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in event else None}
            for event in calendar.walk("VEVENT")}


def test_a_corrected_deadline_is_a_changed_event_for_calendars(project: Project):
    notice = project.write("2022/notice.md", CORRECTED)
    calendars = [project.output / "2022" / "notice" / "calendar.ics", project.output / "calendar.ics"]
    assert project.build("--no-search").code == 0
    before = [_events(path) for path in calendars]
    first = before[0]
    assert len(first) == 3 and all(event["sequence"] == 0 for event in first.values())
    assert {event["stamp"].date() for event in first.values()} == {dt.date(2022, 8, 10)}

    # the editor corrects the first deadline and says when
    notice.write_text(CORRECTED.replace("2022-09-10", "2022-09-12").replace("region:", "revised: 2022-08-20\nregion:"),
                      encoding="utf-8")
    assert project.build("--no-search").code == 0
    for old, path in zip(before, calendars):
        new = _events(path)
        assert new.keys() == old.keys()  # the same events, updated rather than duplicated
        for uid, event in new.items():
            assert event["sequence"] > old[uid]["sequence"], uid
            assert event["stamp"] > old[uid]["stamp"]
            assert event["modified"] == event["stamp"] and event["stamp"].date() == dt.date(2022, 8, 20)
    second = _events(calendars[0])

    notice.write_text(notice.read_text(encoding="utf-8").replace("2022-09-30", "2022-10-08")
                      .replace("revised: 2022-08-20", "revised: 2022-08-21"), encoding="utf-8")
    assert project.build("--no-search").code == 0
    third = _events(calendars[0])
    assert all(third[uid]["sequence"] > second[uid]["sequence"] for uid in third)


def test_the_revision_shows_on_the_page_and_in_the_api(project: Project):
    import json
    project.write("2022/notice.md", CORRECTED.replace("region:", "revised: 2022-08-20\nregion:"))
    assert project.build("--no-search").code == 0
    page = (project.output / "2022" / "notice" / "index.html").read_text(encoding="utf-8")
    assert '修订于<time datetime="2022-08-20">2022年8月20日</time>' in page
    data = json.loads((project.output / "api" / "notices" / "notice.json").read_bytes())
    assert data["revised"] == "2022-08-20"
    index = json.loads((project.output / "api" / "notices.json").read_bytes())
    assert index["latest"][0]["revised"] == "2022-08-20"
    unrevised = CORRECTED.replace("title: 关于举办2022年", "title: 关于举办2023年")
    project.write("2022/other.md", unrevised)
    assert project.build("--no-search").code == 0
    assert "修订于" not in (project.output / "2022" / "other" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("value, words", [("2022-08-01", "before"), ("2022-13-01", "no month 13"),
                                          ("昨天", "not a date")])
def test_a_revision_date_is_checked(project: Project, value: str, words: str):
    project.write("2022/notice.md", CORRECTED.replace("region:", f"revised: {value}\nregion:"))
    result = project.run("check", "--today", "2022-09-01")
    assert result.code == 1 and "Traceback" not in result.err
    assert "content/2022/notice.md:5 [revised]" in result.err and words in result.err, result.err


def test_calendar_and_feed_come_from_content_alone(project: Project, tmp_path_factory):
    """Same content, same bytes: incremental builds after corrections equal a cold build elsewhere."""
    import shutil
    notice = project.write("2022/notice.md", CORRECTED)
    assert project.build("--no-search").code == 0
    notice.write_text(CORRECTED.replace("2022-09-10", "2022-09-12").replace("region:", "revised: 2022-08-20\nregion:"),
                      encoding="utf-8")
    assert project.build("--no-search").code == 0
    cold = tmp_path_factory.mktemp("cold")
    shutil.copytree(project.content, cold / "content")
    shutil.copytree(project.root / "themes", cold / "themes")
    assert project.run("build", "--today", "2022-09-01", "--no-search", "--no-cache", "--content",
                       str(cold / "content"), "--themes", str(cold / "themes"), "--output", str(cold / "output")).code == 0
    for name in ("calendar.ics", "2022/notice/calendar.ics", "feed.xml", "api/notices.json"):
        assert (project.output / name).read_bytes() == (cold / "output" / name).read_bytes(), name


# ---- the Atom feed -------------------------------------------------------------------------------------------

def _feed(project: Project):
    import feedparser
    raw = (project.output / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize("base_url", ["/", "/notices/", "https://kx.example.cn/notices/"])
def test_feed_ids_do_not_change_with_the_site_title(project: Project, base_url: str):
    site = project.content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: /", f"base_url: {base_url}"), encoding="utf-8")
    project.write("2022/notice.md", CORRECTED)
    project.write("2022/other.md", CORRECTED.replace("2022年渭南市", "2022年蒲城县").replace("08-10", "08-12"))
    assert project.build("--no-search").code == 0
    before = _feed(project)
    site.write_text(site.read_text(encoding="utf-8").replace("title: 测试站点", "title: 改了名的站点"), encoding="utf-8")
    assert project.build("--no-search").code == 0
    after = _feed(project)
    assert after.feed.title == "改了名的站点"
    assert after.feed.id == before.feed.id
    assert [entry.id for entry in after.entries] == [entry.id for entry in before.entries]
    assert len({entry.id for entry in after.entries}) == 2
    if base_url.startswith("https://"):
        assert [entry.id for entry in after.entries] == ["tag:kx.example.cn,2022:/notices/2022/other/",
                                                         "tag:kx.example.cn,2022:/notices/2022/notice/"]


def test_feed_updated_moves_when_a_notice_is_revised(project: Project):
    notice = project.write("2022/notice.md", CORRECTED)
    project.write("2022/other.md", CORRECTED.replace("2022年渭南市", "2022年蒲城县").replace("08-10", "08-12"))
    assert project.build("--no-search").code == 0
    before = _feed(project)
    entry = next(e for e in before.entries if e.link.endswith("/2022/notice/"))
    assert entry.published_parsed == entry.updated_parsed
    notice.write_text(CORRECTED.replace("region:", "revised: 2022-08-20\nregion:"), encoding="utf-8")
    assert project.build("--no-search").code == 0
    after = _feed(project)
    revised = next(e for e in after.entries if e.link.endswith("/2022/notice/"))
    assert revised.id == entry.id
    assert revised.published_parsed == entry.published_parsed
    assert revised.updated_parsed > entry.updated_parsed
    assert revised.updated.startswith("2022-08-20")
    assert after.feed.updated.startswith("2022-08-20")  # the feed's newest change


@settings(max_examples=300, deadline=None)
@given(days=st.lists(st.dates(min_value=dt.date(1949, 1, 1), max_value=dt.date(2100, 12, 31)), min_size=2,
                     max_size=6, unique=True))
def test_each_later_revision_has_a_higher_sequence(days):
    """SEQUENCE grows with every later `revised`, stays a 32-bit integer, and is 0 for a notice never revised."""
    from types import SimpleNamespace
    from generator.notice import Notice
    sequence = Notice.revision.fget
    numbers = [sequence(SimpleNamespace(front=SimpleNamespace(revised=day))) for day in sorted(days)]
    assert numbers == sorted(set(numbers)) and 0 < numbers[0] and numbers[-1] < 2 ** 31
    assert sequence(SimpleNamespace(front=SimpleNamespace(revised=None))) == 0
