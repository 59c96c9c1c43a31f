#!/usr/bin/env bash
# Generic netlink, side by side on this machine (root: a private namespace with a veth pair):
#  1. 10,000 sequential ethtool linkstate-get: linux-netlink's typed client vs a C libmnl loop (in-process time);
#  2. whole-process dumps (netdev dev-get, nlctrl getfamily): linux-netlink ynl vs the kernel's YNL CLI (Python)
#     and pyroute2 (when installed). Needs libmnl-dev and a C compiler; YNL from scripts/genl-test-tools.sh.
set -euo pipefail
cd "$(dirname "$0")"
N="${N:-10000}"
ns="lnl-bench-genl-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add va type veth peer name vb
ip -n "$ns" link set va up
cc -O2 -o /tmp/lnl-genl-linkstate linkstate.c -lmnl
echo "linkstate-get x $N (µs per request, in-process):"
for run in 1 2 3; do
  echo "  C/libmnl:       $(ip netns exec "$ns" /tmp/lnl-genl-linkstate va "$N")"
  echo "  linux-netlink:  $(node linkstate.js "$ns" va "$N")"
done
ynl="${LINUX_NETLINK_YNL:-$HOME/.cache/linux-netlink/ynl-6.12}"
specs="$(cd ../../specs/kernel && pwd)"
timeit() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo "$(( (e - s) / 1000000 )) ms"; }
echo "whole process, best of 3 (ms):"
for what in "netdev --dump dev-get" "nlctrl --dump getfamily"; do
  set -- $what
  for tool in linux-netlink ynl-python pyroute2; do
    best=""
    for run in 1 2 3; do
      case "$tool" in
        linux-netlink) t=$(timeit node ../../bin/linux-netlink.js -n "$ns" ynl --family "$1" "$2" "$3") ;;
        ynl-python) [ -f "$ynl/cli.py" ] || continue 2; t=$(timeit ip netns exec "$ns" python3 "$ynl/cli.py" --no-schema --spec "$specs/$1.yaml" "$2" "$3" --output-json) ;;
        pyroute2) python3 -c 'import pyroute2' 2>/dev/null || continue 2
          [ "$1" = nlctrl ] || continue 2
          t=$(timeit ip netns exec "$ns" python3 -c 'from pyroute2.netlink.generic import GenericNetlinkSocket as G; from pyroute2.netlink.ctrl import ctrlmsg, CTRL_CMD_GETFAMILY; from pyroute2.netlink import NLM_F_REQUEST, NLM_F_DUMP, GENL_ID_CTRL; s=G(); s.bind(); m=ctrlmsg(); m["cmd"]=CTRL_CMD_GETFAMILY; m["version"]=1; print(len(s.nlm_request(m, GENL_ID_CTRL, NLM_F_REQUEST|NLM_F_DUMP)))') ;;
      esac
      t=${t% ms}
      if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "  $1 $3 via $tool: $best"
  done
done
