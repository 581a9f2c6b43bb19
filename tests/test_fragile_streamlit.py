"""The two places that rely on the inside of installed packages, checked against what is installed.

Each test fails loudly when an upgrade renames what the app relies on, instead of
the app silently losing its navigation (ui.app_shell) or its canvas fix
(ui.canvas_toolbar). If one fails: read the new version's source, adapt the module
named in the test, and update the names here.
"""

import importlib.util
import inspect
import re
from pathlib import Path

import pytest
import streamlit
from streamlit.commands import navigation
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from ui import app_shell, canvas_toolbar


# ---- ui.app_shell: Streamlit's old pages/ folder mode ---------------------------------------

def test_the_pages_folder_flag_is_still_a_class_attribute_of_pages_manager():
    assert app_shell.FLAG in vars(PagesManager), (
        f"streamlit {streamlit.__version__}: PagesManager.{app_shell.FLAG} is gone; "
        "ui/app_shell.py can no longer leave the pages/ folder mode")


def test_streamlit_still_sets_the_flag_from_the_pages_folder_and_st_navigation_clears_it():
    manager = inspect.getsource(PagesManager.__init__)
    assert f"PagesManager.{app_shell.FLAG} = " in manager and '"pages"' in manager
    assert f"PagesManager.{app_shell.FLAG} = False" in inspect.getsource(navigation.navigation)


def test_the_flag_still_decides_whether_a_pages_file_runs_on_its_own():
    runner = inspect.getsource(script_runner.ScriptRunner)
    assert re.search(rf"if PagesManager\.{app_shell.FLAG}:\s*\n\s*_mpa_v1\(", runner), (
        "the script runner no longer runs pages/ files on their own under this flag: "
        "check whether ui/app_shell.py is still needed")


def test_leaving_the_mode_sets_the_flag_off_and_reruns(monkeypatch):
    reruns = []
    monkeypatch.setattr(app_shell.st, "rerun", lambda: reruns.append(True))
    monkeypatch.setattr(PagesManager, app_shell.FLAG, True)
    app_shell.leave_pages_folder_mode()
    assert getattr(PagesManager, app_shell.FLAG) is False and reruns == [True]
    app_shell.leave_pages_folder_mode()   # once off, nothing more happens
    assert reruns == [True]


# ---- ui.canvas_toolbar: the drawing canvas component's toolbar -------------------------------

def _component_bundle() -> str:
    # found, not imported: the component registers itself only inside a running app
    package = Path(importlib.util.find_spec("streamlit_drawable_canvas").origin).parent
    build = package / "frontend" / "build"
    files = sorted(build.glob("*.js")) + sorted(build.glob("*.css"))
    assert files, f"no frontend bundle under {build}"
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)


@pytest.mark.parametrize("class_name", [canvas_toolbar.ROOT_CLASS, canvas_toolbar.TOOLBAR_CLASS,
                                        canvas_toolbar.SEPARATOR_CLASS])
def test_the_component_still_uses_the_class_names_the_fix_selects(class_name):
    assert re.search(rf'className\s*=\s*["`]{re.escape(class_name)}["`]', _component_bundle()), (
        f"the canvas component no longer creates an element of class {class_name!r}")


def test_the_toolbar_is_still_a_direct_child_of_the_root_and_can_be_pinned():
    bundle = _component_bundle()
    attribute = canvas_toolbar.PINNED_ATTRIBUTE.removeprefix("data-")
    assert f"dataset.{attribute}" in bundle
    assert re.search(rf"\.{canvas_toolbar.ROOT_CLASS}:hover\s*>\s*\.{canvas_toolbar.TOOLBAR_CLASS}",
                     bundle), "the component's own CSS no longer shows the toolbar as the root's child"


@pytest.mark.parametrize("label", canvas_toolbar.HIDDEN_BUTTONS)
def test_the_buttons_the_fix_hides_still_have_these_aria_labels(label):
    bundle = _component_bundle()
    assert 'setAttribute("aria-label"' in bundle
    assert re.search(rf'["`]{re.escape(label)}["`]', bundle), f"no toolbar button {label!r}"


def test_streamlit_still_isolates_components_in_a_shadow_root_with_this_test_id():
    static = Path(streamlit.__file__).parent / "static"
    hits = [p for p in static.rglob("*.js")
            if canvas_toolbar.HOST_TEST_ID in p.read_text(encoding="utf-8", errors="replace")]
    assert hits, f"no Streamlit frontend file mentions {canvas_toolbar.HOST_TEST_ID!r}"
    assert any("attachShadow" in p.read_text(encoding="utf-8", errors="replace") for p in hits)


def test_the_script_uses_exactly_these_names():
    script = canvas_toolbar.SCRIPT
    for name in (canvas_toolbar.ROOT_CLASS, canvas_toolbar.TOOLBAR_CLASS,
                 canvas_toolbar.SEPARATOR_CLASS, canvas_toolbar.PINNED_ATTRIBUTE,
                 canvas_toolbar.HOST_TEST_ID, canvas_toolbar.DIGIT_CANVAS_CLASS,
                 *canvas_toolbar.HIDDEN_BUTTONS):
        assert name in script
    assert not re.findall(r"\.dc-[\w-]+", script.replace(canvas_toolbar.ROOT_CLASS, "")
                          .replace(canvas_toolbar.SEPARATOR_CLASS, "")
                          .replace(canvas_toolbar.TOOLBAR_CLASS, "")), "a class name not checked above"
