#!/usr/bin/env bash
# The contract test: the service's own binary on 127.0.0.1, checked by Schemathesis against the checked-in
# openapi.json (schemathesis.toml beside this script says how, and why each allowance is there).
{%- if example_api %}
# Files live in S3, as in AWS: a moto server on 127.0.0.1 plays S3, so the description is held to what the
# deployed service does, not to the laptop's local-directory store (which has limits of its own).
{%- endif %}
#
# Usage, from the service's root: tests/contract/run.sh <the service's binary>
# Needs: `st` (Schemathesis){% if example_api %} and `moto_server`{% endif %} (pinned in gitops/ci-requirements.txt), curl, jq, python3.
# ci.yml runs it on every push, and so does the template repository's harness for every variant.
set -euo pipefail

binary="$(realpath "$1")"
work="$(mktemp -d)"
pids=()
cleanup() {
  if [ "${#pids[@]}" -gt 0 ]; then kill "${pids[@]}" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() {
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "contract test: nothing answered at $1" >&2
  return 1
}

export APP_ENVIRONMENT=local AUTH_DEV_KEY_FILE="$work/dev-key.p8"
{%- if example_api %}

moto_port="$(free_port)"
moto_server -H 127.0.0.1 -p "$moto_port" > "$work/moto.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$moto_port/moto-api/"
curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$moto_port/contract-test"
# Fixed dummy credentials, and an endpoint on loopback: nothing reaches AWS.
export FILES_BUCKET=contract-test AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN
{%- endif %}

port="$(free_port)"
PORT="$port" "$binary" > "$work/server.log" 2>&1 &
pids+=("$!")
if ! wait_for "http://127.0.0.1:$port/health"; then
  cat "$work/server.log" >&2
  exit 1
fi
{%- if auth == "jwt" %}

# A token from the dev issuer (local only) granting every scope the service declares.
scopes="$(jq -r '.auth.scopes | keys | join(" ")' infra/service.config.json)"
CONTRACT_TOKEN="$("$binary" dev-token --scope "$scopes")"
export CONTRACT_TOKEN
{%- endif %}

# The hooks' own check (hooks.py says what each works around).
python3 tests/contract/hooks.py

status=0
st --config-file tests/contract/schemathesis.toml run openapi.json --url "http://127.0.0.1:$port" --no-color || status=$?
if [ "$status" -ne 0 ]; then
  echo "contract test: the server's log follows" >&2
  tail -n 50 "$work/server.log" >&2
fi
exit "$status"
