#!/usr/bin/env python3
"""Which policy to deploy: the one `headroom tune` validated, or `tune --refit`'s, fitted again on
the whole trace? Both judged on later traffic neither run read.

`tune` fits on the first two thirds of a trace and validates on the last third. The validated
policy never saw that last third, the traffic most like the traffic it will serve next;
`--refit` runs the same search again on the whole trace and writes that policy, which has no
held-out score of its own. This script holds out a future for both: for each trace × scenario
it gives `tune` only the trace's first two thirds (the "history"), with and without --refit,
then replays the whole trace and scores AWS target tracking and both tuned policies on the last
third (the "future", which neither run read) against issue 14's goals:

  cost <= AWS's, under-provisioned time <= half of AWS's (0 where AWS's is 0),
  scaling actions <= 2 x AWS's.

Without --refit, the written policy was fitted on the history's first two thirds (4/9 of the
trace); with it, on all of the history (2/3 of the trace). Usage:

  swift build -c release --product headroom
  scripts/refit-benchmarks.py [--traces DIR] [--budget 3000] [--seed 1] [--binary PATH]
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from policy_runs import (AWS_POLICY, DEFAULT_BINARY, add_grid_arguments, grid, ratio, scenario_for, simulate,  # noqa: E402
                         traces, tune_goals)

VALIDATED = "tuned-validated"
REFITTED = "tuned-refitted"


def read_rows(path):
    """A trace's (timestamp, value) rows, header dropped."""
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [row for row in reader]


def history_steps(count, fraction=2 / 3):
    """How many of a trace's first steps are the history both runs are given."""
    return round(count * fraction)


def write_trace(path, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "value"])
        writer.writerows(rows)


def tune(binary, history, scenario, output, name, budget, seed, refit):
    """One `headroom tune` on the history; the written policy's path, or None when it wrote none
    (nothing met the constraints: the user keeps what they run, AWS's policy here)."""
    arguments = [binary, "tune", "--trace", history, "--scenario", scenario, "--baseline", AWS_POLICY, "--output", output,
                 "--name", name, "--budget", str(budget), "--seed", str(seed), "--output-format", "json"]
    if refit:
        arguments.append("--refit")
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0 and not result.stdout.strip():
        raise SystemExit(f"headroom tune failed on {history}: {result.stderr.strip()}")
    return output if result.returncode == 0 else None


def marks(goals):
    return " ".join(("✔ " if met else "✘ ") + what for met, what in zip(goals, ("under", "cost", "actions")))


def tally(outcomes):
    """(met without refit, met with it, pairs only the refit met, pairs only the validated policy met)."""
    validated = sum(all(a) for a, _ in outcomes)
    refitted = sum(all(b) for _, b in outcomes)
    gained = sum(all(b) and not all(a) for a, b in outcomes)
    lost = sum(all(a) and not all(b) for a, b in outcomes)
    return validated, refitted, gained, lost


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--budget", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    add_grid_arguments(parser)
    args = parser.parse_args()
    scenarios, peaks = grid(parser, args)

    print(f"The future (each trace's last third), which neither run read; both tuned on the first two thirds; "
          f"budget {args.budget}, seed {args.seed}. \"Validated\": the policy `tune` writes (fitted on the first two "
          f"thirds of that history); \"refitted\": `tune --refit`'s (fitted on all of it).")
    print()
    print("| trace | scenario | AWS under | validated: under × AWS, cost × AWS | goals | refitted: under × AWS, cost × AWS | goals |")
    print("|---|---|---|---|---|---|---|")
    outcomes = []
    with tempfile.TemporaryDirectory() as directory:
        for name, path in traces(args.traces):
            rows = read_rows(path)
            history = history_steps(len(rows))
            history_path = os.path.join(directory, "history.csv")
            write_trace(history_path, rows[:history])
            for peak in peaks:
                for scenario in scenarios:
                    scenario_path = scenario_for(path, scenario, directory, peak)
                    written = [AWS_POLICY]
                    for policy_name, refit in ((VALIDATED, False), (REFITTED, True)):
                        output = os.path.join(directory, policy_name + ".yaml")
                        if os.path.exists(output):
                            os.remove(output)
                        if tune(args.binary, history_path, scenario_path, output, policy_name, args.budget, args.seed, refit):
                            written.append(output)
                    scores = simulate(args.binary, path, scenario_path, written, score_from=rows[history][0])
                    aws = scores["aws-target-tracking"]
                    validated, refitted = scores.get(VALIDATED, aws), scores.get(REFITTED, aws)
                    outcome = (tune_goals(validated, aws), tune_goals(refitted, aws))
                    outcomes.append(outcome)
                    label = scenario if len(peaks) == 1 else f"{scenario} ({peak} units)"
                    cells = [f"{ratio(p['underProvisionedSeconds'], aws['underProvisionedSeconds'])}, "
                             f"{ratio(p['cost'], aws['cost'], 3)}" for p in (validated, refitted)]
                    print(f"| {name} | {label} | {aws['underProvisionedSeconds'] / 3600:.2f} h | {cells[0]} | {marks(outcome[0])} "
                          f"| {cells[1]} | {marks(outcome[1])} |", flush=True)
    validated, refitted, gained, lost = tally(outcomes)
    print()
    print(f"pairs meeting all three goals on the future: validated {validated}, refitted {refitted} of {len(outcomes)} "
          f"(the refit gained {gained}, lost {lost})")


if __name__ == "__main__":
    main()
