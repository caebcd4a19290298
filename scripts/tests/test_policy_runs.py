"""What the benchmark scripts decide with: the goals, the grid options and the calibration."""
import argparse
import importlib.util
import os
import sys
import tempfile
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SCRIPTS, "lib"))
import policy_runs  # noqa: E402


def load_script(name):
    """A script whose file name has a hyphen, as a module."""
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(SCRIPTS, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scores(under, cost, actions=0):
    return {"underProvisionedSeconds": under, "cost": cost, "scalingActions": actions}


class RatioTests(unittest.TestCase):
    def test_a_ratio_is_a_multiple_and_nothing_of_nothing_is_a_dash(self):
        self.assertEqual(policy_runs.ratio(45, 100), "×0.45")
        self.assertEqual(policy_runs.ratio(97.5, 100, 3), "×0.975")
        self.assertEqual(policy_runs.ratio(0, 0), "–")
        self.assertEqual(policy_runs.ratio(3, 0), "∞")


class GoalsTests(unittest.TestCase):
    def assertVerdicts(self, judge, aws, cases):
        """Each (ours, expected) of cases judged against aws."""
        for ours, expected in cases:
            self.assertEqual(judge(ours, aws), expected, ours)

    def test_half_the_time_at_no_more_cost(self):
        self.assertVerdicts(policy_runs.meets_goals, scores(600, 100), [
            (scores(300, 100), (True, True)), (scores(301, 99), (False, True)), (scores(0, 100.01), (True, False))])

    def test_zero_where_aws_is_never_short(self):
        self.assertVerdicts(policy_runs.meets_goals, scores(0, 100), [
            (scores(0, 90), (True, True)), (scores(60, 90), (False, True))])

    def test_no_harm_allows_one_percent_more_cost_and_no_more_time(self):
        self.assertVerdicts(policy_runs.no_harm, scores(600, 100), [
            (scores(600, 101), (True, True)), (scores(660, 90), (False, True)), (scores(0, 101.5), (True, False))])

    def test_tune_benchmarks_adds_the_actions_goal(self):
        tune = load_script("tune-benchmarks")
        aws = scores(600, 100, actions=10)
        self.assertTrue(tune.goals_met(scores(300, 100, actions=20), aws))
        self.assertFalse(tune.goals_met(scores(300, 100, actions=21), aws))

    def test_the_validation_part_by_day_is_read_from_tunes_json(self):
        tune = load_script("tune-benchmarks")
        day = {"tuned": scores(0, 1), "baseline": scores(60, 1)}
        result = {"validationStretches": {"length": "day", "shorter": 8, "asShort": 0, "longer": 1, "dearer": 3,
                                          "stretches": [day] * 9}}
        self.assertEqual(tune.stretches_text(result), "shorter on 8 of 9 days (longer on 1), dearer on 3")
        one = {"validationStretches": {"length": "quarter", "shorter": 0, "asShort": 1, "longer": 0, "dearer": 0,
                                       "stretches": [day]}}
        self.assertEqual(tune.stretches_text(one), "shorter on 0 of 1 quarter (longer on 0), dearer on 0")
        self.assertEqual(tune.stretches_text({"validationStretches": None}), "–")

    def test_a_thinned_front_keeps_its_shortest_point_and_the_asked_for_ones(self):
        tune = load_script("tune-benchmarks")
        front = list(range(40))
        thinned = tune.spread_along(front, count=12, also=(7,))
        self.assertEqual(thinned[0], 0)
        self.assertEqual(thinned[-1], 39)
        self.assertIn(7, thinned)
        self.assertLessEqual(len(thinned), 13)
        self.assertEqual(tune.spread_along(front[:5]), front[:5])


class GridTests(unittest.TestCase):
    def parse(self, *arguments):
        parser = argparse.ArgumentParser()
        policy_runs.add_grid_arguments(parser)
        parser.error = lambda message: (_ for _ in ()).throw(ValueError(message))
        return policy_runs.grid(parser, parser.parse_args(list(arguments)))

    def test_defaults_are_the_two_scenarios_at_fifty_units(self):
        self.assertEqual(self.parse(), (["gpu-model-server", "cpu-web-api"], [50]))

    def test_several_calibrations(self):
        self.assertEqual(self.parse("--peak-units", "10,20,100", "--scenarios", "cpu-web-api"), (["cpu-web-api"], [10, 20, 100]))

    def test_bad_values_name_the_option(self):
        for arguments, option in [(("--scenarios", "no-such"), "--scenarios"), (("--peak-units", "ten"), "--peak-units"),
                                  (("--peak-units", "0"), "--peak-units")]:
            with self.assertRaises(ValueError) as raised:
                self.parse(*arguments)
            self.assertIn(option, str(raised.exception))


class CalibrationTests(unittest.TestCase):
    def test_the_peak_needs_the_asked_for_units_and_the_rest_is_the_shipped_scenario(self):
        with tempfile.TemporaryDirectory() as directory:
            trace = os.path.join(directory, "t.csv")
            with open(trace, "w") as handle:
                handle.write("timestamp,value\n0,10\n60,400\n120,30\n")
            path = policy_runs.scenario_for(trace, "cpu-web-api", directory, peak_units=20)
            settings = policy_runs.scenario_settings(path)
            shipped = policy_runs.scenario_settings(os.path.join(policy_runs.ROOT, "simulations/scenarios/cpu-web-api.yaml"))
            slo = float(shipped.get("sloUtilization", 0.8))
            self.assertAlmostEqual(float(settings["capacityPerUnit"]) * 20 * slo, 400)
            self.assertEqual(settings["name"], "cpu-web-api")
            for key, value in shipped.items():
                if key not in ("capacityPerUnit", "name"):
                    self.assertEqual(settings[key], value, key)


if __name__ == "__main__":
    unittest.main()
