"""ui.process_setup: once per server process, one BLAS thread and a frozen start-up heap."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_one_blas_thread_even_when_numpy_was_imported_first_with_many():
    """A fresh server first opened on a lesson's link imports NumPy before app.py sets
    OPENBLAS_NUM_THREADS; the process setup must still leave BLAS one thread."""
    code = textwrap.dedent("""
        import os, json
        import numpy
        from threadpoolctl import threadpool_info
        def blas():
            return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
        before = blas()
        from ui import process_setup
        process_setup.one_blas_thread()
        print(json.dumps({"before": before, "after": blas(), "cores": os.cpu_count()}))
    """)
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    import json
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["before"], "NumPy's BLAS was not found by threadpoolctl"
    if seen["cores"] > 1:
        assert max(seen["before"]) > 1   # the situation the setup exists for
    assert seen["after"] == [1] * len(seen["after"])
