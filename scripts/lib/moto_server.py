"""Runs the moto server with one operation it lacks: SSM DescribeInstanceInformation.

moto (5.2) fails DescribeInstanceInformation with a 500, so no restore through SSM
could pass its preflight against it. This launcher adds the operation from moto's own
EC2 state, following the rule real SSM applies to a default Amazon Linux image: a
running instance with an IAM instance profile has an agent that reports Online. Every
other operation is moto's own. Arguments are moto.server's (-H HOST -p PORT).
"""

import json
import sys
import time

from moto.ec2.models import ec2_backends
from moto.server import main
from moto.ssm.responses import SimpleSystemManagerResponse

# A version string of the SSM agent, for display: nothing checks it.
AGENT_VERSION = "3.3.1142.0"


def _instance_profile(backend, instance):
    """Returns the ARN of the instance's profile, given at launch or associated later."""
    profile = getattr(instance, "iam_instance_profile", None)
    if isinstance(profile, dict) and (profile.get("Arn") or profile.get("Name")):
        return profile.get("Arn") or profile.get("Name")
    for association in getattr(backend, "iam_instance_profile_associations", {}).values():
        if getattr(association, "instance", None) is instance:
            return getattr(getattr(association, "iam_instance_profile", None), "arn", "profile")
    return None


def describe_instance_information(self):
    requested = set()
    for key in ("Filters", "InstanceInformationFilterList"):
        for entry in self._get_param(key) or []:
            name = entry.get("Key") or entry.get("key")
            if name in ("InstanceIds", "InstanceIds".lower()):
                requested.update(entry.get("Values") or entry.get("valueSet") or [])
    backend = ec2_backends[self.current_account][self.region]
    found = []
    for reservation in backend.reservations.values():
        for instance in reservation.instances:
            if requested and instance.id not in requested:
                continue
            if instance._state.name != "running" or not _instance_profile(backend, instance):
                continue
            found.append(
                {
                    "InstanceId": instance.id,
                    "PingStatus": "Online",
                    "LastPingDateTime": time.time(),
                    "AgentVersion": AGENT_VERSION,
                    "IsLatestVersion": True,
                    "PlatformType": "Linux",
                    "PlatformName": "Amazon Linux",
                    "PlatformVersion": "2023",
                    "ResourceType": "EC2Instance",
                    "IPAddress": instance.private_ip,
                }
            )
    return json.dumps({"InstanceInformationList": found})


SimpleSystemManagerResponse.describe_instance_information = describe_instance_information

if __name__ == "__main__":
    sys.exit(main())
