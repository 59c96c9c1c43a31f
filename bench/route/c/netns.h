/* Enters the named network namespace (/run/netns/NAME) the way `ip -n NAME` does, so that every contender in the
 * benchmark pays the same price for it. */
#ifndef BENCH_NETNS_H
#define BENCH_NETNS_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void enter_netns(const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	close(fd);
}

#endif
