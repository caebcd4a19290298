#!/usr/bin/env python3
"""Local search for the shipped default policy (issue 14, item 3), and a check of it on traces
the search never saw.

The shipped default (simulations/policies/headroom.yaml, and what `headroom policy new` writes)
is for users who have no trace yet, so it must do no harm: on every pair of
scripts/compare-policies.py (each shipped trace under the GPU model-server and CPU web-API
scenarios) cost at most 1.01 × AWS target tracking's and be under-provisioned no longer. The
target stays at AWS's 60 %: it is the user's, and both policies are compared at it.

scripts/search-policies.py --goal no-harm draws policies at random over every knob, and its
best draws do no harm on 5 of 8 pairs. This script searches locally instead: from each start
(AWS target tracking's own settings, the shipped file as it was in session 7, and random
points) it tries ROUNDS rounds of PER random moves of one to three knobs to neighbouring
values, and keeps a move when it lowers

    mean over the pairs of min(under-provisioned time × AWS's, 3)
    + 10 × (the cost beyond (1.01 - COST_MARGIN) × AWS's, in hundredths,
            + the time beyond (1 - TIME_MARGIN) × AWS's, + minutes short where AWS never is)

so it first reaches no harm with margins to spare, then shortens the time. It stops after
PATIENCE rounds without a better move. Then --polish steps of one knob by one value hill-climb
the same objective with its penalty averaged over the point and all its neighbours, so that the
default sits inside the region of no harm rather than on its edge. The margins are there because the default will run on
traffic it was not searched on; how much they buy is what --leave-one-out measures.

--leave-one-out runs the whole search four times, each time without one trace, and scores the
policy it finds on the left-out trace's two pairs: the default judged on traffic its search
never read. Without it, the search runs on all 8 pairs and prints the best policy as a file.

The same seed gives the same result. Usage:

  swift build -c release --product headroom
  scripts/search-default.py [--leave-one-out] [--starts 4] [--seed 1] [--start JSON] [--binary PATH]
"""
import argparse
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from policy_runs import AWS_POLICY, DEFAULT_BINARY, SCENARIOS, no_harm, scenario_for, simulate, traces  # noqa: E402

# Each knob's values in order, so that a move goes to a neighbouring value. None leaves the key
# (or section) out of the file.
KNOBS = {
    "out_datapoints": [1, 2, 3],
    "out_threshold": [0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.3],
    "out_cooldown": [0, 60, 120, 180, 240, 300, 420, 600],
    "in_datapoints": [0, 3, 5, 8, 10, 12, 15, 20, 30],
    "in_threshold": [0.8, 0.85, 0.9, 0.95, 1.0],
    "in_cooldown": [0, 60, 120, 180, 300, 420, 600, 900],
    "in_stabilization": [0, 30, 60, 120, 300, 600, 900],
    "buffer_window": [None, "15m", "30m", "45m", "1h", "90m", "2h", "3h", "4h", "6h"],
    "buffer_deviations": [0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.25],
    "tolerance": [0, 0.02, 0.05, 0.1, 0.15, 0.2],
    "seasons": [None, "[1h, 2h, 3h]", "[1d]", "[1h, 1d]"],
    "horizon": ["3m", "5m", "10m"],
    "forecast_headroom": [0, 0.05, 0.1],
}

# AWS target tracking's own settings (simulations/policies/aws-target-tracking.yaml).
AWS_START = {
    "out_datapoints": 3, "out_threshold": 1.0, "out_cooldown": 300, "in_datapoints": 15, "in_threshold": 0.9,
    "in_cooldown": 300, "in_stabilization": 0, "buffer_window": None, "buffer_deviations": 0.5, "tolerance": 0,
    "seasons": None, "horizon": "5m", "forecast_headroom": 0,
}
# The shipped default of sessions 2 to 7: a one-minute scale-out, a 30 s scale-in, a 45-minute buffer.
SESSION7_START = dict(AWS_START, out_datapoints=1, out_cooldown=0, in_datapoints=0, in_cooldown=0,
                      in_stabilization=30, buffer_window="45m", buffer_deviations=0.75)


def policy_file(knobs, name):
    """The policy file for one point of the knob space, at AWS's 60 % target."""
    k = knobs
    lines = [
        f"Name: {name}", "Kind: headroom", "MinCapacity: 1", "MaxCapacity: 100",
        "TargetTracking:", "  Metrics:", "    - Name: cpu", "      TargetValue: 60", f"  Tolerance: {k['tolerance']}",
        "  ScaleOut:", f"    Cooldown: {k['out_cooldown']}",
        f"    Alarm: {{Datapoints: {k['out_datapoints']}, PeriodSeconds: 60, ThresholdRatio: {k['out_threshold']}}}",
        "  ScaleIn:", f"    Cooldown: {k['in_cooldown']}", f"    StabilizationWindowSeconds: {k['in_stabilization']}",
    ]
    if k["in_datapoints"]:
        lines.append(f"    Alarm: {{Datapoints: {k['in_datapoints']}, PeriodSeconds: 60, ThresholdRatio: {k['in_threshold']}}}")
    if k["buffer_window"] is not None:
        lines += ["Buffer:", f"  Window: {k['buffer_window']}", f"  Deviations: {k['buffer_deviations']}"]
    if k["seasons"] is not None:
        lines += ["Forecast:", "  Bucket: 1m", f"  Seasons: {k['seasons']}", f"  Horizon: {k['horizon']}",
                  f"  Headroom: {k['forecast_headroom']}", "  History: 14d"]
    return "\n".join(lines) + "\n"


def canonical(knobs):
    """Knobs that do nothing in the file (the forecast's without seasons, the scale-in alarm's
    threshold without datapoints, the deviations without a buffer) set to one value, so that
    equal files are simulated once."""
    k = dict(knobs)
    if k["seasons"] is None:
        k["horizon"], k["forecast_headroom"] = AWS_START["horizon"], AWS_START["forecast_headroom"]
    if not k["in_datapoints"]:
        k["in_threshold"] = AWS_START["in_threshold"]
    if k["buffer_window"] is None:
        k["buffer_deviations"] = AWS_START["buffer_deviations"]
    return tuple(sorted((key, str(value)) for key, value in k.items()))


class Pairs:
    """The trace × scenario pairs, their calibrated scenarios, and a cache of figures per policy."""

    def __init__(self, binary, directory, trace_names):
        self.binary, self.directory = binary, directory
        self.pairs = []
        for name, path in traces():
            if name in trace_names:
                for scenario in SCENARIOS:
                    scenario_dir = os.path.join(directory, f"{name}-{scenario}")
                    os.makedirs(scenario_dir, exist_ok=True)
                    self.pairs.append((name, scenario, path, scenario_for(path, scenario, scenario_dir)))
        self.cache = {}

    def figures(self, points):
        """Per point, one (under ratio, cost ratio, under seconds, AWS's under seconds) per pair."""
        todo = {}
        for point in points:
            key = canonical(point)
            if key not in self.cache and key not in todo:
                todo[key] = point
        if todo:
            files = []
            for index, point in enumerate(todo.values()):
                path = os.path.join(self.directory, f"p{index}.yaml")
                with open(path, "w") as handle:
                    handle.write(policy_file(point, f"p{index}"))
                files.append(path)
            results = {key: [] for key in todo}
            for _, _, trace, scenario in self.pairs:
                scores = simulate(self.binary, trace, scenario, [AWS_POLICY] + files)
                aws = scores["aws-target-tracking"]
                for index, key in enumerate(todo):
                    ours = scores[f"p{index}"]
                    under, aws_under = ours["underProvisionedSeconds"], aws["underProvisionedSeconds"]
                    ratio = under / aws_under if aws_under else (0.0 if under == 0 else float("inf"))
                    results[key].append((ratio, ours["cost"] / aws["cost"], under, aws_under, no_harm(ours, aws)))
            self.cache.update(results)
        return [self.cache[canonical(point)] for point in points]


def excess(figures, cost_margin, time_margin):
    """How far a policy is outside no harm with its margins, summed over the pairs: cost in
    hundredths of AWS's, time as a multiple of AWS's, minutes where AWS is never short."""
    total = 0.0
    for ratio, cost, under, aws_under, _ in figures:
        total += max(0.0, cost - (1.01 - cost_margin)) / 0.01
        total += max(0.0, ratio - (1 - time_margin)) if aws_under else under / 60
    return total


def mean_time(figures):
    return sum(min(ratio, 3.0) for ratio, *_ in figures) / len(figures)


def objective(figures, cost_margin, time_margin):
    """Time as a multiple of AWS's, plus a penalty for every pair outside no harm with its margins."""
    return mean_time(figures) + 10 * excess(figures, cost_margin, time_margin)


def neighbours(point):
    """Every point one knob one value away."""
    found = []
    for knob, values in KNOBS.items():
        index = values.index(point[knob])
        for other in (index - 1, index + 1):
            if 0 <= other < len(values):
                found.append(dict(point, **{knob: values[other]}))
    unique = {canonical(p): p for p in found if canonical(p) != canonical(point)}
    return list(unique.values())


def robust_objective(pairs, point, args):
    """The objective with the penalty averaged over the point and its neighbours: a default
    on the edge of no harm, where one knob a step away does harm, scores worse than one
    inside it."""
    around = [point] + neighbours(point)
    figures = pairs.figures(around)
    spread = sum(excess(f, args.cost_margin, args.time_margin) for f in figures) / len(figures)
    return mean_time(figures[0]) + 10 * (excess(figures[0], args.cost_margin, args.time_margin) + spread)


def polish(pairs, point, args):
    """Hill-climbs the robust objective over single-knob steps, from the search's best point."""
    best = robust_objective(pairs, point, args)
    for _ in range(args.polish):
        # A step may not take the point itself further outside no harm than it is.
        limit = excess(pairs.figures([point])[0], args.cost_margin, args.time_margin)
        steps = [q for q in neighbours(point) if excess(pairs.figures([q])[0], args.cost_margin, args.time_margin) <= limit]
        if not steps:
            break
        scored = [(robust_objective(pairs, q, args), q) for q in steps]
        value, candidate = min(scored, key=lambda item: item[0])
        if value >= best - 1e-9:
            break
        best, point = value, candidate
    return point, best


def harmless_neighbours(pairs, point):
    """How many of the point's neighbours do no harm on every pair, and how many there are."""
    around = neighbours(point)
    return sum(all(s and c for *_, (s, c) in f) for f in pairs.figures(around)), len(around)


def move(point, rng):
    moved = dict(point)
    for knob in rng.sample(sorted(KNOBS), rng.choice([1, 1, 2, 2, 3])):
        values = KNOBS[knob]
        index = values.index(moved[knob]) + rng.choice([-2, -1, 1, 2])
        moved[knob] = values[max(0, min(len(values) - 1, index))]
    return moved


def local_search(pairs, start, rng, args):
    point = dict(start)
    best = objective(pairs.figures([point])[0], args.cost_margin, args.time_margin)
    stale = 0
    while stale < args.patience:
        moves = [move(point, rng) for _ in range(args.per)]
        scored = [(objective(f, args.cost_margin, args.time_margin), m) for f, m in zip(pairs.figures(moves), moves)]
        value, candidate = min(scored, key=lambda item: item[0])
        if value < best - 1e-9:
            best, point, stale = value, candidate, 0
        else:
            stale += 1
    return point, best


def search(pairs, args, seed):
    rng = random.Random(seed)
    starts = [AWS_START, SESSION7_START] + [
        {knob: rng.choice(values) for knob, values in KNOBS.items()} for _ in range(max(0, args.starts - 2))]
    if args.start is not None:
        starts = [args.start]
    found = [local_search(pairs, start, rng, args) for start in starts]
    point, value = min(found, key=lambda item: item[1])
    return polish(pairs, point, args) if args.polish else (point, value)


def table(pairs, figures):
    lines = ["| trace | scenario | under × AWS | cost × AWS | no harm |", "|---|---|---|---|---|"]
    for (trace, scenario, _, _), (ratio, cost, under, aws_under, (shorter, cheaper)) in zip(pairs.pairs, figures):
        shown = f"×{ratio:.2f}" if aws_under else ("– (both 0)" if under == 0 else f"{under / 60:.0f} min vs 0")
        lines.append(f"| {trace} | {scenario} | {shown} | ×{cost:.3f} | {'✔' if shorter and cheaper else '✘'} |")
    return "\n".join(lines)


def describe(point):
    """The knobs that differ from AWS's settings and do something in the file."""
    meaningful = dict(canonical(point))
    changed = {k: v for k, v in point.items() if str(AWS_START[k]) != meaningful[k]}
    return json.dumps(changed)


def start_point(text):
    """--start's JSON: knobs that differ from AWS's settings, each to one of its values."""
    try:
        changed = json.loads(text)
    except json.JSONDecodeError as error:
        raise argparse.ArgumentTypeError(f"not JSON: {error}")
    if not isinstance(changed, dict):
        raise argparse.ArgumentTypeError("expected a JSON object of knob: value")
    for knob, value in changed.items():
        if knob not in KNOBS:
            raise argparse.ArgumentTypeError(f"unknown knob '{knob}' (knobs: {', '.join(KNOBS)})")
        if value not in KNOBS[knob]:
            raise argparse.ArgumentTypeError(f"{knob} {value!r} is not one of {KNOBS[knob]}")
    return dict(AWS_START, **changed)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leave-one-out", action="store_true", help="search without each trace in turn and score the left-out one")
    parser.add_argument("--starts", type=int, default=4, help="starting points: AWS, session 7's default, then random (default 4)")
    parser.add_argument("--per", type=int, default=120, help="moves tried per round (default 120)")
    parser.add_argument("--patience", type=int, default=5, help="rounds without improvement before a start ends (default 5)")
    parser.add_argument("--cost-margin", type=float, default=0.005, help="search for cost ≤ (1.01 - M) × AWS's (default 0.005)")
    parser.add_argument("--time-margin", type=float, default=0.05, help="search for time ≤ (1 - M) × AWS's (default 0.05)")
    parser.add_argument("--polish", type=int, default=5, help="single-knob steps on the robust objective after the search (default 5; 0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--start", type=start_point, help="search from this point only: a JSON object of the knobs "
                        "that differ from AWS's settings, as the output prints them")
    args = parser.parse_args()
    if args.starts < 1 or args.per < 1 or args.patience < 1:
        parser.error("--starts, --per and --patience must be at least 1")
    names = [name for name, _ in traces()]
    with tempfile.TemporaryDirectory() as directory:
        if not args.leave_one_out:
            pairs = Pairs(args.binary, directory, names)
            point, value = search(pairs, args, args.seed)
            print(f"Searched on all {len(pairs.pairs)} pairs (objective {value:.4f}); changed from AWS's settings: {describe(point)}\n")
            print(table(pairs, pairs.figures([point])[0]))
            kept, around = harmless_neighbours(pairs, point)
            print(f"\nneighbours (one knob one value away) that do no harm on every pair: {kept} of {around}")
            print("\n" + policy_file(point, "headroom"), end="")
            return 0
        harmless = total = 0
        for fold, held_out in enumerate(names):
            fitted = Pairs(args.binary, os.path.join(directory, f"fold{fold}"), [n for n in names if n != held_out])
            point, value = search(fitted, args, args.seed * 100 + fold)
            left_out = Pairs(args.binary, os.path.join(directory, f"held{fold}"), [held_out])
            figures = left_out.figures([point])[0]
            harmless += sum(1 for *_, (shorter, cheaper) in figures if shorter and cheaper)
            total += len(figures)
            print(f"## Without {held_out} (objective {value:.4f} on the other {len(fitted.pairs)} pairs)\n")
            print(f"Changed from AWS's settings: {describe(point)}\n")
            print("On the pairs it searched:\n\n" + table(fitted, fitted.figures([point])[0]))
            kept, around = harmless_neighbours(fitted, point)
            print(f"\nneighbours that do no harm on every pair searched: {kept} of {around}")
            print("\nOn the left-out trace:\n\n" + table(left_out, figures) + "\n", flush=True)
        print(f"left-out pairs where the policy found without them does no harm: {harmless} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
