"""Checks deploy/cloudformation/estante.yaml against the moto server.

Run by scripts/check-deploy, which runs cfn-lint first. Compares the SSM document
copies in the template with deploy/ssm/, creates the stack in moto's CloudFormation
and checks that moto created it. Resource types moto cannot create are listed in
UNSUPPORTED_BY_MOTO; the check fails when that list goes stale, in either direction.
"""

import io
import json
import os
import re
import sys
import time
import zipfile

import boto3
import yaml
from moto.cloudformation.parsing import get_model_map

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEMPLATE = os.path.join(ROOT, "deploy", "cloudformation", "estante.yaml")
REGION = "us-east-1"

# Resource types of the template that moto 5.2.1 skips with "not supported by moto's
# CloudFormation implementation"; the stack still reaches CREATE_COMPLETE.
# Outputs that read attributes moto's RDS model does not have; they are left out of
# the copy of the template deployed into moto.
UNSUPPORTED_OUTPUTS = {"DatabaseEndpoint", "DatabaseSecretArn"}

UNSUPPORTED_BY_MOTO = {
    "AWS::Backup::BackupPlan",
    "AWS::Backup::BackupSelection",
    "AWS::Backup::BackupVault",
    "AWS::CloudWatch::Alarm",
    "AWS::S3::BucketPolicy",
}


class CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation YAML, turning short-form functions such as !Ref into the
    {"Ref": value} mappings of the JSON form."""


def _function(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CfnLoader.add_multi_constructor("!", _function)


def fail(message):
    print(f"check-deploy: {message}", file=sys.stderr)
    sys.exit(1)


def server_seconds(name):
    """Returns the seconds of the `Duration` constant `name` in the server's source."""
    with open(os.path.join(ROOT, "backend", "src", "server.rs")) as file:
        found = re.search(rf"{name}: Duration = Duration::from_secs\((\d+)\)", file.read())
    if found is None:
        fail(f"backend/src/server.rs no longer sets {name} in whole seconds")
    return int(found.group(1))


def restore_lock_line(name):
    """Returns the line of a Run Command document that takes the restore lock."""
    with open(os.path.join(ROOT, "deploy", "ssm", name)) as file:
        document = yaml.safe_load(file)
    commands = document["mainSteps"][0]["inputs"]["runCommand"]
    if len(commands) < 2 or "flock" not in commands[1]:
        fail(f"{name} does not take the restore lock right after set -euo pipefail")
    return commands[1]


def check_restore_lock():
    """Runs the lock lines of the two restore documents on a lock file in a temporary
    folder. While one document has the lock, the other must stop at once with exit
    status 1 and change nothing, and it must take the lock once it is free. Two
    operators who confirm at the same moment both pass the checks in estante ops, so
    the instance is where the second restore stops."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        lock = os.path.join(folder, "estante-restore.lock")
        lines = {
            name: restore_lock_line(name).replace("/run/estante-restore.lock", lock)
            for name in ("estante-RestoreVolume.yaml", "estante-RestoreDatabase.yaml")
        }
        for holder, other in (list(lines), list(reversed(list(lines)))):
            holding = subprocess.Popen(
                ["bash", "-c", f"set -euo pipefail\n{lines[holder]}\necho held; sleep 5"],
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            if holding.stdout.readline().strip() != "held":
                fail(f"{holder} did not take the restore lock")
            second = subprocess.run(
                ["bash", "-c", f"set -euo pipefail\n{lines[other]}\necho changed"],
                capture_output=True,
                text=True,
            )
            # The sleep inherits the lock, so the whole group goes.
            os.killpg(holding.pid, 9)
            holding.wait()
            if second.returncode != 1 or "changed" in second.stdout:
                fail(f"{other} went on while {holder} held the restore lock")
            if "nothing was changed" not in second.stderr:
                fail(f"{other} did not say why it stopped: {second.stderr!r}")
            free = subprocess.run(
                ["bash", "-c", f"set -euo pipefail\n{lines[other]}\necho changed"],
                capture_output=True,
                text=True,
            )
            if free.stdout.strip() != "changed":
                fail(f"{other} did not take the free restore lock: {free.stderr!r}")
    print("Restore documents: one restore at a time on an instance (flock)")


def main():
    endpoint = os.environ.get("ESTANTE_TEST_MOTO_URL")
    if not endpoint:
        fail("ESTANTE_TEST_MOTO_URL is not set; run ./scripts/test, which starts moto")

    with open(TEMPLATE) as file:
        body = file.read()
    template = yaml.load(body, Loader=CfnLoader)
    resources = template["Resources"]

    documents = {
        "estante-RestoreDatabase": "estante-RestoreDatabase.yaml",
        "estante-RestoreFromRecoveryPoint": "estante-RestoreFromRecoveryPoint.yaml",
        "estante-RestoreVolume": "estante-RestoreVolume.yaml",
    }
    for resource in resources.values():
        if resource["Type"] != "AWS::SSM::Document":
            continue
        name = resource["Properties"]["Name"]
        with open(os.path.join(ROOT, "deploy", "ssm", documents.pop(name))) as file:
            expected = yaml.safe_load(file)
        if resource["Properties"]["Content"] != expected:
            fail(f"the template's copy of {name} differs from deploy/ssm/; copy it again")
    if documents:
        fail(f"the template has no AWS::SSM::Document for {sorted(documents)}")
    check_restore_lock()

    # An alarm that pages on-call must also notify when it clears, or the page stays
    # open with no sign that the problem ended.
    for name, resource in resources.items():
        if resource["Type"] != "AWS::CloudWatch::Alarm":
            continue
        properties = resource["Properties"]
        if properties.get("AlarmActions") and not properties.get("OKActions"):
            fail(f"alarm {name} has AlarmActions but no OKActions; add the same topic")

    # Spot workers take no part in restores, so their role must not gain the API
    # instance's volume rights.
    worker = resources.get("WorkerRole")
    if worker is None or worker["Properties"].get("Policies"):
        fail("WorkerRole must exist with no inline policy; workers need ServerPolicy alone")

    # A server closes a connection left idle for its header read timeout. The load
    # balancer must close idle connections first, or it can send a request on one that
    # a server is closing, and return 502 for it.
    header_timeout = server_seconds("HEADER_READ_TIMEOUT")
    for name, resource in resources.items():
        if resource["Type"] != "AWS::ElasticLoadBalancingV2::LoadBalancer":
            continue
        attributes = {
            item["Key"]: item["Value"]
            for item in resource["Properties"].get("LoadBalancerAttributes", [])
        }
        idle = int(attributes.get("idle_timeout.timeout_seconds", "60"))
        if idle >= header_timeout:
            fail(
                f"{name} keeps idle connections for {idle} s, not less than the servers' "
                f"header read timeout of {header_timeout} s; lower it"
            )

    # systemd kills a server that has not exited within TimeoutStopSec, cutting the
    # requests in flight, so the server's own shutdown grace period must end first.
    grace = server_seconds("SHUTDOWN_GRACE")
    with open(os.path.join(ROOT, "deploy", "systemd", "estante-server.service")) as file:
        stop = re.search(r"^TimeoutStopSec=(\d+)$", file.read(), re.MULTILINE)
    if stop is None or int(stop.group(1)) <= grace:
        fail(
            "estante-server.service must set TimeoutStopSec above the server's shutdown "
            f"grace period of {grace} s"
        )

    types = {resource["Type"] for resource in resources.values()}
    unsupported = {kind for kind in types if kind not in get_model_map()}
    if unsupported != UNSUPPORTED_BY_MOTO:
        fail(
            "update UNSUPPORTED_BY_MOTO: moto now lacks "
            f"{sorted(unsupported)} of the template's types"
        )
    print("Resource types moto does not create (skipped):")
    for kind in sorted(unsupported):
        print(f"  {kind}")

    session = boto3.Session(region_name=REGION)
    ec2 = session.client("ec2", endpoint_url=endpoint)
    ssm = session.client("ssm", endpoint_url=endpoint)
    cloudformation = session.client("cloudformation", endpoint_url=endpoint)
    acm = session.client("acm", endpoint_url=endpoint)

    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{index}.0/24", AvailabilityZone=zone)[
            "Subnet"
        ]["SubnetId"]
        for index, zone in enumerate([f"{REGION}a", f"{REGION}b"])
    ]
    image = ec2.describe_images(Owners=["amazon"])["Images"]
    image_id = image[0]["ImageId"] if image else "ami-12c6146b"
    ssm.put_parameter(Name="/estante-test/image", Value=image_id, Type="String", Overwrite=True)

    # The report function's code is a release artifact; moto needs the object to exist.
    s3 = session.client("s3", endpoint_url=endpoint)
    s3.create_bucket(Bucket="estante-releases")
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("bootstrap", "#!/bin/sh\n")
    s3.put_object(
        Bucket="estante-releases",
        Key="releases/latest/estante-report-lambda.zip",
        Body=package.getvalue(),
    )

    for output in UNSUPPORTED_OUTPUTS:
        del template["Outputs"][output]
    stack_name = f"estante-{int(time.time())}"
    parameters = {
        "VpcId": vpc,
        "InstanceSubnetIds": ",".join(subnets),
        "LoadBalancerSubnetIds": ",".join(subnets),
        "DatabaseSubnetIds": ",".join(subnets),
        "CertificateArn": acm.request_certificate(DomainName="estante.example.com")[
            "CertificateArn"
        ],
        "ImageId": "/estante-test/image",
        "ReleaseBucket": "estante-releases",
        "AlarmEmail": "ops@example.com",
    }
    cloudformation.create_stack(
        StackName=stack_name,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM"],
    )
    for _ in range(120):
        stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
        if not stack["StackStatus"].endswith("IN_PROGRESS"):
            break
        time.sleep(0.5)
    if stack["StackStatus"] != "CREATE_COMPLETE":
        fail(f"stack {stack_name} ended in {stack['StackStatus']}: {stack.get('StackStatusReason')}")

    created = cloudformation.list_stack_resources(StackName=stack_name)["StackResourceSummaries"]
    created_types = {resource["ResourceType"] for resource in created}
    missing = (types - UNSUPPORTED_BY_MOTO) - created_types
    if missing:
        fail(f"moto did not create {sorted(missing)}")
    for name in ["estante-RestoreDatabase", "estante-RestoreFromRecoveryPoint", "estante-RestoreVolume"]:
        document = ssm.get_document(Name=name)
        if yaml.safe_load(document["Content"]) is None:
            fail(f"moto stored the SSM document {name} without content")
    print(f"Stack {stack_name}: CREATE_COMPLETE with {len(created)} resources in moto")


if __name__ == "__main__":
    main()
