#!/usr/bin/env python3
"""What a `headroom tune --candidates FILE.csv` table says about the search that wrote it.

For each table:

- candidates, different behaviours (rows whose `same_as` is empty) and copies, and how many of the
  copies differ from their original only in knobs of a part that is switched off in both (a
  buffer's window with the buffer off, an alarm's threshold with no alarm): copies a search could
  skip without simulating them;
- the chosen row's scores;
- with validation columns (`tune --hindsight`): how many behaviours that met the constraints on
  the fitting part met issue 14's three goals on the validation part (under-provisioned at most
  half as long as the baseline, 0 where it was 0; no dearer; at most twice its scaling actions),
  the rank by the fitting objective (least under-provisioned, then least surge time, then
  cheapest) of the best-ranked of them, and how many of them, and of the behaviours ranked above
  it, have a warm pool, a buffer and a forecast.

With several tables, `--bounds` also counts, over the chosen rows, how often each knob sat at
the lowest or highest value it may take. These are the analyses of BENCHMARKS.md, session 14.
Usage:

  headroom tune ... --hindsight --candidates tried.csv
  scripts/candidates-report.py tried.csv [more.csv ...] [--bounds]
"""
import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from policy_runs import tune_goals  # noqa: E402

# Knobs that only act when their switch is on (the switch's value 0 means off or none).
SWITCHED = {
    "buffer": ["buffer_window", "buffer_deviations", "warm_pool_deviations"],
    "forecast": ["forecast_seasons", "forecast_horizon_extra", "forecast_headroom"],
    "warm_pool": ["warm_pool_min_size", "warm_pool_reuse", "warm_pool_deviations"],
    "scale_out_alarm_datapoints": ["scale_out_alarm_threshold"],
    "scale_in_alarm_datapoints": ["scale_in_alarm_threshold"],
}
FEATURES = ["warm_pool", "buffer", "forecast"]
# docs/TUNING.md, the search space: the lowest and highest value of each knob.
BOUNDS = {
    "target_ratio": (0.6, 1.3), "tolerance": (0, 0.15), "scale_out_alarm_threshold": (0.85, 1.05),
    "scale_in_alarm_threshold": (0.7, 1.0), "scale_out_stabilization": (0, 300), "scale_in_stabilization": (0, 1800),
    "scale_out_cooldown": (0, 300), "scale_in_cooldown": (0, 900), "scale_in_alarm_datapoints": (0, 15),
    "buffer_window": (600, 14400), "buffer_deviations": (0, 3), "forecast_headroom": (0, 0.5),
    "warm_pool_min_size": (0, 0.2), "warm_pool_deviations": (0, 2),
}


def read(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or rows[0].get("candidate") != "baseline":
        raise SystemExit(f"{path}: not a `headroom tune --candidates` table (its first row is not the baseline)")
    return rows[0], rows[1:]


def knob_columns(row):
    names = list(row.keys())
    return names[names.index("target_ratio"):]


def structural_copy(row, original):
    """Whether a copy differs from its original only in knobs whose switch is off in both."""
    idle = set()
    for switch, knobs in SWITCHED.items():
        if float(row[switch]) == 0 and float(original[switch]) == 0:
            idle.update(knobs)
    return all(row[k] == original[k] or k in idle for k in knob_columns(row))


def fitting_rank_key(row):
    return float(row["fit_under_seconds"]), float(row["fit_surge_under_seconds"]), float(row["fit_cost"])


def validation_scores(row):
    """A row's validation columns as the scores `policy_runs.tune_goals` judges."""
    return {"underProvisionedSeconds": float(row["validation_under_seconds"]), "cost": float(row["validation_cost"]),
            "scalingActions": float(row["validation_scaling_actions"])}


def meets_goals(row, baseline):
    """Issue 14's three goals on the validation part, against the baseline's scores there."""
    return all(tune_goals(validation_scores(row), validation_scores(baseline)))


def summary(path):
    """The lines printed for one table, and its chosen row (None when the baseline was kept)."""
    baseline, rows = read(path)
    by_index = {row["candidate"]: row for row in rows}
    copies = [row for row in rows if row["same_as"]]
    structural = sum(1 for row in copies if structural_copy(row, by_index[row["same_as"]]))
    lines = [f"{path}: {len(rows)} candidates, {len(rows) - len(copies)} different behaviours, {len(copies)} copies, "
             f"{structural} of them only in switched-off knobs"]
    chosen = next((row for row in [baseline] + rows if row["chosen"] == "1"), None)
    if chosen is None:
        lines.append("  chosen: none (no candidate met the constraints)")
    else:
        lines.append(f"  chosen: {chosen['candidate']}, fitting part: under {chosen['fit_under_seconds']} s, cost × baseline "
                     f"{float(chosen['fit_cost_ratio']):.3f}, margined {float(chosen['fit_margined_cost_ratio']):.3f}")
    if "validation_under_seconds" in baseline:
        ranked = sorted((row for row in rows if not row["same_as"] and row["fit_meets_constraints"] == "1"), key=fitting_rank_key)
        good = [rank for rank, row in enumerate(ranked) if meets_goals(row, baseline)]
        if good:
            first = good[0]
            lines.append(f"  validation: {len(good)} of {len(ranked)} behaviours within the constraints meet the goals; "
                         f"the best-ranked of them is number {first + 1} by the fitting objective")
            for feature in FEATURES:
                among = sum(1 for rank in good if float(ranked[rank][feature]) != 0)
                above = sum(1 for row in ranked[:first] if float(row[feature]) != 0)
                lines.append(f"    {feature}: on in {among} of the {len(good)}, in {above} of the {first} ranked above them")
        else:
            lines.append(f"  validation: none of {len(ranked)} behaviours within the constraints meets the goals")
    return lines, (chosen if chosen is not None and chosen["candidate"] != "baseline" else None)


def at_bounds(chosen_rows):
    """How often each knob sat at its lowest or highest value, over the chosen rows."""
    counts = {}
    for row in chosen_rows:
        for knob, (low, high) in BOUNDS.items():
            value = float(row[knob])
            for side, bound in (("lowest", low), ("highest", high)):
                if value == bound:
                    counts[(knob, side)] = counts.get((knob, side), 0) + 1
    return counts


def main(arguments=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tables", nargs="+", help="CSV files written by `headroom tune --candidates`")
    parser.add_argument("--bounds", action="store_true", help="count the chosen knobs at a bound of their range")
    args = parser.parse_args(arguments)
    chosen_rows = []
    for path in args.tables:
        lines, chosen = summary(path)
        print("\n".join(lines))
        if chosen is not None:
            chosen_rows.append(chosen)
    if args.bounds:
        print(f"\nknobs at a bound, over {len(chosen_rows)} chosen policies (the baseline kept is not counted):")
        for (knob, side), count in sorted(at_bounds(chosen_rows).items(), key=lambda item: -item[1]):
            print(f"  {knob} at its {side} value: {count}")


if __name__ == "__main__":
    sys.exit(main())
