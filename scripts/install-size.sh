#!/usr/bin/env bash
# Measures what a user's project installs: packs the workspace's packages (or takes tarballs already
# packed), installs core, the CLI and one vendor's adapter with npm into a fresh project outside the
# workspace, and prints the size of its node_modules.
#
#   scripts/install-size.sh scaleway            # pack this checkout, measure a Scaleway-only project
#   scripts/install-size.sh azure /dir/of/tgz   # measure with tarballs packed elsewhere
#
# The project asks for the newest @pulumi/pulumi (WISSEL_PULUMI_VERSION overrides it), as a new
# project would. Needs network access to the npm registry.
set -euo pipefail
vendor="${1:?usage: install-size.sh <kubernetes|azure|scaleway|openstack> [tarball-dir]}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/wissel-size-XXXXXX")"
trap 'rm -rf "$work"' EXIT

tarballs="${2:-}"
if [ -z "$tarballs" ]; then
  tarballs="$work/tarballs"
  mkdir -p "$tarballs"
  for pkg in core kubernetes azure scaleway openstack testing cli; do
    (cd "$root/packages/$pkg" && npx -y pnpm@10.34.9 pack --pack-destination "$tarballs" >/dev/null)
  done
fi
tarballs="$(cd "$tarballs" && pwd)"
pulumi="${WISSEL_PULUMI_VERSION:-$(npm view @pulumi/pulumi version)}"

# Every @wissel package resolves to its tarball, wherever it is asked for (none is on the registry).
overrides=""
for tgz in "$tarballs"/wissel-*.tgz; do
  name="@wissel/$(basename "$tgz" | sed -E 's/^wissel-(.*)-[0-9]+\.[0-9]+\.[0-9]+\.tgz$/\1/')"
  overrides="$overrides\"$name\": \"file:$tgz\","
done
overrides="${overrides%,}"
tgz_of() { ls "$tarballs"/wissel-"$1"-*.tgz; }

mkdir -p "$work/project"
cat >"$work/project/package.json" <<JSON
{
  "name": "install-size-$vendor",
  "private": true,
  "dependencies": {
    "@pulumi/pulumi": "$pulumi",
    "@wissel/core": "file:$(tgz_of core)",
    "@wissel/cli": "file:$(tgz_of cli)",
    "@wissel/$vendor": "file:$(tgz_of "$vendor")"
  },
  "overrides": { $overrides }
}
JSON
(cd "$work/project" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
size="$(du -sm "$work/project/node_modules" | cut -f1)"
copies="$(find "$work/project/node_modules" -path '*/@pulumi/pulumi/package.json' | wc -l)"
present=""
for name in @pulumi/kubernetes @pulumi/azure-native @pulumiverse/scaleway @pulumi/openstack @wissel/testing ajv kubernetes-models; do
  if [ -d "$work/project/node_modules/$name" ]; then present="$present $name"; fi
done
echo "$vendor-only project, @pulumi/pulumi $pulumi, npm: node_modules ${size} MB, @pulumi/pulumi copies: $copies, has:${present:- (none of the watched packages)}"
