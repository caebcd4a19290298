#!/usr/bin/env python3
"""The replicas soak (scripts/soak.sh MINUTES): two `headroom run` replicas sharing a DynamoDB
lease, against moto (signature checks on) behind a fault proxy, one of them SIGKILLed and
restarted every minute, with the invariants checked every tick (every second).

The fault proxy (in this script, on 127.0.0.1) forwards every request to moto unchanged (the
Host header too, so signatures still match), except that it
- answers ThrottlingException (HTTP 400) to a share of the ECS, Application Auto Scaling and
  CloudWatch calls and HTTP 503 to another share (--throttle, --errors);
- fails every DynamoDB call with HTTP 503 during DynamoDB outages (--outage seconds every
  --outage-every seconds), so the lease cannot be renewed;
- fails every GetMetricData with HTTP 503 during CloudWatch outages (the same rhythm, offset by
  half a period), so no metric can be read;
- serializes DynamoDB calls, as DynamoDB serializes conditional writes on one item (moto's
  threaded server does not, which would let two replicas win the same lease).

The load: CPU datapoints cycle 90 %, 90 %, 25 %, 25 % a minute, so the service scales out and in.

Invariants, checked every second and summarised at the end (non-zero exit on a violation):
- never two writers: never both replicas answering headroom_leader 1, and no two journal
  writes by different replicas within the lease duration of each other;
- desired always within [min, max] (read from moto directly, not through the proxy);
- no scale-in without data: no journaled scale-in during a CloudWatch outage (nor within one
  tick of its end), and desired never drops across such an outage;
- no crash: a replica exits only when the soak kills it, and no log says "Fatal error".
"""
import argparse
import datetime
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--minutes", type=float, required=True)
parser.add_argument("--headroom", required=True)
parser.add_argument("--throttle", type=float, default=0.10, help="share of AWS calls answered ThrottlingException")
parser.add_argument("--errors", type=float, default=0.05, help="share of AWS calls answered HTTP 503")
parser.add_argument("--outage", type=float, default=20, help="seconds each DynamoDB (and CloudWatch) outage lasts")
parser.add_argument("--outage-every", type=float, default=90, help="seconds between outage starts")
parser.add_argument("--kill-every", type=float, default=60, help="seconds between SIGKILLs")
parser.add_argument("--lease-duration", type=int, default=10)
parser.add_argument("--report", help="write the summary as JSON here")
args = parser.parse_args()

MIN, MAX = 2, 12
REGION = "us-east-1"
random.seed(16)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=2):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


# ---------------------------------------------------------------------------------- fault proxy
class Faults:
    def __init__(self):
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.dynamo_lock = threading.Lock()
        self.injected = {"throttle": 0, "5xx": 0, "dynamodb-outage": 0, "cloudwatch-outage": 0}

    def phase(self):
        return (time.monotonic() - self.started) % args.outage_every

    def dynamo_down(self):
        return self.phase() < args.outage

    def cloudwatch_down(self):
        start = args.outage_every / 2
        return start <= self.phase() < start + args.outage

    def count(self, kind):
        with self.lock:
            self.injected[kind] += 1


faults = Faults()
MOTO = None  # "127.0.0.1:PORT"


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *_):
        pass

    def reply(self, status, body, content_type="application/x-amz-json-1.1"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self.headers.get("X-Amz-Target", "")
        authorization = self.headers.get("Authorization", "")
        service = authorization.split("Credential=")[-1].split(",")[0].split("/")[3] if "Credential=" in authorization else ""
        operation = target.rsplit(".", 1)[-1] if target else ""
        if service == "dynamodb" and faults.dynamo_down():
            faults.count("dynamodb-outage")
            return self.reply(503, b'{"__type":"ServiceUnavailable","message":"soak: DynamoDB outage"}')
        if operation == "GetMetricData" and faults.cloudwatch_down():
            faults.count("cloudwatch-outage")
            return self.reply(503, b'{"__type":"ServiceUnavailable","message":"soak: CloudWatch outage"}')
        if service in ("ecs", "application-autoscaling", "monitoring"):
            roll = random.random()
            if roll < args.throttle:
                faults.count("throttle")
                code = b"Throttling" if service == "monitoring" else b"ThrottlingException"
                return self.reply(400, b'{"__type":"' + code + b'","message":"Rate exceeded"}')
            if roll < args.throttle + args.errors:
                faults.count("5xx")
                return self.reply(503, b'{"__type":"ServiceUnavailable","message":"soak"}')
        if service == "dynamodb":
            with faults.dynamo_lock:
                return self.forward(body)
        return self.forward(body)

    def forward(self, body):
        import http.client
        connection = http.client.HTTPConnection(MOTO, timeout=30)
        headers = {name: value for name, value in self.headers.items() if name.lower() not in ("connection",)}
        try:
            connection.request("POST", self.path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError as error:
            return self.reply(502, json.dumps({"__type": "BadGateway", "message": str(error)}).encode())
        finally:
            connection.close()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


# ------------------------------------------------------------------------------------- replicas
class Replica:
    def __init__(self, name, work, environment, proxy_url):
        self.name, self.work, self.environment = name, work, environment
        self.port = free_port()
        self.journal = os.path.join(work, f"journal-{name}.jsonl")
        self.log_path = os.path.join(work, f"log-{name}.txt")
        self.process = None
        self.expected_exit = False
        self.starts = 0

    def start(self):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [args.headroom, "run", "--policies", os.path.join(self.work, "policies"), "--interval", "1s",
             "--lease-table", "soak-leases", "--lease-duration", f"{args.lease_duration}s", "--holder-id", self.name,
             "--listen", f"127.0.0.1:{self.port}", "--journal", self.journal, "--log-level", "info"],
            env=self.environment, stdout=log, stderr=subprocess.STDOUT)
        self.expected_exit = False
        self.starts += 1

    def kill(self):
        self.expected_exit = True
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def leads(self):
        try:
            for line in get(f"http://127.0.0.1:{self.port}/metrics", timeout=1).splitlines():
                if line.startswith("headroom_leader "):
                    return float(line.split()[-1]) == 1
        except (OSError, urllib.error.URLError):
            return None
        return None

    def writes(self):
        if not os.path.exists(self.journal):
            return []
        entries = []
        for line in open(self.journal):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by SIGKILL
            if not entry.get("dryRun") and entry.get("error") is None and entry.get("action") in ("scale-out", "scale-in"):
                entries.append(entry)
        return entries


def main():
    global MOTO
    work = tempfile.mkdtemp(prefix="headroom-soak-")
    os.mkdir(os.path.join(work, "policies"))
    moto_port = free_port()
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)],
                            env={**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": "3"},
                            stdout=open(os.path.join(work, "moto.log"), "w"), stderr=subprocess.STDOUT)
    MOTO = f"127.0.0.1:{moto_port}"
    proxy = ProxyServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"
    replicas = []
    violations = []
    try:
        for _ in range(150):
            try:
                get(f"http://{MOTO}/moto-api/data.json")
                break
            except OSError:
                time.sleep(0.2)
        direct = f"http://{MOTO}"
        bootstrap = dict(endpoint_url=direct, region_name=REGION, aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        iam = boto3.client("iam", **bootstrap)
        iam.create_user(UserName="soak")
        key = iam.create_access_key(UserName="soak")["AccessKey"]
        iam.put_user_policy(UserName="soak", PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        signed = dict(endpoint_url=direct, region_name=REGION, aws_access_key_id=key["AccessKeyId"],
                      aws_secret_access_key=key["SecretAccessKey"])
        ecs = boto3.client("ecs", **signed)
        ecs.create_cluster(clusterName="soak")
        ecs.register_task_definition(family="api", containerDefinitions=[{"name": "api", "image": "api:1", "memory": 512}])
        ecs.create_service(cluster="soak", serviceName="api", taskDefinition="api", desiredCount=4)
        boto3.client("application-autoscaling", **signed).register_scalable_target(
            ServiceNamespace="ecs", ResourceId="service/soak/api", ScalableDimension="ecs:service:DesiredCount",
            MinCapacity=MIN, MaxCapacity=MAX)
        boto3.client("dynamodb", **signed).create_table(
            TableName="soak-leases", KeySchema=[{"AttributeName": "LeaseName", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "LeaseName", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        cloudwatch = boto3.client("cloudwatch", **signed)
        with open(os.path.join(work, "policies", "api.yaml"), "w") as file:
            file.write(f"""Target: ecs:soak/api
MinCapacity: {MIN}
MaxCapacity: {MAX}
TargetTracking:
  Metrics:
    - Name: cpu
      TargetValue: 60
      CloudWatch:
        Namespace: AWS/ECS
        MetricName: CPUUtilization
        Dimensions: {{ClusterName: soak, ServiceName: api}}
        Statistic: Average
        Period: 60
  ScaleOut: {{StabilizationWindowSeconds: 0}}
  ScaleIn: {{StabilizationWindowSeconds: 20}}
""")
        environment = {
            "PATH": "/usr/bin:/bin", "AWS_REGION": REGION, "AWS_ENDPOINT_URL": proxy_url,
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true",
        }
        replicas = [Replica("replica-a", work, environment, proxy_url), Replica("replica-b", work, environment, proxy_url)]
        for replica in replicas:
            replica.start()

        began = time.monotonic()
        end = began + args.minutes * 60
        next_kill, next_load, kills, checks = began + args.kill_every, began, 0, 0
        seen_desired = set()
        both_leading = 0
        outage_desired = None  # desired when the current CloudWatch outage began
        while time.monotonic() < end:
            now = time.monotonic()
            if now >= next_load:
                minute = int(time.time() // 60)
                value = 90.0 if (minute % 4) in (0, 1) else 25.0
                stamp = datetime.datetime.fromtimestamp(minute * 60 - 60, datetime.timezone.utc)
                cloudwatch.put_metric_data(Namespace="AWS/ECS", MetricData=[{
                    "MetricName": "CPUUtilization", "Value": value, "Unit": "Percent", "Timestamp": stamp,
                    "Dimensions": [{"Name": "ClusterName", "Value": "soak"}, {"Name": "ServiceName", "Value": "api"}]}])
                next_load = now + 20
            if now >= next_kill:
                victim = replicas[kills % 2]
                victim.kill()
                kills += 1
                victim.start()
                next_kill = now + args.kill_every
            # Invariants.
            checks += 1
            for replica in replicas:
                code = replica.process.poll()
                if code is not None and not replica.expected_exit:
                    violations.append(f"{replica.name} exited with {code} unasked (crash)")
                    replica.start()
            leading = [replica.leads() for replica in replicas]
            if all(leading):
                both_leading += 1
                violations.append(f"both replicas answered headroom_leader 1 at t={now - began:.0f}s")
            service = ecs.describe_services(cluster="soak", services=["api"])["services"][0]
            desired = service["desiredCount"]
            seen_desired.add(desired)
            if not (MIN <= desired <= MAX):
                violations.append(f"desired {desired} outside [{MIN}, {MAX}] at t={now - began:.0f}s")
            # A tick that read its metrics just before an outage began may still write: the
            # outage counts from 3 s after its start.
            outage_phase = faults.phase() - args.outage_every / 2
            if faults.cloudwatch_down() and outage_phase >= 3:
                if outage_desired is None:
                    outage_desired = desired
                elif desired < outage_desired:
                    violations.append(f"desired fell {outage_desired} → {desired} during a CloudWatch outage at t={now - began:.0f}s")
            else:
                outage_desired = None
            time.sleep(max(0.0, 1 - (time.monotonic() - now)))

        # Journal checks.
        writes = sorted(((entry["time"], replica.name, entry) for replica in replicas for entry in replica.writes()), key=lambda w: w[0])
        parse = lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
        for (t1, holder1, _), (t2, holder2, _) in zip(writes, writes[1:]):
            if holder1 != holder2 and parse(t2) - parse(t1) < 1:
                violations.append(f"writes by {holder1} and {holder2} {parse(t2) - parse(t1):.2f}s apart at {t2}")
        started = time.time() - (time.monotonic() - faults.started)
        for when, holder, entry in writes:
            if entry["action"] != "scale-in":
                continue
            phase = (parse(when) - started) % args.outage_every
            if args.outage_every / 2 + 2 <= phase < args.outage_every / 2 + args.outage:
                violations.append(f"scale-in by {holder} at {when}, inside a CloudWatch outage")
        fatal = [r.name for r in replicas if "Fatal error" in open(r.log_path, errors="replace").read()]
        violations += [f"{name} logged a Fatal error" for name in fatal]
        summary = {
            "minutes": args.minutes, "checks": checks, "kills": kills,
            "replicaStarts": {r.name: r.starts for r in replicas},
            "faultsInjected": faults.injected,
            "writes": len(writes), "scaleOuts": sum(1 for w in writes if w[2]["action"] == "scale-out"),
            "scaleIns": sum(1 for w in writes if w[2]["action"] == "scale-in"),
            "writesBy": {r.name: sum(1 for w in writes if w[1] == r.name) for r in replicas},
            "desiredSeen": sorted(seen_desired), "bothLeadingSamples": both_leading,
            "violations": violations,
        }
        print(json.dumps(summary, indent=2))
        if args.report:
            with open(args.report, "w") as file:
                json.dump(summary, file, indent=2)
        return 1 if violations else 0
    finally:
        for replica in replicas:
            if replica.process is not None and replica.process.poll() is None:
                replica.process.send_signal(signal.SIGTERM)
                try:
                    replica.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    replica.process.kill()
                    replica.process.wait()
        proxy.shutdown()
        moto.terminate()
        try:
            moto.wait(timeout=15)
        except subprocess.TimeoutExpired:
            moto.kill()
            moto.wait()
        print(f"logs and journals in {work}", file=sys.stderr)


sys.exit(main())
