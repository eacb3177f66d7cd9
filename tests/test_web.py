"""The intake page in-process (Starlette TestClient): every route, the guards, the storage."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from redflag_xlsx.core.roster import Roster
from redflag_xlsx.forms.templates import build_templates
from redflag_xlsx.intake.annotate import ANNOTATION_FILL
from redflag_xlsx.intake.inbox import UPLOAD_NAME
from redflag_xlsx.intake.reader import read_submissions
from redflag_xlsx.xlsx.guards import MAX_BYTES

from fill import open_workbook
from readkit import KEY, ROSTER, merged, split_forms
from webkit import (
    app_client,
    crashing_checker,
    csrf_of,
    quarter_folder,
    results,
    slow_checker,
    upload,
)


@pytest.fixture(scope="module")
def forms(blanks, tmp_path_factory):
    """Filled split forms: ``clean`` (every form right), ``wrong`` (JG02 rated JG04 101 and
    JG05 "八十"; XZ01 typed " 90 " as text: a warning)."""
    root = tmp_path_factory.mktemp("filled")
    wrong = merged(peer={"JG02": {"JG04": 101, "JG05": "八十"}, "XZ01": {"XZ02": " 90 "}})
    clean = {p.name: p for p in split_forms(blanks, root / "clean")}
    bad = {p.name: p for p in split_forms(blanks, root / "wrong", wrong)}
    return clean, bad


def peer(folder: dict[str, Path], code: str) -> tuple[str, bytes]:
    name = f"单位互评_2026Q4_{code}.xlsx"
    return name, folder[name].read_bytes()


def stored_files(folder: Path) -> list[str]:
    inbox = folder / "收件箱"
    return sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file())


# --- pages --------------------------------------------------------------------------------
def test_the_upload_page_in_chinese_with_its_csrf_cookie(blanks, tmp_path):
    client = app_client(quarter_folder(blanks, tmp_path))
    page = client.get("/")
    assert page.status_code == 200
    assert "上传填好的表格" in page.text and "2026Q4 交表" in page.text
    assert 'type="file" name="files" multiple' in page.text
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert client.cookies["redflag_csrf"] == token
    assert (
        "HttpOnly" in page.headers["set-cookie"] and "SameSite=strict" in page.headers["set-cookie"]
    )
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["x-content-type-options"] == "nosniff"
    english = client.get("/?lang=en")
    assert "Upload filled forms" in english.text and "上传填好的表格" not in english.text
    assert client.get("/static/intake.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/intake.css").status_code == 200
    assert client.get("/static/other.txt").status_code == 404


def test_unknown_pages_and_methods_get_chinese_pages(blanks, tmp_path):
    client = app_client(quarter_folder(blanks, tmp_path))
    missing = client.get("/nothing")
    assert (missing.status_code, "找不到页面" in missing.text) == (404, True)
    wrong = client.get("/upload")
    assert (wrong.status_code, "不支持的操作" in wrong.text) == (405, True)
    gone = client.get("/download/abc")
    assert (gone.status_code, "该副本已不存在" in gone.text) == (404, True)


# --- uploads ------------------------------------------------------------------------------
def test_a_clean_form_is_stored_and_passes(blanks, tmp_path, forms):
    clean, _ = forms
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder)
    name, data = peer(clean, "JG04")
    page = upload(client, (name, data))
    assert page.status_code == 200
    assert results(page.text) == [(name, "ok", [])]
    assert "已通过" in page.text and "已收到：JG04 单位互评（机关食堂餐饮服务项目）" in page.text
    [stored] = stored_files(folder)
    folder_name, file_name = stored.split("/")
    match = UPLOAD_NAME.match(file_name)
    assert folder_name == "JG04" and match
    assert match.group(2) == hashlib.sha256(data).hexdigest()[:12]
    assert (folder / "收件箱" / stored).read_bytes() == data
    assert f"已保存为 收件箱/{stored}" in page.text
    assert "/download/" not in page.text  # nothing to mark


def test_a_form_with_errors_shows_validates_findings_and_a_marked_copy(blanks, tmp_path, forms):
    _, wrong = forms
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder)
    _name, data = peer(wrong, "JG02")
    page = upload(client, ("我的表格.xlsx", data))
    # exactly what validate finds in that file
    target = tmp_path / "我的表格.xlsx"
    target.write_bytes(data)
    sub = read_submissions([target], roster=ROSTER, period="2026Q4", key=KEY)
    expected = [(i.code, i.cell or "") for i in sub.issues if i.file == str(target)]
    assert expected == [("E_OUT_OF_RANGE", "D6"), ("E_NOT_A_NUMBER", "D7")]  # format 2: 评分
    assert results(page.text) == [("我的表格.xlsx", "errors", expected)]
    for issue in (i for i in sub.issues if i.file == str(target)):
        assert issue.message in page.text.replace("&#34;", '"') and issue.hint in page.text
    assert "有错误" in page.text and "请按下面的提示修改后重新上传" in page.text
    link = re.search(r'href="(/download/[^"]+)"', page.text).group(1)
    copy = client.get(link)
    assert copy.status_code == 200
    assert "filename*=utf-8''%E6%88%91" in copy.headers["content-disposition"]  # 我的表格_已标注
    with open_workbook(io.BytesIO(copy.content), save=False) as wb:
        cell = wb["单位互评"]["D6"]
        assert cell.fill.fgColor.rgb == ANNOTATION_FILL and "E_OUT_OF_RANGE" in cell.comment.text
    assert any(p.startswith("_annotated/JG02/") for p in stored_files(folder))
    assert any(p.startswith("JG02/") for p in stored_files(folder))  # stored, errors or not


def test_warnings_only(blanks, tmp_path, forms):
    _, wrong = forms
    client = app_client(quarter_folder(blanks, tmp_path))
    name, data = peer(wrong, "XZ01")
    assert results(upload(client, (name, data)).text) == [
        (name, "warnings", [("W_TEXT_NUMBER", "D12")])
    ]


def test_several_files_at_once_in_order_and_in_english(blanks, tmp_path, forms):
    clean, wrong = forms
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder)
    page = upload(
        client,
        peer(clean, "JG04"),
        peer(wrong, "JG02"),
        ("服务质量考核.xlsx", clean["服务质量考核_2026Q4.xlsx"].read_bytes()),
        lang="en",
    )
    assert [(n, s) for n, s, _ in results(page.text)] == [
        ("单位互评_2026Q4_JG04.xlsx", "ok"),
        ("单位互评_2026Q4_JG02.xlsx", "errors"),
        ("服务质量考核.xlsx", "ok"),
    ]
    assert "Received: JG04 Peer rating" in page.text and "is out of range" in page.text
    assert [p.split("/")[0] for p in stored_files(folder)] == [
        "JG02",
        "JG04",
        "_annotated",
        "服务质量考核",
    ]


def _other_quarter(tmp_path: Path) -> bytes:
    old = build_templates(ROSTER, "2026Q3", tmp_path / "old", split=True, key=KEY)
    return next(p for p in old if p.name.endswith("_JG04.xlsx")).read_bytes()


def test_what_is_not_a_form_of_this_quarter_is_refused_and_kept_apart(blanks, tmp_path, forms):
    clean, _ = forms
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder)
    other_key = build_templates(ROSTER, "2026Q4", tmp_path / "k", split=True, key=b"other")
    foreign = next(p for p in other_key if p.name.endswith("_JG04.xlsx")).read_bytes()
    units = tuple(u.model_copy(update={"name": u.name + "二"}) for u in ROSTER.units)
    renamed = Roster(units=units, leaders=ROSTER.leaders)
    other_roster = build_templates(renamed, "2026Q4", tmp_path / "r", split=True, key=KEY)
    roster_form = next(p for p in other_roster if p.name.endswith("_JG04.xlsx")).read_bytes()
    page = upload(
        client,
        ("上季度.xlsx", _other_quarter(tmp_path)),
        ("别的密钥.xlsx", foreign),
        ("别的名单.xlsx", roster_form),
        ("坏文件.xlsx", b"PK\x03\x04 not really a zip"),
        ("表格.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
    )
    assert [(n, s, [c for c, _ in f]) for n, s, f in results(page.text)] == [
        ("上季度.xlsx", "refused", ["E_PERIOD_MISMATCH"]),
        ("别的密钥.xlsx", "refused", ["E_SIGNATURE"]),
        ("别的名单.xlsx", "refused", ["E_ROSTER_MISMATCH"]),
        ("坏文件.xlsx", "refused", ["E_UNREADABLE"]),
        ("表格.xls", "refused", ["E_UNREADABLE"]),
    ]
    assert "未接收" in page.text and "这不是本季度可以接收的表格" in page.text
    kept = stored_files(folder)
    assert len(kept) == 5 and all(p.startswith("_refused/") for p in kept)
    # _refused/<UTC time>_<sha12>_<its name>, in the order they came
    assert [p.removeprefix("_refused/").split("_", 2)[2] for p in kept] == [
        "上季度.xlsx",
        "别的密钥.xlsx",
        "别的名单.xlsx",
        "坏文件.xlsx",
        "表格.xls",
    ]
    status = client.get("/status.json").json()
    assert (status["received"], status["others"]) == (0, [])  # refused uploads are not read
    assert "另有 5 个未接收的上传" in client.get("/status").text
    # a clean form afterwards is unaffected
    assert results(upload(client, peer(clean, "JG04")).text)[0][1] == "ok"


def test_a_roster_or_results_workbook_is_refused(blanks, tmp_path):
    from redflag_xlsx.forms.roster_workbook import write_roster_workbook

    roster_file = write_roster_workbook(ROSTER, tmp_path / "roster.xlsx")
    client = app_client(quarter_folder(blanks, tmp_path))
    page = upload(client, ("名单.xlsx", Path(roster_file).read_bytes()))
    assert results(page.text) == [("名单.xlsx", "refused", [("E_NOT_A_TEMPLATE", "")])]


def test_a_newer_upload_supersedes_the_older_one(blanks, tmp_path, forms):
    clean, wrong = forms
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder)
    upload(client, peer(wrong, "JG02"))
    before = client.get("/status.json").json()
    row = next(f for f in before["forms"] if f["rater"] == "JG02")
    assert (row["state"], row["errors"], len(row["files"])) == ("errors", 2, 1)
    upload(client, peer(clean, "JG02"))
    after = client.get("/status.json").json()
    row = next(f for f in after["forms"] if f["rater"] == "JG02")
    assert (row["state"], row["errors"]) == ("ok", 0)
    jg02 = sorted(p for p in stored_files(folder) if p.startswith("JG02/"))
    assert len(jg02) == 2 and row["files"] == [jg02[-1]]  # both kept, the newest counts
    assert after["summary"].startswith("已收到 1/18 份；未收到：服务质量考核、JG01 单位互评、JG03")
    # the same bytes again: a new upload, a new name, nothing overwritten
    upload(client, peer(clean, "JG02"))
    assert len([p for p in stored_files(folder) if p.startswith("JG02/")]) == 3


def test_the_status_page(blanks, tmp_path, forms):
    clean, wrong = forms
    client = app_client(quarter_folder(blanks, tmp_path))
    empty = client.get("/status")
    assert empty.status_code == 200 and "已收到 0/18 份" in empty.text
    upload(client, peer(clean, "JG04"), peer(wrong, "JG02"), peer(wrong, "XZ01"))
    page = client.get("/status").text
    states = re.findall(
        r'<tr class="[a-z]+" data-state="([a-z]+)">\s*<td>[^<]*</td><td>([^<\s]+)', page
    )
    assert dict((code, state) for state, code in states) == {
        "—": "missing",
        **{u.code: "missing" for u in ROSTER.units},
        **{ld.code: "missing" for ld in ROSTER.leaders},
        "JG04": "ok",
        "JG02": "errors",
        "XZ01": "warnings",
    }
    assert "2026Q4 交表情况（分发版，应交 18 份）" in page
    assert "已收到 3/18 份；未收到：服务质量考核、JG01 单位互评、JG03 单位互评" in page
    doc = client.get("/status.json")
    assert doc.headers["content-type"] == "application/json"
    assert "已收到" in doc.text  # Chinese as characters
    assert json.loads(doc.text)["received"] == 3
    english = client.get("/status?lang=en").text
    assert "received 3/18; missing: scoring" not in english and "received 3/18" in english


def test_every_user_text_is_escaped(blanks, tmp_path):
    evil = '<script>alert("x")</script>'
    units = list(ROSTER.units)
    units[3] = units[3].model_copy(update={"name": evil})  # JG04
    roster = Roster(units=tuple(units), leaders=ROSTER.leaders)
    folder = tmp_path / "下发表格"
    build_templates(roster, "2026Q4", folder, split=True, key=KEY)
    from fill import fill_form
    from readkit import DATA

    data = dict(DATA["peer"]["JG04"], JG05="<img src=x onerror=alert(1)>")
    form = fill_form(folder / "单位互评_2026Q4_JG04.xlsx", data, out=tmp_path / "jg04.xlsx")
    client = app_client(folder)
    page = upload(client, ("a&b<i>'.xlsx", form.read_bytes())).text
    assert "<script>" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page  # a name from the roster
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the cell value, in the message
    assert '<span class="file">a&amp;b_i_&#39;.xlsx</span>' in page  # made safe, then escaped
    status = client.get("/status").text
    assert "<script>" not in status and "&lt;script&gt;" in status


# --- guards -------------------------------------------------------------------------------
def test_csrf_is_checked(blanks, tmp_path, forms):
    clean, _ = forms
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder)
    csrf_of(client)
    files = [("files", peer(clean, "JG04"))]
    missing = client.post("/upload", files=files)
    wrong = client.post("/upload", data={"csrf": "guess"}, files=files)
    for answer in (missing, wrong):
        assert answer.status_code == 403 and "页面已过期或浏览器禁用了 Cookie" in answer.text
    client.cookies.clear()  # another site's form: the field, but not our cookie
    token = csrf_of(app_client(folder))
    foreign = client.post("/upload", data={"csrf": token}, files=files)
    assert foreign.status_code == 403
    assert not (folder / "收件箱" / "JG04").exists()


def test_no_file_chosen(blanks, tmp_path):
    client = app_client(quarter_folder(blanks, tmp_path))
    token = csrf_of(client)
    page = client.post("/upload", data={"csrf": token})
    assert page.status_code == 400 and "请先选择要上传的表格文件" in page.text


def test_a_body_over_the_cap_is_413_before_it_is_read(blanks, tmp_path):
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder)
    token = csrf_of(client)
    consumed = []

    def body():
        for _ in range(MAX_BYTES // 2**16 + 10):
            consumed.append(1)
            yield b"x" * 2**16

    declared = client.post(
        "/upload",
        content=body(),
        headers={
            "content-type": "multipart/form-data; boundary=zz",
            "content-length": str(MAX_BYTES + 1),
        },
    )
    assert declared.status_code == 413 and "上传的内容超过 20 MB，未接收" in declared.text
    assert len(consumed) <= 2  # the body was not read
    consumed.clear()
    streamed = client.post(  # no length declared: counted as it comes, stopped at the cap
        "/upload",
        content=body(),
        headers={"content-type": "multipart/form-data; boundary=zz", "x-csrf": token},
    )
    assert streamed.status_code == 413 and "文件太大" in streamed.text
    assert not (folder / "收件箱" / "_refused").exists()
    big = client.post(
        "/upload",
        data={"csrf": token},
        files=[("files", ("大.xlsx", b"\0" * (MAX_BYTES + 10)))],
    )
    assert big.status_code == 413


def test_the_token(blanks, tmp_path):
    client = app_client(quarter_folder(blanks, tmp_path), token="s3cret-令牌", loopback=False)
    client.base_url = "http://192.0.2.7"
    denied = client.get("/")
    assert denied.status_code == 403 and "需要访问口令" in denied.text
    assert client.get("/?token=guess").status_code == 403
    assert client.get("/status.json").status_code == 403
    assert client.get("/static/intake.css").status_code == 200  # public
    entry = client.get("/status?lang=en&token=s3cret-令牌", follow_redirects=False)
    assert entry.status_code == 303 and entry.headers["location"] == "/status?lang=en"
    assert "HttpOnly" in entry.headers["set-cookie"]
    assert client.get("/status.json").status_code == 200  # the cookie from now on
    assert client.get("/").status_code == 200
    client.cookies.clear()
    assert client.get("/").status_code == 403


def test_loopback_answers_loopback_host_names_only(blanks, tmp_path):
    client = app_client(quarter_folder(blanks, tmp_path))
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding


def test_a_check_past_its_time_limit_is_refused_and_kept(blanks, tmp_path, forms):
    clean, _ = forms
    folder = quarter_folder(blanks, tmp_path)
    client = app_client(folder, file_seconds=1.5, checker=slow_checker)
    page = upload(client, peer(clean, "JG04"))
    assert results(page.text) == [("单位互评_2026Q4_JG04.xlsx", "refused", [("E_UNREADABLE", "")])]
    assert "检查超时" in page.text and "该文件已另存，供管理员查看" in page.text
    assert [p.split("/")[0] for p in stored_files(folder)] == ["_refused"]


def test_a_check_that_crashes_is_refused_and_the_server_goes_on(blanks, tmp_path, forms):
    clean, _ = forms
    client = app_client(quarter_folder(blanks, tmp_path), checker=crashing_checker)
    page = upload(client, peer(clean, "JG04"))
    assert "检查该文件时程序出错" in page.text
    assert client.get("/status").status_code == 200


def test_status_json_names_inbox_files(blanks, tmp_path, forms):
    clean, _ = forms
    client = app_client(quarter_folder(blanks, tmp_path))
    upload(client, peer(clean, "JG04"))
    row = next(f for f in client.get("/status.json").json()["forms"] if f["rater"] == "JG04")
    assert row["files"][0].startswith("JG04/") and UPLOAD_NAME.match(row["files"][0][5:])


def test_a_combined_quarter(blanks, tmp_path):
    from readkit import filled

    folder = tmp_path / "合并"
    folder.mkdir()
    shutil.copy(blanks.combined, folder)
    workbook = filled(blanks, tmp_path / "填好")
    client = app_client(folder)
    assert "已收到 0/1 份；未收到：合并表格" in client.get("/status").text
    page = upload(client, ("红旗评选.xlsx", workbook.read_bytes()))
    assert results(page.text) == [("红旗评选.xlsx", "ok", [])]
    assert stored_files(folder)[0].startswith("合并表格/")
    assert client.get("/status.json").json()["summary"] == "已收到 1/1 份"


def test_a_failure_while_keeping_a_file_is_a_chinese_500_page(blanks, tmp_path, forms, monkeypatch):
    from redflag_xlsx.web.storage import Inbox

    clean, _ = forms

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Inbox, "store", full_disk)
    client = app_client(quarter_folder(blanks, tmp_path), raise_server_exceptions=False)
    page = upload(client, peer(clean, "JG04"))
    assert page.status_code == 500 and "服务器处理时出错（可能是磁盘已满）" in page.text
    assert "Traceback" not in page.text
