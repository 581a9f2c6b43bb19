"""ui/state.py owns every session key, widget key and URL parameter; pages never touch the session."""

import ast
import re

import pytest

from apptest_helpers import ROOT, canvas_image, page_test

WIDGETS = {"button", "checkbox", "color_picker", "data_editor", "date_input", "download_button",
           "file_uploader", "multiselect", "number_input", "pills", "radio", "segmented_control",
           "select_slider", "selectbox", "slider", "text_area", "text_input", "time_input",
           "toggle", "st_canvas"}
SOURCES = sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "ui").rglob("*.py")) + [ROOT / "app.py"]


def _widget_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            chart_with_clicks = name == "plotly_chart" and any(k.arg == "on_select" for k in node.keywords)
            if name in WIDGETS or chart_with_clicks:
                yield name, node


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_widget_key_is_written_out_as_a_string(path):
    tree = ast.parse(path.read_text())
    for name, call in _widget_calls(tree):
        for keyword in call.keywords:
            if keyword.arg == "key":
                assert not isinstance(keyword.value, (ast.Constant, ast.JoinedStr)), (
                    f"{path.name}:{call.lineno}: {name}(key={ast.unparse(keyword.value)}): "
                    "declare the key in ui/state.py")


@pytest.mark.parametrize("path", [p for p in SOURCES if p.name != "state.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_only_ui_state_touches_the_session_and_the_url(path):
    touches = [node.lineno for node in ast.walk(ast.parse(path.read_text()))
               if isinstance(node, ast.Attribute) and node.attr in ("session_state", "query_params")]
    assert not touches, (f"{path.relative_to(ROOT)}, lines {touches}: reads or writes the session "
                         "or the URL itself; use ui.state's accessors")


def test_there_are_no_untyped_get_and_set_by_key():
    from ui import state
    assert not hasattr(state, "get") and not hasattr(state, "set")


def _declared(key: str) -> bool:
    from ui import state
    return (key in state.DEFAULTS or key in state.WIDGET_KEYS
            or re.fullmatch(r"canvas-\d+", key) is not None
            or key.startswith((state.CHECK_KEY_PREFIX, state.CODE_KEY_PREFIX))
            or any(key == state.preset_button_key(name) for name in ("bar", "edge", "zero")))


def test_every_lesson_keeps_only_declared_keys_in_the_session():
    from ui import contents
    for lesson in contents.LESSONS:
        at = page_test(lesson.file, canvas_image(5)).run()
        assert not at.exception, (lesson.file, at.exception)
        keys = at.session_state._state.filtered_state.keys()   # AppTest's view of the session
        undeclared = sorted(k for k in keys if not _declared(k))
        assert not undeclared, f"{lesson.file} keeps keys ui/state.py does not declare: {undeclared}"


def test_widget_access_refuses_an_undeclared_key():
    from ui import state
    with pytest.raises(KeyError, match="declare it in ui/state.py"):
        state.widget("no_such_widget")
