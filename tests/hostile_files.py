"""Hostile files made at test time, and what reading one costs, measured in a fresh process.

Each builder writes a small file that asks the server for a lot: a PNG whose
pixels unpack to hundreds of megabytes, a weight file whose arrays unpack to a
gigabyte, or whose zip lists 300,000 entries, a canvas message carrying a huge
PNG. They stream what they write, so building one costs little memory itself.

`measure(case, path)` runs the app's own code path on a file in a new Python
process and returns its peak resident memory increase (Linux VmHWM, read
before and after the call), its seconds and the message it gave. Used by
tests/test_hostile_inputs.py and bench/bench_hostile.py; run as a script it is
that subprocess:

    python tests/hostile_files.py photo|weights|canvas PATH [ROOT [AT_ONCE]]

ROOT (default: this repository) is the checkout whose code is measured, so the
benchmark can measure another worktree's code (e.g. main's) the same way.
"""

from __future__ import annotations

import base64
import io
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np
from numpy.lib import format as npy

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# --- PNG ---------------------------------------------------------------------------------------

def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int, bit_depth: int = 8, colour_type: int = 6, row=None) -> bytes:
    """A valid PNG, compressed row by row (never held whole): every row `row` (default zeros).

    colour_type: 0 gray, 2 RGB, 6 RGBA. bit_depth: 8 or 16.
    """
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    row = bytes(width * channels * bit_depth // 8) if row is None else row
    packer, parts = zlib.compressobj(6), []
    line = b"\x00" + row   # filter type 0 (none), then the row's bytes
    for _ in range(height):
        parts.append(packer.compress(line))
    parts.append(packer.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(parts))
            + _chunk(b"IEND", b""))


def sixteen_bit_png(side: int = 5000) -> bytes:
    """The issue's 58 KB-class bomb: side x side 16-bit gray (white paper, 50 MB as pixels)."""
    return png(side, side, 16, 0, row=b"\xff\xff" * side)


def rgba_png(side: int = 5000) -> bytes:
    """side x side RGBA (100 MB as pixels), a little over 100 KB as a file."""
    return png(side, side, 8, 6, row=b"\xf0\xf0\xf0\xff" * side)


def canvas_message(side: int = 12_000) -> str:
    """What a crafted canvas message could carry: a data URL of a side x side RGBA PNG.

    12,000 x 12,000 is 576 MB as pixels, yet under PIL's own bomb limit (179 megapixels).
    """
    return "data:image/png;base64," + base64.b64encode(png(side, side, 8, 6)).decode("ascii")


def drawn_canvas(side: int = 280) -> str:
    """The data URL a real canvas sends: a white stroke on black, side x side RGBA."""
    from PIL import Image, ImageDraw
    img = Image.new("RGBA", (side, side), (0, 0, 0, 255))
    ImageDraw.Draw(img).line([(side // 2, side // 5), (side // 2, 4 * side // 5)],
                             fill=(255, 255, 255, 255), width=side // 12)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


# --- weight files -----------------------------------------------------------------------------

def _npy_header(shape, dtype) -> bytes:
    buf = io.BytesIO()
    npy.write_array_header_1_0(buf, {"descr": npy.dtype_to_descr(np.dtype(dtype)),
                                     "fortran_order": False, "shape": tuple(shape)})
    return buf.getvalue()


def _small_members(zf: zipfile.ZipFile, sizes) -> None:
    for name, arr in [("sizes", np.array(sizes, np.int64)), ("activation", np.array("sigmoid")),
                      ("metadata", np.array("{}"))]:
        buf = io.BytesIO()
        np.save(buf, arr)
        zf.writestr(name + ".npy", buf.getvalue())


def long_double_weights(n_hidden: int = 62_000) -> bytes:
    """A weight file of about 1 MB for a 784-n_hidden-10 network, all of it long doubles (zeros).

    62,000 hidden neurons: 48.6 million parameters, under the 50 million that
    netcore accepted before, and 0.78 GB of long doubles (16 bytes each).
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        _small_members(zf, [784, n_hidden, 10])
        for name, shape in [("weights_0", (n_hidden, 784)), ("biases_0", (n_hidden,)),
                            ("weights_1", (10, n_hidden)), ("biases_1", (10,))]:
            with zf.open(name + ".npy", "w", force_zip64=True) as member:
                member.write(_npy_header(shape, np.longdouble))
                left, block = int(np.prod(shape)) * 16, bytes(2**24)
                while left > 0:
                    member.write(block[:left])
                    left -= len(block)
    return buf.getvalue()


def stored_zip(members) -> bytes:
    """A zip of (name, bytes) members, stored, written by hand (fast for many entries).

    Over 65,535 entries it ends with the zip64 records, as zipfile itself would write.
    """
    local, central = [], []
    offset = 0
    for name, body in members:
        raw, crc = name.encode(), zlib.crc32(body)
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 0, 0, 0x21, crc, len(body), len(body),
                             len(raw), 0)
        local.append(b"PK\x03\x04" + fields + raw + body)
        central.append(b"PK\x01\x02" + struct.pack("<H", 20) + fields
                       + struct.pack("<HHHII", 0, 0, 0, 0, offset) + raw)
        offset += len(local[-1])
    directory = b"".join(central)
    n, end = len(central), b""
    if n > 0xFFFF:
        end = (b"PK\x06\x06" + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, n, n, len(directory),
                                            offset)
               + b"PK\x06\x07" + struct.pack("<IQI", 0, offset + len(directory), 1))
    end += b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, min(n, 0xFFFF), min(n, 0xFFFF),
                                        len(directory), offset, 0)
    return b"".join(local) + directory + end


def many_entries_weights(n_entries: int = 300_000) -> bytes:
    """A valid 784-16-16-10 weight file plus n_entries empty entries ("0.npy", "1.npy", ...).

    About 25 MB: under the upload limit, so it is the entries that must be refused.
    """
    with zipfile.ZipFile(io.BytesIO(normal_weights())) as zf:
        members = [(name, zf.read(name)) for name in zf.namelist()]
    return stored_zip(members + [(f"{i}.npy", b"") for i in range(n_entries)])


def phone_photo(width: int = 4032, height: int = 3024, fmt: str = "JPEG", **options) -> bytes:
    """A photo of a dark stroke on noisy light paper, by default a 12 MP phone's 4032 x 3024 JPEG."""
    from PIL import Image
    rng = np.random.default_rng(0)
    paper = rng.integers(200, 230, (max(1, height // 8), max(1, width // 8)), dtype=np.uint8)
    h, w = paper.shape
    paper[h // 5:4 * h // 5, w // 2 - max(1, w // 24):w // 2 + max(1, w // 24)] = 30
    img = Image.fromarray(paper).resize((width, height), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    img.convert("RGB").save(buf, fmt, **({"quality": 90} if fmt == "JPEG" else {}), **options)
    return buf.getvalue()


def widest_weights(n_hidden: int = 5_000) -> bytes:
    """A valid 784-n_hidden-10 weight file in float64, stored: by default 3,975,010 parameters
    (under netcore's 4 million), a 32 MB file (under the 40 MB upload limit)."""
    from netcore import Network, network_to_bytes
    with zipfile.ZipFile(io.BytesIO(network_to_bytes(Network((784, n_hidden, 10))))) as zf:
        members = []
        for name in zf.namelist():
            arr = npy.read_array(zf.open(name))
            buf = io.BytesIO()
            np.save(buf, arr.astype(np.float64) if arr.dtype == np.float32 else arr)
            members.append((name, buf.getvalue()))
    return stored_zip(members)


def normal_weights() -> bytes:
    from netcore import Network, network_to_bytes
    return network_to_bytes(Network((784, 16, 16, 10), seed=0), {"epochs": 1})


# --- measuring, in a fresh process ------------------------------------------------------------

def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def _code_path(case: str):
    """The function the app runs on a `case` file, imported before anything is measured."""
    if case == "photo":
        from ui import image_input as upload
        return lambda data: upload.read_photo(data).message or "ok"
    if case == "weights":
        import netcore
        from ui.lessons.learning import session as training_session

        def weights(data):
            try:
                training_session.read_weight_file(data)
            except netcore.WeightFileError as e:
                return str(e)
            return "ok"
        return weights
    if case == "canvas":
        from ui import image_input as upload
        canvas_size = 280   # ui.canvas.CANVAS_SIZE (ui.canvas imports only inside a running app)
        if hasattr(upload, "canvas_picture"):
            return lambda url: "ok" if upload.canvas_picture(url, canvas_size) is not None \
                else "refused"

        def decoded(url):   # before the check: streamlit_drawable_canvas' CanvasResult.image_data
            from PIL import Image
            try:
                encoded = url.split(";base64,", 1)[1]
                picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))))
                return f"ok, {picture.shape}"
            except Exception as e:  # noqa: BLE001 -- what the page would have shown
                return f"{type(e).__name__}: {e}"
        return decoded
    raise ValueError(f"unknown case {case!r}")


def _run(case: str, path: str, at_once: int = 1) -> dict:
    run = _code_path(case)
    data = Path(path).read_bytes()
    if case == "canvas":
        data = data.decode("ascii")
    before = _peak_kb()
    start = time.perf_counter()
    if at_once == 1:
        message = run(data)
    else:   # learners uploading at the same moment: one server process, a thread each
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(at_once) as pool:
            message = list(pool.map(run, [data] * at_once))[0]
    seconds = time.perf_counter() - start
    return {"case": case, "peak_mb": (_peak_kb() - before) / 1024, "seconds": seconds,
            "message": message, "message_chars": len(message), "file_mb": len(data) / 2**20}


def measure(case: str, path, root=ROOT, at_once: int = 1) -> dict:
    """Run the app's code path for `case` on the file at `path` in a fresh process; its figures.

    at_once: how many threads read the file at the same time (the peak is theirs together).
    """
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), case, str(path),
                          str(root), str(at_once)], capture_output=True, text=True, cwd=root,
                         check=True,
                         env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    return json.loads(out.stdout.splitlines()[-1])


if __name__ == "__main__":
    code_root = sys.argv[3] if len(sys.argv) > 3 else str(ROOT)
    sys.path[:0] = [code_root]
    at_once = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    print(json.dumps(_run(sys.argv[1], sys.argv[2], at_once)))
