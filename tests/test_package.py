"""The public surface and the import rules of the architecture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import redflag_xlsx


def test_exported_members() -> None:
    assert set(redflag_xlsx.__all__) >= {
        "Roster",
        "Rules",
        "Period",
        "Issue",
        "Submission",
        "History",
        "Result",
        "tally",
        "build_templates",
        "read_submissions",
        "write_results",
        "Ledger",
        "run_demo",
    }
    for name in redflag_xlsx.__all__:
        assert getattr(redflag_xlsx, name) is not None


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_scoring_core_imports_no_spreadsheet_library() -> None:
    mods = _modules_after(
        "import redflag_xlsx.core.scoring, redflag_xlsx.core.rules, redflag_xlsx.core.roster"
    )
    assert not {"openpyxl", "xlsxwriter", "pandas", "click", "rich"} & mods


def test_help_imports_nothing_heavy() -> None:
    code = "\n".join(
        [
            "from redflag_xlsx.cli import main",
            "try:",
            "    main(['--help'])",
            "except SystemExit:",
            "    pass",
        ]
    )
    mods = _modules_after(code)
    assert not {"openpyxl", "xlsxwriter", "pandas", "rich", "numpy"} & mods
    assert not {"starlette", "uvicorn", "jinja2", "multipart", "redflag_xlsx.web"} & mods


def test_only_the_web_app_imports_the_web_libraries() -> None:
    """The reader, returns, the inbox and the check run without the serve extra."""
    mods = _modules_after(
        "import redflag_xlsx.returns, redflag_xlsx.intake.inbox, redflag_xlsx.web.check,"
        " redflag_xlsx.web.storage, redflag_xlsx.web.isolate, redflag_xlsx.cli.cmd_serve"
    )
    assert not {"starlette", "uvicorn", "jinja2", "multipart", "anyio"} & mods


def test_version_is_the_projects() -> None:
    import tomllib

    import redflag_xlsx

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8"))
    assert redflag_xlsx.__version__ == project["project"]["version"]
