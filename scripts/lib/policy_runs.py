"""What scripts/compare-policies.py and scripts/search-policies.py share: the scenarios the
claim of issue 7 is about, their calibration to a trace, and one `headroom simulate` run.

Traces differ in unit and scale by four orders of magnitude, so each scenario's
capacityPerUnit is set per trace so that the trace's peak needs PEAK_UNITS units at the SLO
utilization (the calibration the shipped scenarios use, simulations/README.md); every other
field comes from the shipped scenario file.
"""
import csv
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = ["gpu-model-server", "cpu-web-api"]
PEAK_UNITS = 50
AWS_POLICY = os.path.join(ROOT, "simulations/policies/aws-target-tracking.yaml")
DEFAULT_BINARY = os.path.join(ROOT, ".build/release/headroom")


def traces(directory=None):
    """Every trace in directory (default: the shipped ones), as (name without .csv, path), in name order."""
    directory = directory or os.path.join(ROOT, "simulations/traces")
    names = sorted(f for f in os.listdir(directory) if f.endswith(".csv"))
    return [(name.removesuffix(".csv"), os.path.join(directory, name)) for name in names]


def add_grid_arguments(parser):
    """--scenarios, --peak-units and --traces: which shipped scenarios, at which calibrations, on which traces."""
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help="shipped scenarios (simulations/scenarios/NAME.yaml), comma-separated (default: %(default)s)")
    parser.add_argument("--peak-units", default=str(PEAK_UNITS),
                        help="units each trace's peak needs, comma-separated: one calibration each (default: %(default)s)")
    parser.add_argument("--traces", help="the traces in this directory instead of the shipped ones "
                                         "(scripts/synthetic-traces.py writes some nothing was fitted on)")


def grid(parser, args):
    """The (scenarios, peak units) that add_grid_arguments' options name; a bad value is a usage error."""
    scenarios = [name for name in args.scenarios.split(",") if name]
    for name in scenarios:
        if not os.path.exists(os.path.join(ROOT, "simulations/scenarios", name + ".yaml")):
            parser.error(f"--scenarios: no simulations/scenarios/{name}.yaml")
    try:
        peaks = [int(value) for value in args.peak_units.split(",")]
    except ValueError:
        parser.error(f"--peak-units: '{args.peak_units}' is not a comma-separated list of whole numbers")
    if not peaks or min(peaks) < 1:
        parser.error("--peak-units: each must be at least 1")
    return scenarios, peaks


def peak_load(path):
    with open(path, newline="") as handle:
        return max(float(row["value"]) for row in csv.DictReader(handle))


def scenario_settings(path):
    """A scenario file's top-level `key: value` lines as {key: value}, comments dropped (the
    shipped scenarios are flat)."""
    settings = {}
    with open(path) as handle:
        for line in handle:
            content = line.split("#")[0]
            if ":" in content:
                key, value = content.split(":", 1)
                settings[key.strip()] = value.strip()
    return settings


def scenario_for(trace, scenario, directory, peak_units=PEAK_UNITS):
    """Writes the shipped scenario with capacityPerUnit calibrated so the trace's peak needs
    peak_units units into directory, and returns its path."""
    shipped = os.path.join(ROOT, "simulations/scenarios", scenario + ".yaml")
    with open(shipped) as handle:
        lines = [line for line in handle if not line.startswith(("capacityPerUnit:", "name:"))]
    slo = float(scenario_settings(shipped).get("sloUtilization", 0.8))
    capacity = peak_load(trace) / (peak_units * slo)
    path = os.path.join(directory, f"{scenario}.yaml")
    with open(path, "w") as handle:
        handle.write(f"name: {scenario}\ncapacityPerUnit: {capacity!r}\n")
        handle.writelines(lines)
    return path


def simulate(binary, trace, scenario, policies, score_from=None):
    """One `headroom simulate` run of every policy file; returns {policy name: scores}. With
    score_from, the whole trace is replayed and only the steps from that timestamp on are scored."""
    arguments = [binary, "simulate", "--trace", trace, "--scenario", scenario, "--output", "json"]
    if score_from is not None:
        arguments += ["--score-from", score_from]
    for policy in policies:
        arguments += ["--policy", policy]
    output = subprocess.run(arguments, check=True, capture_output=True, text=True).stdout
    return {result["policy"]: result["scores"] for result in json.loads(output)["results"]}


def ratio(value, base, digits=2):
    """value as a multiple of base (`×0.45`); `–` for 0 of 0, `∞` for more than 0 of 0."""
    if base == 0:
        return "–" if value == 0 else "∞"
    return f"×{value / base:.{digits}f}"


def meets_goals(ours, aws):
    """Issue 7's two goals on one pair: (under-provisioned time at most half of AWS's,
    cost no higher than AWS's)."""
    half = ours["underProvisionedSeconds"] <= aws["underProvisionedSeconds"] / 2
    cheaper = ours["cost"] <= aws["cost"]
    return half, cheaper


def tune_goals(ours, aws):
    """Issue 14's three goals on one pair's validation part: (under-provisioned time at most half
    of AWS's, cost no higher, at most 2 x its scaling actions)."""
    half, cheaper = meets_goals(ours, aws)
    return half, cheaper, ours["scalingActions"] <= 2 * aws["scalingActions"]


def no_harm(ours, aws):
    """The shipped default's goals of issue 14 on one pair: (short no longer than AWS, cost at
    most 1 % above AWS's)."""
    return ours["underProvisionedSeconds"] <= aws["underProvisionedSeconds"], ours["cost"] <= 1.01 * aws["cost"]
