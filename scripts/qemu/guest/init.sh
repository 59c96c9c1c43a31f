#!/bin/busybox sh
# The guest's /init (PID 1) in the QEMU suite's initramfs. There is no /bin/sh until busybox installs it.
/bin/busybox --install -s
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=vt100

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs tmpfs /tmp
ip link set lo up

arg() { # the value of lnq.NAME=VALUE on the kernel command line
  for word in $(cat /proc/cmdline); do
    case "$word" in "lnq.$1="*) echo "${word#lnq.$1=}"; return;; esac
  done
}

# The host waits for this line to know the kernel booted and userspace runs.
echo "LNQ-BOOTED release=$(uname -r) machine=$(uname -m) model=$(tr -d '\0' < /proc/device-tree/model 2>/dev/null | tr ' ' '_')"

export LINUX_NETLINK_QEMU_GUEST=1
export LINUX_NETLINK_QEMU_STOCK_CONFIG="$(arg stock)" LNQ_GREP="$(arg grep)"
# built: the pipeline built the tests' own kernel module for this kernel; none: the kernel has no module build files.
export LINUX_NETLINK_QEMU_TEST_MODULE="$(arg module)"
cd /opt/linux-netlink
if [ "$(arg mode)" = shell ]; then
  echo "linux-netlink guest shell: the package is in /opt/linux-netlink; run the suite with: node qemu-run-tests.js"
  echo "leave with 'exit' (the guest reboots and QEMU exits)"
  setsid cttyhack sh -l
  status=0
else
  node qemu-run-tests.js
  status=$?
fi
echo "LNQ-EXIT status=$status"
sync
# The AST2500 has no power-off path: reboot, and QEMU (run with -no-reboot) exits.
reboot -f
