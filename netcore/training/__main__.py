"""`python -m netcore.training`: train a network from the terminal (see netcore.cli)."""

import os
import sys

if "OPENBLAS_NUM_THREADS" not in os.environ:
    # One BLAS thread unless told otherwise: the same seed then gives the same weights
    # as the shipped file, and a network this small trains no slower. NumPy is already
    # loaded (by the netcore package), so start again with the setting in place.
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.execv(sys.executable, [sys.executable, "-m", "netcore.training", *sys.argv[1:]])

from netcore.cli import main  # noqa: E402

raise SystemExit(main())
