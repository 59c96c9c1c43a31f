#!/usr/bin/env bash
# Refreshes specs/kernel/ from a kernel source tree or tarball (Debian's linux-source-N package by default), then
# regenerates lib/ynl/generated. Usage: scripts/ynl/refresh-specs.sh [/usr/src/linux-source-6.12.tar.xz | DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
src="${1:-$(ls -1 /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1)}"
[ -n "$src" ] || { echo "no kernel source: apt-get install linux-source-6.12, or pass a kernel tree" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -d "$src" ]; then
  cp "$src"/Documentation/netlink/specs/*.yaml "$tmp/"
else
  tar -xJf "$src" -C "$tmp" --wildcards '*/Documentation/netlink/specs/*.yaml'
  find "$tmp" -name '*.yaml' -path '*/specs/*' -exec mv {} "$tmp/" \;
fi
rm -f specs/kernel/*.yaml
cp "$tmp"/*.yaml specs/kernel/
# every spec must offer the BSD-3-Clause option this project vendors it under
for f in specs/kernel/*.yaml; do
  grep -q 'BSD-3-Clause' "$f" || { echo "$f: not offered under BSD-3-Clause; not vendoring it" >&2; rm "$f"; }
done
node scripts/build-ts.js
node scripts/ynl/generate.js
