#!/usr/bin/env python3
"""Random search over Headroom's policy knobs against AWS target tracking, on every shipped
trace under the two scenarios of issue 7 (scripts/compare-policies.py's pairs).

Issue 7 asks one policy file to be short at most half as long as AWS target tracking and to
cost no more, on every pair. This script asks how far that is from reach with the knobs
policies have: it draws COUNT random policies (all at AWS's 60 % target; every knob of
TargetTracking, Buffer, Forecast and WarmPool that the simulator exercises), runs each on
every pair through `headroom simulate`, and prints

  - how many pairs the policies meet both goals on (a histogram),
  - per pair: how many policies meet both goals there, the shortest under-provisioned time
    among those that cost no more than AWS, and the lowest cost among those short at most
    half as long as AWS (both as multiples of AWS's figures),
  - the best policies found, as policy files.

With --goal no-harm it asks what the shipped default must do (issue 14): on every pair cost at
most 1.01 × AWS's and under-provisioned time no longer than AWS's; the target value is then a
knob too (55 to 70 %), and policies are ranked by pairs met, then by their summed
under-provisioned time as a multiple of AWS's.

The same seed draws the same policies. Usage:

  swift build -c release --product headroom
  scripts/search-policies.py [--count 3000] [--seed 1] [--best 3] [--goal issue7|no-harm] [--targets 60] [--binary PATH]
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from policy_runs import AWS_POLICY, DEFAULT_BINARY, SCENARIOS, meets_goals, no_harm, scenario_for, simulate, traces  # noqa: E402

# Each knob's values; None leaves the key (or section) out.
KNOBS = {
    "tolerance": [0, 0.02, 0.05, 0.1],
    "scale_out_datapoints": [1, 2, 3],
    "scale_out_threshold": [0.9, 0.95, 1.0, 1.05],
    "scale_out_cooldown": [None, 60, 120, 300],
    "scale_in_stabilization": [0, 30, 60, 120, 300, 600, 900, 1800],
    "scale_in_datapoints": [None, 1, 2, 3, 5, 10, 15],
    "scale_in_threshold": [0.8, 0.9, 0.95, 1.0],
    "scale_in_cooldown": [None, 60, 120, 300, 600],
    "scale_in_percent_per_minute": [None, 5, 10, 20, 50],
    "buffer_window": [None, "15m", "30m", "45m", "1h", "90m", "2h", "3h", "6h"],
    "buffer_deviations": [0.25, 0.5, 0.6, 0.75, 0.9, 1.0, 1.25, 1.5],
    "buffer_bucket": ["1m", "5m"],
    "forecast_seasons": [None, "[1h, 2h, 3h]", "[1d]", "[1d, 2d, 7d]", "[1h, 1d]", "[1h, 2h, 3h, 1d]"],
    "forecast_bucket": ["1m", "5m"],
    "forecast_horizon": ["5m", "10m", "15m"],
    "forecast_headroom": [0, 0.05, 0.1, 0.2],
    "warm_pool_min": [None, 0, 1, 2, 3, 5, 10],
    "warm_pool_reuse": [True, False],
    "warm_pool_max_prepared": [None, 20, 30, 40, 60],
    "warm_pool_deviations": [0, 0.5, 1, 2],
}


def draw(rng):
    return {knob: rng.choice(values) for knob, values in KNOBS.items()}


def policy_file(knobs, name):
    """The policy file for one draw of the knobs."""
    k = knobs
    lines = [
        f"Name: {name}", "Kind: headroom", "MinCapacity: 1", "MaxCapacity: 100",
        "TargetTracking:", "  Metrics:", "    - Name: cpu", f"      TargetValue: {k.get('target', 60)}",
        f"  Tolerance: {k['tolerance']}",
        "  ScaleOut:",
        f"    Alarm: {{Datapoints: {k['scale_out_datapoints']}, PeriodSeconds: 60, "
        f"ThresholdRatio: {k['scale_out_threshold']}}}",
    ]
    if k["scale_out_cooldown"] is not None:
        lines.append(f"    Cooldown: {k['scale_out_cooldown']}")
    lines += ["  ScaleIn:", f"    StabilizationWindowSeconds: {k['scale_in_stabilization']}"]
    if k["scale_in_datapoints"] is not None:
        lines.append(f"    Alarm: {{Datapoints: {k['scale_in_datapoints']}, PeriodSeconds: 60, "
                     f"ThresholdRatio: {k['scale_in_threshold']}}}")
    if k["scale_in_cooldown"] is not None:
        lines.append(f"    Cooldown: {k['scale_in_cooldown']}")
    if k["scale_in_percent_per_minute"] is not None:
        lines.append(f"    Policies: [{{Type: Percent, Value: {k['scale_in_percent_per_minute']}, PeriodSeconds: 60}}]")
    warm_pool = k["warm_pool_min"] is not None
    if k["buffer_window"] is not None:
        lines += ["Buffer:", f"  Window: {k['buffer_window']}", f"  Deviations: {k['buffer_deviations']}",
                  f"  Bucket: {k['buffer_bucket']}"]
        if warm_pool and k["warm_pool_deviations"]:
            lines.append(f"  WarmPoolDeviations: {k['warm_pool_deviations']}")
    if k["forecast_seasons"] is not None:
        lines += ["Forecast:", f"  Bucket: {k['forecast_bucket']}", f"  Seasons: {k['forecast_seasons']}",
                  f"  Horizon: {k['forecast_horizon']}", f"  Headroom: {k['forecast_headroom']}", "  History: 14d"]
    if warm_pool:
        lines += ["WarmPool:", f"  MinSize: {k['warm_pool_min']}",
                  f"  ReuseOnScaleIn: {'true' if k['warm_pool_reuse'] else 'false'}"]
        if k["warm_pool_max_prepared"] is not None:
            lines.append(f"  MaxGroupPreparedCapacity: {k['warm_pool_max_prepared']}")
    return "\n".join(lines) + "\n"


def write_policies(rng, count, directory, binary):
    """Draws count policies and writes those `headroom policy check` accepts; returns
    {name: path} in draw order."""
    policies = {}
    for index in range(count):
        name = f"draw-{index}"
        path = os.path.join(directory, name + ".yaml")
        with open(path, "w") as handle:
            handle.write(policy_file(draw(rng), name))
        if subprocess.run([binary, "policy", "check", path], capture_output=True).returncode == 0:
            policies[name] = path
        else:
            os.remove(path)
    return policies


GOALS = {"issue7": meets_goals, "no-harm": no_harm}


def run_pairs(binary, policies, directory, batch, goal=meets_goals):
    """Runs every policy on every pair; returns the pair labels and, per policy, one
    (under ratio, cost ratio, goals met) per pair, each ratio a multiple of AWS's figure."""
    labels, results = [], {name: [] for name in policies}
    names = list(policies)
    for trace_name, trace in traces():
        for scenario in SCENARIOS:
            labels.append(f"{trace_name} × {scenario}")
            scenario_path = scenario_for(trace, scenario, directory)
            for start in range(0, len(names), batch):
                chunk = names[start:start + batch]
                scores = simulate(binary, trace, scenario_path, [AWS_POLICY] + [policies[n] for n in chunk])
                aws = scores["aws-target-tracking"]
                for name in chunk:
                    ours = scores[name]
                    half, cheaper = goal(ours, aws)
                    under = ours["underProvisionedSeconds"] / max(aws["underProvisionedSeconds"], 1)
                    results[name].append((under, ours["cost"] / aws["cost"], half and cheaper))
    return labels, results


def shortfall(pairs, goal="issue7"):
    """How far a policy is from both goals, summed over the pairs (0 when it meets all); under
    no-harm, ties between policies meeting every pair go to the shorter summed time."""
    if goal == "no-harm":
        return sum(max(0.0, under - 1.0) + 10 * max(0.0, cost - 1.01) for under, cost, _ in pairs) * 1000 + sum(
            under for under, _, _ in pairs)
    return sum(max(0.0, under - 0.5) + 10 * max(0.0, cost - 1.0) for under, cost, _ in pairs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=3000, help="policies to draw (default 3000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--best", type=int, default=3, help="best policies to print (default 3)")
    parser.add_argument("--batch", type=int, default=40, help="policies per simulate run (default 40)")
    parser.add_argument("--goal", choices=sorted(GOALS), default="issue7")
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--targets", help="with --goal no-harm: comma-separated target values to draw from "
                        "(default 55,58,60,62,64,66,68,70); 60 alone keeps AWS's target, which `policy new` writes as the user gives it")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.goal == "no-harm":
        # Drawn last, so issue 7's draws (at 60 %) stay what they were for the same seed.
        KNOBS["target"] = [float(t) if "." in t else int(t) for t in args.targets.split(",")] if args.targets else [
            55, 58, 60, 62, 64, 66, 68, 70]
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as directory:
        policies = write_policies(rng, args.count, directory, args.binary)
        labels, results = run_pairs(args.binary, policies, directory, args.batch, GOALS[args.goal])
        best_files = {}
        ranked = sorted(results, key=lambda n: (-sum(met for _, _, met in results[n]), shortfall(results[n], args.goal)))
        for name in ranked[:args.best]:
            with open(policies[name]) as handle:
                best_files[name] = handle.read()

    print(f"{len(policies)} of {args.count} drawn policies are valid (seed {args.seed}).\n")
    histogram = Counter(sum(met for _, _, met in pairs) for pairs in results.values())
    print("| pairs meeting both goals | policies |\n|---|---|")
    for met in sorted(histogram, reverse=True):
        print(f"| {met} of {len(labels)} | {histogram[met]} |")
    print("\n| pair | policies meeting both | shortest under at cost ≤ AWS | lowest cost at under ≤ ½ AWS |")
    print("|---|---|---|---|")
    for index, label in enumerate(labels):
        column = [pairs[index] for pairs in results.values()]
        both = sum(met for _, _, met in column)
        cheap = [under for under, cost, _ in column if cost <= 1.0]
        short = [cost for under, cost, _ in column if under <= 0.5]
        shortest = f"×{min(cheap):.2f}" if cheap else "none"
        lowest = f"×{min(short):.3f}" if short else "none"
        print(f"| {label} | {both} | {shortest} | {lowest} |")
    for name, text in best_files.items():
        pairs = results[name]
        met = sum(m for _, _, m in pairs)
        figures = ", ".join(f"{under:.2f}/{cost:.3f}" for under, cost, _ in pairs)
        print(f"\n# {name}: both goals on {met} of {len(labels)} pairs; under/cost ×AWS per pair: {figures}")
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
