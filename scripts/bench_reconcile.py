#!/usr/bin/env python3
"""One run of the reconcile benchmark: `headroom run` over N ECS services against the fake
AWS of scripts/fake_aws.py. Prints one JSON object with the measurements.

Ticks are found from the fake's side: a tick starts with the DescribeServices call for the
first service, and the fake snapshots its counts then. After --warmup ticks, it measures K
ticks: AWS calls per operation (differences of the fake's snapshots, cross-checked against
the daemon's own /metrics), CPU time of the daemon (read within 10 ms of the tick starts:
utime+stime from /proc/PID/stat, and the threads' /proc/PID/task/*/schedstat for sub-tick
resolution), and at the end its peak resident memory (VmHWM).
"""
import argparse
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--headroom", required=True)
parser.add_argument("--targets", type=int, required=True)
parser.add_argument("--ticks", type=int, default=10)
parser.add_argument("--warmup", type=int, default=2)
parser.add_argument("--row", action="store_true", help="print a Markdown table row (the JSON goes to stderr)")
parser.add_argument("--paced", action="store_true",
                    help="the fake throttles like AWS and the daemon runs at --interval with its API budget: measure "
                         "throttles after warm-up, the longest any service waits to be read, CPU and private memory")
parser.add_argument("--interval", type=int, default=15, help="seconds between ticks with --paced (default 15, the daemon's default)")
parser.add_argument("--hot", type=int, default=10, help="every HOT'th service runs hot and scales out (default 10)")
parser.add_argument("--log-level", default="warning", help="the daemon's --log-level (default warning; debug logs each tick's phase times)")
parser.add_argument("--keep-log", help="copy the daemon's log here at the end")
args = parser.parse_args()
N = args.targets
HERE = os.path.dirname(os.path.abspath(__file__))


def malloc_environment():
    """glibc's MALLOC_* tunables from our own environment (e.g. MALLOC_ARENA_MAX=2), passed
    to the daemon for memory experiments; the daemon's environment is otherwise fixed."""
    return {key: value for key, value in os.environ.items() if key.startswith("MALLOC_") or key == "GLIBC_TUNABLES"}


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3): utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu_seconds(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(open(f"/proc/{pid}/task/{task}/schedstat").read().split()[0])
        except OSError:
            pass
    return total / 1e9


def status_kb(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def policy(index):
    name = f"svc-{index:04d}"
    return f"""Target: ecs:bench/{name}
MinCapacity: 1
MaxCapacity: 10000
TargetTracking:
  Metrics:
    - Name: cpu
      TargetValue: 60
      CloudWatch:
        Namespace: AWS/ECS
        MetricName: CPUUtilization
        Dimensions: {{ClusterName: bench, ServiceName: {name}}}
        Statistic: Average
        Period: 60
  ScaleOut:
    StabilizationWindowSeconds: 0
"""


def row(r):
    """The result as a row of the table in BENCHMARKS.md."""
    calls, goal = r["callsPerTick"], r["goal"]
    cells = [
        f"{r['targets']:,}",
        f"{calls.get('DescribeServices', 0):.1f} (≤ {goal['describe']})",
        f"{calls.get('DescribeScalableTargets', 0):.1f}",
        f"{calls.get('GetMetricData', 0):.1f} (≤ {goal['metrics']})",
        f"{calls.get('UpdateService', 0):.1f}",
        f"{r['noopWrites']}",
        f"{r['cpuMsPerTick']:.1f}",
        f"{r['cpuUsPerTargetPerTick']:.0f}",
        f"{r['meanReconcileSeconds']:.3f}",
        f"{r['peakRssMB']:.1f}",
        f"{r['rssAnonMB']:.1f} + {r['rssFileMB']:.1f}",
    ]
    warning = "" if r["daemonCountsMatchFake"] else " (the daemon's headroom_aws_calls_total disagreed with the fake)"
    return "| " + " | ".join(cells) + " |" + warning


def main():
    work = tempfile.mkdtemp(prefix="headroom-bench-")
    policies = os.path.join(work, "policies")
    os.mkdir(policies)
    for index in range(N):
        with open(os.path.join(policies, f"svc-{index:04d}.yaml"), "w") as file:
            file.write(policy(index))

    fake = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_aws.py"), "--port", "0", "--hot", str(args.hot)],
                            stdout=subprocess.PIPE, text=True)
    daemon = None
    try:
        fake_port = int(fake.stdout.readline())
        fake_url = f"http://127.0.0.1:{fake_port}"
        listen = free_port()
        environment = {
            "PATH": "/usr/bin:/bin", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": fake_url,
            "AWS_ACCESS_KEY_ID": "AKIABENCHEXAMPLE", "AWS_SECRET_ACCESS_KEY": "bench-secret-not-real",
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
            "AWS_EC2_METADATA_DISABLED": "true",
            **malloc_environment(),
        }
        log = open(os.path.join(work, "daemon.log"), "w")
        daemon = subprocess.Popen(
            # Without the API budget: this run measures a tick's batching and CPU with every
            # target read each tick (the fake does not throttle); --paced measures the budget.
            [args.headroom, "run", "--policies", policies, "--interval", "1s", "--listen", f"127.0.0.1:{listen}",
             "--no-api-budget", "--log-level", args.log_level], env=environment, stdout=log, stderr=subprocess.STDOUT)

        metric_calls_per_tick = math.ceil(N / 500)

        def stats():
            return json.loads(get(fake_url + "/_stats"))

        def wait_for_tick(number):
            """Waits until tick `number` (0-based) has started, i.e. ticks before it have ended."""
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                if daemon.poll() is not None:
                    raise SystemExit(f"headroom exited with {daemon.returncode}; log in {work}/daemon.log")
                now = stats()
                if now["ticks"] > number:
                    return now
                time.sleep(0.01)
            raise SystemExit(f"tick {number} did not start within 300 s")

        wait_for_tick(args.warmup)
        cpu_start, threads_start, wall_start = cpu_seconds(daemon.pid), thread_cpu_seconds(daemon.pid), time.monotonic()
        mark = wait_for_tick(args.warmup + args.ticks)
        cpu = cpu_seconds(daemon.pid) - cpu_start
        thread_cpu = thread_cpu_seconds(daemon.pid) - threads_start
        wall = time.monotonic() - wall_start

        ticks = args.ticks
        first, last = mark["tickStarts"][args.warmup], mark["tickStarts"][args.warmup + args.ticks]
        per_tick = {op: (last.get(op, 0) - first.get(op, 0)) / ticks for op in last}
        per_tick.pop("GetCallerIdentity", None)
        before = stats()["counts"]
        exposition = get(f"http://127.0.0.1:{listen}/metrics")
        after = stats()["counts"]
        duration_sum = duration_count = 0.0
        daemon_calls = {}
        for line in exposition.splitlines():
            if line.startswith("headroom_reconcile_duration_seconds_sum"):
                duration_sum = float(line.split()[-1])
            elif line.startswith("headroom_reconcile_duration_seconds_count"):
                duration_count = float(line.split()[-1])
            elif line.startswith("headroom_aws_calls_total{"):
                labels = dict(part.split("=", 1) for part in line[line.index("{") + 1:line.index("}")].split(","))
                operation = labels["operation"].strip('"')
                daemon_calls[operation] = daemon_calls.get(operation, 0) + float(line.split()[-1])
        result = {
            "targets": N, "ticks": ticks,
            "callsPerTick": per_tick,
            "goal": {"describe": math.ceil(N / 10), "metrics": metric_calls_per_tick},
            "noopWrites": mark["noopWrites"],
            "cpuMsPerTick": 1000 * thread_cpu / ticks,
            "cpuUsPerTargetPerTick": 1e6 * thread_cpu / ticks / N,
            "cpuMsPerTickFromStat": 1000 * cpu / ticks,
            "wallSecondsMeasured": wall,
            "meanReconcileSeconds": duration_sum / duration_count if duration_count else None,
            "peakRssMB": status_kb(daemon.pid, "VmHWM") / 1024,
            "rssMB": status_kb(daemon.pid, "VmRSS") / 1024,
            # Of the resident memory at the end: the process's own (heap, stacks) and pages of
            # mapped files (its code and the Swift/Foundation/ICU libraries, shared with others).
            "rssAnonMB": status_kb(daemon.pid, "RssAnon") / 1024,
            "rssFileMB": status_kb(daemon.pid, "RssFile") / 1024,
            # The daemon counts a call when its answer is in, the fake when it arrives: read
            # between two reads of the fake, the daemon's count lies between them (give or
            # take the calls in flight, at most 4 GetMetricData at once).
            "daemonCountsMatchFake": all(before.get(op, 0) - 4 <= daemon_calls.get(op, 0) <= after.get(op, 0)
                                         for op in set(before) | set(daemon_calls)),
        }
        report(result, row)
    finally:
        stop(daemon, fake, grace=10)
    shutil.rmtree(work, ignore_errors=True)


def report(result, as_row):
    """The result as a Markdown row (JSON on stderr) with --row, else as JSON."""
    if args.row:
        print(json.dumps(result), file=sys.stderr)
        print(as_row(result))
    else:
        print(json.dumps(result))


def stop(daemon, fake, grace):
    """SIGTERM the daemon (SIGKILL after `grace` seconds), then the fake."""
    if daemon is not None and daemon.poll() is None:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
    fake.terminate()
    fake.wait()


def metric_values(exposition, name):
    """The samples of `name` in a Prometheus exposition, summed over labels."""
    total = None
    for line in exposition.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total = (total or 0) + float(line.split()[-1])
    return total


def paced_row(r):
    cells = [
        f"{r['targets']:,}", f"{r['interval']} s", f"{r['measuredTicks']}",
        f"{r['throttlesAfterWarmup']} ({r['throttlesDuringWarmup']} in warm-up)",
        f"{r['servedPerTick']:,} ({r['undecidedInWindow']} left undecided)",
        f"{r['longestDecisionGapSeconds']:.0f} s = {r['longestDecisionGapIntervals']:.1f} intervals",
        f"{r['describedPerTick']:,}", f"{r['longestGapSeconds']:.0f} s = {r['longestGapIntervals']:.1f} intervals",
        f"{r['describeServicesPerSecond']:.1f}", f"{r['cpuMsPerTick']:.0f}", f"{r['cpuUsPerServedTargetPerTick']:.0f}",
        f"{r['rssAnonMB']:.1f}", f"{r['peakRssMB']:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def paced_main():
    """The API-budget benchmark: AWS's token buckets in the fake, the daemon at its interval."""
    work = tempfile.mkdtemp(prefix="headroom-bench-paced-")
    policies = os.path.join(work, "policies")
    os.mkdir(policies)
    for index in range(N):
        with open(os.path.join(policies, f"svc-{index:05d}.yaml"), "w") as file:
            file.write(policy(index).replace(f"svc-{index:04d}", f"svc-{index:05d}"))
    fake = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_aws.py"), "--port", "0", "--throttle", "--hot", str(args.hot),
                             "--marker", "svc-00000"], stdout=subprocess.PIPE, text=True)
    daemon = None
    try:
        fake_url = f"http://127.0.0.1:{int(fake.stdout.readline())}"
        listen = free_port()
        environment = {
            "PATH": "/usr/bin:/bin", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": fake_url,
            "AWS_ACCESS_KEY_ID": "AKIABENCHEXAMPLE", "AWS_SECRET_ACCESS_KEY": "bench-secret-not-real",
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
            "AWS_EC2_METADATA_DISABLED": "true",
            **malloc_environment(),
        }
        log_path = os.path.join(work, "daemon.log")
        log = open(log_path, "w")
        daemon = subprocess.Popen(
            [args.headroom, "run", "--policies", policies, "--interval", f"{args.interval}s", "--listen", f"127.0.0.1:{listen}",
             "--log-level", args.log_level], env=environment, stdout=log, stderr=subprocess.STDOUT)

        def readiness(field):
            try:
                # /readyz, not /metrics: rendering 10,000 targets' series twice a second would
                # add its own CPU and memory to what is measured.
                return int(json.loads(get(f"http://127.0.0.1:{listen}/readyz"))[field])
            except OSError:
                return 0

        def reconciles():
            return readiness("reconciles")

        # Warm-up: every service read once, and two more ticks.
        deadline = time.monotonic() + 900
        while json.loads(get(fake_url + "/_coverage?since=0"))["described"] < N:
            if daemon.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"warm-up failed; log in {log_path}")
            time.sleep(1)
        first = reconciles()
        while reconciles() < first + 2:
            time.sleep(0.5)
        get(fake_url + "/_reset-gaps")
        start = json.loads(get(fake_url + "/_stats"))
        ticks_start, cpu_start = reconciles(), thread_cpu_seconds(daemon.pid)
        undecided_start = readiness("undecidedTargets")
        while reconciles() < ticks_start + args.ticks:
            if daemon.poll() is not None:
                raise SystemExit(f"headroom exited; log in {log_path}")
            time.sleep(0.5)
        cpu = thread_cpu_seconds(daemon.pid) - cpu_start
        undecided = readiness("undecidedTargets") - undecided_start
        end = json.loads(get(fake_url + "/_stats"))
        coverage = json.loads(get(fake_url + f"/_coverage?since={start['now']}"))
        exposition = get(f"http://127.0.0.1:{listen}/metrics")
        ticks = reconciles() - ticks_start
        served = metric_values(exposition, "headroom_api_budget_served_targets") or N
        elapsed = end["now"] - start["now"]
        result = {
            "targets": N, "interval": args.interval, "measuredTicks": int(ticks), "measuredSeconds": elapsed,
            "throttlesAfterWarmup": sum(1 for t in end["throttleTimes"] if t > start["now"]),
            "throttlesDuringWarmup": sum(1 for t in end["throttleTimes"] if t <= start["now"]),
            "throttledByOperation": end["throttled"],
            "servedPerTick": int(served),
            "deferredPerTick": int(metric_values(exposition, "headroom_api_budget_deferred_targets") or 0),
            "describedPerTick": int(metric_values(exposition, "headroom_api_budget_described_targets") or N),
            "undecidedInWindow": undecided,
            "servicesDescribedInWindow": coverage["described"],
            "longestGapSeconds": coverage["longestGap"], "longestGapIntervals": coverage["longestGap"] / args.interval,
            # Every tick reads the metrics of the targets it decides, and `undecidedInWindow` 0
            # says it decided every one it read: the longest wait between two reads of a
            # service's metric is then the longest wait between two of its decisions.
            "longestDecisionGapSeconds": coverage["longestMetricGap"],
            "longestDecisionGapIntervals": coverage["longestMetricGap"] / args.interval,
            "describeServicesPerSecond": (end["counts"].get("DescribeServices", 0) - start["counts"].get("DescribeServices", 0)) / elapsed,
            "callsInWindow": {op: end["counts"].get(op, 0) - start["counts"].get(op, 0) for op in end["counts"]},
            "cpuMsPerTick": 1000 * cpu / ticks,
            "cpuUsPerServedTargetPerTick": 1e6 * cpu / ticks / served,
            "cpuUsPerTargetPerTick": 1e6 * cpu / ticks / N,
            "rssAnonMB": status_kb(daemon.pid, "RssAnon") / 1024,
            "rssFileMB": status_kb(daemon.pid, "RssFile") / 1024,
            "peakRssMB": status_kb(daemon.pid, "VmHWM") / 1024,
            "budgetLogLines": [line.strip()[:300] for line in open(log_path) if "API budget" in line][:3],
        }
        report(result, paced_row)
    finally:
        stop(daemon, fake, grace=20)
    if args.keep_log:
        shutil.copy(os.path.join(work, "daemon.log"), args.keep_log)
    shutil.rmtree(work, ignore_errors=True)


if args.paced:
    paced_main()
else:
    main()
