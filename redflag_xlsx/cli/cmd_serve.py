"""``serve``: the intake page for one quarter (SPEC 16).  Needs the ``serve`` extra."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
from pathlib import Path
from urllib.parse import quote

import click

from .app import EXIT_INPUT, cli, echo_error, handle_errors, lang_option
from .options import check_key_option, given_inputs, rules_option

WEB_MODULES = ("starlette", "uvicorn", "multipart", "jinja2")


@cli.command("serve")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
@click.option(
    "--port", default=8765, type=click.IntRange(0, 65535), help="Port (default 8765; 0: any)."
)
@click.option("--token", help="Access token; required off loopback (generated when not given).")
@rules_option
@check_key_option
@lang_option
@handle_errors
def serve(
    folder: Path,
    host: str,
    port: int,
    token: str | None,
    rules_path: Path | None,
    key_file: Path | None,
    lang: str | None,
) -> None:
    """The intake page: units and leaders upload their forms and see the findings at once.

    FOLDER holds the quarter's blank forms (build-template --out); uploads are kept in
    FOLDER/收件箱, never overwritten.  Listens on 127.0.0.1 unless --host says otherwise, which
    requires an access token (--token, or one generated and printed).  Ctrl-C stops it.
    Needs the web components: pip install "redflag_xlsx[serve]".

    \b
    Examples:
      python -m redflag_xlsx serve 下发表格
      python -m redflag_xlsx serve 下发表格 --host 0.0.0.0 --port 8765
    """
    import importlib.util

    from ..core.i18n import current_lang, t
    from ..core.messages import Msg

    lang = current_lang(lang)
    if not all(importlib.util.find_spec(m) for m in WEB_MODULES):
        echo_error(t("serve_extra_missing", lang))
        sys.exit(EXIT_INPUT)
    import uvicorn

    from ..core.errors import OutputError
    from ..web.app import create_app
    from ..web.quarter import load_quarter

    rules, _roster, key = given_inputs(rules_path, None, key_file)
    quarter = load_quarter(folder, rules=rules, key=key)
    loopback = _is_loopback(host)
    if not loopback and not token:
        token = secrets.token_urlsafe(16)
    try:
        sock = _listen(host, port)
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise OutputError(Msg("serve_bind_failed", host=host, port=port, detail=detail)) from None
    app = create_app(quarter, token=token, loopback=loopback)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/" + (f"?token={quote(token, safe='')}" if token else "")
    click.echo(t("serve_started", lang, url=url))
    if token:
        click.echo(t("serve_token", lang, token=token))
    if host in ("0.0.0.0", "::"):
        click.echo(t("serve_any_host", lang, host=shown))
    click.echo(t("serve_inbox", lang, dir=quarter.inbox))
    click.echo(t("serve_stop_hint", lang))
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_keep_alive=5,
        limit_concurrency=200,
        lifespan="off",
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    click.echo(t("serve_stopped", lang))


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (bound here, so that a port in use is one clear
    message, and ``--port 0`` gives the port that was free)."""
    family, _type, _proto, _name, address = socket.getaddrinfo(
        host.strip("[]"), port, type=socket.SOCK_STREAM
    )[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if sys.platform != "win32":  # on Windows this would let two servers share the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock
