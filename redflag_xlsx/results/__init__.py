"""The results workbook (SPEC 6): every derived number a live formula with the engine's value."""

from .writer import results_path, write_results

__all__ = ["results_path", "write_results"]
