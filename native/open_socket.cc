#include "open_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <system_error>
#include <thread>

namespace linux_netlink {

namespace {

int CreateSocket(int protocol, SystemFailure* failure) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
  if (fd < 0) {
    failure->error = errno;
    failure->syscall = "socket";
    failure->detail = "AF_NETLINK protocol " + std::to_string(protocol);
  }
  return fd;
}

// Runs on the dedicated thread: everything that depends on the thread's namespace happens here.
void OpenInNamespace(int protocol, const NamespaceTarget& target, int* result, SystemFailure* failure) {
  int nsFd = target.fd;
  std::string described = target.path.empty() ? "fd " + std::to_string(target.fd) : target.path;
  if (!target.path.empty()) {
    nsFd = open(target.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (nsFd < 0) {
      failure->error = errno;
      failure->syscall = "open";
      failure->detail = described;
      return;
    }
  }
  if (setns(nsFd, CLONE_NEWNET) != 0) {
    failure->error = errno;
    failure->syscall = "setns";
    failure->detail = described;
  } else {
    *result = CreateSocket(protocol, failure);
    if (*result < 0) failure->detail += " in network namespace " + described;
  }
  if (!target.path.empty()) close(nsFd);
}

}  // namespace

int OpenNetlinkSocket(int protocol, const NamespaceTarget& target, SystemFailure* failure) {
  if (!target.Given()) return CreateSocket(protocol, failure);

  int result = -1;
  try {
    std::thread worker(OpenInNamespace, protocol, std::cref(target), &result, failure);
    worker.join();
  } catch (const std::system_error& e) {
    failure->error = e.code().value() != 0 ? e.code().value() : EAGAIN;
    failure->syscall = "pthread_create";
    failure->detail = "thread for network namespace " + (target.path.empty() ? "fd " + std::to_string(target.fd)
                                                                               : target.path);
    return -1;
  }
  return result;
}

}  // namespace linux_netlink
