"""The site's table of contents: every page, its URL and its section, in the video's order.

`app.py` builds `st.navigation` from this list; tests walk all of it, so a page
file that goes missing fails them (a new lesson: add its line here).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ui.i18n import N_

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Lesson:
    file: str        # under pages/
    title: str       # in English, marked for the catalogues: shown as t(lesson.title)
    url_path: str    # "" is the site's root, "/"
    icon: str
    section: str     # in English too: t(lesson.section)
    checks: tuple[str, ...] = ()   # ids of its checks for understanding (ui.state.checks_answered)

    @property
    def path(self) -> Path:
        return ROOT / "pages" / self.file


LESSONS = [
    Lesson("intro.py", N_("This is a three"), "", ":material/looks_3:", N_("The structure"),
           checks=("intro-inputs",)),
    Lesson("neurons.py", N_("Neurons hold numbers"), "neurons", ":material/grid_on:", N_("The structure"),
           checks=("neurons-white", "neurons-gray")),
    Lesson("layers.py", N_("Layers"), "layers", ":material/account_tree:", N_("The structure"),
           checks=("layers-brightest",)),
    Lesson("why_layers.py", N_("Why layers?"), "why-layers", ":material/layers:", N_("The structure"),
           checks=("why-layers-spread",)),
    Lesson("weights.py", N_("Weights"), "weights", ":material/tune:", N_("The math of one neuron"),
           checks=("weights-rank",)),
    Lesson("sigmoid_and_bias.py", N_("Sigmoid and bias"), "sigmoid-and-bias", ":material/show_chart:",
           N_("The math of one neuron"), checks=("sigmoid-far-left", "sigmoid-threshold-bias")),
    Lesson("counting.py", N_("13,002 knobs"), "counting", ":material/calculate:", N_("The whole network"),
           checks=("counting-biases", "counting-parameters")),
    Lesson("matrix.py", N_("Matrix notation"), "matrix", ":material/data_array:", N_("The whole network"),
           checks=("matrix-last-w-shape", "matrix-last-b-length")),
    Lesson("function.py", N_("Just a function"), "function", ":material/functions:", N_("The whole network"),
           checks=("function-in-and-out", "function-noise")),
    Lesson("learning.py", N_("Learning"), "learning", ":material/model_training:", N_("Learning"),
           checks=("learning-random-start", "learning-trained-accuracy", "learning-teach-accuracy")),
    Lesson("inside.py", N_("Inside the network"), "inside", ":material/neurology:", N_("Learning"),
           checks=("inside-loop",)),
]

