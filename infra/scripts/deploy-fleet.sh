#!/usr/bin/env bash
# Dispatches deploy.yml on the default branch of every service in fleet.json, waits for each run, and writes a
# Markdown summary table. Exits non-zero if any service failed to deploy. Needs: gh (GH_TOKEN with actions:write on
# the service repos), jq. Usage: deploy-fleet.sh <fleet.json> <summary-file>
set -euo pipefail

fleet="$1"
summary="$2"
poll_seconds="${POLL_SECONDS:-10}"
find_attempts="${FIND_ATTEMPTS:-30}"
failed=0

{
  echo "| service | repository | branch | run | result |"
  echo "| --- | --- | --- | --- | --- |"
} >>"$summary"

while IFS=$'\t' read -r name repo branch; do
  since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if ! gh workflow run deploy.yml --repo "$repo" --ref "$branch"; then
    echo "| $name | $repo | $branch | - | dispatch failed |" >>"$summary"
    failed=1
    continue
  fi
  run_id=""
  for _ in $(seq 1 "$find_attempts"); do
    run_id="$(gh run list --repo "$repo" --workflow deploy.yml --branch "$branch" --event workflow_dispatch \
      --limit 5 --json databaseId,createdAt \
      --jq "[.[] | select(.createdAt >= \"$since\")] | sort_by(.createdAt) | first | .databaseId // empty")"
    [ -n "$run_id" ] && break
    sleep "$poll_seconds"
  done
  if [ -z "$run_id" ]; then
    echo "| $name | $repo | $branch | - | run not found |" >>"$summary"
    failed=1
    continue
  fi
  url="https://github.com/$repo/actions/runs/$run_id"
  if gh run watch "$run_id" --repo "$repo" --exit-status --interval "$poll_seconds" >/dev/null; then
    echo "| $name | $repo | $branch | [$run_id]($url) | success |" >>"$summary"
  else
    conclusion="$(gh run view "$run_id" --repo "$repo" --json conclusion --jq .conclusion)"
    echo "| $name | $repo | $branch | [$run_id]($url) | ${conclusion:-failure} |" >>"$summary"
    failed=1
  fi
done < <(jq -r '.services[] | [.name, .repository, (.defaultBranch // "main")] | @tsv' "$fleet")

exit "$failed"
