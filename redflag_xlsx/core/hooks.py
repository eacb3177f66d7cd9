"""What the core asks of the layers above it, without importing them.

The core reads no spreadsheet (``tests/test_layers.py``), yet :meth:`Roster.load` reads a
roster workbook: the package's ``__init__`` puts the intake layer's reader here when the
package is imported, which always happens before any of its modules is used.  Stdlib only, so
that importing it costs nothing on the way to ``--help``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

# Path -> Roster (``redflag_xlsx.intake.roster_file.read_roster_workbook``)
roster_workbook_reader: Callable[[Path], Any] | None = None
