// Creating the AF_NETLINK socket, optionally inside another network namespace.
#pragma once

#include <string>

namespace linux_netlink {

struct SystemFailure {
  int error = 0;            // errno, 0 when there was no failure
  const char* syscall = "";
  std::string detail;       // what it was applied to, e.g. the namespace path
};

// Where the socket should live: the calling thread's namespace, a namespace file to open, or an open
// namespace fd (which stays the caller's).
struct NamespaceTarget {
  std::string path;
  int fd = -1;
  bool Given() const { return !path.empty() || fd >= 0; }
};

// Returns the new socket's fd (SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK), or -1 with *failure filled in.
// With a namespace target, setns happens on a dedicated short-lived thread, so neither the calling thread
// nor any pool thread ever changes namespace; a socket keeps the namespace it was created in for its life.
int OpenNetlinkSocket(int protocol, const NamespaceTarget& target, SystemFailure* failure);

}  // namespace linux_netlink
