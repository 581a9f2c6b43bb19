"""The forward pass in motion: /layers' drawing lit one layer at a time, in the browser.

The drawing (ui.lessons.layers.network_drawing) is one SVG with every state of
the forward pass in it: the neurons lit by their real activations, and over
each layer a "waiting" copy (dark circles, dotted rings) shown while the pass
has not reached it; the connections into a layer drawn faint until then; the
formula of each layer; the network's choice. Which of these are shown at step
k (the layers 0..k computed) is one table, `shown(k, n_steps)`, written into
CSS twice: as the state of each step's radio button (the step names under the
drawing are their labels), and as keyframes that Play runs through, one step
every FRAME_MS. Everything runs in the browser: no script, no round trip to the
server per step, and no plotly.js to load (a page opened from a link draws in
about half the time).

Motion: every step is a cut (CSS `step-end`: a class is shown or hidden at
once), held FRAME_MS; nothing slides or fades, so there is no motion in WCAG
2.3.3's sense, and a learner who asks for reduced motion
(`prefers-reduced-motion`) sees the same cuts. Play starts only when pressed;
the step names go to any layer at any pace, and work from the keyboard (they are
radio buttons).
"""

from __future__ import annotations

import functools
from html import escape

from ui.i18n import N_, t
from ui.palette import GUESS_COLOUR
from ui.words import layer_name

FRAME_MS = 1500            # how long Play holds each layer: time to read its formula
WAITING_OPACITY = 0.12     # connections into a layer not yet computed: faint, not gone
CONTROL_BG, CONTROL_TEXT, CONTROL_EDGE = "#2a2a33", "#e6e6e6", "#777777"
SQUASH = {"sigmoid": "σ", "relu": "ReLU", "tanh": "tanh"}   # Network.activation -> its symbol
PLAY_LABEL = N_("▶ Play the forward pass")   # shown as t(PLAY_LABEL)
ROOT = "fp"                # the class of the drawing's box, and the prefix of its ids
PLAYS = ("a", "b")         # two Play buttons take turns, so a second press plays again
_SUPERSCRIPT = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def how_to() -> str:
    """The sentence under the drawing that says what Play and the step names do."""
    return t("Press **{play}** to watch your digit go through the network one layer at a time "
             "({seconds:g} s a layer, each a still picture, no motion), or press a layer's name "
             "under the drawing to step through the layers yourself.", play=t(PLAY_LABEL),
             seconds=FRAME_MS / 1000)


def superscript(text: str) -> str:
    """"(1)" -> "⁽¹⁾": the layer a symbol belongs to, written as the video writes it."""
    return text.translate(_SUPERSCRIPT)


def squash_name(net, depth: int) -> str:
    """The function that squashes layer `depth`'s z = W a + b: the network's chosen one
    (σ, ReLU or tanh) for hidden layers, σ for the output layer (Network.layer_function)."""
    return SQUASH["sigmoid" if depth == len(net.sizes) - 1 else net.activation]


def formula(net, depth: int) -> str:
    """How layer `depth` is computed, e.g. "a⁽¹⁾ = σ(W⁽¹⁾ a⁽⁰⁾ + b⁽¹⁾)"."""
    here, before = superscript(f"({depth})"), superscript(f"({depth - 1})")
    if depth == 0:
        # TRANSLATORS: {symbol} is a⁽⁰⁾, the input layer's activations
        return t("{symbol} = your {n} pixels", symbol=f"a{here}", n=net.sizes[0])
    return f"a{here} = {squash_name(net, depth)}(W{here} a{before} + b{here})"


def step_names(n_layers: int) -> list[str]:
    """One step per layer, named under the drawing: "input", "hidden 1", ..., "output"."""
    return [layer_name(d, n_layers, short=True) for d in range(n_layers)]


# --- what each step shows --------------------------------------------------------------------
# The drawing's parts that change, by class (fp-<part>): "lines{d}" the connections into
# layer d, "wait{d}" the waiting copy of layer d's neurons, "formula{k}" the formula of layer
# k, "choice" the network's choice marked, "unchosen" the chosen digit written plainly, and
# in the bar "on{k}", step k's name lit.

def part_names(n_steps: int) -> list[str]:
    """Every class that changes from step to step, for a network of n_steps layers."""
    return ([f"lines{d}" for d in range(1, n_steps)] + [f"wait{d}" for d in range(1, n_steps)]
            + [f"formula{k}" for k in range(n_steps)] + ["choice", "unchosen"]
            + [f"on{k}" for k in range(n_steps)])


def shown(reached: int, n_steps: int) -> dict[str, bool]:
    """{class: shown?} once the forward pass has computed layers 0..reached.

    Connections into a layer are drawn in full once it is computed (faint before); its
    waiting copy is hidden then; only the formula of the layer just computed is shown; the
    choice is marked, and the plain digit under it hidden, only at the outputs."""
    last = n_steps - 1
    out = {}
    for d in range(1, n_steps):
        out[f"lines{d}"] = d <= reached
        out[f"wait{d}"] = d > reached
    for k in range(n_steps):
        out[f"formula{k}"] = k == reached
        out[f"on{k}"] = k == reached
    out["choice"], out["unchosen"] = reached == last, reached != last
    return out


def _declarations(part: str, on: bool) -> str:
    """The CSS that shows (on) or hides one part."""
    if part.startswith("lines"):
        return f"stroke-opacity: {1 if on else WAITING_OPACITY}"
    if part.startswith("on"):
        return (f"background: {GUESS_COLOUR}; color: #111111" if on
                else f"background: {CONTROL_BG}; color: {CONTROL_TEXT}")
    return f"visibility: {'visible' if on else 'hidden'}"


def _target(part: str) -> str:
    """The selector of a part inside the drawing's box (step names are in its bar)."""
    return f".{ROOT}-bar .{ROOT}-{part}" if part.startswith("on") else f".{ROOT}-stage .{ROOT}-{part}"


@functools.lru_cache(maxsize=32)   # the same two numbers give the same text: built once
def style(n_steps: int, opening: int) -> str:
    """The drawing's CSS: how it opens (step `opening`), each step's state, and Play.

    Opening: no radio button is checked, so the state is the box's own (a checked one
    overrides it: an id in the selector weighs more). Play: every part runs its own
    keyframes, one value a step, `step-end` (a cut, no tween), `both` (held at the end).
    """
    r = ROOT
    rules = [
        f".{r} {{ position: relative; margin: 0.2rem 0 0.6rem; }}",
        f".{r} > input {{ position: absolute; opacity: 0; width: 1px; height: 1px; "
        f"pointer-events: none; }}",
        f".{r}-bar {{ display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; "
        f"margin: 0.3rem 0; }}",
        f".{r}-bar label {{ cursor: pointer; border: 1px solid {CONTROL_EDGE}; "
        f"border-radius: 0.3rem; padding: 0.15rem 0.55rem; font-size: 0.9rem; "
        f"background: {CONTROL_BG}; color: {CONTROL_TEXT}; user-select: none; margin: 0; }}",
        f".{r}-legend {{ font-size: 0.85rem; margin-left: auto; }}",
        f".{r}-swatch {{ display: inline-block; width: 1.4rem; height: 0.25rem; "
        f"vertical-align: middle; margin: 0 0.25rem 0 0.6rem; }}",
        f".{r}-stage svg {{ display: block; width: 100%; height: auto; }}",
        f".{r}-play-{PLAYS[1]} {{ display: none; }}",
        f".{r} #{r}-play-{PLAYS[0]}:checked ~ .{r}-bar .{r}-play-{PLAYS[0]} {{ display: none; }}",
        f".{r} #{r}-play-{PLAYS[0]}:checked ~ .{r}-bar .{r}-play-{PLAYS[1]} {{ display: inline-block; }}",
    ]
    rules += [f".{r} #{r}-{name}:focus-visible ~ .{r}-bar label[for={r}-{name}] "
              f"{{ outline: 2px solid {GUESS_COLOUR}; }}"
              for name in [f"s{k}" for k in range(n_steps)] + [f"play-{p}" for p in PLAYS]]
    parts = part_names(n_steps)
    states = [shown(k, n_steps) for k in range(n_steps)]
    rules += [f".{r} {_target(p)} {{ {_declarations(p, on)}; }}"
              for p, on in states[opening].items()]
    for k, state in enumerate(states):
        rules += [f".{r} #{r}-s{k}:checked ~ {_target(p)} {{ {_declarations(p, on)}; }}"
                  for p, on in state.items()]
    total = FRAME_MS * n_steps
    for play in PLAYS:
        for p in parts:
            name = f"{r}-{play}-{p}"
            frames = " ".join(f"{100 * k / n_steps:.4g}% {{ {_declarations(p, state[p])}; }}"
                              for k, state in enumerate(states))
            last = _declarations(p, states[-1][p])
            rules.append(f"@keyframes {name} {{ {frames} 100% {{ {last}; }} }}")
            rules.append(f".{r} #{r}-play-{play}:checked ~ {_target(p)} "
                         f"{{ animation: {name} {total}ms step-end both; }}")
    return "<style>" + " ".join(rules) + "</style>"


def controls(names: list[str], legend: list[tuple[str, str]]) -> tuple[str, str]:
    """(the radio buttons, the bar of their labels): Play, one name per step, the legend.

    legend: (colour, name) of each line colour. The inputs come first in the box: the
    CSS reaches the bar and the drawing after them (`~`)."""
    r = ROOT
    inputs = "".join(f'<input type="radio" name="{r}-step" id="{r}-s{k}" '
                     f'aria-label="{escape(name)}"/>' for k, name in enumerate(names))
    inputs += "".join(f'<input type="radio" name="{r}-step" id="{r}-play-{p}" '
                      f'aria-label="{escape(t(PLAY_LABEL))}"/>' for p in PLAYS)
    play = "".join(f'<label for="{r}-play-{p}" class="{r}-play {r}-play-{p}">'
                   f"{escape(t(PLAY_LABEL))}</label>" for p in PLAYS)
    steps = "".join(f'<label for="{r}-s{k}" class="{r}-step {r}-on{k}">{escape(name)}</label>'
                    for k, name in enumerate(names))
    key = "".join(f'<span class="{r}-swatch" style="background: {colour}"></span>{escape(name)}'
                  for colour, name in legend)
    return inputs, f'<div class="{r}-bar">{play}{steps}<span class="{r}-legend">{key}</span></div>'
