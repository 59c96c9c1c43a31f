// The C floor for a generic netlink request loop: N sequential ETHTOOL_MSG_LINKSTATE_GET requests (with an
// ACK, as linux-netlink's do() asks) on one libmnl socket, after resolving the ethtool family through nlctrl.
// Build: cc -O2 -o linkstate linkstate.c -lmnl. Usage: linkstate DEV N (run inside the namespace of DEV).
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ethtool_netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int family_cb(const struct nlattr *attr, void *data) {
  if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID) *(uint16_t *)data = mnl_attr_get_u16(attr);
  return MNL_CB_OK;
}
static int family_msg(const struct nlmsghdr *nlh, void *data) {
  return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_cb, data);
}
static int link_cb(const struct nlattr *attr, void *data) {
  if (mnl_attr_get_type(attr) == ETHTOOL_A_LINKSTATE_LINK) *(int *)data = mnl_attr_get_u8(attr);
  return MNL_CB_OK;
}
static int link_msg(const struct nlmsghdr *nlh, void *data) {
  return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), link_cb, data);
}

static int roundtrip(struct mnl_socket *nl, char *buf, struct nlmsghdr *nlh, mnl_cb_t cb, void *data) {
  unsigned port = mnl_socket_get_portid(nl);
  if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) return -1;
  int ret;
  do {
    ret = mnl_socket_recvfrom(nl, buf, MNL_SOCKET_BUFFER_SIZE);
    if (ret <= 0) return -1;
    ret = mnl_cb_run(buf, ret, nlh->nlmsg_seq, port, cb, data);
  } while (ret > 0);
  return ret;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *dev = argv[1];
  long n = atol(argv[2]);
  char buf[MNL_SOCKET_BUFFER_SIZE];
  struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);
  if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) return perror("socket"), 1;
  unsigned seq = 1;
  uint16_t id = 0;
  struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = GENL_ID_CTRL;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  nlh->nlmsg_seq = seq++;
  struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
  g->cmd = CTRL_CMD_GETFAMILY;
  g->version = 1;
  mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "ethtool");
  if (roundtrip(nl, buf, nlh, family_msg, &id) < 0 || id == 0) return perror("getfamily"), 1;
  int link = -1;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n; i++) {
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = id;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    nlh->nlmsg_seq = seq++;
    g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
    g->cmd = ETHTOOL_MSG_LINKSTATE_GET;
    g->version = 1;
    struct nlattr *nest = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKSTATE_HEADER);
    mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, dev);
    mnl_attr_nest_end(nlh, nest);
    if (roundtrip(nl, buf, nlh, link_msg, &link) < 0) return perror("linkstate"), 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / n;
  printf("{\"requests\": %ld, \"usPerRequest\": %.2f, \"link\": %d}\n", n, us, link);
  mnl_socket_close(nl);
  return 0;
}
