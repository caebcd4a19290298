"""scripts/refit-benchmarks.py: the history both runs are given, and how outcomes are counted."""
import importlib.util
import os
import tempfile
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("refit_benchmarks", os.path.join(SCRIPTS, "refit-benchmarks.py"))
refit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refit)

MET = (True, True, True)
MISSED = (True, False, True)


class RefitBenchmarksTests(unittest.TestCase):
    def test_the_history_is_the_first_two_thirds(self):
        self.assertEqual(refit.history_steps(39692), 26461)  # NASA: what tune itself fits on
        self.assertEqual(refit.history_steps(3), 2)

    def test_a_history_written_is_read_back_as_the_same_rows(self):
        rows = [["2026-01-05T00:00:00Z", "1.5"], ["2026-01-05T00:01:00Z", "2"]]
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "history.csv")
            refit.write_trace(path, rows)
            with open(path) as handle:
                self.assertEqual(handle.readline().strip(), "timestamp,value")
            self.assertEqual(refit.read_rows(path), rows)

    def test_the_tally_counts_pairs_meeting_all_three_goals_and_which_way_they_moved(self):
        outcomes = [(MET, MET), (MET, MISSED), (MISSED, MET), (MISSED, MET), (MISSED, MISSED)]
        self.assertEqual(refit.tally(outcomes), (2, 3, 2, 1))

    def test_marks_name_each_goal(self):
        self.assertEqual(refit.marks(MISSED), "✔ under ✘ cost ✔ actions")


if __name__ == "__main__":
    unittest.main()
