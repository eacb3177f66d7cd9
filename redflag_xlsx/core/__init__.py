"""The pure core: rules, roster, period, findings, the scoring engine and the catalog of text.

Nothing here reads or writes a spreadsheet, and nothing here imports from the packages above
it (xlsx, forms, intake, results, ledger, cli); ``tests/test_layers.py`` checks it.
"""

__version__ = "0.1.0"  # the package's version (pyproject.toml says the same; a test compares)
