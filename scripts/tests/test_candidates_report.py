"""scripts/candidates-report.py on small tables written as `headroom tune --candidates` writes them."""
import csv
import importlib.util
import io
import os
import tempfile
import unittest
from contextlib import redirect_stdout

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("candidates_report", os.path.join(SCRIPTS, "candidates-report.py"))
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)

KNOBS = ["target_ratio", "tolerance", "scale_out_alarm_datapoints", "scale_out_alarm_threshold", "scale_in_alarm_datapoints",
         "scale_in_alarm_threshold", "scale_out_stabilization", "scale_in_stabilization", "scale_out_cooldown", "scale_in_cooldown",
         "scale_out_rate_percent", "scale_in_rate_percent", "instance_warmup", "buffer", "buffer_window", "buffer_deviations",
         "forecast", "forecast_seasons", "forecast_horizon_extra", "forecast_headroom", "warm_pool", "warm_pool_min_size",
         "warm_pool_reuse", "warm_pool_deviations"]
LEADING = ["candidate", "phase", "same_as", "chosen", "fit_under_seconds", "fit_surge_under_seconds", "fit_cost", "fit_cost_ratio",
           "fit_cost_spread", "fit_last_quarter_cost_ratio", "fit_margined_cost_ratio", "fit_scaling_actions", "fit_meets_constraints"]
VALIDATION = ["validation_under_seconds", "validation_cost", "validation_scaling_actions", "validation_meets_constraints"]


def knobs(**changes):
    values = {knob: "0" for knob in KNOBS}
    values.update(target_ratio="1", scale_in_cooldown="300", buffer_window="1800")
    values.update({key: str(value) for key, value in changes.items()})
    return values


def row(candidate, same_as="", chosen=0, under=0, surge=0, cost=100, feasible=1, v_under=0, v_cost=50, v_actions=10, **knob_values):
    fields = {"candidate": str(candidate), "phase": "random", "same_as": str(same_as), "chosen": str(chosen),
              "fit_under_seconds": str(under), "fit_surge_under_seconds": str(surge), "fit_cost": str(cost),
              "fit_cost_ratio": str(cost / 100), "fit_cost_spread": "0", "fit_last_quarter_cost_ratio": "1",
              "fit_margined_cost_ratio": str(cost / 100), "fit_scaling_actions": "10", "fit_meets_constraints": str(feasible),
              "validation_under_seconds": str(v_under), "validation_cost": str(v_cost), "validation_scaling_actions": str(v_actions),
              "validation_meets_constraints": "1"}
    fields.update(knobs(**knob_values) if candidate != "baseline" else {knob: "" for knob in KNOBS})
    return fields


class CandidatesReportTests(unittest.TestCase):
    def write(self, directory, rows):
        path = os.path.join(directory, "tried.csv")
        with open(path, "w", newline="") as handle:
            writer = csv.DictWriter(handle, LEADING + VALIDATION + KNOBS)
            writer.writeheader()
            writer.writerows(rows)
        return path

    def test_copies_goals_and_features(self):
        rows = [
            row("baseline", v_under=600, v_cost=50, v_actions=10),
            # Ranked first and second by the fitting objective; neither meets the goals there.
            row(0, chosen=1, under=0, surge=10, v_under=600, forecast=1),
            row(1, under=0, surge=20, v_under=400, forecast=1),
            # A copy of 0 in a switched-off buffer's window: structural. A copy of 1 in its cooldown: not.
            row(2, same_as=0, under=0, surge=10, v_under=600, forecast=1, buffer_window=600),
            row(3, same_as=1, under=0, surge=20, v_under=400, forecast=1, scale_in_cooldown=900),
            # Ranked third and fourth: both meet the goals (half the time, no dearer, ≤ 2 × actions), with warm pools.
            row(4, under=60, v_under=300, v_cost=50, warm_pool=1),
            row(5, under=120, v_under=0, v_cost=49, v_actions=20, warm_pool=1, buffer=1),
            # Short enough but with more than twice the actions, and one outside the constraints.
            row(6, under=180, v_under=0, v_actions=21),
            row(7, under=0, feasible=0, v_under=0),
        ]
        with tempfile.TemporaryDirectory() as directory:
            lines, chosen = report.summary(self.write(directory, rows))
        self.assertIn("8 candidates, 6 different behaviours, 2 copies, 1 of them only in switched-off knobs", lines[0])
        self.assertEqual(chosen["candidate"], "0")
        self.assertIn("2 of 5 behaviours within the constraints meet the goals; the best-ranked of them is number 3", lines[2])
        self.assertIn("warm_pool: on in 2 of the 2, in 0 of the 2 ranked above them", lines[3])
        self.assertIn("buffer: on in 1 of the 2, in 0 of the 2 ranked above them", lines[4])
        self.assertIn("forecast: on in 0 of the 2, in 2 of the 2 ranked above them", lines[5])

    def test_a_kept_baseline_is_not_counted_at_the_bounds(self):
        kept = [row("baseline", chosen=1), row(0, scale_in_cooldown=900, target_ratio=1.3)]
        tuned = [row("baseline"), row(0, chosen=1, scale_in_cooldown=900, target_ratio=0.6, tolerance=0.07)]
        with tempfile.TemporaryDirectory() as directory:
            one = os.path.join(directory, "kept.csv")
            two = os.path.join(directory, "tuned.csv")
            os.rename(self.write(directory, kept), one)
            os.rename(self.write(directory, tuned), two)
            output = io.StringIO()
            with redirect_stdout(output):
                report.main([one, two, "--bounds"])
        text = output.getvalue()
        self.assertIn("chosen: baseline", text)
        self.assertIn("over 1 chosen policies", text)
        self.assertIn("scale_in_cooldown at its highest value: 1", text)
        self.assertIn("target_ratio at its lowest value: 1", text)
        self.assertNotIn("tolerance", text.split("knobs at a bound")[1])

    def test_a_file_that_is_not_a_candidates_table_is_named(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "other.csv")
            with open(path, "w") as handle:
                handle.write("candidate,phase\n0,random\n")
            with self.assertRaises(SystemExit) as raised:
                report.summary(path)
        self.assertIn("other.csv: not a `headroom tune --candidates` table", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
