#!/usr/bin/env bash
# Installs what the generic netlink tests compare against: ethtool, nftables, iproute2's genl, python3-yaml, and
# the kernel's YNL CLI (tools/net/ynl, unpacked from Debian's linux-source-6.12 into ~/.cache/linux-netlink).
# Called by .ci/run; safe to run again (nothing is installed or unpacked twice).
set -euo pipefail
want=()
for pkg in ethtool nftables iproute2 python3-yaml linux-source-6.12; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || want+=("$pkg")
done
if [ "${#want[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  $sudo apt-get install -y -q "${want[@]}"
fi
dest="${LINUX_NETLINK_YNL:-$HOME/.cache/linux-netlink/ynl-6.12}"
if [ ! -f "$dest/cli.py" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$tmp" --wildcards 'linux-source-6.12/tools/net/ynl/*'
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest"
  mv "$tmp/linux-source-6.12/tools/net/ynl" "$dest"
fi
