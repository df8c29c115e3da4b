"""Seeds a local moto server for scripts/bench.d/fleet.sh: INSTANCES instances tagged
app=estante, ALARMS metric alarms on some of them, and SNAPSHOTS snapshots of volumes
attached to others.

Usage: fleet_seed.py MOTO_URL INSTANCES ALARMS SNAPSHOTS [REGION]
"""

import sys
import urllib.parse

import boto3

AMI = "ami-12c6146b"
# Instances per RunInstances call, and so per reservation. Auto Scaling launches a few
# at a time, so a fleet has many small reservations. moto counts DescribeInstances
# pages in reservations, so large reservations would make the first page large.
BATCH = 25


def main():
    url, instances, alarms, snapshots = sys.argv[1], *map(int, sys.argv[2:5])
    region = sys.argv[5] if len(sys.argv) > 5 else "eu-west-1"
    if urllib.parse.urlparse(url).hostname not in ("127.0.0.1", "localhost"):
        sys.exit(f"{url} is not on 127.0.0.1: this script seeds a local moto server only")
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
    )
    ec2 = session.client("ec2", endpoint_url=url)
    cloudwatch = session.client("cloudwatch", endpoint_url=url)

    launched = []
    while len(launched) < instances:
        count = min(BATCH, instances - len(launched))
        reply = ec2.run_instances(
            ImageId=AMI,
            InstanceType="t3.small",
            MinCount=count,
            MaxCount=count,
            TagSpecifications=[
                {"ResourceType": "instance", "Tags": [{"Key": "app", "Value": "estante"}]}
            ],
        )
        launched += [(i["InstanceId"], i["Placement"]["AvailabilityZone"]) for i in reply["Instances"]]

    for n in range(alarms):
        instance_id = launched[n % len(launched)][0]
        cloudwatch.put_metric_alarm(
            AlarmName=f"estante-{instance_id}-cpu-high",
            MetricName="CPUUtilization",
            Namespace="AWS/EC2",
            Statistic="Average",
            Period=300,
            EvaluationPeriods=1,
            Threshold=90.0,
            ComparisonOperator="GreaterThanThreshold",
            Dimensions=[{"Name": "InstanceId", "Value": instance_id}],
        )

    for n in range(snapshots):
        instance_id, zone = launched[-1 - n % len(launched)]
        volume = ec2.create_volume(AvailabilityZone=zone, Size=10, VolumeType="gp3")
        ec2.attach_volume(VolumeId=volume["VolumeId"], InstanceId=instance_id, Device="/dev/sdf")
        ec2.create_snapshot(VolumeId=volume["VolumeId"], Description=f"{instance_id} data")


if __name__ == "__main__":
    main()
