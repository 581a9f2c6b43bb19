"""The load benchmark's protocol client still speaks to the real server (bench/protocol.py).

Starts `streamlit run app.py` on a free port (the production config: XSRF
protection on). One simulated learner opens / and draws an MNIST digit; the
answer that comes back over the websocket must be what the network says for
that image. Another uploads a photo on /function (file URLs over the websocket,
the file by HTTP PUT with the XSRF cookie and header, then the uploader's
widget state), then trains the default network on /learning (the Train
button's trigger, then the training fragment's auto-reruns) until the page says
it is done. No timings are asserted.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import netcore
from apptest_helpers import canvas_image
from bench import servers
from apptest_helpers import mnist_digit
from bench.bench_load import TRAINING_CAPTION, Photos
from bench.protocol import FINISHED, FINISHED_FRAGMENT, Learner, canvas_value
from netcore.preprocess import to_mnist
from ui import state


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = servers.start_app("production", tmp_path_factory.mktemp("bench-logs"))
    try:
        yield app
    finally:
        app.stop()


def run_in_own_thread(coroutine):
    """asyncio.run in a thread of its own: the browser tests' sync Playwright, run earlier
    in the same pytest process, leaves an event loop registered in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


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
    runs, learner = run_in_own_thread(one_learner(server.base_url, images))
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


async def upload_then_train(url: str, photo: tuple[str, bytes, str]) -> dict:
    name, data, _ = photo
    async with Learner(url, timeout_s=120) as learner:
        await learner.open("function")
        uploaded = await learner.upload(state.FUNCTION_UPLOAD, name, data)
        learning = await learner.goto("learning")
        announced_before = dict(learner.auto_reruns)
        clicked = await learner.click(state.LEARNING_TRAIN)
        announced = dict(learner.auto_reruns)
        watched = []
        while learner.auto_reruns and len(watched) < 600:
            await asyncio.sleep(next(iter(learner.auto_reruns.values())))
            watched.append(await learner.auto_rerun())
        return {"uploaded": uploaded, "learning": learning, "before": announced_before,
                "clicked": clicked, "announced": announced, "watched": watched,
                "left": dict(learner.auto_reruns)}


@pytest.mark.timeout(300)
def test_one_learner_uploads_a_photo_then_trains_a_network(server):
    photos = Photos(n_photos=3)
    photo = photos.pick(2)
    got = run_in_own_thread(upload_then_train(server.base_url, photo))
    uploaded = got["uploaded"]
    assert uploaded.status == FINISHED and not uploaded.alerts      # no "could not read" message
    assert uploaded.answer == photo[2]                              # what netcore says for it
    assert len(set(photos.answers)) > 1                             # photos give different answers

    assert not got["before"]                                         # nothing trains yet
    captions = [TRAINING_CAPTION.match(c) for c in got["learning"].captions]
    assert [m.group(2) for m in captions if m] == ["2"]              # "... right now: n of 2"
    assert got["clicked"].status == FINISHED
    assert len(got["announced"]) == 1                                # the training fragment
    watched = got["watched"]
    assert watched and not got["left"]                               # it ended by itself
    assert all(run.status == FINISHED_FRAGMENT for run in watched[:-1])
    assert any(text.startswith("Epoch") for run in [got["clicked"], *watched]
               for text in run.progress)
    assert watched[-1].status == FINISHED                            # the page's own full rerun
    assert any(text.startswith("Done: all") for text in watched[-1].progress)
