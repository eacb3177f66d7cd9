"""``python -m redflag_xlsx serve``: starting, refusing to start, stopping on Ctrl-C."""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import subprocess
import sys

import httpx2
from click.testing import CliRunner

import redflag_xlsx.cli
from redflag_xlsx.cli import cli
from redflag_xlsx.forms.templates import build_templates

from readkit import ROSTER
from webkit import quarter_folder, running_server, stop

redflag_xlsx.cli._register()


def run(*args):
    return CliRunner().invoke(cli, ["serve", *map(str, args)])


def test_without_the_serve_extra_a_chinese_message(blanks, tmp_path, key_file, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    result = run(quarter_folder(blanks, tmp_path), "--key", key_file)
    assert (result.exit_code, result.output) == (
        1,
        '交表网页需要另外安装网页组件，请运行：pip install "redflag_xlsx[serve]"\n',
    )


def test_no_key_no_forms_or_forms_of_another_key(blanks, tmp_path, key_file, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = quarter_folder(blanks, tmp_path)
    no_key = run(folder)
    assert no_key.exit_code == 1 and no_key.output.startswith("没有找到密钥")
    (tmp_path / "空").mkdir()
    empty = run(tmp_path / "空", "--key", key_file)
    assert (empty.exit_code, empty.output) == (
        1,
        f"文件夹“{tmp_path / '空'}”中没有空白表格；请指定 build-template --out 生成的文件夹\n",
    )
    other = build_templates(ROSTER, "2026Q4", tmp_path / "别的", split=True, key=b"other")
    shutil.copy(other[3], folder / "多出来的.xlsx")
    foreign = run(folder, "--key", key_file)
    assert foreign.exit_code == 1
    assert foreign.output.startswith(
        f"文件夹“{folder}”中的“{folder / '多出来的.xlsx'}”不属于本季度："
    )


def test_a_port_in_use(blanks, tmp_path, key_file):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(quarter_folder(blanks, tmp_path), "--key", key_file, "--port", port)
    assert result.exit_code == 1
    assert result.output.startswith(f"无法在 127.0.0.1:{port} 上启动网页：")
    assert "请用 --port 换一个端口" in result.output


def test_it_prints_the_address_serves_and_stops_on_ctrl_c(blanks, tmp_path, key_file):
    folder = quarter_folder(blanks, tmp_path)
    command = [sys.executable, "-m", "redflag_xlsx", "serve", str(folder), "--port", "0"]
    proc = subprocess.Popen(
        [*command, "--key", str(key_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    first = proc.stdout.readline()
    url = re.fullmatch(r"交表网页已启动，请在浏览器中打开：(http://127\.0\.0\.1:\d+/)\n", first)
    assert url, first
    shown = [proc.stdout.readline() for _ in range(2)]  # (read before stop(): it reads the pipe)
    assert shown == [f"上传的表格保存在：{folder / '收件箱'}\n", "按 Ctrl-C 停止。\n"]
    assert httpx2.get(url.group(1)).status_code == 200
    code, rest = stop(proc)
    assert code == 0, rest
    assert rest == "交表网页已停止。\n"


def test_off_loopback_a_token_is_generated_and_required(blanks, tmp_path, key_file):
    folder = quarter_folder(blanks, tmp_path)
    with running_server(folder, key_file, "--host", "0.0.0.0") as url:
        match = re.fullmatch(r"http://0\.0\.0\.0:(\d+)/\?token=([\w-]{20,})", url)
        assert match, url
        base = f"http://127.0.0.1:{match.group(1)}"
        assert httpx2.get(base + "/").status_code == 403
        with httpx2.Client(base_url=base) as client:
            assert client.get(f"/?token={match.group(2)}", follow_redirects=True).status_code == 200
            assert client.get("/status.json").json()["expected"] == 18


def test_a_given_token_on_loopback_is_checked_too(blanks, tmp_path, key_file):
    with running_server(quarter_folder(blanks, tmp_path), key_file, "--token", "abc") as url:
        assert url.endswith("/?token=abc")
        assert httpx2.get(url.split("?")[0]).status_code == 403
        assert httpx2.get(url, follow_redirects=True).status_code == 200
