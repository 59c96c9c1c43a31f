/* The floor for a route dump: one strict-checked RTM_GETROUTE dump filtered by RTA_TABLE, a 32 KiB receive
 * buffer, mnl_cb_run over each datagram and a full attribute parse of every route. Prints the route count.
 *
 * usage: route-dump NETNS TABLE */
#include "netns.h"

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

struct tally {
	unsigned long routes;
	unsigned long checksum; /* makes the parse observable so the compiler cannot drop it */
};

static int attribute_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, RTA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case RTA_TABLE:
	case RTA_OIF:
	case RTA_IIF:
	case RTA_PRIORITY:
	case RTA_FLOW:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case RTA_METRICS:
	case RTA_MULTIPATH:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		break;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tally *tally = data;
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	if (mnl_attr_parse(nlh, sizeof(*rtm), attribute_cb, tb) < 0)
		return MNL_CB_ERROR;
	tally->routes++;
	tally->checksum += rtm->rtm_dst_len + rtm->rtm_protocol + rtm->rtm_scope + rtm->rtm_type;
	if (tb[RTA_DST])
		tally->checksum += *(const unsigned char *)mnl_attr_get_payload(tb[RTA_DST]);
	if (tb[RTA_OIF])
		tally->checksum += mnl_attr_get_u32(tb[RTA_OIF]);
	if (tb[RTA_TABLE])
		tally->checksum += mnl_attr_get_u32(tb[RTA_TABLE]);
	return MNL_CB_OK;
}

int main(int argc, char *argv[])
{
	char buf[32768];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct tally tally = {0};
	unsigned int seq, portid;
	int one = 1, ret;

	if (argc != 3) {
		fprintf(stderr, "usage: %s NETNS TABLE\n", argv[0]);
		return EXIT_FAILURE;
	}
	enter_netns(argv[1]);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq = time(NULL);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	mnl_attr_put_u32(nlh, RTA_TABLE, (unsigned int)strtoul(argv[2], NULL, 10));

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl_socket");
		return EXIT_FAILURE;
	}
	if (mnl_socket_setsockopt(nl, NETLINK_GET_STRICT_CHK, &one, sizeof(one)) < 0) {
		perror("NETLINK_GET_STRICT_CHK");
		return EXIT_FAILURE;
	}
	portid = mnl_socket_get_portid(nl);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("mnl_socket_sendto");
		return EXIT_FAILURE;
	}
	do {
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (ret <= 0)
			break;
		ret = mnl_cb_run(buf, ret, seq, portid, route_cb, &tally);
	} while (ret > MNL_CB_STOP);
	if (ret < 0) {
		perror("dump");
		return EXIT_FAILURE;
	}
	mnl_socket_close(nl);
	printf("%lu\n", tally.routes);
	fprintf(stderr, "checksum %lu\n", tally.checksum);
	return EXIT_SUCCESS;
}
