"""The load benchmark's protocol client still speaks to the real server (bench/protocol.py).

Starts `streamlit run app.py` on a free port, one simulated learner opens / and
draws an MNIST digit; the answer that comes back over the websocket must be what
the network says for that image. No timings are asserted.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

import netcore
from apptest_helpers import canvas_image
from bench import servers
from bench.protocol import FINISHED, FINISHED_FRAGMENT, Learner, canvas_value
from netcore.preprocess import to_mnist


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = servers.start_app("production", tmp_path_factory.mktemp("bench-logs"))
    try:
        yield app
    finally:
        app.stop()


def network_answer(image) -> str:
    return str(int(np.argmax(netcore.load_default().feedforward(to_mnist(image)))))


async def one_learner(url: str, images) -> list:
    async with Learner(url, timeout_s=60) as learner:
        opened = await learner.open("")
        runs = [opened]
        for stroke, image in enumerate(images):
            runs.append(await learner.draw(canvas_value(image, stroke)))
        return runs, learner


@pytest.mark.timeout(180)
def test_one_learner_draws_and_gets_the_networks_answer(server):
    images = [canvas_image(7, nth=1), canvas_image(2, nth=1)]
    runs, learner = asyncio.run(one_learner(server.base_url, images))
    opened, *strokes = runs
    assert opened.status == FINISHED and opened.answer is None   # nothing drawn yet on /
    assert learner.canvas_id and learner.canvas_fragment          # found the canvas' fragment
    assert {"", "matrix", "why-layers"} <= set(learner.pages)
    answers = [run.answer for run in strokes]
    assert answers == [network_answer(image) for image in images]
    assert answers[0] != answers[1]                                # a fresh answer per stroke
    assert all(run.status == FINISHED_FRAGMENT for run in strokes)


@pytest.mark.timeout(60)
def test_servers_measure_the_process(server):
    stats = server.stats
    assert stats.alive() and stats.rss_mb() > 50 and stats.cpu_seconds() > 0
