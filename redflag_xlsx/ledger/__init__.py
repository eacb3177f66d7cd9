"""The history ledger (SPEC 7): an SQLite file with every tallied quarter."""

from .store import Ledger, LedgerError, default_ledger_path

__all__ = ["Ledger", "LedgerError", "default_ledger_path"]
