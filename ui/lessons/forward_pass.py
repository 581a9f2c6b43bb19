"""The forward pass in motion: /layers' drawing lit one layer at a time, in the browser.

The drawing (ui.lessons.layers.network_figure) carries one Plotly animation
frame per layer: frame k shows the layers 0..k lit by their real activations,
the connections into them drawn, and the later layers still waiting (dark,
dotted, their connections faint). A frame holds only what changes between
layers: the line colour of each connection trace, the style (not the place) of
each neuron circle, and the annotations (the formula beside the layer just
computed, the network's choice). Play and the slider run in the browser: no
round trip to the server per frame.

Motion: every frame is a cut (transition 0 ms) held FRAME_MS, never a tween.
Plotly cannot read the browser's prefers-reduced-motion setting, and a page
that reads it needs JavaScript on the page; cuts between still pictures are no
motion animation in WCAG 2.3.3's sense (nothing moves, colours change once a
step), so one behaviour serves everyone. Play only starts when pressed, and the
slider steps through the layers by hand at any pace.
"""

from __future__ import annotations

from ui.i18n import N_, t
from ui.palette import GUESS_COLOUR
from ui.words import layer_name

FRAME_MS = 1500            # how long Play holds each layer: time to read its formula
WAITING_ALPHA = 0.06       # connections into a layer not yet computed: faint, not gone
CONTROL_BG, CONTROL_TEXT, CONTROL_EDGE = "#2a2a33", "#e6e6e6", "#777777"
SQUASH = {"sigmoid": "σ", "relu": "ReLU", "tanh": "tanh"}   # Network.activation -> its symbol
PLAY_LABEL = N_("▶ Play the forward pass")   # shown as t(PLAY_LABEL)
PAUSE_LABEL = N_("❚❚ Pause")
# Under the drawing: the legend's row, then the slider's (rail and step names). The Play row
# goes above the drawing, or under the legend when the layers run top to bottom: a phone
# shows the lower layers and the controls together, the input grid scrolled out of view.
BUTTONS_PX = 38
LEGEND_PX = 30
SLIDER_PX = 62
_SUPERSCRIPT = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def how_to() -> str:
    """The sentence under the drawing that says what Play and the slider do."""
    return t("Press **{play}** to watch your digit go through the network one layer at a time "
             "({seconds:g} s a layer, each a still picture, no motion), or move the slider under "
             "the drawing to step through the layers yourself.", play=t(PLAY_LABEL),
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
    """One frame per layer, named as the slider shows it: "input", "hidden 1", ..., "output"."""
    return [layer_name(d, n_layers, short=True) for d in range(n_layers)]


def margin(vertical: bool) -> dict:
    """The drawing's margins in pixels: room for the controls above and below it."""
    if vertical:
        return dict(l=5, r=5, t=5, b=LEGEND_PX + BUTTONS_PX + SLIDER_PX)
    return dict(l=5, r=5, t=5 + BUTTONS_PX, b=LEGEND_PX + SLIDER_PX)


def waiting_colour(colour: str) -> str:
    """A connection's "rgba(r,g,b,alpha)" (palette.rgba) made faint: WAITING_ALPHA."""
    return colour.rsplit(",", 1)[0] + f",{WAITING_ALPHA:.2f})"


def line_colours(traces: list[dict], reached: int) -> dict[int, str]:
    """{trace index: line colour} of the connection traces (those with meta["feeds"], see
    layers.connection_traces) once the forward pass has computed layers 0..reached.

    The colour's alpha, not the trace's opacity: a see-through SVG group is drawn
    through an offscreen layer, which Chromium's software renderer paints as a gray box.
    """
    return {i: trace["line"]["color"] if trace["meta"]["feeds"] <= reached
            else waiting_colour(trace["line"]["color"])
            for i, trace in enumerate(traces) if "feeds" in trace.get("meta", {})}


def only_changes(per_step: list[list[dict]]) -> list[list[dict]]:
    """Each step's list with {} (Plotly: leave as it is) wherever no step differs from another."""
    same = [all(step[i] == per_step[0][i] for step in per_step) for i in range(len(per_step[0]))]
    return [[{} if same[i] else item for i, item in enumerate(step)] for step in per_step]


def circle_style(shape: dict) -> dict:
    """What a frame changes of a neuron circle: its fill and ring, not its place."""
    return {k: shape[k] for k in ("fillcolor", "line") if k in shape}


def frame(name: str, colours: dict[int, str], shapes: list[dict],
          annotations: list[dict]) -> dict:
    """One Plotly frame: the connection traces' line colours, neuron styles, annotations.

    Plotly merges a frame into the figure (layout arrays element by element), so every
    frame sets every key it ever changes: any frame can follow any other on the slider.
    """
    return dict(name=name, traces=list(colours),
                data=[dict(line=dict(color=c)) for c in colours.values()],
                layout=dict(shapes=[circle_style(s) for s in shapes], annotations=annotations))


def _animate(n_frames: int, frame_ms: int) -> dict:
    """Plotly.animate's options for n_frames frames: cuts (no transition), each held frame_ms.

    The zero-length transition already draws a frame's shapes and annotations; only the
    last frame is redrawn in full, which costs 1.5 times drawing the figure anew against
    0.6 without (Chromium), but is what leaves a click on a neuron selecting it.
    """
    frames = [dict(duration=frame_ms, redraw=k == n_frames - 1) for k in range(n_frames)]
    return dict(mode="immediate", fromcurrent=False, transition=dict(duration=0),
                frame=frames if n_frames > 1 else frames[0])


def controls(names: list[str], plot_px: int, vertical: bool, active: int | None = None) -> dict:
    """Layout keys: a Play / Pause row and a slider of the layers (see margin()).

    plot_px: the height of the drawing without its margins. active: the step the slider
    starts at (the one the figure opens at), by default the last: the figure fully lit.
    """
    pause = dict(mode="immediate", transition=dict(duration=0),
                 frame=dict(duration=0, redraw=False))
    buttons = [dict(label=t(PLAY_LABEL), method="animate",
                    args=[names, _animate(len(names), FRAME_MS)]),
               dict(label=t(PAUSE_LABEL), method="animate", args=[[None], pause])]
    buttons_y = -LEGEND_PX / plot_px if vertical else 1
    slider_y = -(LEGEND_PX + (BUTTONS_PX if vertical else 0)) / plot_px
    font = dict(color=CONTROL_TEXT, size=12)
    return dict(
        updatemenus=[dict(type="buttons", direction="left", showactive=False, buttons=buttons,
                          x=0, xanchor="left", y=buttons_y, yanchor="top" if vertical else "bottom",
                          pad=dict(t=2, b=6, l=2), bgcolor=CONTROL_BG, bordercolor=CONTROL_EDGE,
                          font=font)],
        sliders=[dict(active=len(names) - 1 if active is None else active, x=0.02, len=0.96, xanchor="left",
                      y=slider_y, yanchor="top", pad=dict(t=4, b=0),
                      currentvalue=dict(visible=False), transition=dict(duration=0),
                      bgcolor=CONTROL_BG, activebgcolor=GUESS_COLOUR, bordercolor=CONTROL_EDGE,
                      tickcolor=CONTROL_EDGE, font=font,
                      steps=[dict(method="animate", label=name, args=[[name], _animate(1, 0)])
                             for name in names])])
