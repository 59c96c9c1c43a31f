#!/usr/bin/env bash
# Runs the test suite under Debian's Node 18 (the Node of an AST2500 guest), beside the system's Node.
# Node 18 is unpacked into a cache directory from Debian's packages, not installed over the system's node.
# Usage: scripts/node18.sh [mocha arguments]   (default: the whole suite)
set -euo pipefail
cd "$(dirname "$0")/.."

# Some tests drop privileges and start this same node again: as root, keep it where every user can read it
# (a root's home directory is private).
if [ "$(id -u)" = 0 ]; then default_cache=/var/cache/linux-netlink; else default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/linux-netlink"; fi
cache="${LINUX_NETLINK_CACHE:-$default_cache}/node18-$(dpkg --print-architecture)"
node18="$cache/root/usr/bin/node"
libs="$cache/root/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"

if [ ! -x "$node18" ]; then
  command -v apt-get >/dev/null || { echo "node18: needs apt-get (Debian) to fetch Node 18" >&2; exit 1; }
  mkdir -p "$cache/debs"
  if ! apt-cache show 'nodejs=18*' >/dev/null 2>&1; then apt-get update -qq; fi
  version=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ {print $3; exit}')
  [ -n "$version" ] || { echo "node18: no Node 18 package in the configured Debian repositories" >&2; exit 1; }
  # nodejs, libnode and the shared libraries libnode links against (first alternative of each dependency).
  deps=$(apt-cache show "libnode108=$version" | awk -F': ' '/^Depends:/ {print $2; exit}' | tr ',' '\n' |
    sed -E 's/\|.*//; s/\(.*\)//; s/ //g' | grep '^lib')
  # Debian's node loads some built-ins (acorn, cjs-module-lexer, undici) from /usr/share/nodejs.
  (cd "$cache/debs" && apt-get download -q "nodejs=$version" "libnode108=$version" $deps \
    node-acorn node-cjs-module-lexer node-undici node-busboy node-xtend 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
  for deb in "$cache"/debs/*.deb; do dpkg -x "$deb" "$cache/root"; done
  chmod -R a+rX "$cache"
fi

export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ $# -eq 0 ]; then set -- 'dist/test/**/*.test.js'; fi
# Those built-ins are bind-mounted at /usr/share/nodejs in a private mount namespace: the host's files stay as
# they are, and the mount disappears with the process.
mkdir -p /usr/share/nodejs
exec unshare --mount --propagation private -- bash -c '
  mount --bind "$1/root/usr/share/nodejs" /usr/share/nodejs && shift &&
  echo "node18: $("$0" --version) from $0" && exec "$0" node_modules/mocha/bin/mocha.js "$@"' "$node18" "$cache" "$@"
