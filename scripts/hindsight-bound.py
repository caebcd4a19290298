#!/usr/bin/env python3
"""How cheaply could any policy halve AWS target tracking's under-provisioned time on a
5-minute trace under the CPU web-API scenario, if it were fitted to the trace in hindsight?

Under cpu-web-api on a trace with 5-minute steps, the boot (90 s) and the metric lag (60 s)
each round up to one step (shared/SIMULATION.md), so the units ready at step t are exactly
the count D decided at step t-1, which saw the load of step t-2; nothing boots across a
scoring, so the cost is the sum of those counts. Any policy is then a rule choosing S[t]
from the past up to t-2, and the trace is short S[t] < d[t] at the steps it misses.

This script gives such rules more than any real policy has: the trace's future, to fit in
hindsight. The steps are split into cells by what a policy could know (the hour of day, the
last 45 minutes' volatility and the load level, in terciles), and in each cell every step
gets S[t] = ceil(m × u[t-2]), with u the units needed at the 60 % target and m one multiplier
per cell chosen with the whole trace known, for the least cost at no more misses than half
of AWS's. The more cells, the closer this comes to fitting the trace itself.

It first checks its model against the simulator: the rule with m = 1 everywhere is Headroom
target tracking acting on every reading, and its cost and under-provisioned time must equal
`headroom simulate`'s. Usage:

  swift build -c release --product headroom
  scripts/hindsight-bound.py [--trace simulations/traces/bitbrains_rnd_fleet_cpu_jul2013_5min.csv]
"""
import argparse
import csv
import datetime
import math
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from policy_runs import AWS_POLICY, DEFAULT_BINARY, ROOT, scenario_for, scenario_settings, simulate  # noqa: E402

SCENARIO = "cpu-web-api"
STEP = 300
TARGET = 0.6
SLO = 0.8
BOUNDS = (1, 100)
VOLATILITY_STEPS = 9  # 45 minutes
MULTIPLIERS = [1 + 0.02 * i for i in range(101)]  # 1.00 to 3.00
# Reacts to every reading, scales in at once: S[t] = ceil(u[t-2]) in the model.
REACTIVE_POLICY = """Name: reactive
Kind: headroom
MinCapacity: 1
MaxCapacity: 100
TargetTracking:
  Metrics:
    - Name: cpu
      TargetValue: 60
  Tolerance: 0
  ScaleIn:
    StabilizationWindowSeconds: 0
"""


def units(x):
    """Rounds a unit count up, with the simulator's guard against floating-point noise."""
    return max(0, math.ceil(x - 1e-9))


def clamp(n):
    return min(BOUNDS[1], max(BOUNDS[0], n))


def read_trace(path):
    """The trace's loads and the hour of day (UTC) of each step; exits unless its steps are
    five minutes long, which the model needs."""
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))

    def seconds(text):
        try:
            return int(text)
        except ValueError:
            return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())

    times = [seconds(row["timestamp"]) for row in rows]
    if len(times) < 3 or any(b - a != STEP for a, b in zip(times, times[1:])):
        sys.exit(f"{path}: the model needs steps of {STEP} s")
    return [float(row["value"]) for row in rows], [(time // 3600) % 24 for time in times]


def tercile(value, ordered):
    if value <= ordered[len(ordered) // 3]:
        return 0
    return 1 if value <= ordered[2 * len(ordered) // 3] else 2


def cells(needed, hours, kind):
    """Steps 2... grouped by what a policy could know at t-1: {cell: [t]}."""
    steps = range(2, len(needed))
    volatility = {t: statistics.pstdev(needed[max(0, t - 1 - VOLATILITY_STEPS):t - 1]) if t > 2 else 0.0 for t in steps}
    by_volatility = sorted(volatility.values())
    by_level = sorted(needed[t - 2] for t in steps)
    groups = {}
    for t in steps:
        hour = hours[t]
        v, level = tercile(volatility[t], by_volatility), tercile(needed[t - 2], by_level)
        key = {"one multiplier": 0, "volatility × level (9)": (v, level), "hour of day (24)": hour,
               "hour × volatility × level (216)": (hour, v, level)}[kind]
        groups.setdefault(key, []).append(t)
    return groups


def cheapest(needed, hours, demand, kind, budget):
    """The least total units over steps 2... with at most budget misses, one multiplier per
    cell chosen in hindsight (a Lagrangian sweep), as (units, misses)."""
    options = []
    for steps in cells(needed, hours, kind).values():
        row = []
        for m in MULTIPLIERS:
            supplied = [clamp(units(m * needed[t - 2])) for t in steps]
            row.append((sum(supplied), sum(s < demand[t] for s, t in zip(supplied, steps))))
        options.append(row)
    best = None
    for i in range(120):
        price = 0.2 * 1.1 ** i
        total = misses = 0
        for row in options:
            cost, missed = min(row, key=lambda o: o[0] + price * o[1])
            total, misses = total + cost, misses + missed
        if misses <= budget and (best is None or total < best[0]):
            best = (total, misses)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trace", default=os.path.join(ROOT, "simulations/traces/bitbrains_rnd_fleet_cpu_jul2013_5min.csv"))
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    args = parser.parse_args()
    load, hours = read_trace(args.trace)
    with tempfile.TemporaryDirectory() as directory:
        scenario = scenario_for(args.trace, SCENARIO, directory)
        settings = scenario_settings(scenario)
        capacity, price, boot, lag = (float(settings[key])
                                      for key in ["capacityPerUnit", "pricePerUnitHour", "bootSeconds", "metricLagSeconds"])
        if not (0 < boot <= STEP and 0 < lag <= STEP):
            sys.exit(f"the model needs a boot and a metric lag of one step each ({STEP} s), the scenario has {boot} s and {lag} s")
        reactive = os.path.join(directory, "reactive.yaml")
        with open(reactive, "w") as handle:
            handle.write(REACTIVE_POLICY)
        scores = simulate(args.binary, args.trace, scenario, [AWS_POLICY, reactive])
    aws, simulated = scores["aws-target-tracking"], scores["reactive"]
    step_hours = STEP / 3600
    demand = [max(BOUNDS[0], units(x / (capacity * SLO))) for x in load]
    needed = [x / (capacity * TARGET) for x in load]

    # The model against the simulator, on the reactive rule (steps 0 and 1 as the simulator has them).
    supplied = [clamp(units(needed[t - 2])) for t in range(2, len(load))]
    model_misses = sum(s < demand[t] for s, t in zip(supplied, range(2, len(load))))
    model_cost = sum(supplied) * price * step_hours
    head_cost = simulated["cost"] - model_cost
    head_misses = simulated["underProvisionedSeconds"] / STEP - model_misses
    if not (0 <= head_misses <= 2 and 0 <= head_cost <= 2 * BOUNDS[1] * price * step_hours):
        sys.exit(f"the model does not match the simulator: {model_misses} misses and cost {model_cost:.2f} from step 2 "
                 f"against {simulated['underProvisionedSeconds'] / STEP:.0f} and {simulated['cost']:.2f} in all")
    aws_misses = int(aws["underProvisionedSeconds"] // STEP)
    budget = aws_misses // 2 - int(head_misses)
    aws_units = aws["cost"] / (price * step_hours)

    name = os.path.basename(args.trace)
    print(f"{name} under {SCENARIO}: AWS target tracking is short {aws_misses} steps at cost ratio {aws['costRatio']:.3f}.")
    print(f"Model check: Headroom target tracking on every reading, simulator {simulated['underProvisionedSeconds'] / STEP:.0f} "
          f"steps short / cost {simulated['cost']:.2f}; model {model_misses} + {head_misses:.0f} in steps 0-1 / "
          f"{model_cost:.2f} + {head_cost:.2f}.\n")
    print(f"| multipliers fitted in hindsight | steps short (≤ {aws_misses // 2}) | cost × AWS |")
    print("|---|---|---|")
    for kind in ["one multiplier", "volatility × level (9)", "hour of day (24)", "hour × volatility × level (216)"]:
        found = cheapest(needed, hours, demand, kind, budget)
        if found is None:
            print(f"| {kind} | none within {MULTIPLIERS[-1]:.0f}× | |")
            continue
        total, misses = found
        cost = (total + head_cost / (price * step_hours)) / aws_units
        print(f"| {kind} | {misses + int(head_misses)} | {cost:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
