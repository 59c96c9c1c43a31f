/* The floor for listing TCP sockets: inet_diag dumps of AF_INET then AF_INET6 (every state), a 32 KiB receive
 * buffer, mnl_cb_run over each datagram, the fixed header read and every attribute parsed. Prints the socket count
 * and, on stderr, the microseconds the dumps took inside the process (socket open to last datagram).
 *
 * usage: inet-dump NETNS */
#include "../../route/c/netns.h"

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

struct tally {
	unsigned long sockets;
	unsigned long checksum; /* makes the parse observable so the compiler cannot drop it */
};

static int attribute_cb(const struct nlattr *attr, void *data)
{
	struct tally *tally = data;

	if (mnl_attr_type_valid(attr, INET_DIAG_MAX) < 0)
		return MNL_CB_OK;
	tally->checksum += mnl_attr_get_type(attr) + mnl_attr_get_payload_len(attr);
	return MNL_CB_OK;
}

static int socket_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tally *tally = data;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);

	if (mnl_attr_parse(nlh, sizeof(*m), attribute_cb, tally) < 0)
		return MNL_CB_ERROR;
	tally->sockets++;
	tally->checksum += m->idiag_state + ntohs(m->id.idiag_sport) + ntohs(m->id.idiag_dport) + m->id.idiag_src[0] +
			   m->id.idiag_dst[0] + m->idiag_rqueue + m->idiag_wqueue + m->idiag_uid + m->idiag_inode +
			   m->id.idiag_cookie[0];
	return MNL_CB_OK;
}

static void dump(struct mnl_socket *nl, int family, struct tally *tally)
{
	char buf[32768];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_v2 *req;
	unsigned int seq, portid = mnl_socket_get_portid(nl);
	int ret;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq = time(NULL) + family;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = family;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = ~0U;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("mnl_socket_sendto");
		exit(EXIT_FAILURE);
	}
	do {
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (ret <= 0)
			break;
		ret = mnl_cb_run(buf, ret, seq, portid, socket_cb, tally);
	} while (ret > MNL_CB_STOP);
	if (ret < 0) {
		perror("dump");
		exit(EXIT_FAILURE);
	}
}

int main(int argc, char *argv[])
{
	struct mnl_socket *nl;
	struct tally tally = {0};
	struct timespec t0, t1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s NETNS\n", argv[0]);
		return EXIT_FAILURE;
	}
	enter_netns(argv[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl_socket");
		return EXIT_FAILURE;
	}
	dump(nl, AF_INET, &tally);
	dump(nl, AF_INET6, &tally);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	mnl_socket_close(nl);
	printf("%lu\n", tally.sockets);
	fprintf(stderr, "us %ld checksum %lu\n", (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000, tally.checksum);
	return EXIT_SUCCESS;
}
