"""The site's table of contents: every page, its URL and its section, in the video's order.

`app.py` builds `st.navigation` from this list; tests walk all of it, so a page
file that goes missing fails them (a new lesson: add its line here).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Lesson:
    file: str        # under pages/
    title: str
    url_path: str    # "" is the site's root, "/"
    icon: str
    section: str
    checks: tuple[str, ...] = ()   # ids of its checks for understanding (ui.state.checks_answered)

    @property
    def path(self) -> Path:
        return ROOT / "pages" / self.file


LESSONS = [
    Lesson("intro.py", "This is a three", "", ":material/looks_3:", "The structure",
           checks=("intro-inputs",)),
    Lesson("neurons.py", "Neurons hold numbers", "neurons", ":material/grid_on:", "The structure",
           checks=("neurons-white", "neurons-gray")),
    Lesson("layers.py", "Layers", "layers", ":material/account_tree:", "The structure",
           checks=("layers-brightest",)),
    Lesson("why_layers.py", "Why layers?", "why-layers", ":material/layers:", "The structure",
           checks=("why-layers-spread",)),
    Lesson("weights.py", "Weights", "weights", ":material/tune:", "The math of one neuron",
           checks=("weights-rank",)),
    Lesson("sigmoid_and_bias.py", "Sigmoid and bias", "sigmoid-and-bias", ":material/show_chart:",
           "The math of one neuron", checks=("sigmoid-far-left", "sigmoid-threshold-bias")),
    Lesson("counting.py", "13,002 knobs", "counting", ":material/calculate:", "The whole network",
           checks=("counting-biases", "counting-parameters")),
    Lesson("matrix.py", "Matrix notation", "matrix", ":material/data_array:", "The whole network",
           checks=("matrix-last-w-shape", "matrix-last-b-length")),
    Lesson("function.py", "Just a function", "function", ":material/functions:", "The whole network",
           checks=("function-in-and-out", "function-noise")),
    Lesson("learning.py", "Learning", "learning", ":material/model_training:", "Learning",
           checks=("learning-random-start", "learning-trained-accuracy", "learning-teach-accuracy")),
    Lesson("inside.py", "Inside the network", "inside", ":material/neurology:", "Learning",
           checks=("inside-loop",)),
]

