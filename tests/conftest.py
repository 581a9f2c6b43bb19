"""Tests run NumPy as the server does, with one BLAS thread: app.py sets it before NumPy is
first imported, and /learning's time estimate counts the CPU seconds of the measuring
thread, so with BLAS working in threads of its own the estimate would come out low."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
