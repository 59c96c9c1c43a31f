/* The C counterpart of 10,000 lookups in flight at once: every RTM_GETROUTE request is sent before any reply is
 * read (the receive buffer is raised so the queued replies fit), then every reply is received and parsed.
 * Prints "COUNT NANOSECONDS" for the whole exchange.
 *
 * usage: route-lookup-inflight NETNS COUNT FIRST_IPV4 SPAN */
#include "netns.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static int attribute_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, RTA_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	unsigned long *answers = data;
	const struct nlattr *tb[RTA_MAX + 1] = {0};

	if (mnl_attr_parse(nlh, sizeof(struct rtmsg), attribute_cb, tb) < 0)
		return MNL_CB_ERROR;
	(*answers)++;
	return MNL_CB_OK;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char *argv[])
{
	char request[256];
	static char reply[1 << 16];
	struct mnl_socket *nl;
	struct in_addr first;
	unsigned long count, span, i, answers = 0;
	unsigned int portid;
	int rcvbuf = 64 << 20;
	long long start;

	if (argc != 5 || inet_pton(AF_INET, argv[3], &first) != 1) {
		fprintf(stderr, "usage: %s NETNS COUNT FIRST_IPV4 SPAN\n", argv[0]);
		return EXIT_FAILURE;
	}
	enter_netns(argv[1]);
	count = strtoul(argv[2], NULL, 10);
	span = strtoul(argv[4], NULL, 10);

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl_socket");
		return EXIT_FAILURE;
	}
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	portid = mnl_socket_get_portid(nl);

	start = now_ns();
	for (i = 0; i < count; i++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(request);
		struct rtmsg *rtm;
		unsigned int destination = htonl(ntohl(first.s_addr) + (unsigned int)(i % span));

		nlh->nlmsg_type = RTM_GETROUTE;
		nlh->nlmsg_flags = NLM_F_REQUEST;
		nlh->nlmsg_seq = (unsigned int)i + 1;
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = AF_INET;
		rtm->rtm_dst_len = 32;
		mnl_attr_put(nlh, RTA_DST, sizeof(destination), &destination);
		if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
			perror("mnl_socket_sendto");
			return EXIT_FAILURE;
		}
	}
	while (answers < count) {
		int ret = mnl_socket_recvfrom(nl, reply, sizeof(reply));

		/* seq 0: accept every sequence number, the replies arrive in order but are checked by count */
		if (ret > 0)
			ret = mnl_cb_run(reply, ret, 0, portid, route_cb, &answers);
		if (ret < 0) {
			perror("lookup");
			return EXIT_FAILURE;
		}
	}
	printf("%lu %lld\n", answers, now_ns() - start);
	mnl_socket_close(nl);
	return EXIT_SUCCESS;
}
