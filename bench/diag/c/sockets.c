/* Holds TCP sockets open for the diag benchmark: inside network namespace NETNS, one listener on 127.0.0.1:PORT
 * and COUNT connections to it, both ends kept (2 * COUNT + 1 sockets). Prints "ready N" when they exist, then
 * waits for its stdin to close. A process may hold at most 20,000 files here: the benchmark starts several.
 *
 * usage: sockets NETNS PORT COUNT */
#include "../../route/c/netns.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

int main(int argc, char *argv[])
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct rlimit lim;
	int listener, one = 1, count, made = 0;
	char c;

	if (argc != 4) {
		fprintf(stderr, "usage: %s NETNS PORT COUNT\n", argv[0]);
		return EXIT_FAILURE;
	}
	enter_netns(argv[1]);
	count = atoi(argv[3]);
	getrlimit(RLIMIT_NOFILE, &lim);
	lim.rlim_cur = lim.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &lim) < 0 || lim.rlim_cur < (rlim_t)(2 * count + 16)) {
		fprintf(stderr, "RLIMIT_NOFILE %lu is too low for %d connections\n", (unsigned long)lim.rlim_cur, count);
		return EXIT_FAILURE;
	}
	addr.sin_port = htons(atoi(argv[2]));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(listener, 4096) < 0) {
		perror("listen");
		return EXIT_FAILURE;
	}
	while (made < count) {
		int batch = count - made < 1000 ? count - made : 1000, i;

		for (i = 0; i < batch; i++) {
			int s = socket(AF_INET, SOCK_STREAM, 0);

			if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
				perror("connect");
				return EXIT_FAILURE;
			}
		}
		for (i = 0; i < batch; i++) {
			if (accept(listener, NULL, NULL) < 0) {
				perror("accept");
				return EXIT_FAILURE;
			}
		}
		made += batch;
	}
	printf("ready %d\n", 2 * made + 1);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return EXIT_SUCCESS;
}
