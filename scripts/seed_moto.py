#!/usr/bin/env python3
"""Seeds a local moto server for the daemon demo, then keeps CPU metrics flowing.

Creates (through moto's first unauthenticated actions) an IAM user with an access key and a
permissive policy; then, signed with that key, an ECS cluster `prod` with a service `api`
(2 tasks), its scalable target (1..20), and a DynamoDB lease table. Prints the environment
to export. With --load PERCENT it then puts an AWS/ECS CPUUtilization datapoint every 20 s
so `headroom run` has something to react to. Talks to 127.0.0.1 only.
"""
import argparse
import datetime
import json
import time

import boto3

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--endpoint", default="http://127.0.0.1:5000")
parser.add_argument("--load", type=float, help="only put this CPU utilization (percent) every 20 s, "
                    "signed with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the environment")
args = parser.parse_args()
REGION = "us-east-1"


def keep_load(signed, percent):
    cloudwatch = boto3.client("cloudwatch", **signed)
    while True:
        cloudwatch.put_metric_data(Namespace="AWS/ECS", MetricData=[{
            "MetricName": "CPUUtilization", "Value": percent, "Unit": "Percent",
            "Timestamp": datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=90),
            "Dimensions": [{"Name": "ClusterName", "Value": "prod"}, {"Name": "ServiceName", "Value": "api"}]}])
        time.sleep(20)


if args.load is not None:
    try:
        keep_load(dict(endpoint_url=args.endpoint, region_name=REGION), args.load)
    except KeyboardInterrupt:  # Ctrl-C in the demo: stop quietly
        raise SystemExit(0)

bootstrap = dict(endpoint_url=args.endpoint, region_name=REGION, aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam = boto3.client("iam", **bootstrap)
iam.create_user(UserName="headroom-demo")
key = iam.create_access_key(UserName="headroom-demo")["AccessKey"]
iam.put_user_policy(UserName="headroom-demo", PolicyName="all", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))

signed = dict(endpoint_url=args.endpoint, region_name=REGION,
              aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
ecs = boto3.client("ecs", **signed)
ecs.create_cluster(clusterName="prod")
ecs.register_task_definition(family="api", containerDefinitions=[{"name": "api", "image": "api:1", "memory": 512}])
ecs.create_service(cluster="prod", serviceName="api", taskDefinition="api", desiredCount=2)
boto3.client("application-autoscaling", **signed).register_scalable_target(
    ServiceNamespace="ecs", ResourceId="service/prod/api", ScalableDimension="ecs:service:DesiredCount",
    MinCapacity=1, MaxCapacity=20)
boto3.client("dynamodb", **signed).create_table(
    TableName="headroom-leases", KeySchema=[{"AttributeName": "LeaseName", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "LeaseName", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")

print(f"export AWS_ENDPOINT_URL={args.endpoint} AWS_REGION={REGION}")
print(f"export AWS_ACCESS_KEY_ID={key['AccessKeyId']}")
print(f"export AWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}")

