"""The one way tests feed the learner's digit to pages run under streamlit.testing.v1.AppTest.

A custom component (the drawing canvas) cannot be drawn on inside AppTest, so
tests put a digit into the session the same way the canvas does:
`ui.state.make_digit(image)` stored under `ui.state.DIGIT`.
"""

from __future__ import annotations

import base64
import gzip
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


def page_test(page_file: str, digit_image=None, **session) -> AppTest:
    """An AppTest of one page file run on its own (as a learner landing on its URL would)."""
    at = AppTest.from_file(str(ROOT / "pages" / page_file), default_timeout=TIMEOUT)
    if digit_image is not None:
        feed_digit(at, digit_image)
    for key, value in session.items():
        at.session_state[key] = value
    return at


def app_test() -> AppTest:
    """An AppTest of the whole app, with its navigation."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)


def feed_digit(at: AppTest, image, source: str = "drawing", label=None) -> AppTest:
    """Make `image` (as a canvas or an upload would give it) the learner's digit."""
    from ui import state  # imported here: ui needs streamlit, which AppTest has loaded
    at.session_state[state.DIGIT] = state.make_digit(np.asarray(image), source=source, label=label)
    return at


@lru_cache(maxsize=None)
def _mnist_test():
    def read(name, offset):
        with gzip.open(ROOT / "data" / name) as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)
    images = read("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
    labels = read("t10k-labels-idx1-ubyte.gz", 8)
    return images, labels


def mnist_digit(digit: int, nth: int = 0) -> np.ndarray:
    """The nth MNIST test image of `digit`, 28x28 uint8 (white on black)."""
    images, labels = _mnist_test()
    return images[np.flatnonzero(labels == digit)[nth]]


def canvas_image(digit: int, nth: int = 0, size: int = 280) -> np.ndarray:
    """An MNIST digit as the canvas would send it: size x size RGBA, white ink, transparent ground."""
    from PIL import Image
    gray = np.asarray(Image.fromarray(mnist_digit(digit, nth)).resize((size, size), Image.BILINEAR))
    rgba = np.zeros((size, size, 4), np.uint8)
    rgba[..., :3] = 255
    rgba[..., 3] = gray
    return rgba


def validate_figures(at: AppTest) -> None:
    """Run plotly.py's validation on every chart the page drew: the app builds its figures
    without it, for speed, so a misspelt property would otherwise go unnoticed."""
    import plotly.graph_objects as go
    for element in at.get("plotly_chart"):
        go.Figure(json.loads(element.proto.spec))


def metric_value(at: AppTest, label_start: str) -> str:
    """The value of the first st.metric whose label begins with label_start."""
    for metric in at.metric:
        if metric.label.startswith(label_start):
            return metric.value
    raise AssertionError(f"no metric labelled {label_start!r}; have {[m.label for m in at.metric]}")


def video_bar_and_edge() -> tuple[np.ndarray, np.ndarray]:
    """The video's two painted neurons, built from their description independently of the app:
    +1 on rows 5-7, columns 9-18 (a bar); the edge one also has -1 on the one-pixel ring around it."""
    bar = np.zeros((28, 28))
    bar[5:8, 9:19] = 1
    edge = np.zeros((28, 28))
    edge[4:9, 8:20] = -1
    edge[5:8, 9:19] = 1
    return bar.ravel(), edge.ravel()


def decode(value):
    """A Plotly JSON array, plain or base64-typed ({"dtype", "bdata", "shape"}), as numpy."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return arr.reshape([int(n) for n in str(shape).split(",")]) if shape else arr
    return np.asarray(value, dtype=float)


def chart(at, key: str) -> dict:
    """The Plotly spec (parsed JSON) of the chart drawn with key=`key`."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith("-" + key):
            return json.loads(element.proto.spec)
    raise AssertionError(f"no plotly chart with key {key!r}")


def sigma(z: float) -> float:
    """The sigmoid, written out here independently of netcore."""
    return 1.0 / (1.0 + np.exp(-z))


def the_digit(at) -> np.ndarray:
    """The learner's digit's 784 inputs as the page holds them, in float64."""
    from ui import state  # imported here: ui needs streamlit, which AppTest has loaded
    return at.session_state[state.DIGIT].x.astype(np.float64)


def metric_float(at, label: str) -> float:
    """The value of the first st.metric whose label begins with label, as a number."""
    return float(metric_value(at, label).replace(",", ""))


def answer_check(at: AppTest, check_id: str, value) -> AppTest:
    """Commit `value` to a check for understanding (ui.check): the choice's index, or a number."""
    from ui import state
    key = state.check_key(check_id, "answer")
    widget = next(w for w in list(at.radio) + list(at.number_input) if w.key == key)
    widget.set_value(value)
    button = next(b for b in at.button if b.proto.is_form_submitter
                  and b.proto.form_id == state.check_key(check_id, "form"))
    return button.click().run()



@lru_cache(maxsize=None)
def misread_test_digit() -> tuple[int, int, int]:
    """(index, label, guess) of the first MNIST test digit that the shipped network misreads
    as a page shows it (?mnist=index: the picture run through the site's preprocessing)."""
    import netcore
    from ui import state  # imported here: ui needs streamlit, which AppTest has loaded
    images, labels = _mnist_test()
    net = netcore.load_default()
    raw_guesses = net.predict(images.reshape(-1, 784) / np.float32(255))
    for index in np.flatnonzero(raw_guesses != labels):
        guess = net.predict(state.make_digit(images[index], source="mnist").x)
        if guess != labels[index]:
            return int(index), int(labels[index]), int(guess)
    raise AssertionError("the shipped network reads every test digit right")
