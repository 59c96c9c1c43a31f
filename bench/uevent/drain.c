/*
 * The C floor for the uevent benchmark: a NETLINK_KOBJECT_UEVENT socket in a network namespace, bound to the
 * kernel group with a large receive buffer, drained as fast as the kernel hands datagrams out.
 *
 *   drain NETNS-PATH COUNT MODE      MODE: recv (one datagram per call) or recvmmsg (batches of 64)
 *
 * Prints "ready" once subscribed, waits for a line on stdin (the burst has been generated meanwhile), then
 * drains until COUNT datagrams arrived or the queue stays empty for a second, and prints one JSON line (with the
 * CPU time the drain took, which the wait for an empty queue does not add to).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define SLOT 8192

static double cpuSeconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s NETNS-PATH COUNT recv|recvmmsg\n", argv[0]);
    return 2;
  }
  long want = atol(argv[2]);
  int batched = strcmp(argv[3], "recvmmsg") == 0;
  int nsfd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) < 0) {
    perror("setns");
    return 1;
  }
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  int size = 256 * 1024 * 1024;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  struct sockaddr_nl addr = {.nl_family = AF_NETLINK, .nl_groups = 1};
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    perror("bind");
    return 1;
  }
  printf("ready\n");
  fflush(stdout);
  char line[64];
  if (!fgets(line, sizeof line, stdin)) return 1;

  static char buffers[BATCH][SLOT];
  struct mmsghdr msgs[BATCH];
  struct iovec iovs[BATCH];
  for (int i = 0; i < BATCH; i++) {
    iovs[i].iov_base = buffers[i];
    iovs[i].iov_len = SLOT;
    memset(&msgs[i], 0, sizeof msgs[i]);
    msgs[i].msg_hdr.msg_iov = &iovs[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  long received = 0, overruns = 0, bytes = 0;
  double start = now(), last = start, cpuStart = cpuSeconds();
  while (received < want) {
    int n;
    if (batched) {
      n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
      if (n > 0)
        for (int i = 0; i < n; i++) bytes += msgs[i].msg_len;
    } else {
      ssize_t len = recv(fd, buffers[0], SLOT, MSG_DONTWAIT);
      n = len < 0 ? -1 : 1;
      if (len > 0) bytes += len;
    }
    if (n > 0) {
      received += n;
      last = now();
      continue;
    }
    if (errno == ENOBUFS) {
      overruns++;
      continue;
    }
    if (errno != EAGAIN && errno != EINTR) {
      perror("recv");
      return 1;
    }
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, 1000) == 0) break; /* the queue stayed empty: the rest is lost */
  }
  printf("{\"received\":%ld,\"overruns\":%ld,\"bytes\":%ld,\"seconds\":%.6f,\"cpuSeconds\":%.6f}\n", received, overruns,
         bytes, last - start, cpuSeconds() - cpuStart);
  return 0;
}
