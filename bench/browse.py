"""`kanten browse` over a generated file of 100 000 facts: how long until the list is on screen,
beside `kanten facts --json` over the same file, and how long a key takes while scrolling.

    python bench/browse.py [--runs 5] [--facts 100000]

Start-up runs the real command in a pseudo-terminal (120x40) and stops the clock when the first
fact's id has been drawn; then `q` quits. Scrolling runs the app headless (Textual's own test
driver, which draws every frame as a terminal would): the time from a key press until the screen
has been redrawn, for Down, PageDown and End, and the filter for a word every fact holds
(the slowest filter there is: it runs in a thread, the list stays usable meanwhile). The key
x is bound to nothing: its time is the test driver's own, the floor under every other key.
Target (issue 23): start-up within about 2 x `kanten facts --json`; no key slower than a frame
or two of a person's reading (50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import compile_bytecode, generate, kanten, measure  # noqa: E402

COLUMNS, LINES = 120, 40


def time_to_screen(cmd: list[str], marker: bytes, timeout: float = 60.0) -> float:
    """Seconds from starting `cmd` in a pseudo-terminal until `marker` is in what it drew; then quit."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([leader], [], [], 0.01)
            if ready:
                try:
                    seen += os.read(leader, 1 << 16)
                except OSError:
                    break
                if marker in seen:
                    elapsed = time.perf_counter() - started
                    break
        os.write(leader, b"q")
        deadline = time.perf_counter() + 10
        while child.poll() is None and time.perf_counter() < deadline:
            select.select([leader], [], [], 0.05)
            with contextlib.suppress(OSError):
                os.read(leader, 1 << 16)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        os.close(leader)
    if elapsed is None:
        raise SystemExit(f"{' '.join(cmd)}: {marker!r} never appeared")
    return elapsed


async def key_times(path: Path) -> dict[str, list[float]]:
    """Seconds per key press, until the screen is redrawn, in the app run headless."""
    from kanten_cli.facts.load import load
    from kanten_cli.output.explorer.app import ExplorerApp
    from kanten_cli.query.index import Index

    app = ExplorerApp(Index(load(str(path))[0]), "en", environ={})
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        await pilot.pause(0.5)
        # x is bound to nothing: the test driver's own cost of a key, the floor under the others
        for key, count in (("x", 50), ("down", 200), ("pagedown", 100), ("end", 5), ("home", 5)):
            for _ in range(count):
                started = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()  # until the app has handled it and redrawn
                times.setdefault(key, []).append(time.perf_counter() - started)
        started = time.perf_counter()
        await pilot.press("slash", "s", "y", "n")
        while app._filtering or app.state.matches.query != "syn":
            await pilot.pause(0.05)
        times["filter 'syn' (every fact)"] = [time.perf_counter() - started]
        started = time.perf_counter()
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("4", "2", "4", "2")
        while app._filtering or app.state.matches.query != "4242":
            await pilot.pause(0.02)
        times["filter '4242' (one fact)"] = [time.perf_counter() - started]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--facts", type=int, default=100_000)
    args = parser.parse_args()
    compile_bytecode()
    k = kanten()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"facts-{args.facts}.json"
        generate(args.facts, path, quiet=False)
        json_times, browse_times = [], []
        for _ in range(args.runs):  # alternately, so that both see the same load on the machine
            json_times.append(measure([*k, "facts", "--json", "--data", str(path)], (0,), None)[0])
            browse_times.append(time_to_screen([*k, "browse", "--data", str(path)], b"fact-0 "))
        facts_json, browse = statistics.median(json_times), statistics.median(browse_times)
        print(f"{args.runs} alternating runs, {args.facts} facts ({path.stat().st_size / 1e6:.1f} MB); medians")
        print(f"kanten facts --json           {facts_json:5.2f} s")
        print(f"kanten browse, list on screen {browse:5.2f} s   ratio {browse / facts_json:4.2f} (target about 2)")
        for key, seconds in asyncio.run(key_times(path)).items():
            ms = [s * 1000 for s in seconds]
            if len(ms) == 1:
                print(f"{key:28s}  {ms[0] / 1000:5.2f} s")
            else:
                print(f"key {key:10s} x{len(ms):<4d}  median {statistics.median(ms):5.1f} ms   max {max(ms):5.1f} ms")


if __name__ == "__main__":
    main()
