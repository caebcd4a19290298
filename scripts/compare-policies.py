#!/usr/bin/env python3
"""Headroom's forecasting policy against AWS target tracking, on every shipped trace.

For each trace in simulations/traces/ and each of the two scenarios the claim is about
(GPU model server: boot 600 s, warm start 60 s, lag 60 s, SLO 0.8; CPU web API: boot 90 s),
runs one `headroom simulate` with both policies and prints a Markdown table of cost ratio
and under-provisioned time, checking the goals of issue 7:

  under-provisioned time <= half of AWS target tracking's, and cost <= AWS's.

Each scenario's capacityPerUnit is calibrated to the trace so that its peak needs 50 units
at the SLO utilization (scripts/lib/policy_runs.py). Usage:

  swift build -c release --product headroom
  scripts/compare-policies.py [--binary .build/release/headroom]
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from policy_runs import DEFAULT_BINARY, ROOT, SCENARIOS, meets_goals, no_harm, scenario_for, simulate, traces  # noqa: E402

POLICIES = ["aws-target-tracking", "headroom"]


def hours(seconds):
    return f"{seconds / 3600:.2f} h"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    args = parser.parse_args()
    policies = [os.path.join(ROOT, "simulations/policies", policy + ".yaml") for policy in POLICIES]
    print("| trace | scenario | policy | cost ratio | under-provisioned | share of trace | against AWS (goals: under ≤ ×0.5, cost ≤ ×1) |")
    print("|---|---|---|---|---|---|---|")
    failures = pairs = met = harmless = 0
    with tempfile.TemporaryDirectory() as directory:
        for name, trace in traces():
            for scenario in SCENARIOS:
                scores = simulate(args.binary, trace, scenario_for(trace, scenario, directory), policies)
                aws = scores["aws-target-tracking"]
                for policy in POLICIES:
                    s = scores[policy]
                    verdict = ""
                    if policy == "headroom":
                        half, cheaper = meets_goals(s, aws)
                        under = s["underProvisionedSeconds"] / max(aws["underProvisionedSeconds"], 1)
                        verdict = (f"under ×{under:.2f} of AWS {'✔' if half else '✘'}, "
                                   f"cost ×{s['cost'] / aws['cost']:.3f} of AWS {'✔' if cheaper else '✘'}")
                        failures += (not half) + (not cheaper)
                        pairs, met = pairs + 1, met + (half and cheaper)
                        no_longer, within = no_harm(s, aws)
                        harmless += no_longer and within
                    print(f"| {name} | {scenario} | {policy} | {s['costRatio']:.3f} | "
                          f"{hours(s['underProvisionedSeconds'])} | {s['tauU']:.2f} % | {verdict} |")
    print()
    print(f"pairs meeting both goals (under ≤ ½ AWS's, cost ≤ AWS's): {met} of {pairs}; goals missed: {failures}")
    print(f"pairs where the shipped default does no harm (under ≤ AWS's, cost ≤ ×1.01 AWS's): {harmless} of {pairs}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
