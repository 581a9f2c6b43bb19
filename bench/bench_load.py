#!/usr/bin/env python
"""A classroom at once: N simulated learners on Streamlit's websocket protocol open / and draw.

    python bench/bench_load.py                  # N = 1, 5, 10, 20, 30, 40; 5 strokes each
    python bench/bench_load.py --quick          # N = 1, 5; 2 strokes each (a smoke check)
    python bench/bench_load.py --proxy-url http://127.0.0.1:8501 --pids 1234,1235
    python bench/bench_load.py --soak 1800      # 30 minutes of learners coming and going

No browsers: each learner is a `bench.protocol.Learner`, one websocket session
speaking Streamlit's protocol the way the frontend does (see bench/protocol.py),
all of them in this one asyncio process, so the rig itself costs little CPU
(its own CPU time is reported). Loopback only; at most MAX_LEARNERS learners,
and every run waits at most --timeout seconds.

For each N and each setup, in turn (setups interleaved per N, so load from
other work on the machine hits them alike):

1. N learners connect and open / (a full script run each, all at once);
2. --strokes rounds: all N send a new drawing at the same moment (an MNIST test
   digit, 280x280 RGBA, PNG, as the canvas component sends it) and each times
   until the fragment's `script_finished`; the "Network's guess" that came back
   must be what the network says for that image (computed here), or the stroke
   counts as a failure;
3. they leave (close the connection).

Setups (--setups): `defaults` (one process, Streamlit's defaults: no config file,
`runner.postScriptGC` on), `production` (one process, `bench.servers.PRODUCTION_FLAGS`
and gc.freeze()), `proxy` (two production processes behind HAProxy, started here;
or the proxy at --proxy-url, with the server processes' --pids to measure them).

Reported per N and setup: answer time median / p95 / max over every stroke,
failures, the time to open / (median), server CPU (the server processes' CPU
seconds over the wall time of the drawing rounds: 1.0 = one core busy), the
server's CPU time per answer (those CPU seconds over the strokes answered: the
steadiest figure on a shared machine) and peak RSS (summed over the
processes, sampled every 0.5 s).

--soak SECONDS: --soak-learners learners at a time, each opening /, drawing a
few strokes with pauses, sometimes moving to a lesson and drawing there, then
leaving, replaced by a new one, for SECONDS; the server's RSS every 10 s. Memory
has levelled off when the last third's median RSS is within LEVEL_TOLERANCE of
the middle third's.

Writes bench/out/load.{md,json} (--quick: load-quick.*, --soak: soak.*). Exit
status 0 even if a goal is missed: this is a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import signal
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import numpy as np  # noqa: E402

import netcore  # noqa: E402
from apptest_helpers import canvas_image  # noqa: E402
from bench import servers  # noqa: E402
from bench.protocol import Learner, canvas_value  # noqa: E402
from netcore.preprocess import to_mnist  # noqa: E402

OUT = ROOT / "bench" / "out"
LEARNER_COUNTS = (1, 5, 10, 20, 30, 40)
QUICK_COUNTS = (1, 5)
MAX_LEARNERS = 100
SETUPS = ("defaults", "production", "proxy")
# Issue 9 section 5: p95 of the answer time.
GOALS = {"production": (20, 0.300), "proxy": (40, 0.500)}
RSS_SAMPLE_S = 0.5
SOAK_SAMPLE_S = 10
LEVEL_TOLERANCE = 0.05
# Soak: lessons with the digit canvas a learner may move to after drawing on /.
SOAK_LESSONS = ("neurons", "layers", "weights", "sigmoid-and-bias", "function")


# -- the strokes ----------------------------------------------------------------------

class Strokes:
    """Precomputed canvas values (PNG, JSON) and the answer the network gives for each."""

    def __init__(self, n_images: int = 20):
        net = netcore.load_default()
        self.images = [canvas_image(k % 10, nth=k // 10) for k in range(n_images)]
        self.answers = [str(int(np.argmax(net.feedforward(to_mnist(im))))) for im in self.images]
        self._count = 0

    def next(self, learner: int, round_: int) -> tuple[str, str]:
        """(canvas value, expected answer): a different image from the learner's last one."""
        self._count += 1
        k = (learner + round_) % len(self.images)
        return canvas_value(self.images[k], stroke=self._count), self.answers[k]


# -- measuring the servers ------------------------------------------------------------

class Watch:
    """CPU seconds and RSS of the server processes; a sampler task for peak RSS."""

    def __init__(self, pids: list[int]):
        self.procs = [servers.ProcessStats(pid) for pid in pids]
        self.peak_mb = 0.0
        self._task = None

    def cpu(self) -> float:
        return sum(p.cpu_seconds() for p in self.procs if p.alive())

    def rss_mb(self) -> float:
        return sum(p.rss_mb() for p in self.procs if p.alive())

    def per_process_cpu(self) -> list[float]:
        return [p.cpu_seconds() if p.alive() else 0.0 for p in self.procs]

    def per_process_rss(self) -> list[float]:
        return [round(p.rss_mb(), 1) if p.alive() else None for p in self.procs]

    async def _sample(self, every: float) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, self.rss_mb())
            await asyncio.sleep(every)

    def start(self, every: float = RSS_SAMPLE_S) -> None:
        self.peak_mb = self.rss_mb() if self.procs else float("nan")
        if self.procs:
            self._task = asyncio.get_running_loop().create_task(self._sample(every))

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None


def quantiles(seconds: list[float]) -> dict:
    if not seconds:
        return {"median ms": None, "p95 ms": None, "max ms": None}
    a = np.asarray(seconds) * 1e3
    return {"median ms": round(float(np.median(a)), 1),
            "p95 ms": round(float(np.percentile(a, 95)), 1), "max ms": round(float(a.max()), 1)}


def short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


# -- one load level ---------------------------------------------------------------------

async def load_level(url: str, n: int, rounds: int, strokes: Strokes, watch: Watch,
                     timeout_s: float) -> dict:
    """N learners open / and draw `rounds` times at once; the figures of this level."""
    failures: list[str] = []
    learners = [Learner(url, timeout_s) for _ in range(n)]
    watch.start()
    wall0, cpu0, rig0 = time.perf_counter(), watch.cpu(), time.process_time()

    async def open_one(learner):
        await learner.__aenter__()
        return await learner.open("")

    opened = await asyncio.gather(*(open_one(le) for le in learners), return_exceptions=True)
    open_times, ready = [], []
    for learner, result in zip(learners, opened):
        if isinstance(result, BaseException):
            failures.append("open: " + short(result))
        else:
            open_times.append(result.seconds)
            ready.append(learner)

    draw_wall0, draw_cpu0 = time.perf_counter(), watch.cpu()
    per_cpu0 = watch.per_process_cpu()
    answer_times = []

    async def draw_one(i, learner, round_):
        value, expected = strokes.next(i, round_)
        run = await learner.draw(value)
        if run.answer != expected:
            raise AssertionError(f"answer {run.answer!r}, the network says {expected!r}")
        return run.seconds

    for round_ in range(rounds):
        results = await asyncio.gather(*(draw_one(i, le, round_) for i, le in enumerate(ready)),
                                       return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                failures.append("draw: " + short(result))
            else:
                answer_times.append(result)
    draw_wall, draw_cpu = time.perf_counter() - draw_wall0, watch.cpu() - draw_cpu0
    per_cpu = [round((b - a) / draw_wall, 2) for a, b in zip(per_cpu0, watch.per_process_cpu())]
    await asyncio.gather(*(le.close() for le in learners), return_exceptions=True)
    await watch.stop()
    wall = time.perf_counter() - wall0
    return {
        "learners": n, "strokes each": rounds, "answers": len(answer_times),
        "failures": len(failures), "failure examples": sorted(set(failures))[:5],
        "answer": quantiles(answer_times),
        "open /": quantiles(open_times),
        "server CPU (cores) while drawing": round(draw_cpu / draw_wall, 2) if watch.procs else None,
        "server CPU ms per answer": (round(draw_cpu / len(answer_times) * 1e3, 1)
                                     if watch.procs and answer_times else None),
        "server CPU (cores) per process while drawing": per_cpu,
        "server CPU (cores) whole level": round((watch.cpu() - cpu0) / wall, 2) if watch.procs else None,
        "peak RSS MB": round(watch.peak_mb, 1) if watch.procs else None,
        "RSS MB per process after": watch.per_process_rss(),
        "bench CPU (cores)": round((time.process_time() - rig0) / wall, 2),
        "seconds": round(wall, 1),
        "answer times ms": [round(s * 1e3, 1) for s in answer_times],
    }


async def warm_up(url: str, strokes: Strokes, learners: int, timeout_s: float) -> None:
    """Each process loads MNIST, the network and its imports once (learners: one per process)."""
    for _ in range(learners):
        async with Learner(url, timeout_s) as learner:
            await learner.open("")
            for k in range(3):
                await learner.draw(strokes.next(k, 0)[0])


# -- setups -----------------------------------------------------------------------------

class Setup:
    """One way of serving: its URL and the processes to measure."""

    def __init__(self, name: str, url: str, pids: list[int], started: list = ()):
        self.name, self.url, self.pids, self.started = name, url, pids, list(started)

    def stop(self) -> None:
        for server in reversed(self.started):
            server.stop()


def start_setup(name: str, args, log_dir: Path) -> Setup:
    if name == "proxy" and args.proxy_url:
        return Setup(name, args.proxy_url.rstrip("/"), args.pids)
    if name == "proxy":
        apps = []
        try:
            for k in range(2):
                apps.append(servers.start_app("production", log_dir, name=f"proxy-app{k}"))
            proxy = servers.start_proxy([int(a.base_url.rsplit(":", 1)[1]) for a in apps],
                                        log_dir)
        except BaseException:
            for a in apps:
                a.stop()
            raise
        return Setup(name, proxy.base_url, [a.proc.pid for a in apps], apps + [proxy])
    app = servers.start_app(name, log_dir, name=name)
    return Setup(name, app.base_url, [app.proc.pid], [app])


def machine() -> dict:
    return {"platform": platform.platform(), "python": platform.python_version(),
            "cpus": len(os.sched_getaffinity(0))}


def write(stem: str, report: str, data: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{stem}.md").write_text(report + "\n")
    (OUT / f"{stem}.json").write_text(json.dumps(data, indent=2))
    print(f"\nwritten to bench/out/{stem}.md and bench/out/{stem}.json")


# -- the load table -----------------------------------------------------------------------

def met(setup: str, n: int, level: dict) -> str:
    goal = GOALS.get(setup)
    if goal is None or goal[0] != n:
        return ""
    p95 = level["answer"]["p95 ms"]
    ok = p95 is not None and p95 < goal[1] * 1e3 and level["failures"] == 0
    return f"p95 < {goal[1] * 1e3:.0f} ms: {'yes' if ok else 'NO'}"


def load_table(levels: list[dict]) -> str:
    rows = ["| Learners | Setup | Answer median | p95 | max | Failures | Open / median | "
            "Server CPU (cores) | Server CPU per answer | Peak RSS | Goal |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for lv in levels:
        a, o = lv["answer"], lv["open /"]
        fmt = lambda v: "-" if v is None else f"{v:.0f} ms"  # noqa: E731
        cpu = lv["server CPU (cores) while drawing"]
        rss, per = lv["peak RSS MB"], lv["server CPU ms per answer"]
        rows.append(f"| {lv['learners']} | {lv['setup']} | {fmt(a['median ms'])} | "
                    f"{fmt(a['p95 ms'])} | {fmt(a['max ms'])} | {lv['failures']} / "
                    f"{lv['learners'] * lv['strokes each']} | {fmt(o['median ms'])} | "
                    f"{'-' if cpu is None else f'{cpu:.2f}'} | "
                    f"{'-' if per is None else f'{per:.0f} ms'} | "
                    f"{'-' if rss is None else f'{rss:.0f} MB'} | {met(lv['setup'], lv['learners'], lv)} |")
    return "\n".join(rows)


async def run_load(args, setups: list[Setup], strokes: Strokes) -> list[dict]:
    levels = []
    deadline = time.monotonic() + args.max_seconds
    for setup in setups:
        await warm_up(setup.url, strokes, 2 if setup.name == "proxy" else 1, args.timeout)
    for n in args.learners:
        for setup in setups:
            if time.monotonic() > deadline:
                print(f"--max-seconds reached: {setup.name} at N={n} skipped")
                continue
            level = await load_level(setup.url, n, args.strokes, strokes, Watch(setup.pids),
                                     args.timeout)
            level["setup"] = setup.name
            levels.append(level)
            a = level["answer"]
            print(f"N={n:3d} {setup.name:10s} answer median {a['median ms']} ms, p95 {a['p95 ms']} "
                  f"ms, max {a['max ms']} ms, failures {level['failures']}, CPU "
                  f"{level['server CPU (cores) while drawing']}, RSS {level['peak RSS MB']} MB",
                  flush=True)
            await asyncio.sleep(1)     # let the server close the sessions
    return levels


# -- the soak ---------------------------------------------------------------------------

async def soak_learner(url: str, strokes: Strokes, until: float, rng: random.Random,
                       stats: dict, timeout_s: float, worker: int) -> None:
    """Learners one after another until `until`: open, draw, maybe move and draw, leave."""
    while time.monotonic() < until:
        try:
            async with Learner(url, timeout_s) as learner:
                await learner.open("")
                stats["sessions"] += 1
                for round_ in range(rng.randint(1, 4)):
                    value, expected = strokes.next(worker, stats["sessions"] + round_)
                    run = await learner.draw(value)
                    stats["answers"].append(run.seconds)
                    if run.answer != expected:
                        stats["failures"].append(f"answer {run.answer!r}, expected {expected!r}")
                    await asyncio.sleep(rng.uniform(0.3, 1.5))
                if rng.random() < 0.5:
                    await learner.goto(rng.choice(SOAK_LESSONS))
                    await learner.draw(strokes.next(worker, stats["sessions"] + 7)[0])
                    await asyncio.sleep(rng.uniform(0.3, 1.5))
        except Exception as exc:  # noqa: BLE001 -- counted, the soak goes on
            stats["failures"].append(short(exc))
            await asyncio.sleep(1)


def levelled(samples: list[tuple[float, float]]) -> dict:
    """Median RSS of the middle and the last third of the samples, and the verdict."""
    rss = [r for _, r in samples]
    third = len(rss) // 3
    if third < 1:
        return {"verdict": "too short to tell (fewer than 3 samples)"}
    middle, last = statistics.median(rss[third:2 * third]), statistics.median(rss[2 * third:])
    growth = (last - middle) / middle
    return {"middle third median RSS MB": round(middle, 1),
            "last third median RSS MB": round(last, 1), "growth": round(growth, 4),
            "verdict": ("levelled off" if growth <= LEVEL_TOLERANCE else
                        f"still growing (+{growth:.1%} from the middle to the last third)")}


async def run_soak(args, setup: Setup, strokes: Strokes) -> dict:
    watch = Watch(setup.pids)
    await warm_up(setup.url, strokes, 2 if setup.name == "proxy" else 1, args.timeout)
    stats = {"sessions": 0, "answers": [], "failures": []}
    start = time.monotonic()
    until = start + args.soak
    rng = random.Random(9)
    workers = [asyncio.create_task(soak_learner(setup.url, strokes, until, random.Random(rng.random()),
                                                stats, args.timeout, w))
               for w in range(args.soak_learners)]
    samples = []
    cpu0 = watch.cpu()
    while time.monotonic() < until:
        samples.append((round(time.monotonic() - start, 1), round(watch.rss_mb(), 1)))
        print(f"  {samples[-1][0]:7.0f} s  RSS {samples[-1][1]:7.1f} MB  sessions {stats['sessions']}"
              f"  failures {len(stats['failures'])}", flush=True)
        await asyncio.sleep(min(SOAK_SAMPLE_S, max(0.0, until - time.monotonic())))
    await asyncio.gather(*workers, return_exceptions=True)
    await asyncio.sleep(2)
    samples.append((round(time.monotonic() - start, 1), round(watch.rss_mb(), 1)))
    return {"setup": setup.name, "seconds": args.soak, "learners at a time": args.soak_learners,
            "sessions": stats["sessions"], "strokes": len(stats["answers"]),
            "failures": len(stats["failures"]),
            "failure examples": sorted(set(stats["failures"]))[:5],
            "answer": quantiles(stats["answers"]),
            "server CPU (cores)": round((watch.cpu() - cpu0) / (time.monotonic() - start), 2),
            "RSS samples (s, MB)": samples, **levelled(samples)}


def soak_table(soak: dict) -> str:
    a = soak["answer"]
    rows = ["| Soak | Value |", "|---|---|",
            f"| setup, length | {soak['setup']}, {soak['seconds']:.0f} s, "
            f"{soak['learners at a time']} learners at a time |",
            f"| sessions opened and left | {soak['sessions']} |",
            f"| strokes answered | {soak['strokes']} (median {a['median ms']} ms, p95 {a['p95 ms']} ms) |",
            f"| failures | {soak['failures']} |",
            f"| server CPU | {soak['server CPU (cores)']} cores |",
            f"| RSS first / last sample | {soak['RSS samples (s, MB)'][0][1]:.0f} MB / "
            f"{soak['RSS samples (s, MB)'][-1][1]:.0f} MB |"]
    if "growth" in soak:
        rows.append(f"| median RSS, middle third -> last third | "
                    f"{soak['middle third median RSS MB']:.0f} MB -> "
                    f"{soak['last third median RSS MB']:.0f} MB ({soak['growth']:+.1%}) |")
    rows.append(f"| memory | **{soak['verdict']}** |")
    return "\n".join(rows)


# -- main -------------------------------------------------------------------------------

def counts(text: str) -> list[int]:
    values = [int(v) for v in text.split(",") if v.strip()]
    if not values or min(values) < 1 or max(values) > MAX_LEARNERS:
        raise argparse.ArgumentTypeError(f"learner counts must be 1..{MAX_LEARNERS}")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 1, 5 and 2 strokes (smoke check)")
    parser.add_argument("--learners", type=counts, default=None,
                        help="comma-separated learner counts (default 1,5,10,20,30,40)")
    parser.add_argument("--strokes", type=int, default=None, help="strokes per learner (default 5)")
    parser.add_argument("--setups", default=",".join(SETUPS),
                        help=f"comma-separated, from {','.join(SETUPS)} (default all)")
    parser.add_argument("--proxy-url", help="use this running proxy for the proxy setup")
    parser.add_argument("--pids", type=lambda s: [int(p) for p in s.split(",") if p], default=[],
                        help="with --proxy-url: the app processes' pids, to measure them")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a run may take (60)")
    parser.add_argument("--max-seconds", type=float, default=1800,
                        help="stop starting new load levels after this long (1800)")
    parser.add_argument("--soak", type=float, metavar="SECONDS",
                        help="soak instead of the load levels")
    parser.add_argument("--soak-learners", type=int, default=10,
                        help="learners at a time in the soak (10)")
    parser.add_argument("--soak-setup", default="production", choices=SETUPS)
    args = parser.parse_args()
    # A plain `kill` ends the run through the finally blocks, which stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.learners is None:
        args.learners = list(QUICK_COUNTS if args.quick else LEARNER_COUNTS)
    if args.strokes is None:
        args.strokes = 2 if args.quick else 5
    names = [s for s in args.setups.split(",") if s]
    if args.soak:
        names = [args.soak_setup]
        if not 1 <= args.soak_learners <= MAX_LEARNERS:
            parser.error(f"--soak-learners must be 1..{MAX_LEARNERS}")
    if not set(names) <= set(SETUPS):
        parser.error(f"setups must be among {SETUPS}")

    load_start = os.getloadavg()
    strokes = Strokes()
    log_dir = OUT / "logs"
    setups: list[Setup] = []
    try:
        for name in names:
            setups.append(start_setup(name, args, log_dir))
            print(f"{name}: {setups[-1].url} (pids {setups[-1].pids})", flush=True)
        info = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
                "machine": machine(), "load average at start": load_start,
                "production flags": servers.PRODUCTION_FLAGS + ["gc.freeze() at start-up"]}
        if args.soak:
            soak = asyncio.run(run_soak(args, setups[0], strokes))
            info["load average at end"] = os.getloadavg()
            report = soak_table(soak) + "\n\n" + note(info)
            print(report)
            write("soak", report, {**info, "soak": soak, "table": report})
        else:
            levels = asyncio.run(run_load(args, setups, strokes))
            info["load average at end"] = os.getloadavg()
            report = load_table(levels) + "\n\n" + note(info)
            print(report)
            write("load-quick" if args.quick else "load", report,
                  {**info, "settings": {"learners": args.learners, "strokes": args.strokes,
                                        "setups": names}, "levels": levels, "table": report})
    finally:
        for setup in setups:
            setup.stop()


def note(info: dict) -> str:
    start, end = info["load average at start"], info["load average at end"]
    return (f"{info['date']}, {info['machine']['cpus']} CPUs, load average (1/5/15 min) "
            f"{start[0]:.2f}/{start[1]:.2f}/{start[2]:.2f} at the start, "
            f"{end[0]:.2f}/{end[1]:.2f}/{end[2]:.2f} at the end.")


if __name__ == "__main__":
    main()
