#!/usr/bin/env python3
"""A fast fake AWS on 127.0.0.1 for the reconcile benchmark (scripts/bench-reconcile.sh).

Answers, in the wire protocols Headroom's AWSClient speaks, the calls one `headroom run` tick
over ECS services makes: ECS DescribeServices/UpdateService (JSON 1.1), Application Auto
Scaling DescribeScalableTargets, and DescribeScalingPolicies/DescribeScheduledActions (none, so
every service may be written; JSON 1.1), CloudWatch GetMetricData (JSON 1.0) and, once at
start-up, STS GetCallerIdentity (Query/XML). Signatures are not checked. Every service of
every cluster exists, starting at --desired tasks with a scalable target of 1..10000. Every
--hot'th service (svc-0000, svc-0010, ...) reports 90 % CPU, the others 60 % (the target),
so each tick the hot services scale out and the rest hold.

It counts requests by operation, and UpdateService calls that set the count a service
already has ("no-op writes"). A tick starts when a DescribeServices asks for the --marker
service (the first in the daemon's sorted policy files): the counts are then snapshotted, so
the counts of each tick are exact differences. GET /_stats returns the counts, the number of
ticks started and the snapshots as JSON. Prints its port on stdout once listening (--port 0
picks a free one).

With --throttle it throttles like AWS: a token bucket per API family (one account, one region)
refilled at the sustained rate up to the burst, answering ThrottlingException (CloudWatch:
Throttling) when a call finds it empty. The rates are AWS's published ones where AWS publishes
them (ECS service reads 20/s burst 100 and other ECS reads 20/s burst 50: "Request throttling
for the Amazon ECS API"; CloudWatch GetMetricData 50/s: the CloudWatch quotas page) and, for
ECS service writes, Application Auto Scaling and EC2 Auto Scaling, which AWS does not publish
per operation, the same guesses as Headroom's defaults (Sources/AWSClient/Retry/APIBudget.swift).
GET /_coverage?since=T (T in the fake's monotonic seconds, as /_stats reports "now") answers
how many services were described since T and the longest any of them went undescribed.
"""
import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--desired", type=int, default=4)
parser.add_argument("--hot", type=int, default=10, help="every HOT'th service runs hot (default 10)")
parser.add_argument("--marker", default="svc-0000", help="the service whose DescribeServices starts a tick")
parser.add_argument("--throttle", action="store_true", help="enforce AWS's token buckets (see above)")
args = parser.parse_args()

# family -> (sustained per second, burst)
LIMITS = {
    "ecs-service-read": (20, 100), "ecs-service-write": (5, 20), "ecs-other": (20, 50),
    "aas-read": (10, 40), "aas-write": (5, 20), "cloudwatch-getmetricdata": (50, 50),
}


def family(operation):
    if operation in ("DescribeServices", "ListServices"):
        return "ecs-service-read"
    if operation in ("UpdateService", "CreateService", "DeleteService"):
        return "ecs-service-write"
    if operation in ("DescribeScalableTargets", "DescribeScalingPolicies", "DescribeScheduledActions"):
        return "aas-read"
    if operation == "RegisterScalableTarget":
        return "aas-write"
    if operation == "GetMetricData":
        return "cloudwatch-getmetricdata"
    return None


buckets = {}  # family -> [tokens, last refill]
throttled = {}  # operation -> count
throttle_times = []  # monotonic times of every throttle answer
described = {}  # service -> [last describe time, longest gap since the coverage mark]
metric_reads = {}  # service -> [last GetMetricData read of its metric, longest gap]: when it was decided


def take_token(operation, now):
    """Whether the call may go: takes a token of its family's bucket (caller holds the lock)."""
    name = family(operation)
    if not args.throttle or name is None:
        return True
    rate, burst = LIMITS[name]
    tokens, last = buckets.get(name, (burst, now))
    tokens = min(burst, tokens + (now - last) * rate)
    if tokens < 1:
        buckets[name] = (tokens, now)
        return False
    buckets[name] = (tokens - 1, now)
    return True

lock = threading.Lock()
counts = {}
desired = {}  # (cluster, service) -> count
noop_writes = 0
tick_starts = []  # the counts when each tick started


def service_index(name):
    match = re.search(r"(\d+)$", name)
    return int(match.group(1)) if match else 0


def service_json(cluster, name):
    count = desired.setdefault((cluster, name), args.desired)
    return {
        "serviceName": name,
        "serviceArn": f"arn:aws:ecs:us-east-1:123456789012:service/{cluster}/{name}",
        "clusterArn": f"arn:aws:ecs:us-east-1:123456789012:cluster/{cluster}",
        "status": "ACTIVE", "desiredCount": count, "runningCount": count, "pendingCount": 0,
        "launchType": "FARGATE",
    }


def describe_services(body):
    cluster = body.get("cluster", "default").split("/")[-1]
    now = time.monotonic()
    with lock:
        for name in body.get("services", []):
            note(described, name, now)
        return {"services": [service_json(cluster, name.split("/")[-1]) for name in body.get("services", [])], "failures": []}


def update_service(body):
    global noop_writes
    cluster = body.get("cluster", "default").split("/")[-1]
    name = body["service"].split("/")[-1]
    with lock:
        if desired.get((cluster, name), args.desired) == body["desiredCount"]:
            noop_writes += 1
        desired[(cluster, name)] = body["desiredCount"]
        return {"service": service_json(cluster, name)}


def describe_scalable_targets(body):
    targets = [{
        "ServiceNamespace": "ecs", "ResourceId": resource, "ScalableDimension": "ecs:service:DesiredCount",
        "MinCapacity": 1, "MaxCapacity": 10000, "RoleARN": "arn:aws:iam::123456789012:role/ecs-autoscaling",
        "CreationTime": 1700000000.0,
    } for resource in body.get("ResourceIds", [])]
    return {"ScalableTargets": targets}


def note(seen_by_service, name, now):
    """Records a read of `name` at `now` in `seen_by_service` (caller holds the lock)."""
    seen = seen_by_service.get(name)
    if seen is None:
        seen_by_service[name] = [now, 0.0]
    else:
        seen[1] = max(seen[1], now - seen[0])
        seen[0] = now


def get_metric_data(body):
    end = float(body["EndTime"])
    results = []
    now = time.monotonic()
    with lock:
        for query in body.get("MetricDataQueries", []):
            for dimension in query.get("MetricStat", {}).get("Metric", {}).get("Dimensions", []):
                if dimension["Name"] == "ServiceName":
                    note(metric_reads, dimension["Value"], now)
    for query in body.get("MetricDataQueries", []):
        stat = query.get("MetricStat", {})
        period = int(stat.get("Period", 60))
        dimensions = {d["Name"]: d["Value"] for d in stat.get("Metric", {}).get("Dimensions", [])}
        value = 90.0 if service_index(dimensions.get("ServiceName", "")) % args.hot == 0 else 60.0
        # One complete datapoint: the period that ended a period before EndTime.
        stamp = (int(end) // period) * period - 2 * period
        results.append({"Id": query["Id"], "Label": query.get("Label", query["Id"]), "Timestamps": [stamp],
                        "Values": [value], "StatusCode": "Complete"})
    return {"MetricDataResults": results, "Messages": []}


JSON_OPERATIONS = {
    # No AWS scaling on any service: Headroom checks before each write and may write them all.
    "DescribeScalingPolicies": lambda body: {"ScalingPolicies": []},
    "DescribeScheduledActions": lambda body: {"ScheduledActions": []},
    "DescribeServices": describe_services,
    "UpdateService": update_service,
    "DescribeScalableTargets": describe_scalable_targets,
    "GetMetricData": get_metric_data,
}

CALLER_IDENTITY = (b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                   b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bench</Arn>"
                   b"<UserId>AIDABENCH</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
                   b"<ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></GetCallerIdentityResponse>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body would wait
    # for the client's delayed ACK (40 ms) on every request.
    disable_nagle_algorithm = True

    def log_message(self, *_):
        pass

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "bench")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_stats":
            with lock:
                stats = {"counts": dict(counts), "noopWrites": noop_writes, "ticks": len(tick_starts), "tickStarts": tick_starts,
                         "throttled": dict(throttled), "throttleTimes": list(throttle_times), "now": time.monotonic()}
            self.reply(200, json.dumps(stats).encode(), "application/json")
        elif self.path.startswith("/_coverage"):
            since = float(parse_qs(self.path.partition("?")[2]).get("since", ["0"])[0])
            now = time.monotonic()
            with lock:
                # The longest wait of each service since `since`: between two describes (or
                # metric reads) after it, from `since` to the first, or from the last until now.
                seen = [(last, gap) for last, gap in described.values()]
                read = [(last, gap) for last, gap in metric_reads.values()]
            covered = sum(1 for last, _ in seen if last >= since)
            longest = max((max(gap, now - last) for last, gap in seen), default=None)
            longest_read = max((max(gap, now - last) for last, gap in read), default=None)
            self.reply(200, json.dumps({"described": covered, "services": len(seen), "longestGap": longest,
                                        "metricsRead": sum(1 for last, _ in read if last >= since),
                                        "longestMetricGap": longest_read}).encode(), "application/json")
        elif self.path == "/_reset-gaps":
            # The measured window starts now: a wait that began before it counts from here, so
            # warm-up's irregular first passes do not stand for the steady state.
            now = time.monotonic()
            with lock:
                for seen in list(described.values()) + list(metric_reads.values()):
                    seen[0] = now
                    seen[1] = 0.0
            self.reply(200, b"{}", "application/json")
        else:
            self.reply(404, b"{}", "application/json")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self.headers.get("X-Amz-Target")
        if target:
            operation = target.rsplit(".", 1)[-1]
        else:
            operation = parse_qs(body.decode()).get("Action", ["unknown"])[0]
        with lock:
            if operation == "DescribeServices" and f'"{args.marker}"' in body.decode():
                tick_starts.append(dict(counts))
            counts[operation] = counts.get(operation, 0) + 1
            allowed = take_token(operation, time.monotonic())
            if not allowed:
                throttled[operation] = throttled.get(operation, 0) + 1
                throttle_times.append(time.monotonic())
        if not allowed:
            code = "Throttling" if operation == "GetMetricData" else "ThrottlingException"
            error = {"__type": code, "message": "Rate exceeded"}
            self.reply(400, json.dumps(error).encode(), "application/x-amz-json-1.1")
            return
        if operation == "GetCallerIdentity":
            self.reply(200, CALLER_IDENTITY, "text/xml")
            return
        handler = JSON_OPERATIONS.get(operation)
        if handler is None:
            error = {"__type": "UnknownOperationException", "message": f"the fake does not answer {operation}"}
            self.reply(400, json.dumps(error).encode(), "application/x-amz-json-1.1")
            return
        answer = handler(json.loads(body or b"{}"))
        self.reply(200, json.dumps(answer).encode(), "application/x-amz-json-1.1")


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hung up (the daemon stopping) is not news


server = Server(("127.0.0.1", args.port), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
sys.exit(0)
