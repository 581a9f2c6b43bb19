"""AppTest for /inside: every hidden neuron on the 10,000 test digits, the verdict on the hope,
one neuron up close, and the learner's digit traced back to its pixels."""

import re

import numpy as np
import pytest

import netcore
from apptest_helpers import (_mnist_test, answer_check, canvas_image, chart, decode, feed_digit,
                             mnist_digit, page_test, validate_figures)
from ui import state

F = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}

# The interactive charts (ui.lessons.inside.hover_switch on): the tests read their exact values.
# test_the_page_draws_pictures_by_default checks the pictures a visit starts with.
HOVER = {state.INSIDE_HOVER: True}


def _layers(net, x):
    """(weighted sums, activations) of every layer after the input, written out here in NumPy."""
    a, zs, acts = np.asarray(x, np.float64), [], []
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        z = a @ w.astype(np.float64).T + b
        a = F["sigmoid" if l == len(net.weights) - 1 else net.activation](z)
        zs.append(z)
        acts.append(a)
    return zs, acts


def _class_means(net, layer):
    """A layer's mean activation per digit on MNIST's 10,000 test digits, read from data/ here."""
    images, labels = _mnist_test()
    a = _layers(net, images.reshape(-1, 784) / 255.0)[1][layer - 1]
    return np.array([a[labels == d].mean(axis=0) for d in range(10)]).T   # (neurons, 10)


@pytest.fixture(scope="module")
def net():
    return netcore.load_default()


def _own(net):
    return {state.TRAINED_NET: net, state.USE_TRAINED: True}


def _markdown(at, start):
    return next(m.value for m in at.markdown if m.value.startswith(start))


def test_the_per_digit_pictures_are_the_means_over_the_test_digits(net):
    at = page_test("inside.py", canvas_image(3), **HOVER).run()
    assert not at.exception, at.exception
    validate_figures(at)
    for layer in (1, 2):
        shown = decode(chart(at, f"inside_means_{layer}")["data"][0]["z"])
        assert shown.shape == (16, 10)
        np.testing.assert_allclose(shown, _class_means(net, layer), atol=1e-5)


def test_the_verdict_waits_for_the_learners_guess_and_states_the_closest_neurons_numbers(net):
    at = page_test("inside.py", **HOVER).run()
    assert not any(m.value.startswith(("**Yes.**", "**No.**")) for m in at.markdown)
    at = answer_check(at, "inside-loop", 0)
    assert not at.exception, at.exception
    verdict = next(m.value for m in at.markdown if m.value.startswith(("**Yes.**", "**No.**")))
    means = _class_means(net, 2)
    loop, rival = means[:, [8, 9]].min(axis=1), means[:, :8].max(axis=1)
    j = int(np.argmax(loop / rival))
    passed = loop[j] >= 2 * rival[j]
    assert verdict.startswith("**Yes.**" if passed else "**No.**")
    assert f"neuron {j}:" in verdict
    assert f"**{means[j, 8]:.2f}** for 8s and **{means[j, 9]:.2f}** for 9s" in verdict
    assert f"**{rival[j]:.2f}** for {int(np.argmax(means[j, :8]))}s" in verdict
    told = " ".join(str(m.value) for m in list(at.success) + list(at.info))
    if passed:
        assert "**Right.**" in told and f"Neuron {j} does" in told
    else:   # "Yes" was wrong: a yes-or-no question shows the answer at once, with the reason
        assert "You expected one, and this network has none." in told
        assert "nothing asked for loops" in told and "The answer is No" in told


def _gallery_digits(at):
    caption = next(c.value for c in at.caption if "favourite test digits" in c.value)
    return [int(d) for d in caption.split("They are ")[1].rstrip(".").split(", ")]


def test_picking_a_neuron_shows_its_favourite_test_digits(net):
    at = page_test("inside.py", **HOVER).run()
    images, labels = _mnist_test()
    shown = {}
    for layer, neuron in [(2, 5), (2, 11), (1, 0)]:
        at.segmented_control(key=state.INSIDE_LAYER).set_value(layer).run()
        at.pills(key=state.INSIDE_NEURON).set_value(neuron).run()
        assert not at.exception, at.exception
        a = _layers(net, images.reshape(-1, 784) / 255.0)[1][layer - 1][:, neuron]
        top = np.sort(a)[::-1][:12]
        digits = _gallery_digits(at)
        assert len(digits) == 12 and len(at.image) == 1
        # the 12 named digits are the labels of the 12 images with the highest activations
        # (near-ties, within float32 rounding, may come in either order)
        candidates = labels[a >= top[-1] - 1e-5]
        assert all(digits.count(d) <= list(candidates).count(d) for d in set(digits))
        if len(candidates) == 12:
            assert sorted(digits) == sorted(candidates)
        assert f"activation {top[0]:.3f} down to {top[-1]:.3f}" in next(
            c.value for c in at.caption if "favourite test digits" in c.value)
        outline = chart(at, f"inside_means_{layer}")["layout"]["shapes"]
        assert [(s["y0"], s["y1"]) for s in outline] == [(neuron - 0.5, neuron + 0.5)]
        pattern = decode(chart(at, "inside_pattern")["data"][0]["z"]).ravel()
        w = [x.astype(np.float64) for x in net.weights]
        np.testing.assert_allclose(pattern, w[0][neuron] if layer == 1 else (w[1] @ w[0])[neuron],
                                   rtol=1e-5, atol=1e-6)
        shown[(layer, neuron)] = digits
    assert shown[(2, 5)] != shown[(2, 11)]


def _numbers(text):
    return [float(v) for v in re.findall(r"[+-]\d+\.\d+", text)]


def _assert_the_guess_trace_adds_up(at, net):
    """The shares of the traced guess (the chart's cells) sum to its z minus z on a blank image;
    (every layer's z, the same on a blank image, the guess) for further checks."""
    x = at.session_state[state.DIGIT].x
    zs, acts = _layers(net, x)
    blank_zs, _ = _layers(net, np.zeros(784))
    guess = int(np.argmax(acts[-1]))
    shares = decode(chart(at, "inside_trace")["data"][0]["z"]).ravel()
    assert shares.sum() == pytest.approx(zs[-1][guess] - blank_zs[-1][guess], abs=1e-3)
    return zs, blank_zs, guess


def test_the_trace_of_the_guess_adds_up_to_z_minus_z_on_a_blank_image(net):
    at = page_test("inside.py", canvas_image(4), **HOVER).run()
    zs, blank_zs, guess = _assert_the_guess_trace_adds_up(at, net)
    total, z, z_blank, difference = _numbers(_markdown(at, "**Check:**"))
    assert total == pytest.approx(difference, abs=1e-4)
    assert z == pytest.approx(zs[-1][guess], abs=1e-4)
    assert z_blank == pytest.approx(blank_zs[-1][guess], abs=1e-4)
    assert _markdown(at, "**output layer, neuron ").startswith(f"**output layer, neuron {guess}**")


def test_a_hidden_neuron_traced_has_its_shares_through_the_first_layer(net):
    at = page_test("inside.py", canvas_image(7), **HOVER).run()
    at.segmented_control(key=state.INSIDE_TRACE_LAYER).set_value(1).run()
    at.pills(key=state.INSIDE_TRACE_NEURON).set_value(9).run()
    assert not at.exception, at.exception
    x = at.session_state[state.DIGIT].x.astype(np.float64)
    shares = decode(chart(at, "inside_trace")["data"][0]["z"]).ravel()
    np.testing.assert_allclose(shares, net.weights[0][9].astype(np.float64) * x, atol=1e-6)
    total, z, z_blank, _ = _numbers(_markdown(at, "**Check:**"))
    assert z_blank == pytest.approx(float(net.biases[0][9]), abs=1e-4)
    assert total == pytest.approx(z - z_blank, abs=2e-4)


def test_a_misread_mnist_digit_offers_the_guess_minus_its_label(net):
    at = page_test("inside.py", **HOVER)
    feed_digit(at, mnist_digit(5, 0), source="mnist", label=5)   # MNIST test digit 8: read as 6
    at.run()
    guess = int(np.argmax(net.feedforward(at.session_state[state.DIGIT].x)))
    assert guess != 5
    button = next(b for b in at.button if b.key == state.INSIDE_TRACE_MISREAD)
    button.click().run()
    assert not at.exception, at.exception
    x = at.session_state[state.DIGIT].x
    zs, _ = _layers(net, x)
    blank_zs, _ = _layers(net, np.zeros(784))
    expected = (zs[-1][guess] - zs[-1][5]) - (blank_zs[-1][guess] - blank_zs[-1][5])
    shares = decode(chart(at, "inside_trace")["data"][0]["z"]).ravel()
    assert shares.sum() == pytest.approx(expected, abs=1e-3)
    assert _markdown(at, f"**output {guess} minus output 5**")
    assert not [b for b in at.button if b.key == state.INSIDE_TRACE_MISREAD]


@pytest.mark.parametrize("sizes, activation", [((784, 12, 8, 10), "relu"), ((784, 20, 10), "tanh"),
                                               ((784, 10), "sigmoid"),
                                               ((784, 9, 7, 5, 10), "sigmoid")])
def test_a_learners_own_network_is_the_one_inside(sizes, activation):
    own = netcore.Network(sizes, activation, seed=4)
    at = page_test("inside.py", canvas_image(2), **HOVER, **_own(own)).run()
    assert not at.exception, at.exception
    validate_figures(at)
    assert "your own network" in at.markdown[0].value
    hidden = range(1, len(sizes) - 1)
    for layer in hidden:
        shown = decode(chart(at, f"inside_means_{layer}")["data"][0]["z"])
        np.testing.assert_allclose(shown, _class_means(own, layer), rtol=1e-4, atol=1e-5)
    if not hidden:
        assert any("no hidden layer" in info.value for info in at.info)
    else:
        at = answer_check(at, "inside-loop", 1)
        tested = "hidden layer 2" if len(sizes) > 3 else "hidden layer 1"
        verdict = next(m.value for m in at.markdown if m.value.startswith(("**Yes.**", "**No.**")))
        assert tested in verdict
    _assert_the_guess_trace_adds_up(at, own)


def test_the_stats_are_computed_once_per_network(monkeypatch):
    from netcore import neuron_stats
    from ui.lessons import inside
    inside._dataset_stats.clear()
    calls = []
    real = neuron_stats.hidden_layer_stats
    monkeypatch.setattr(neuron_stats, "hidden_layer_stats", lambda *a, **k: calls.append(1) or real(*a, **k))
    own = netcore.Network((784, 6, 5, 10), seed=9)
    for _ in range(2):
        assert not page_test("inside.py", **HOVER, **_own(own)).run().exception
    assert len(calls) == 1
    other = own.copy()
    other.weights[1][0, 0] += 1.0
    assert not page_test("inside.py", **HOVER, **_own(other)).run().exception
    assert len(calls) == 2


def _loop_test(row, floor=0.0):
    from netcore import neuron_stats
    means = np.full((3, 10), 0.2 if floor == 0 else -0.8)
    means[:, 8:] = floor + 0.05          # the other neurons: quiet on 8s and 9s
    means[1] = row
    return neuron_stats.loop_detector_test(means, floor)


def test_the_verdicts_words_follow_its_numbers():
    from ui.lessons import inside
    row = np.full(10, 0.1)
    row[8], row[9], row[3] = 0.8, 0.9, 0.3
    yes = inside.loop_verdict(_loop_test(row), 2, 4)
    assert yes.startswith("**Yes.** In hidden layer 2, neuron 1 does: on average it fires **0.80** "
                          "for 8s and **0.90** for 9s, and **0.30** for 3s")
    assert "2.7 times that; the test asks for twice." in yes
    row[3] = 0.5
    short = inside.loop_verdict(_loop_test(row), 2, 4)
    assert short.startswith("**No.** No neuron of hidden layer 2 fires for 8s and 9s twice")
    assert "and **0.50** for 3s, the other digit it fires for most: the weaker of its 8s and 9s " \
           "is only 1.60 times that, short of twice." in short
    row[3] = 0.85
    beaten = inside.loop_verdict(_loop_test(row), 2, 4)
    assert beaten.endswith("but **0.85** for 3s, so 8s and 9s are not even its two favourite digits.")
    tanh = np.full(10, -0.6)
    tanh[8], tanh[9] = 0.2, 0.3
    assert "(measured from -1, the lowest a tanh neuron can go)" in inside.loop_verdict(
        _loop_test(tanh, floor=-1.0), 1, 3)


def test_the_breadth_sentence_says_what_its_median_says():
    from netcore.neuron_stats import LayerStats
    from ui.lessons import inside
    sigmoid_net = netcore.Network((784, 4, 4, 10))
    broad = np.where(np.arange(10) < 6, 0.9, 0.1) * np.ones((4, 1))
    picky = np.where(np.arange(10) == 2, 0.9, 0.1) * np.ones((4, 1))
    none = np.zeros((4, 12), dtype=int)
    text = inside.breadth_sentence(LayerStats(2, broad, none, none), sigmoid_net, 4)
    assert "median of **6** of the 10 digits (from 6 to 6): most of its neurons take part" in text
    text = inside.breadth_sentence(LayerStats(2, picky, none, none), sigmoid_net, 4)
    assert "median of **1** of the 10 digits (from 1 to 1): most of its neurons are picky" in text


def test_a_network_with_many_or_wide_layers_gets_a_layer_list_and_a_number_box():
    own = netcore.Network((784, 70, 66, 5, 5, 5, 5, 5, 10), seed=6)
    at = page_test("inside.py", **HOVER, **_own(own)).run()
    assert not at.exception, at.exception
    assert any("Layers 5 to 7: pick them below." in c.value for c in at.caption)
    assert at.selectbox(key=state.INSIDE_LAYER).value == 2
    box = at.number_input(key=state.INSIDE_NEURON)
    assert box.value == 0 and not at.pills   # 66 neurons: a number box, no buttons
    box.set_value(65).run()
    assert not at.exception, at.exception
    outline = chart(at, "inside_means_2")["layout"]["shapes"]
    assert [(s["y0"], s["y1"]) for s in outline] == [(64.5, 65.5)]
    images, _ = _mnist_test()
    a = _layers(own, images.reshape(-1, 784) / 255.0)[1][1][:, 65]
    caption = next(c.value for c in at.caption if "favourite test digits" in c.value)
    assert f"activation {a.max():.3f} down to {np.sort(a)[-12]:.3f}" in caption
    at.selectbox(key=state.INSIDE_LAYER).set_value(6).run()
    assert not at.exception, at.exception
    assert at.pills(key=state.INSIDE_NEURON).value is None   # neuron 65 does not exist there


def test_the_page_draws_pictures_by_default_with_the_real_means(net):
    """Opened as a link opens it: no plotly.js (pictures and SVG), the per-digit tables carrying
    the real means, the trace a picture; the switch brings the charts back."""
    import re

    from picture_helpers import svgs
    from ui import state
    at = page_test("inside.py", canvas_image(3)).run()
    assert not at.exception and not at.get("plotly_chart")
    from ui.lessons import inside
    stats = inside.hidden_stats(net)
    tables = [svg for svg in svgs(at) if "<title>" in svg and "rgb(" in svg]
    assert len(tables) >= len(stats)
    for svg, layer_stats in zip(tables, stats):
        shown = [float(v) for v in re.findall(r"<title>[^<]*: ([\d.]+)</title>", svg)]
        np.testing.assert_allclose(np.reshape(shown, layer_stats.class_means.shape),
                                   layer_stats.class_means, atol=5e-4)
    at.toggle(key=state.INSIDE_HOVER).set_value(True).run()
    assert at.get("plotly_chart")
