#!/usr/bin/env python3
"""Writes load traces that no policy, default or tuning rule in this repository was fitted on.

Every figure of `headroom tune` and of the shipped default was measured on the four shipped
traces (at several calibrations). These traces are made up here, from fixed seeds, to shapes
a platform team meets and the shipped ones lack: steady growth, a decline, a regime shift (a
launch), two daily peaks, frequent flash crowds, and low, noisy counts over a week. They are not
real traffic; they are traffic nothing was tuned on. Usage:

  scripts/synthetic-traces.py DIR [--seed-offset N]

--seed-offset draws other instances of the same six shapes (another seed each): traces to check
on after a choice was made on the first ones.
  scripts/tune-benchmarks.py --traces DIR [--hindsight]

Each trace is `timestamp,value` with ISO-8601 UTC timestamps, as `headroom trace export` writes.
"""
import argparse
import math
import os
import random
import sys
from datetime import datetime, timedelta, timezone

START = datetime(2026, 1, 5, tzinfo=timezone.utc)  # a Monday


def daily(phase, peaks=((14.0, 4.0),)):
    """Daily shape in [0, 1]: Gaussian bumps at the given (hour, width in hours)."""
    hour = 24 * phase
    value = 0.0
    for centre, width in peaks:
        distance = min(abs(hour - centre), 24 - abs(hour - centre))
        value = max(value, math.exp(-0.5 * (distance / width) ** 2))
    return value


def shape(kind, step, steps, step_seconds, rng, state):
    seconds = step * step_seconds
    day = seconds / 86_400
    phase = day % 1
    weekday = int(day) % 7
    weekend = 0.65 if weekday >= 5 else 1.0
    if kind == "growing-api":
        base = 400 * (1.025 ** day) * (0.35 + 0.65 * daily(phase)) * weekend
        noise = rng.gauss(1, 0.05)
    elif kind == "declining-batch":
        base = 900 * (0.985 ** day) * (0.5 + 0.5 * daily(phase, ((2.0, 3.0),)))
        noise = rng.gauss(1, 0.10)
    elif kind == "launch-shift":
        level = 1.0 if day < 0.7 * steps * step_seconds / 86_400 else 1.6
        base = 300 * level * (0.3 + 0.7 * daily(phase)) * weekend
        noise = rng.gauss(1, 0.06)
    elif kind == "two-peaks":
        base = 250 * (0.25 + 0.75 * daily(phase, ((9.0, 1.5), (20.0, 2.0)))) * weekend
        noise = rng.gauss(1, 0.07)
    elif kind == "flash-crowds":
        # A crowd starts on about 1 % of minutes, and lasts 5 to 30 minutes at 2 to 4 times the load.
        if state.get("left", 0) <= 0 and rng.random() < 0.01 * step_seconds / 60:
            state["left"] = rng.randint(5, 30) * 60 // step_seconds
            state["factor"] = rng.uniform(2, 4)
        crowd = state["factor"] if state.get("left", 0) > 0 else 1.0
        state["left"] = state.get("left", 0) - 1
        base = 200 * (0.5 + 0.5 * daily(phase)) * crowd
        noise = rng.gauss(1, 0.05)
    elif kind == "noisy-counts":
        # Poisson counts of a few requests a step: most of the signal is noise.
        mean = 6 * (0.4 + 0.6 * daily(phase))
        return float(poisson(rng, mean))
    else:
        raise ValueError(kind)
    return max(0.0, base * noise)


def poisson(rng, mean):
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def hour_mean(kind, second, seconds, rng, state):
    """Requests per second at `second` of a short trace: a shape times a drift that moves each minute."""
    if "level" not in state:
        state["level"] = rng.uniform(3, 8)
        state["drift"] = 1.0
        state["hump"] = (rng.uniform(0.35, 0.65), rng.uniform(1.3, 1.8))
        state["ramp"] = rng.uniform(1.4, 2.0)
        state["burst"] = (rng.randint(10, 50) * seconds // 60, rng.randint(3, 8) * 60, rng.uniform(1.8, 2.5))
        state["shift"] = (rng.uniform(0.3, 0.8), rng.choice((0.6, 0.75, 1.35, 1.6)))
    if second % 60 == 0:  # as much drift over the trace whatever its length
        state["drift"] *= math.exp(rng.gauss(0, 0.05 * math.sqrt(3600 / seconds)))
    x = second / seconds
    if kind == "hour-hump":
        centre, height = state["hump"]
        factor = 1 + (height - 1) * math.exp(-0.5 * ((x - centre) / 0.18) ** 2) - 0.3 * max(0.0, x - centre)
    elif kind == "hour-steady":
        factor = 1.0
    elif kind == "hour-rising":
        factor = 1 + (state["ramp"] - 1) * x
    elif kind == "hour-falling":
        factor = 1 / (1 + (state["ramp"] - 1) * x)
    elif kind == "hour-burst":
        start, length, height = state["burst"]
        factor = height if start <= second < start + length else 1.0
    elif kind == "hour-shift":
        at, level = state["shift"]
        factor = level if x >= at else 1.0
    else:
        raise ValueError(kind)
    return state["level"] * state["drift"] * factor


# name (before the length): (kind, seed); one-second steps, integer-second timestamps as the
# shipped LLM trace has
HOUR_TRACES = {
    "synthetic_hour_hump": ("hour-hump", 21),
    "synthetic_hour_steady": ("hour-steady", 22),
    "synthetic_hour_rising": ("hour-rising", 23),
    "synthetic_hour_falling": ("hour-falling", 24),
    "synthetic_hour_burst": ("hour-burst", 25),
    "synthetic_hour_shift": ("hour-shift", 26),
}

# name: (kind, days, step seconds, seed)
TRACES = {
    "synthetic_growing_api_21d_1min": ("growing-api", 21, 60, 11),
    "synthetic_declining_batch_14d_5min": ("declining-batch", 14, 300, 12),
    "synthetic_launch_shift_21d_1min": ("launch-shift", 21, 60, 13),
    "synthetic_two_peaks_14d_1min": ("two-peaks", 14, 60, 14),
    "synthetic_flash_crowds_14d_1min": ("flash-crowds", 14, 60, 15),
    "synthetic_noisy_counts_7d_1min": ("noisy-counts", 7, 60, 16),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", help="where to write the six traces (made if missing)")
    parser.add_argument("--seed-offset", type=int, default=0, metavar="N",
                        help="draw other instances of the same shapes (default 0)")
    parser.add_argument("--hours", type=int, default=0, metavar="N",
                        help="write six N-hour traces of requests per second instead")
    arguments = parser.parse_args()
    directory, offset = arguments.directory, arguments.seed_offset
    os.makedirs(directory, exist_ok=True)
    if arguments.hours < 0:
        parser.error("--hours must be a positive number of hours")
    if arguments.hours:
        seconds = arguments.hours * 3600
        for name, (kind, seed) in HOUR_TRACES.items():
            rng = random.Random(seed + offset)
            state = {}
            path = os.path.join(directory, f"{name}_{arguments.hours}h_1s.csv")
            with open(path + ".partial", "w") as handle:
                handle.write("timestamp,value\n")
                for second in range(seconds):
                    handle.write(f"{second},{poisson(rng, hour_mean(kind, second, seconds, rng, state))}\n")
            os.replace(path + ".partial", path)
            print(f"{path}: {seconds} steps of 1 s")
        return 0
    for name, (kind, days, step_seconds, seed) in TRACES.items():
        rng = random.Random(seed + offset)
        steps = days * 86_400 // step_seconds
        state = {}
        path = os.path.join(directory, name + ".csv")
        with open(path + ".partial", "w") as handle:
            handle.write("timestamp,value\n")
            for step in range(steps):
                value = shape(kind, step, steps, step_seconds, rng, state)
                stamp = (START + timedelta(seconds=step * step_seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
                handle.write(f"{stamp},{value:.3f}\n")
        os.replace(path + ".partial", path)
        print(f"{path}: {steps} steps of {step_seconds} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
