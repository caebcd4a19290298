#!/usr/bin/env python3
"""Signatures per second of botocore's SigV4Auth on the request `headroom aws bench-sign` signs.

The request matches BenchmarkRequest in Sources/headroom/AWSBenchSignCommand.swift: a 1024-byte
JSON POST to ECS UpdateService with temporary credentials. Each iteration calls add_auth on the
same AWSRequest (add_auth replaces X-Amz-Date, X-Amz-Security-Token and Authorization itself), so
what is timed is signing, not building requests. botocore reads the clock inside add_auth; the
Swift benchmark passes Date() per signature.

Usage: python3 scripts/bench-sigv4.py [--iterations N]
"""
import argparse
import time

import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def benchmark_request():
    head = ('{"cluster":"production","service":"web-frontend","desiredCount":12,"forceNewDeployment":false,'
            '"deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":100},"padding":"')
    tail = '"}'
    body = (head + "x" * (1024 - len(head) - len(tail)) + tail).encode()
    assert len(body) == 1024
    headers = {
        "Host": "ecs.us-east-1.amazonaws.com",
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.UpdateService",
        "Content-Length": "1024",
        "User-Agent": "headroom/0.1.0",
    }
    return AWSRequest(method="POST", url="https://ecs.us-east-1.amazonaws.com/", data=body, headers=headers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=50_000)
    args = parser.parse_args()

    credentials = Credentials(
        "ASIAEXAMPLEEXAMPLE00", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEXAMPLE" * 16
    )
    signer = SigV4Auth(credentials, "ecs", "us-east-1")
    request = benchmark_request()

    for _ in range(max(1, args.iterations // 10)):
        signer.add_auth(request)
    start = time.perf_counter()
    for _ in range(args.iterations):
        signer.add_auth(request)
    elapsed = time.perf_counter() - start
    print(f"botocore {botocore.__version__} SigV4Auth: {args.iterations} signatures in {elapsed:.3f} s = "
          f"{int(args.iterations / elapsed)} signatures/s (body {len(request.body)} bytes)")


if __name__ == "__main__":
    main()
