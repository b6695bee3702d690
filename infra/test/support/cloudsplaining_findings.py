"""Reads {"role": policyDocument, ...} as JSON on stdin; prints {"role": {"privilegeEscalation": [...], ...}}.

Runs cloudsplaining's own policy analysis in its strictest mode: statements are flagged even when they carry
resource ARNs or conditions, so the acknowledgements file must explain every risky action a role holds.
"""
import json
import sys

from cloudsplaining.scan.policy_document import PolicyDocument


def findings(document):
    policy = PolicyDocument(document, flag_conditional_statements=True, flag_resource_arn_statements=True)
    return {
        "privilegeEscalation": sorted({entry["type"] for entry in policy.allows_privilege_escalation}),
        "credentialsExposure": sorted(policy.credentials_exposure),
        "permissionsManagement": sorted(policy.permissions_management_without_constraints),
    }


print(json.dumps({name: findings(doc) for name, doc in json.load(sys.stdin).items()}))
