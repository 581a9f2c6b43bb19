"""Hostile files and messages are refused with a short sentence and cost little memory.

The files are the ones issue 9 measured (built in `hostile_files`): on the code
before these checks, the 16-bit 5000 x 5000 PNG cost about 620 MB, the RGBA one
480 MB, the long-double weight file 930 MB, the 300,000-entry weight file 330 MB
and a 2.3-million-character message, the canvas' 12,000 x 12,000 PNG 1.65 GB.
Peak memory is measured where it is deterministic: in a fresh process (Linux
VmHWM) for pictures, which PIL allocates outside Python's allocator, and with
tracemalloc for weight files, which are NumPy arrays and bytes.
"""

from __future__ import annotations

import base64
import io
import re
import sys
import tracemalloc
import zipfile

import numpy as np
import pytest

import hostile_files as hostile
from apptest_helpers import page_test
from netcore.weightfile import (MAX_ENTRIES, MAX_FILE_BYTES, MAX_MESSAGE_CHARS, WeightFileError,
                                network_from_bytes)
from test_image_input import digit_png
from test_weightfile import good_arrays, npz
from ui.image_input import MAX_PIXELS, WORK_SIDE, canvas_picture, load_image, read_photo

REFUSED_MB = 25       # what refusing a hostile file may cost (measured: about 1 MB)
AT_LIMIT_MB = 150     # decoding the largest picture accepted (measured: about 100 MB)
SHORT = 200           # characters: a message a learner reads at a glance


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The hostile files, written once for every test here."""
    folder = tmp_path_factory.mktemp("hostile")
    built = {"png16": hostile.sixteen_bit_png(), "rgba": hostile.rgba_png(),
             "canvas": hostile.canvas_message().encode("ascii")}
    for name, data in built.items():
        (folder / name).write_bytes(data)
    return folder


# --- photos -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, file_kb", [("png16", 80), ("rgba", 150)])
def test_small_file_of_huge_picture_is_refused_from_its_header(files, name, file_kb):
    data = (files / name).read_bytes()
    assert len(data) < file_kb * 1024      # small files...
    photo, message = load_image(data)      # ...of 5000 x 5000 pixels
    assert photo is None and "5,000 x 5,000" in message and "megapixels" in message
    assert len(message) < SHORT
    measured = hostile.measure("photo", files / name)
    assert measured["message"] == message
    assert measured["peak_mb"] < REFUSED_MB, measured


@pytest.mark.parametrize("bit_depth, colour_type", [(16, 0), (8, 6), (8, 2)],
                         ids=["16-bit gray", "RGBA", "RGB"])
def test_largest_png_accepted_is_decoded_within_bounded_memory(tmp_path, bit_depth, colour_type):
    width, height = 4032, 3024              # a 12 MP phone photo, saved as PNG
    assert width * height <= MAX_PIXELS
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    row = b"\xe0" * (width * channels * bit_depth // 8)
    path = tmp_path / "big.png"
    path.write_bytes(hostile.png(width, height, bit_depth, colour_type, row=row))
    measured = hostile.measure("photo", path)
    assert "No ink was found" in measured["message"], measured   # decoded: one even colour
    assert measured["peak_mb"] < AT_LIMIT_MB, measured


def test_phone_photo_jpeg_is_decoded_at_reduced_size(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(hostile.phone_photo(progressive=True, subsampling=0))   # libjpeg's costliest
    photo, message = load_image(path.read_bytes())
    assert message == "" and max(photo.shape[:2]) <= WORK_SIDE
    measured = hostile.measure("photo", path)
    assert measured["message"] == "ok"
    assert measured["peak_mb"] < AT_LIMIT_MB, measured


def test_sixteen_bit_photo_is_reduced_before_being_scaled_to_eight_bits():
    deep = np.full((2400, 1800), 60_000, np.uint16)
    deep[600:1800, 800:1000] = 6_000          # a dark bar on light paper
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(deep).save(buf, "PNG")
    photo, message = load_image(buf.getvalue())
    assert message == "" and photo.shape == (800, 600, 3)   # reduced by 3, as 8-bit RGB
    assert photo[0, 0].tolist() == [round(60_000 / 65535 * 255)] * 3
    assert photo[400, 300].tolist() == [round(6_000 / 65535 * 255)] * 3
    assert read_photo(buf.getvalue()).level == "ok"


def test_photo_bytes_are_not_kept_after_reading():
    data = digit_png(4)
    before = sys.getrefcount(data)
    assert read_photo(data).level == "ok"
    assert sys.getrefcount(data) == before    # no cache holds the learner's upload


# --- weight files -----------------------------------------------------------------------------

def refused_cheaply(data: bytes, match: str, limit_mb: float = REFUSED_MB) -> str:
    """The message refusing `data`, after checking what refusing it cost (tracemalloc)."""
    tracemalloc.start()
    try:
        with pytest.raises(WeightFileError, match=match) as caught:
            network_from_bytes(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < limit_mb * 2**20, f"{peak / 2**20:.1f} MB"
    message = str(caught.value)
    assert len(message) <= MAX_MESSAGE_CHARS, len(message)
    return message


def test_long_doubles_unpacking_to_most_of_a_gigabyte_are_refused_unread():
    data = hostile.long_double_weights()
    assert len(data) < 2**20
    refused_cheaply(data, "unpacks to 788,641,116 bytes, over the .* byte limit", limit_mb=1)


def test_long_doubles_within_the_size_limit_are_refused_from_their_header():
    arrays = good_arrays((784, 1000, 10))
    arrays["weights_0"] = arrays["weights_0"].astype(np.longdouble)   # 12.5 MB of long doubles
    refused_cheaply(npz(**arrays), "weights_0 has dtype float128, expected float32 or float64",
                    limit_mb=1)


def test_three_hundred_thousand_entries_are_refused_from_the_end_record():
    data = hostile.many_entries_weights()
    message = refused_cheaply(data, "65,535 or more entries", limit_mb=1)
    assert len(message) < SHORT


def test_sixty_thousand_entries_without_zip64_are_refused_from_the_end_record():
    message = refused_cheaply(hostile.many_entries_weights(60_000), "lists 60,009 entries")
    assert f"at most {MAX_ENTRIES}" in message


def test_an_end_record_that_understates_its_entries_is_caught_by_their_count():
    data = bytearray(hostile.many_entries_weights(1_000))   # a 40 KB directory
    end = data.rindex(b"PK\x05\x06")
    data[end + 8:end + 12] = (5).to_bytes(2, "little") * 2   # "5 entries"
    refused_cheaply(bytes(data), f"holds 1,009 entries; a weight file has at most {MAX_ENTRIES}")


def test_many_unexpected_arrays_are_named_a_few_then_counted():
    data = hostile.many_entries_weights(150)
    message = refused_cheaply(data, r"unexpected array\(s\): 0, 1, 10, 100 and 146 more$")
    assert len(message) < SHORT


def test_long_entry_names_are_cut_short():
    with zipfile.ZipFile(io.BytesIO(hostile.normal_weights())) as zf:
        members = [(name, zf.read(name)) for name in zf.namelist()]
    data = hostile.stored_zip(members + [("x" * 60_000 + ".npy", b"")])
    message = refused_cheaply(data, r"unexpected array\(s\): x{37}\.\.\.$")
    assert len(message) < SHORT


def test_no_error_message_is_long():
    assert len(str(WeightFileError("sizes " + "[1, 2] " * 10_000))) == MAX_MESSAGE_CHARS


def test_the_largest_weight_file_netcore_reads_costs_bounded_memory():
    data = hostile.widest_weights()
    assert MAX_FILE_BYTES * 0.7 < len(data) < MAX_FILE_BYTES
    tracemalloc.start()
    try:
        net, _ = network_from_bytes(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert net.sizes == (784, 5000, 10) and net.weights[0].dtype == np.float32
    assert peak < 100 * 2**20, f"{peak / 2**20:.1f} MB"   # 32 MB read, 16 MB kept as float32


def test_a_normal_weight_file_still_loads():
    net, metadata = network_from_bytes(hostile.normal_weights())
    assert net.sizes == (784, 16, 16, 10) and metadata == {"epochs": 1}


# --- the canvas' picture ----------------------------------------------------------------------

def test_huge_canvas_png_is_refused_from_its_header(files):
    url = (files / "canvas").read_text()
    assert canvas_picture(url, 280) is None
    measured = hostile.measure("canvas", files / "canvas")
    assert measured["message"] == "refused"
    assert measured["peak_mb"] < REFUSED_MB, measured


def test_a_drawing_from_the_canvas_is_decoded():
    picture = canvas_picture(hostile.drawn_canvas(), 280)
    assert picture.shape == (280, 280, 4) and picture.dtype == np.uint8
    assert picture[140, 140, 0] == 255 and picture[5, 5, 0] == 0
    assert canvas_picture(hostile.drawn_canvas(840), 280).shape == (840, 840, 4)   # 3x screens


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "I;16"])
def test_a_canvas_png_of_any_mode_becomes_rgba_and_a_digit(mode):
    from PIL import Image

    from netcore.preprocess import preprocess_steps
    buf = io.BytesIO()
    Image.new(mode, (280, 280)).save(buf, "PNG")
    picture = canvas_picture("data:image/png;base64," + base64.b64encode(buf.getvalue()).decode(),
                             280)
    assert picture.shape == (280, 280, 4) and picture.dtype == np.uint8
    assert preprocess_steps(picture) is None   # blank, and no error


@pytest.mark.parametrize("url", [
    None, 42, "", "data:image/png;base64,", "data:image/png;base64,not base64 at all!",
    "data:image/jpeg;base64,/9j/4AAQ", "data:text/html;base64,PGgxPmhpPC9oMT4=",
    "data:image/png;base64," + "A" * 10_000_000,
    "data:image/png;base64,R0lGODlhAQABAAAAACw=",   # a GIF's bytes in a PNG's clothing
    hostile.drawn_canvas()[:200],                    # cut short
], ids=["None", "number", "empty", "no data", "bad base64", "jpeg", "html", "too long", "gif",
        "truncated"])
def test_crafted_canvas_messages_are_ignored(url):
    assert canvas_picture(url, 280) is None


def test_crafted_canvas_message_leaves_the_digit_and_shows_no_traceback(files):
    def script(url_file):
        import types

        import streamlit as st

        from ui import canvas, state
        state.init()
        with open(url_file) as f:
            result = types.SimpleNamespace(json_data={"objects": [1]}, _image_data_url=f.read())
        st.write("stored" if canvas._read_canvas(result) else "ignored")
        st.write(f"digit: {state.digit()}")

    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(script, args=(str(files / "canvas"),), default_timeout=60).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["ignored", "digit: None"]


# --- the page ---------------------------------------------------------------------------------

def test_function_page_refuses_the_hostile_png_and_keeps_working(files):
    at = page_test("function.py").run()
    at.file_uploader(key="function_upload").set_value(
        ("digit.png", (files / "png16").read_bytes(), "image/png")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "5,000 x 5,000 pixels" in errors[0], errors
    assert "previous digit is still the input" in errors[0] and len(errors[0]) < SHORT + 50
    from ui import state
    assert at.session_state[state.DIGIT] is None
    at.file_uploader(key="function_upload").set_value(
        ("my-two.png", digit_png(2), "image/png")).run()     # the page still works
    assert not at.exception and not at.error
    assert at.session_state[state.DIGIT].source == "upload"


# --- file metadata as plain text --------------------------------------------------------------

def test_text_from_a_file_is_one_line_without_markdown_or_addresses():
    from ui.lessons.learning.text import plain, recipe
    text = plain("see https://evil.example or WWW.evil.example, me@evil.example\n| x |\n# Big")
    assert "\n" not in text and "://" not in text and "www." not in text.lower()
    assert "@e" not in text and not re.search(r"(?<!\\)[|#]", text)   # pipes, hashes escaped
    assert text.replace("\u2060", "").replace("\\", "") == (
        "see https://evil.example or WWW.evil.example, me@evil.example | x | # Big")
    assert recipe({"k" * 41: 1, "note": "x" * 61, "lr": 0.1}) == "lr: 0.1"   # long ones left out
