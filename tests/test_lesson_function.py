"""AppTest for /function: the network as a function, every layer at once, uploads,
things that are not digits."""

import numpy as np
import pytest

import netcore
from apptest_helpers import answer_check, canvas_image, metric_value, page_test
from netcore.preprocess import to_mnist
from test_image_input import digit_png, encode
from picture_helpers import media  # noqa: F401 (a fixture)
from ui import state


GUESS = "Network's guess"


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


def guesses(at) -> list[str]:
    return [m.value for m in at.metric if m.label.startswith(GUESS)]


def in_and_out_choice(at, net) -> int:
    """The index of the in-and-out check's right answer, from net.sizes."""
    options = at.radio(key=state.check_key("function-in-and-out", "answer")).options
    return list(options).index(f"{net.sizes[0]} in, {net.sizes[-1]} out")


def noise_choice(net) -> int:
    """The noise check's right choice, from the network's outputs on the noise of seed 0."""
    from ui.lessons.function import nondigit
    top = float(net.feedforward(nondigit("uniform noise", 0)).max())
    return 1 + (top >= 0.5) + (top >= 0.9)


def test_function_page_runs_without_a_digit_and_counts_the_parameters(net):
    at = page_test("function.py").run()
    assert not at.exception
    assert not guesses(at)
    assert not any(f"{net.n_params:,} parameters" in md.value for md in at.markdown)
    at = answer_check(at, "function-in-and-out", in_and_out_choice(at, net))
    assert any(f"{net.n_params:,} parameters" in md.value for md in at.markdown)


def test_function_page_shows_every_layer_and_the_guess(net):
    image = canvas_image(0)
    at = page_test("function.py", image).run()
    assert not at.exception
    assert metric_value(at, GUESS) == str(net.predict(to_mnist(image)))
    assert not at.get("plotly_chart")   # pictures: the page loads no plotly.js
    at.toggle(key=state.FUNCTION_HOVER).set_value(True).run()   # the chart, exact values on hover
    assert any("function_layers" in chart.proto.id for chart in at.get("plotly_chart"))


def test_function_picture_shows_every_layers_activations(net, media):
    """The layers picture: the input's cells and every later layer's cells in the gray heat
    map's colours of the network's own activations (function.layers_picture's layout)."""
    from picture_helpers import cell_colours, heat_map_colours, pictures
    from ui import images
    image = canvas_image(0)
    at = page_test("function.py", image).run()
    layers = pictures(at, media)[0]
    acts = net.activations(to_mnist(image))
    k = images.HIDPI
    H, top, gap, col_w = 300 * k, 44 * k, 30 * k, 52 * k
    cell = H // 28
    got = cell_colours(layers, (28, 28), cell, origin=((H - cell * 28) // 2, top))
    np.testing.assert_allclose(got, heat_map_colours(acts[0].reshape(28, 28), images.GRAY_SCALE,
                                                     0.0, 1.0), atol=0.51)
    x = H
    for a in acts[1:]:
        x += gap
        ys = (top + (np.arange(a.size) + 0.1) * H / a.size).astype(int)
        np.testing.assert_allclose(layers[ys, x + 3 * k],
                                   heat_map_colours(a, images.GRAY_SCALE, 0.0, 1.0), atol=0.51)
        x += col_w


def test_noise_buttons_give_an_answer_and_leave_the_digit_alone(net):
    from ui.lessons.function import nondigit
    at = page_test("function.py", canvas_image(0)).run()
    digit = at.session_state[state.DIGIT]
    assert guesses(at) == [metric_value(at, GUESS)]           # only the learner's digit so far
    assert not at.get("segmented_control")                    # the noise check comes first
    at = answer_check(at, "function-noise", noise_choice(net))
    for kind, seed in [("uniform noise", 0), ("uniform noise", 7), ("a smiley", 0)]:
        at.segmented_control(key="function_nondigit").set_value(kind).run()
        at.number_input(key="function_noise_seed").set_value(seed).run()
        assert not at.exception
        noise_guess = guesses(at)[1]
        assert noise_guess == str(net.predict(nondigit(kind, seed)))
        assert any(f"Fed {kind}, it answers **{noise_guess}**" in md.value for md in at.markdown)
    assert at.session_state[state.DIGIT] is digit


def test_noise_depends_on_the_seed_only():
    from ui.lessons.function import NONDIGITS, nondigit
    assert not np.array_equal(nondigit("uniform noise", 0), nondigit("uniform noise", 1))
    np.testing.assert_array_equal(nondigit("sparse random pixels", 5),
                                  nondigit("sparse random pixels", 5))
    for kind in NONDIGITS:
        x = nondigit(kind, 0)
        assert x.shape == (784,) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1
        assert x.max() > 0.5, kind


def test_uploading_a_photo_makes_it_the_digit_and_a_bad_file_keeps_it(net):
    from PIL import Image
    at = page_test("function.py").run()
    uploader = at.file_uploader(key="function_upload")
    uploader.set_value(("my-two.png", digit_png(2), "image/png")).run()
    assert not at.exception
    digit = at.session_state[state.DIGIT]
    assert digit.source == "upload"
    assert metric_value(at, GUESS) == "2" == str(net.predict(digit.x))
    assert at.session_state[state.UPLOAD_PHOTO].shape == (320, 320, 3)
    assert len(at.get("image")) == 5 + 2         # the steps from photo to input, layers, outputs

    for name, data, box in [("digit.png", b"just some words, not a picture\n" * 30, "error"),
                            ("blank.png", encode(Image.new("RGB", (200, 200), "white")), "warning")]:
        at.file_uploader(key="function_upload").set_value((name, data, "image/png")).run()
        assert not at.exception
        messages = [m.value for m in getattr(at, box)]
        assert any("previous digit is still the input" in m for m in messages), messages
        assert at.session_state[state.DIGIT] is digit
        assert metric_value(at, GUESS) == "2"


# --- the checks for understanding ---------------------------------------------------------------

def _texts(at, kind) -> str:
    return " ".join(str(m.value) for m in getattr(at, kind))


def test_the_in_and_out_check_says_the_digit_is_not_an_output(net):
    at = page_test("function.py").run()
    options = list(at.radio(key=state.check_key("function-in-and-out", "answer")).options)
    digit_out = options.index(f"{net.sizes[0]} in, 1 out (the digit)")
    at = answer_check(at, "function-in-and-out", digit_out)
    assert "not an output" in _texts(at, "warning")
    at = answer_check(at, "function-in-and-out", options.index(f"{net.n_params:,} in, 10 out"))
    info = _texts(at, "info")
    assert "not inputs" in info and f"`net.sizes == {net.sizes}`" in info
    assert any(f"{net.n_params:,} parameters" in md.value for md in at.markdown)


def test_the_noise_check_is_judged_by_the_networks_real_outputs():
    from ui.lessons.function import nondigit
    own = netcore.Network((784, 20, 10), seed=5)           # an untrained network: unsure of all
    outputs = own.feedforward(nondigit("uniform noise", 0))
    guess = int(np.argmax(outputs))
    at = page_test("function.py", trained_net=own, use_trained=True).run()
    at = answer_check(at, "function-noise", 0)              # "it says it is not a digit"
    assert f"it answers {guess}" in _texts(at, "warning")
    at = answer_check(at, "function-noise", noise_choice(own))
    assert not at.exception
    assert f"**{outputs[guess]:.2f}**" in _texts(at, "success")
    assert at.get("segmented_control")                      # the buttons come after the answer
