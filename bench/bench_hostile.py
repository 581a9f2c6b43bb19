#!/usr/bin/env python
"""What hostile uploads cost the server: peak memory and seconds, beside normal files.

    python bench/bench_hostile.py                      # this checkout, 3 runs a case (~1 minute)
    python bench/bench_hostile.py --before /work/main  # also another checkout's code, same files

Builds each file of issue 9 section 2 itself (tests/hostile_files.py): the
58 KB PNG of 5000 x 5000 16-bit pixels, a 107 KB RGBA one, a 0.7 MB weight
file that unpacks to 0.79 GB of long doubles, a weight file with 300,000 entries,
a canvas message carrying a 12,000 x 12,000 PNG; next to them normal files
(a photo, the video's weight file, a drawing) and the largest pictures still
accepted. Each case runs the app's own code path (`ui.image_input.read_photo`,
`ui.lessons.learning.session.read_weight_file`, the canvas check) on the file in a
fresh Python process, which reports its peak resident memory increase
(Linux VmHWM after minus before the call) and seconds; the median of the runs
is shown. "x3" rows read the file in three threads of one process at once, as
three learners uploading together would.

Goal: every hostile file costs under 250 MB and 2 s, and is refused with a
short message. Before (the code this replaced), issue 9 measured: 16-bit PNG
+600 MB (x3: +1.5 GB), RGBA PNG +450 MB, long doubles +900 MB, canvas PNG
2.3 GB and a traceback, 300,000 entries a 2.3-million-character message; pass
--before with a checkout of that code to measure it beside this one.

Writes bench/out/hostile.md and bench/out/hostile.json. Exit status 0 even if
a goal is missed: this is a measurement.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import hostile_files as hostile  # noqa: E402

GOAL_MB, GOAL_SECONDS = 250, 2.0

# (label, code path, builder, hostile?, threads at once)
CASES = [
    ("photo: a digit, PNG (480 x 480)", "photo", lambda: hostile.phone_photo(480, 480, "PNG"),
     False, 1),
    ("photo: phone JPEG (4032 x 3024, 12 MP)", "photo", hostile.phone_photo, False, 1),
    ("photo: progressive 4:4:4 JPEG, 12 MP", "photo",
     lambda: hostile.phone_photo(progressive=True, subsampling=0), False, 1),
    ("photo: 16-bit PNG at 12 MP (4032 x 3024)", "photo",
     lambda: hostile.png(4032, 3024, 16, 0, row=b"\xe0" * 8064), False, 1),
    ("photo: RGBA PNG at 12 MP (4032 x 3024)", "photo",
     lambda: hostile.png(4032, 3024, 8, 6, row=b"\xe0" * 16128), False, 1),
    ("photo: RGBA PNG at 12 MP, x3", "photo",
     lambda: hostile.png(4032, 3024, 8, 6, row=b"\xe0" * 16128), False, 3),
    ("HOSTILE photo: 16-bit PNG 5000 x 5000", "photo", hostile.sixteen_bit_png, True, 1),
    ("HOSTILE photo: 16-bit PNG 5000 x 5000, x3", "photo", hostile.sixteen_bit_png, True, 3),
    ("HOSTILE photo: RGBA PNG 5000 x 5000", "photo", hostile.rgba_png, True, 1),
    ("weights: the video's 784-16-16-10", "weights", hostile.normal_weights, False, 1),
    ("weights: the largest netcore reads (784-5000-10, float64, 32 MB)", "weights",
     hostile.widest_weights, False, 1),
    ("HOSTILE weights: 0.79 GB of long doubles", "weights", hostile.long_double_weights, True, 1),
    ("HOSTILE weights: 300,000 entries", "weights", hostile.many_entries_weights, True, 1),
    ("canvas: a drawing (280 x 280)", "canvas", lambda: hostile.drawn_canvas().encode(), False, 1),
    ("HOSTILE canvas: PNG 12,000 x 12,000", "canvas",
     lambda: hostile.canvas_message().encode(), True, 1),
]


def run_case(case: str, path: Path, root: Path, at_once: int, runs: int) -> dict:
    results = [hostile.measure(case, path, root, at_once) for _ in range(runs)]
    return {"peak_mb": statistics.median(r["peak_mb"] for r in results),
            "seconds": statistics.median(r["seconds"] for r in results),
            "message": results[0]["message"], "message_chars": results[0]["message_chars"]}


def cell(result: dict | None) -> str:
    if result is None:
        return "-"
    return f"{result['peak_mb']:,.0f} MB, {result['seconds']:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per case (median)")
    parser.add_argument("--before", type=Path, help="another checkout to measure the same way")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, case, build, is_hostile, at_once in CASES:
            path = Path(folder) / "file"
            size = len(data := build())
            path.write_bytes(data)
            del data
            after = run_case(case, path, ROOT, at_once, args.runs)
            before = run_case(case, path, args.before, at_once, 1) if args.before else None
            met = (after["peak_mb"] < GOAL_MB and after["seconds"] < GOAL_SECONDS
                   and after["message_chars"] < 300) if is_hostile else None
            rows.append({"case": label, "file_mb": size / 2**20, "after": after,
                         "before": before, "met": met})
            print(f"{label}: {cell(after)} (before: {cell(before)}) -- {after['message'][:90]}",
                  flush=True)

    lines = [f"# Hostile uploads ({datetime.datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, "
             f"median of {args.runs} fresh processes)", "",
             "| Case | File | Peak memory increase, time | "
             + (f"Before ({args.before}) | " if args.before else "")
             + "Message (chars) | Goal met? |",
             "|---|---|---|" + ("---|" if args.before else "") + "---|---|"]
    for row in rows:
        a = row["after"]
        message = a["message"][:70] + ("..." if len(a["message"]) > 70 else "")
        before = f" {cell(row['before'])} ({row['before']['message_chars']:,} chars) |" \
            if row["before"] else ""
        met = {None: "(baseline)", True: "yes", False: "NO"}[row["met"]]
        lines.append(f"| {row['case']} | {row['file_mb']:.2f} MB | {cell(a)} |{before} "
                     f"{message} ({a['message_chars']:,}) | {met} |")
    table = "\n".join(lines)
    print("\n" + table)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "hostile.md").write_text(table + "\n")
    (out / "hostile.json").write_text(json.dumps(rows, indent=1, default=str))


if __name__ == "__main__":
    main()
