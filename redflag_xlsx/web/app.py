"""The intake page's Starlette application (SPEC 16): pages, uploads and their guards.

Routes: ``/`` the upload page, ``POST /upload`` the findings of each uploaded file,
``/download/<id>`` an annotated copy, ``/status`` and ``/status.json`` the returns table.

Guards, outermost first:

* **Host** (loopback only): requests must name a loopback host (no DNS rebinding from a web
  page the clerk happens to visit).
* **Token** (when set; required off loopback): ``?token=`` once (the answer sets an HttpOnly
  cookie holding a digest of the token and redirects to the same page without the token),
  the cookie afterwards; anything else gets 403.  Static files (CSS, the drop script) are
  public.
* **Body**: a declared ``Content-Length`` above :data:`BODY_LIMIT` is answered 413 before a
  byte of the body is read; a body without one is counted as it arrives and stopped at the
  limit (413); a body that takes longer than :data:`BODY_SECONDS` is stopped (408), so a slow
  client holds nothing but its own connection.
* **CSRF**: the upload form carries a random token that must equal the ``redflag_csrf``
  cookie set with the page (double-submit).

Each file is checked in a child process with a time limit (:mod:`.isolate`), at most
:data:`WORKERS` at once; pages render through Jinja2 with autoescape, every text from the
catalog.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import anyio
import jinja2
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.findings import Issue
from ..core.i18n import t
from ..core.messages import Msg
from ..core.models import Submission
from ..returns import Returns, form_label, returns_of
from ..xlsx import guards
from . import check
from .isolate import WorkerFailed, WorkerTimeout, run_isolated
from .quarter import Quarter
from .storage import Inbox, safe_file_name

__all__ = ["BODY_LIMIT", "BodyTooLarge", "BodyTooSlow", "Upload", "create_app"]

BODY_LIMIT = guards.MAX_BYTES  # one request's body: every file of an upload together (SPEC 8)
BODY_SECONDS = 120.0  # the whole body must arrive within this time
FILE_SECONDS = 60.0  # one file's check
STATUS_SECONDS = 300.0  # reading the inbox for the returns table
WORKERS = max(2, os.cpu_count() or 2)  # files checked at once
MAX_FILES = 50  # files in one upload
DOWNLOADS_KEPT = 5000
TOKEN_COOKIE = "redflag_token"
CSRF_COOKIE = "redflag_csrf"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STATIC = {"intake.css": "text/css; charset=utf-8", "intake.js": "text/javascript; charset=utf-8"}


class BodyTooLarge(Exception):
    """The request body is larger than :data:`BODY_LIMIT`."""


class BodyTooSlow(Exception):
    """The request body did not arrive within :data:`BODY_SECONDS`."""


@dataclass
class Upload:
    """What one uploaded file became, for the answer page."""

    name: str  # as the uploader named it (made safe)
    state: str  # ok | warnings | errors | refused
    label: str = ""  # the form, e.g. "JG03 单位互评"
    rater_name: str = ""
    issues: list[dict[str, Any]] = field(default_factory=list)  # Issue.rendered(lang)
    stored: str = ""  # its path in the inbox
    download: str = ""  # id of the annotated copy


@dataclass
class Intake:
    """The application's state: the quarter, the inbox, the limits, the downloads."""

    quarter: Quarter
    inbox: Inbox
    env: jinja2.Environment
    token: str | None
    file_seconds: float
    checker: Callable[..., dict[str, Any]]
    limiter: anyio.CapacityLimiter
    status_limiter: anyio.CapacityLimiter
    downloads: OrderedDict[str, tuple[Path, str]] = field(default_factory=OrderedDict)
    # (files, their sizes and times, the ledger's) -> the table
    status_cache: dict[tuple[Any, ...], Returns] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- pages --------------------------------------------------------------------------
    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        lang = lang_of(request)
        html = self.env.get_template(template).render(
            t=lambda key, **params: t(key, lang, **params),
            lang=lang,
            q="?lang=en" if lang == "en" else "",
            here=request.url.path if request.method == "GET" else "/",
            period=self.quarter.period,
            **context,
        )
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def error_page(self, request: Request, status: int, key: str, **params: Any) -> HTMLResponse:
        lang = lang_of(request)
        return self.page(
            request,
            "error.html",
            status,
            title=t(f"web_error_{status}", lang),
            message=t(key, lang, **params),
        )

    # --- one file -----------------------------------------------------------------------
    def process(self, source: BinaryIO, raw_name: str | None, lang: str) -> Upload:
        """Check one uploaded file in a child process and keep it (blocking: run in a thread,
        at most :data:`WORKERS` at once; the file is read into memory only here, so memory
        stays bounded however many uploads wait)."""
        name = safe_file_name(raw_name)
        source.seek(0)
        data = source.read()
        with tempfile.TemporaryDirectory(prefix="redflag-upload-") as tmp:
            path = Path(tmp) / "in" / name
            path.parent.mkdir()
            path.write_bytes(data)
            annotate_dir = Path(tmp) / "annotated"
            try:
                outcome = run_isolated(
                    self.checker,
                    (str(path), self.quarter, lang, str(annotate_dir)),
                    self.file_seconds,
                )
            except WorkerTimeout:
                outcome = _refusal(name, "web_check_timeout", lang)
            except WorkerFailed:
                outcome = _refusal(name, "web_check_failed", lang)
            issues: list[dict[str, Any]] = outcome["issues"]
            if not outcome["accepted"]:
                stored = self.inbox.refuse(data, name)
                return Upload(name=name, state="refused", issues=issues, stored=self._rel(stored))
            kind, rater = outcome["kind"], outcome["rater"]
            stored = self.inbox.store(data, kind, rater, Path(name).suffix)
            upload = Upload(
                name=name,
                state=_state(issues),
                label=form_label(kind, rater or None, lang),
                rater_name=self._name_of(rater),
                issues=issues,
                stored=self._rel(stored),
            )
            if outcome.get("annotated"):
                kept = self.inbox.keep_annotated(Path(outcome["annotated"]), stored)
                stem = Path(name).stem
                upload.download = self._offer(kept, f"{stem}{t('web_annotated_suffix', lang)}.xlsx")
        return upload

    def _offer(self, path: Path, filename: str) -> str:
        ident = secrets.token_urlsafe(24)
        with self.lock:
            self.downloads[ident] = (path, filename)
            while len(self.downloads) > DOWNLOADS_KEPT:
                self.downloads.popitem(last=False)
        return ident

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.inbox.root).as_posix()

    def _name_of(self, code: str) -> str:
        roster = self.quarter.roster
        for person in (*roster.units, *roster.leaders):
            if person.code == code:
                return person.name
        return ""

    # --- the returns table --------------------------------------------------------------
    def returns(self) -> Returns:
        """The inbox's returns table (blocking: run in a thread); cached while the inbox's
        current files stay the same (their names change with every upload)."""
        files = tuple(str(p) for p in self.inbox.current_files())
        cache_key = (files, _stamps(files), _stamps([str(self.quarter.history or "")]))
        with self.lock:
            if cache_key in self.status_cache:
                return self.status_cache[cache_key]
        if files:
            returns: Returns = run_isolated(
                check.read_status, (list(files), self.quarter), STATUS_SECONDS
            )
        else:
            empty = Submission(period=self.quarter.period, roster=self.quarter.roster)
            returns = returns_of(empty, [], self.quarter.rules, self.quarter.layout)
        with self.lock:
            if len(self.status_cache) > 64:
                self.status_cache.clear()
            self.status_cache[cache_key] = returns
        return returns


def _stamps(files: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Size and modification time of each file ((0, 0) when missing): a file put into the
    inbox by hand may change under the same name."""
    out = []
    for file in files:
        try:
            st = os.stat(file)
            out.append((st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((0, 0))
    return tuple(out)


def _refusal(name: str, detail: str, lang: str) -> dict[str, Any]:
    """A file whose check did not finish (too slow, or the check failed): refused, kept."""
    issue = Issue.make("E_UNREADABLE", file=name, detail=Msg(detail), hint_key="web_check_hint")
    return {"accepted": False, "kind": "", "rater": "", "issues": [issue.rendered(lang)]}


def _state(issues: list[dict[str, Any]]) -> str:
    if any(i["severity"] == "error" for i in issues):
        return "errors"
    return "warnings" if issues else "ok"


def lang_of(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def intake(request: Request) -> Intake:
    state: Intake = request.app.state.intake
    return state


# --- routes ------------------------------------------------------------------------------
async def upload_page(request: Request) -> Response:
    return _with_csrf(request, intake(request).page(request, "upload.html", **_form(request)))


async def upload(request: Request) -> Response:
    app = intake(request)
    lang = lang_of(request)
    form = await request.form(max_files=MAX_FILES, max_fields=10)
    try:
        given = form.get("csrf")
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if not (isinstance(given, str) and cookie and hmac.compare_digest(given, cookie)):
            return app.error_page(request, 403, "web_csrf_failed")
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            context = _form(request) | {"notice": t("web_no_file", lang)}
            return _with_csrf(request, app.page(request, "upload.html", 400, **context))
        results = []
        for item in files:  # spooled to disk by the form parser above 1 MiB
            results.append(
                await anyio.to_thread.run_sync(
                    app.process, item.file, item.filename, lang, limiter=app.limiter
                )
            )
    finally:
        await form.close()
    context = _form(request) | {"results": results}
    return _with_csrf(request, app.page(request, "upload.html", **context))


async def download(request: Request) -> Response:
    app = intake(request)
    with app.lock:
        found = app.downloads.get(request.path_params["ident"])
    if found is None or not found[0].is_file():
        return app.error_page(request, 404, "web_download_gone")
    path, filename = found
    return FileResponse(
        path,
        filename=filename,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=SECURITY_HEADERS,
    )


async def status_page(request: Request) -> Response:
    app = intake(request)
    lang = lang_of(request)
    returns = await anyio.to_thread.run_sync(app.returns, limiter=app.status_limiter)
    root = app.inbox.root
    rows = [
        {
            "label": form_label(f.kind, None, lang),
            "rater": f"{f.rater} {f.name}" if f.rater else "—",
            "state": f.state,
            "errors": f.errors,
            "warnings": f.warnings,
            "files": [_inbox_name(root, file) for file in f.files],
        }
        for f in returns.forms
    ]
    others = [
        {
            "file": _inbox_name(root, o.file),
            "what": t(
                "returns_other_not_expected", lang, form=form_label(o.kind or "", o.rater, lang)
            )
            if o.reason == "not_expected"
            else t("res_reason_sep", lang).join(i.text(lang) for i in o.issues if i.is_error),
        }
        for o in returns.others
    ]
    return app.page(
        request,
        "status.html",
        returns=returns,
        rows=rows,
        others=others,
        summary=returns.summary(lang),
        refused=len(app.inbox.refused_files()),
        layout=t(f"returns_layout_{returns.layout}", lang),
    )


async def status_json(request: Request) -> Response:
    app = intake(request)
    lang = lang_of(request)
    returns = await anyio.to_thread.run_sync(app.returns, limiter=app.status_limiter)
    doc = returns.to_dict(lang)
    root = app.inbox.root
    for form in doc["forms"]:
        form["files"] = [_inbox_name(root, f) for f in form["files"]]
    for other in doc["others"]:
        other["file"] = _inbox_name(root, other["file"])
    return JSONResponse(doc, headers=SECURITY_HEADERS)


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        raise HTTPException(404)
    body = resources.files("redflag_xlsx.web").joinpath("static", name).read_bytes()
    return Response(body, media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})


def _inbox_name(root: Path, file: str) -> str:
    """A file as the pages show it: its path inside the inbox."""
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(file).name


def _form(request: Request) -> dict[str, Any]:
    """What the upload form needs (the results and a notice are set by ``upload``)."""
    return {
        "results": [],
        "notice": "",
        "csrf": request.cookies.get(CSRF_COOKIE) or request.state.new_csrf,
        "limit_mb": BODY_LIMIT // 2**20,
        "limit_bytes": BODY_LIMIT,
        "max_files": MAX_FILES,
    }


def _with_csrf(request: Request, response: Response) -> Response:
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE, request.state.new_csrf, httponly=True, samesite="strict", path="/"
        )
    return response


# --- guards ------------------------------------------------------------------------------
class TokenGate:
    """Every request but static files carries the token: ``?token=`` or the cookie."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token
        # the cookie holds a digest of the token (ASCII whatever the token, and not the token)
        self.cookie = hashlib.sha256(b"redflag-intake-cookie\0" + token.encode()).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.url.path.startswith("/static/"):
            await self.app(scope, receive, send)
            return
        given = request.query_params.get("token")
        if given is not None and self._ok(given):
            if request.method == "GET":  # the cookie from now on, the token out of the address
                query = request.url.remove_query_params("token").query
                target = request.url.path + (f"?{query}" if query else "")
                redirect = RedirectResponse(target, status_code=303)
                redirect.set_cookie(
                    TOKEN_COOKIE, self.cookie, httponly=True, samesite="lax", path="/"
                )
                await redirect(scope, receive, send)
                return
        elif not hmac.compare_digest(request.cookies.get(TOKEN_COOKIE, ""), self.cookie):
            intake_state: Intake = scope["app"].state.intake
            response = intake_state.error_page(request, 403, "web_token_required")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _ok(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))


class BodyLimit:
    """The body cap (checked on the declared length before reading, and while reading) and
    the body's deadline."""

    def __init__(self, app: ASGIApp, limit: int = BODY_LIMIT, seconds: float = BODY_SECONDS):
        self.app = app
        self.limit = limit
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["new_csrf"] = secrets.token_urlsafe(32)
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.limit or declared < 0:
                    request = Request(scope)
                    intake_state: Intake = scope["app"].state.intake
                    status = 413 if declared > self.limit else 400
                    key = "web_too_large" if status == 413 else "web_bad_request"
                    mb = self.limit // 2**20
                    response = intake_state.error_page(request, status, key, mb=mb)
                    response.headers["Connection"] = "close"
                    await response(scope, receive, send)
                    return
        received = 0
        complete = False
        deadline = anyio.current_time() + self.seconds

        async def limited() -> Message:
            nonlocal received, complete
            if complete:  # the body is in: later calls wait for a disconnect, without a limit
                return await receive()
            remaining = deadline - anyio.current_time()
            try:
                with anyio.fail_after(max(remaining, 0.001)):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
                complete = not message.get("more_body", False)
            return message

        await self.app(scope, limited, send)


async def _too_large(request: Request, exc: Exception) -> Response:
    app = intake(request)
    response = app.error_page(request, 413, "web_too_large", mb=BODY_LIMIT // 2**20)
    response.headers["Connection"] = "close"
    return response


async def _too_slow(request: Request, exc: Exception) -> Response:
    response = intake(request).error_page(request, 408, "web_too_slow")
    response.headers["Connection"] = "close"
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected (a full disk, a bug): a page in the user's language, not a trace."""
    return intake(request).error_page(request, 500, "web_server_error")


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    key = {404: "web_not_found", 405: "web_not_allowed"}.get(status, "web_bad_request")
    return intake(request).error_page(request, status if status in (404, 405) else 400, key)


# --- the application -----------------------------------------------------------------------
def create_app(
    quarter: Quarter,
    *,
    token: str | None = None,
    loopback: bool = True,
    file_seconds: float = FILE_SECONDS,
    body_seconds: float = BODY_SECONDS,
    workers: int = WORKERS,
    checker: Callable[..., dict[str, Any]] = check.check_upload,
) -> Starlette:
    """The intake application for ``quarter``.  ``token``: every request must carry it
    (required by the command off loopback).  ``loopback``: only loopback host names are
    answered.  ``checker``: the function that checks one file in the child process."""
    inbox = Inbox(quarter.inbox)
    inbox.prepare()
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("redflag_xlsx.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    middleware = []
    if loopback:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS))
    if token:
        middleware.append(Middleware(TokenGate, token=token))
    middleware.append(Middleware(BodyLimit, seconds=body_seconds))
    app = Starlette(
        routes=[
            Route("/", upload_page),
            Route("/upload", upload, methods=["POST"]),
            Route("/status", status_page),
            Route("/status.json", status_json),
            Route("/download/{ident}", download),
            Route("/static/{name}", static),
        ],
        middleware=middleware,
        exception_handlers={
            BodyTooLarge: _too_large,
            BodyTooSlow: _too_slow,
            HTTPException: _http_error,
            Exception: _server_error,
        },
    )
    app.state.intake = Intake(
        quarter=quarter,
        inbox=inbox,
        env=env,
        token=token,
        file_seconds=file_seconds,
        checker=checker,
        limiter=anyio.CapacityLimiter(workers),
        status_limiter=anyio.CapacityLimiter(1),
    )
    return app
