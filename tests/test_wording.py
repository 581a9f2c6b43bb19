"""One meaning for every word and symbol, on every page (issue 11 section 4).

W is k x n (neurons x inputs), the weighted sum is w·a and z = w·a + b; and the facts the
pages state (the network's test error and mix-ups, how it was trained) are computed here
from netcore, independently of the pages' own code.
"""

import re
from pathlib import Path

import numpy as np
import pytest

import netcore
from apptest_helpers import canvas_image, metric_value, page_test

PAGES = sorted(p.name for p in (Path(__file__).resolve().parent.parent / "pages").glob("*.py"))


def page_text(at) -> str:
    """Everything a learner reads on the page, code excepted: text, formulas, labels, tables."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "latex",
                                  "info", "success", "warning", "error")
             for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for table in at.table:
        frame = table.value
        parts += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def texts():
    out = {}
    for page in PAGES:
        at = page_test(page, canvas_image(3)).run()
        assert not at.exception, (page, at.exception)
        out[page] = page_text(at)
    return out


def test_every_page_was_read(texts):
    from ui import contents
    assert len(texts) == len(contents.LESSONS) and all(len(t) > 500 for t in texts.values())


@pytest.mark.parametrize("slip", [r"n_in\s*[x×·*]\s*n_out", r"\(n_in, n_out\)", r"784\s*[x×]\s*16",
                                  r"784\s*\\cdot\s*16", r"\(784, 16\)"])
def test_no_page_writes_a_weight_matrix_as_inputs_by_neurons(texts, slip):
    found = {page: m.group(0) for page, text in texts.items() if (m := re.search(slip, text))}
    assert not found


def test_the_weighted_sum_never_includes_the_bias(texts):
    for page, text in texts.items():
        assert not re.search(r"w ?· ?a \+ b \(weighted sum\)", text), page
        assert not re.search(r"weighted sum[^.\n]{0,12}\+ ?b\b", text, re.I), page


def test_counting_table_is_k_by_n_from_the_real_weights():
    at = page_test("counting.py").run()
    frame = at.table[0].value
    net = netcore.load_default()
    column = next(c for c in frame.columns if c.startswith("weights"))
    assert "k × n" in column
    assert list(frame[column]) == [f"{k:,} × {n:,} = {k * n:,}" for k, n in
                                   (w.shape for w in net.weights)]   # (16, 784) first
    assert any(r"16 \cdot 784" in latex.value for latex in at.latex)


def test_layers_names_the_weighted_sum_z_and_the_activation():
    at = page_test("layers.py", canvas_image(6)).run()
    labels = [m.label for m in at.metric]
    assert {"weighted sum w · a", "bias b", "z = w · a + b", "activation = σ(z)"} <= set(labels)
    assert any("fairly arbitrary choice" in m.value for m in at.markdown)


def test_function_says_each_neuron_is_a_function_with_the_real_sizes():
    from apptest_helpers import answer_check
    at = page_test("function.py", canvas_image(6)).run()
    net = netcore.load_default()
    from test_lesson_function import in_and_out_choice
    at = answer_check(at, "function-in-and-out", in_and_out_choice(at, net))
    said = next(m.value for m in at.markdown if "a neuron is a small function" in m.value)
    sizes = netcore.load_default().sizes
    assert f"{sizes[0]} of them" in said and f"{sizes[1]} for one of" in said
    assert "σ(w·a + b), between 0 and 1" in said


# --- /learning: how the site's network was trained, and how good it is ------------------------

def test_how_it_was_trained_keeps_the_settings_and_drops_the_machine():
    from ui.lessons.learning.text import recipe
    meta = netcore.load_network(netcore.default.DEFAULT_PATH, max_bytes=None)[1]
    text = recipe(meta)
    r = meta["recipe"]
    assert f"{r['epochs']} epochs" in text and f"batches of {r['batch_size']}" in text
    assert f"learning rate {r['learning_rate']:g}" in text and f"seed {r['seed']}" in text
    assert f"{meta['train_accuracy']:.2%}" in text and f"{meta['training_seconds']:g} s" in text
    for detail in (meta["machine"], "cpus", "thread", "numpy", "python", str(meta["numpy"])):
        assert detail.lower() not in text.lower()
    assert recipe({"note": "x", "cpus": 2, "openblas_num_threads": "1", "host_name": "a"}) == "note: x"


@pytest.fixture(scope="module")
def learning_page():
    at = page_test("learning.py").run()
    assert not at.exception
    return at


def test_how_good_gives_the_networks_real_error_and_mix_ups(learning_page):
    net, data = netcore.load_default(), netcore.load_mnist()
    guesses = np.asarray(net.predict(data.test_images))
    labels = np.asarray(data.test_labels)
    wrong = int(np.sum(guesses != labels))
    said = next(m.value for m in learning_page.markdown if "MNIST test digits wrong" in m.value)
    assert f"**{wrong:,} of the 10,000**" in said and f"**{wrong / 10_000:.2%}**" in said

    def times(a, b):
        return int(np.sum((labels == a) & (guesses == b)))
    for x, y in [(4, 9), (1, 7)]:
        assert (f"{x} and {y}, {times(x, y) + times(y, x)} times (a {x} read as {y}: "
                f"{times(x, y)}, a {y} read as {x}: {times(y, x)})") in said
    pairs = sorted(((times(a, b) + times(b, a), a, b) for a in range(10) for b in range(a + 1, 10)),
                   key=lambda p: (-p[0], p[1], p[2]))
    assert f"way round: {pairs[0][1]} and {pairs[0][2]} ({pairs[0][0]} times)" in said
    table = next(m.value for m in learning_page.markdown if "| Test error |" in m.value)
    assert f"| 784-16-16-10, the site's network | {wrong / 10_000:.2%} |" in table
    for figure in ("4.70%", "3.05%", "1.60%", "0.35%", "0.95%", "0.23%"):
        assert figure in table


def test_how_good_says_how_the_network_learned_to_read_drawings(learning_page):
    # Its figures come from the shipped file's recipe and netcore.redraw's pens, not from the text.
    from netcore.default import default_metadata
    from netcore.redraw import TRAINING_PENS
    from ui.lessons.learning import how_good

    recipe = default_metadata()["recipe"]
    said = next(m.value for m in learning_page.markdown if "Your drawings are not MNIST" in m.value)
    assert f"about {recipe['redrawn']:.0%} were shown as copies" in said
    assert f"a round pen {TRAINING_PENS[0]} to {TRAINING_PENS[1]} pixels wide" in said
    assert how_good.drawings({**recipe, "redrawn": 0.0}) is None and how_good.drawings(None) is None


def test_how_good_shows_real_test_digits_it_gets_wrong(learning_page):
    net, data = netcore.load_default(), netcore.load_mnist()
    guesses = np.asarray(net.predict(data.test_images))
    captions = [i.caption for image in learning_page.get("image") for i in image.proto.imgs]
    shown = [c for c in captions if re.fullmatch(r"#\d+: a \d, read as \d", c)]
    assert len(shown) >= 6
    for caption in shown:
        i, true, said = map(int, re.findall(r"\d+", caption))
        assert data.test_labels[i] == true and guesses[i] == said != true
        assert {true, said} in ({4, 9}, {1, 7})
