#!/usr/bin/env bash
# Fails when the prod canary of this deploy did not end with the new version serving all traffic.
#
# Usage: verify-canary.sh <app-stack-name> <deploy-started-at (RFC 3339 UTC)>
# Needs: aws CLI with read access (deploy.yml chains to the CDK lookup role, which has ReadOnlyAccess), jq.
#
# Three independent checks, because each alone has a blind spot:
# 1. The stack is CREATE_COMPLETE or UPDATE_COMPLETE. A canary rolled back by an alarm fails CloudFormation's
#    CodeDeploy update, so the stack ends UPDATE_ROLLBACK_COMPLETE (cdk deploy usually fails first, too).
# 2. Every CodeDeploy deployment of the stack's deployment group created since the deploy started Succeeded. A
#    deploy without code changes creates none, which is fine.
# 3. The `live` alias serves exactly the version the stack declares, with no leftover traffic split.
set -euo pipefail

stack="${1:?usage: verify-canary.sh <app-stack-name> <deploy-started-at>}"
since="${2:?usage: verify-canary.sh <app-stack-name> <deploy-started-at>}"
failed=0
fail() {
  echo "::error::$*"
  failed=1
}

status="$(aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus' --output text)"
case "$status" in
  CREATE_COMPLETE | UPDATE_COMPLETE) echo "stack $stack: $status" ;;
  *) fail "stack $stack is $status: the deploy (or its canary) was rolled back" ;;
esac

resources="$(aws cloudformation describe-stack-resources --stack-name "$stack" --output json)"
physical() {
  jq -r --arg type "$1" '[.StackResources[] | select(.ResourceType == $type) | .PhysicalResourceId] | if length == 1 then .[0] else error("expected one \($type), found \(length)") end' <<<"$resources"
}
application="$(physical AWS::CodeDeploy::Application)"
group="$(physical AWS::CodeDeploy::DeploymentGroup)"
alias_arn="$(physical AWS::Lambda::Alias)"
version_arn="$(physical AWS::Lambda::Version)"

deployments="$(aws deploy list-deployments --application-name "$application" --deployment-group-name "$group" \
  --create-time-range "start=$since" --query 'deployments' --output text)"
if [ -z "$deployments" ] || [ "$deployments" = "None" ]; then
  echo "no CodeDeploy deployment since $since (the function code and configuration did not change)"
else
  for id in $deployments; do
    info="$(aws deploy get-deployment --deployment-id "$id" --query 'deploymentInfo' --output json)"
    state="$(jq -r '.status' <<<"$info")"
    echo "CodeDeploy deployment $id: $state"
    if [ "$state" != "Succeeded" ]; then
      fail "CodeDeploy deployment $id is $state: $(jq -c '{errorInformation, rollbackInfo}' <<<"$info")"
    fi
  done
fi

expected="${version_arn##*:}"
alias="$(aws lambda get-alias --function-name "${alias_arn%:*}" --name "${alias_arn##*:}" --output json)"
serving="$(jq -r '.FunctionVersion' <<<"$alias")"
split="$(jq -c '.RoutingConfig.AdditionalVersionWeights // {}' <<<"$alias")"
echo "alias ${alias_arn##*:}: version $serving (stack declares $expected), extra weights $split"
[ "$serving" = "$expected" ] || fail "alias ${alias_arn##*:} serves version $serving, the stack declares $expected"
[ "$split" = "{}" ] || fail "alias ${alias_arn##*:} still splits traffic: $split"

exit "$failed"
