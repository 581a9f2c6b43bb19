"""Once per server process: make Python's garbage collector cheap for many learners.

Streamlit's default `runner.postScriptGC` runs a full `gc.collect(2)` after every
script and fragment run, which with this app's modules (Streamlit, NumPy, Plotly,
PIL, ...) in memory costs tens of milliseconds per drawing stroke. The config turns
it off (.streamlit/config.toml); this module imports what the lessons import and
then moves everything alive into the collector's permanent generation
(`gc.freeze`), so the collections Python still runs by itself only look at what
the sessions made since. Cycles a session leaves behind are still collected:
freezing only exempts the objects alive at start-up, which live as long as the
process anyway. `python bench/bench_gc.py` measures the effect.
"""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil

from threadpoolctl import threadpool_limits

import ui

_frozen = False
FREEZE_ENV = "NETAPP_GC_FREEZE"   # "0": no freeze, as with Streamlit alone (benchmarks only)


def freeze_startup_objects() -> bool:
    """Import every ui module (the lessons' code and its libraries), collect once,
    then freeze every object alive. Runs once per process (app.py calls it on every
    run, inside a script run: some ui modules register components); True on the
    call that froze."""
    global _frozen
    if _frozen:
        return False
    _frozen = True
    one_blas_thread()
    if os.environ.get(FREEZE_ENV) == "0":   # bench/servers.py's "defaults" setup, to compare
        return False
    for module in pkgutil.walk_packages(ui.__path__, prefix="ui."):
        importlib.import_module(module.name)
    gc.collect()     # what is garbage now should not live forever in the frozen set
    gc.freeze()
    return True


def one_blas_thread() -> None:
    """One BLAS thread for the whole process, whichever script imported NumPy first.

    app.py sets OPENBLAS_NUM_THREADS before it imports NumPy, but a fresh server first
    opened on a lesson's link runs that page file before app.py (Streamlit's pages/
    folder mode, see ui.app_shell), and NumPy then starts with one BLAS thread per core:
    on two cores that made /learning's training many times slower and its estimate
    unstable. threadpoolctl sets the limit on the loaded library itself.
    """
    threadpool_limits(limits=1, user_api="blas")
