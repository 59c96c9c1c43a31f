/*
 * Generates a burst of uevents: writes "change" to a device's uevent file COUNT times, one write per event
 * (the kernel broadcasts a synthetic change uevent for each).
 *
 *   burst UEVENT-FILE COUNT
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s UEVENT-FILE COUNT\n", argv[0]);
    return 2;
  }
  long count = atol(argv[2]);
  int fd = open(argv[1], O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    perror(argv[1]);
    return 1;
  }
  for (long i = 0; i < count; i++) {
    if (pwrite(fd, "change", 6, 0) != 6) {
      perror("write");
      return 1;
    }
  }
  return 0;
}
