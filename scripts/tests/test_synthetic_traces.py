"""scripts/synthetic-traces.py writes well-formed traces, the same ones for the same seed."""
import csv
import filecmp
import os
import subprocess
import sys
import tempfile
import unittest
from datetime import datetime

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "synthetic-traces.py")


def write(directory, *arguments):
    subprocess.run([sys.executable, SCRIPT, directory, *arguments], check=True, capture_output=True, text=True)
    return sorted(os.listdir(directory))


class SyntheticTracesTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.first = os.path.join(cls.scratch.name, "first")
        cls.names = write(cls.first)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_six_traces_with_even_steps_and_no_negative_load(self):
        self.assertEqual(len(self.names), 6)
        self.assertTrue(all(name.endswith(".csv") for name in self.names))
        for name in self.names:
            with open(os.path.join(self.first, name), newline="") as handle:
                rows = list(csv.DictReader(handle))
            self.assertEqual(list(rows[0].keys()), ["timestamp", "value"], name)
            stamps = [datetime.strptime(row["timestamp"], "%Y-%m-%dT%H:%M:%SZ") for row in rows]
            steps = {(b - a).total_seconds() for a, b in zip(stamps, stamps[1:])}
            self.assertEqual(len(steps), 1, name)
            step = steps.pop()
            days = int(name.split("_")[-2].removesuffix("d"))
            self.assertEqual(len(rows), days * 86_400 // step, name)
            self.assertTrue(all(float(row["value"]) >= 0 for row in rows), name)

    def test_a_seed_offset_draws_other_traces_and_the_same_offset_the_same_ones(self):
        again = write(os.path.join(self.scratch.name, "again"))
        other = write(os.path.join(self.scratch.name, "other"), "--seed-offset", "100")
        self.assertEqual(again, self.names)
        self.assertEqual(other, self.names)
        for name in self.names:
            self.assertTrue(filecmp.cmp(os.path.join(self.first, name), os.path.join(self.scratch.name, "again", name), shallow=False))
            self.assertFalse(filecmp.cmp(os.path.join(self.first, name), os.path.join(self.scratch.name, "other", name), shallow=False))

    def test_hours_writes_six_traces_of_one_second_counts_that_long(self):
        directory = os.path.join(self.scratch.name, "hours")
        names = write(directory, "--hours", "2")
        self.assertEqual(len(names), 6)
        means = []
        for name in names:
            self.assertTrue(name.endswith("_2h_1s.csv"), name)
            with open(os.path.join(directory, name), newline="") as handle:
                rows = list(csv.DictReader(handle))
            self.assertEqual([int(row["timestamp"]) for row in rows], list(range(7200)), name)
            values = [row["value"] for row in rows]
            self.assertTrue(all(value.isdigit() for value in values), name)  # counts of requests
            means.append(sum(map(int, values)) / len(values))
        # A few requests a second, as the shipped LLM trace has; not one flat level for all six.
        self.assertTrue(all(1 < mean < 20 for mean in means), means)
        self.assertGreater(len({round(mean, 1) for mean in means}), 1)
        other = write(os.path.join(self.scratch.name, "hours-other"), "--hours", "2", "--seed-offset", "7")
        self.assertEqual(other, names)
        for name in names:
            self.assertFalse(filecmp.cmp(os.path.join(directory, name), os.path.join(self.scratch.name, "hours-other", name), shallow=False))

    def test_help_is_not_taken_for_a_directory(self):
        with tempfile.TemporaryDirectory() as directory:
            result = subprocess.run([sys.executable, SCRIPT, "--help"], cwd=directory, capture_output=True, text=True)
            self.assertEqual(result.returncode, 0)
            self.assertIn("--seed-offset", result.stdout)
            self.assertEqual(os.listdir(directory), [])


if __name__ == "__main__":
    unittest.main()
