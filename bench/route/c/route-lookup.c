/* The floor for route lookups: COUNT sequential RTM_GETROUTE requests (like `ip route get`) on one socket, each
 * reply received and its attributes parsed before the next request. Prints "COUNT NANOSECONDS" for the loop
 * alone (socket set-up excluded).
 *
 * usage: route-lookup NETNS COUNT FIRST_IPV4 SPAN
 * Destinations cycle through SPAN consecutive addresses starting at FIRST_IPV4. */
#include "netns.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <time.h>

struct answer {
	unsigned int oif;
	int found;
};

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
	struct answer *answer = data;
	const struct nlattr *tb[RTA_MAX + 1] = {0};

	if (mnl_attr_parse(nlh, sizeof(struct rtmsg), attribute_cb, tb) < 0)
		return MNL_CB_ERROR;
	answer->found = 1;
	answer->oif = tb[RTA_OIF] ? mnl_attr_get_u32(tb[RTA_OIF]) : 0;
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
	char request[256], reply[8192];
	struct mnl_socket *nl;
	struct in_addr first;
	unsigned long count, span, i, oif_sum = 0;
	unsigned int portid;
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
	portid = mnl_socket_get_portid(nl);

	start = now_ns();
	for (i = 0; i < count; i++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(request);
		struct rtmsg *rtm;
		struct answer answer = {0};
		unsigned int destination = htonl(ntohl(first.s_addr) + (unsigned int)(i % span));
		int ret;

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
		ret = mnl_socket_recvfrom(nl, reply, sizeof(reply));
		if (ret > 0)
			ret = mnl_cb_run(reply, ret, nlh->nlmsg_seq, portid, route_cb, &answer);
		if (ret < 0 || !answer.found) {
			perror("lookup");
			return EXIT_FAILURE;
		}
		oif_sum += answer.oif;
	}
	printf("%lu %lld\n", count, now_ns() - start);
	fprintf(stderr, "oif sum %lu\n", oif_sum);
	mnl_socket_close(nl);
	return EXIT_SUCCESS;
}
