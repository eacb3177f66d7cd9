"""``python -m redflag_xlsx``: see :mod:`redflag_xlsx.cli`."""

from redflag_xlsx.cli import main

if __name__ == "__main__":
    main()
