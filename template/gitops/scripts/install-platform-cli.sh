#!/usr/bin/env bash
# Installs `serverless-axum`, the platform's command-line tool, from the platform release this service's kit is
# pinned to (the `serverless-axum-kit` dependency in Cargo.toml), so CI runs the tool of the same release as the
# libraries, built with the platform's own Cargo.lock.
#
# Usage: install-platform-cli.sh   (from the service's root; needs cargo and jq)
set -euo pipefail

kit="$(cargo metadata --format-version 1 --locked \
  | jq -c '.packages[] | select(.name == "serverless-axum-kit") | {source, manifest_path}')"
source="$(jq -r '.source // ""' <<< "$kit")"
case "$source" in
  git+*)
    # git+https://github.com/<org>/serverless-axum?tag=v1.2.3#<commit>
    url="${source#git+}"
    repository="${url%%\?*}"
    query="${url#*\?}"
    tag="${query#tag=}"
    tag="${tag%%#*}"
    cargo install --locked --git "$repository" --tag "$tag" serverless-axum
    ;;
  "")
    # A path dependency: a service generated against a checkout of the platform (its own tests, the harness).
    crates="$(dirname "$(dirname "$(jq -r '.manifest_path' <<< "$kit")")")"
    cargo install --locked --path "$crates/serverless-axum-cli"
    ;;
  *)
    echo "install-platform-cli: the kit comes from $source; expected a git tag or a path" >&2
    exit 1
    ;;
esac
serverless-axum --version
