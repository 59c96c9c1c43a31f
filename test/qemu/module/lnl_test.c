// SPDX-License-Identifier: GPL-2.0
/*
 * lnl_test: a netlink protocol of its own (number 31), the way people write their own kernel interfaces, for
 * linux-netlink's guest tests. Each network namespace has a table of entries (id -> name, value, IPv4
 * address) that user space creates, reads, updates, deletes and dumps; every change is multicast to group 1.
 *
 * Messages: a struct lnlt_msg header, then attributes (see lnl_test.h's twin in the tests, custom-protocol.ts).
 *   LNLT_NEW (16)  create (NLM_F_CREATE, with NLM_F_EXCL: EEXIST if present) or update (NLM_F_REPLACE);
 *                  also the reply to a get and each message of a dump, and the notification of a change
 *   LNLT_DEL (17)  delete; also the notification of a deletion
 *   LNLT_GET (18)  one entry by id, or with NLM_F_DUMP all of them in id order (at most dump_batch per datagram)
 * Bad input is answered with an errno and an extended ACK message (and the offending attribute's offset).
 */
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#define NETLINK_LNL_TEST 31
#define LNLT_GROUP_ENTRIES 1
#define LNLT_NAME_SIZE 16
#define LNLT_VALUE_LIMIT 1000

enum { LNLT_NEW = 16, LNLT_DEL, LNLT_GET };

struct lnlt_msg {
	__u32 id;
	__u32 flags;	/* LNLT_F_*: what the entry is; echoed back */
};

#define LNLT_F_PINNED 1	/* a pinned entry cannot be deleted */
#define LNLT_F_KNOWN (LNLT_F_PINNED)

enum {
	LNLT_A_UNSPEC,
	LNLT_A_NAME,	/* string, NUL-terminated, at most 15 characters */
	LNLT_A_VALUE,	/* u32, below 1000 */
	LNLT_A_ADDRESS,	/* 4 bytes, an IPv4 address */
	LNLT_A_UPDATES,	/* u64, read-only: how many times the entry was written */
	__LNLT_A_MAX,
};
#define LNLT_A_MAX (__LNLT_A_MAX - 1)

static const struct nla_policy lnlt_policy[LNLT_A_MAX + 1] = {
	[LNLT_A_NAME] = { .type = NLA_NUL_STRING, .len = LNLT_NAME_SIZE - 1 },
	[LNLT_A_VALUE] = { .type = NLA_U32 },
	[LNLT_A_ADDRESS] = NLA_POLICY_EXACT_LEN(4),
	[LNLT_A_UPDATES] = { .type = NLA_REJECT },
};

static unsigned int dump_batch = 8;
module_param(dump_batch, uint, 0644);
MODULE_PARM_DESC(dump_batch, "entries per dump datagram, 0 for as many as fit (small, so dumps span several datagrams)");

struct lnlt_entry {
	struct list_head node;	/* in id order */
	u32 id;
	u32 flags;
	char name[LNLT_NAME_SIZE];
	u32 value;
	__be32 address;
	bool has_address;
	u64 updates;
};

struct lnlt_net {
	struct sock *sk;
	struct mutex lock;	/* entries and generation */
	struct list_head entries;
	unsigned int generation;	/* changes on every write: a dump that sees it change is marked interrupted */
};

static unsigned int lnlt_net_id __read_mostly;

static struct lnlt_net *lnlt_pernet(struct net *net)
{
	return net_generic(net, lnlt_net_id);
}

static struct lnlt_entry *lnlt_find(struct lnlt_net *ln, u32 id)
{
	struct lnlt_entry *e;

	list_for_each_entry(e, &ln->entries, node)
		if (e->id == id)
			return e;
	return NULL;
}

/* The entry with this id, or NULL with the extended ACK saying so (the caller answers ENOENT). */
static struct lnlt_entry *lnlt_existing(struct lnlt_net *ln, u32 id, struct netlink_ext_ack *extack)
{
	struct lnlt_entry *e = lnlt_find(ln, id);

	if (!e)
		NL_SET_ERR_MSG(extack, "no entry with this id");
	return e;
}

static int lnlt_fill(struct sk_buff *skb, const struct lnlt_entry *e, int type, u32 portid, u32 seq, int flags)
{
	struct nlmsghdr *nlh;
	struct lnlt_msg *hdr;

	nlh = nlmsg_put(skb, portid, seq, type, sizeof(*hdr), flags);
	if (!nlh)
		return -EMSGSIZE;
	hdr = nlmsg_data(nlh);
	hdr->id = e->id;
	hdr->flags = e->flags;
	if (nla_put_string(skb, LNLT_A_NAME, e->name) ||
	    nla_put_u32(skb, LNLT_A_VALUE, e->value) ||
	    (e->has_address && nla_put_in_addr(skb, LNLT_A_ADDRESS, e->address)) ||
	    nla_put_u64_64bit(skb, LNLT_A_UPDATES, e->updates, LNLT_A_UNSPEC)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/*
 * Tells group 1 about a change, naming the requester's port and sequence number as rtnetlink does. Through
 * nlmsg_multicast, not a bare netlink_broadcast: it also stamps the group into NETLINK_CB(skb).dst_group, which
 * is what receivers see as nl_groups and NETLINK_PKTINFO's group. Without it the notification arrives looking
 * like a unicast message from the kernel, and nothing tells a listener which group it came from.
 */
static void lnlt_notify(struct lnlt_net *ln, const struct lnlt_entry *e, int type, const struct nlmsghdr *request,
			u32 portid)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	if (!skb)
		return;
	if (lnlt_fill(skb, e, type, portid, request->nlmsg_seq, 0) < 0) {
		kfree_skb(skb);
		return;
	}
	/* No listener (-ESRCH) is no failure of the change itself. */
	nlmsg_multicast(ln->sk, skb, 0, LNLT_GROUP_ENTRIES, GFP_KERNEL);
}

static int lnlt_parse(const struct nlmsghdr *nlh, struct nlattr **tb, struct netlink_ext_ack *extack)
{
	const struct lnlt_msg *hdr;
	int err;

	if (nlmsg_len(nlh) < (int)sizeof(*hdr)) {
		NL_SET_ERR_MSG(extack, "message too short for its lnlt_msg header");
		return -EINVAL;
	}
	err = nlmsg_parse(nlh, sizeof(*hdr), tb, LNLT_A_MAX, lnlt_policy, extack);
	if (err)
		return err;
	hdr = nlmsg_data(nlh);
	if (hdr->flags & ~LNLT_F_KNOWN) {
		NL_SET_ERR_MSG(extack, "unknown flags in lnlt_msg");
		return -EINVAL;
	}
	if (tb[LNLT_A_VALUE] && nla_get_u32(tb[LNLT_A_VALUE]) >= LNLT_VALUE_LIMIT) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LNLT_A_VALUE], "value must be below 1000");
		return -ERANGE;
	}
	return 0;
}

static void lnlt_apply(struct lnlt_entry *e, const struct lnlt_msg *hdr, struct nlattr **tb)
{
	e->flags = hdr->flags;
	if (tb[LNLT_A_NAME])
		nla_strscpy(e->name, tb[LNLT_A_NAME], sizeof(e->name));
	if (tb[LNLT_A_VALUE])
		e->value = nla_get_u32(tb[LNLT_A_VALUE]);
	if (tb[LNLT_A_ADDRESS]) {
		e->address = nla_get_in_addr(tb[LNLT_A_ADDRESS]);
		e->has_address = true;
	}
	e->updates++;
}

static int lnlt_new(struct lnlt_net *ln, struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LNLT_A_MAX + 1];
	const struct lnlt_msg *hdr;
	struct lnlt_entry *e, *pos;
	int err;

	err = lnlt_parse(nlh, tb, extack);
	if (err)
		return err;
	hdr = nlmsg_data(nlh);
	if (hdr->id == 0) {
		NL_SET_ERR_MSG(extack, "entry id 0 is reserved");
		return -EINVAL;
	}
	mutex_lock(&ln->lock);
	e = lnlt_find(ln, hdr->id);
	if (e) {
		if (nlh->nlmsg_flags & NLM_F_EXCL) {
			NL_SET_ERR_MSG(extack, "an entry with this id exists");
			err = -EEXIST;
			goto out;
		}
		if (!(nlh->nlmsg_flags & NLM_F_REPLACE)) {
			NL_SET_ERR_MSG(extack, "an entry with this id exists; NLM_F_REPLACE updates it");
			err = -EEXIST;
			goto out;
		}
	} else {
		if (!(nlh->nlmsg_flags & NLM_F_CREATE)) {
			NL_SET_ERR_MSG(extack, "no entry with this id; NLM_F_CREATE makes one");
			err = -ENOENT;
			goto out;
		}
		if (!tb[LNLT_A_NAME]) {
			NL_SET_ERR_MSG(extack, "a new entry needs a name (LNLT_A_NAME)");
			err = -EINVAL;
			goto out;
		}
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (!e) {
			err = -ENOMEM;
			goto out;
		}
		e->id = hdr->id;
		list_for_each_entry(pos, &ln->entries, node)
			if (pos->id > e->id)
				break;
		list_add_tail(&e->node, &pos->node);
	}
	lnlt_apply(e, hdr, tb);
	ln->generation++;
	lnlt_notify(ln, e, LNLT_NEW, nlh, NETLINK_CB(skb).portid);
	err = 0;
out:
	mutex_unlock(&ln->lock);
	return err;
}

static int lnlt_del(struct lnlt_net *ln, struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LNLT_A_MAX + 1];
	const struct lnlt_msg *hdr;
	struct lnlt_entry *e;
	int err;

	err = lnlt_parse(nlh, tb, extack);
	if (err)
		return err;
	hdr = nlmsg_data(nlh);
	mutex_lock(&ln->lock);
	e = lnlt_existing(ln, hdr->id, extack);
	if (!e) {
		err = -ENOENT;
	} else if (e->flags & LNLT_F_PINNED) {
		NL_SET_ERR_MSG(extack, "the entry is pinned");
		err = -EBUSY;
	} else {
		list_del(&e->node);
		ln->generation++;
		lnlt_notify(ln, e, LNLT_DEL, nlh, NETLINK_CB(skb).portid);
		kfree(e);
		err = 0;
	}
	mutex_unlock(&ln->lock);
	return err;
}

static int lnlt_get(struct lnlt_net *ln, struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LNLT_A_MAX + 1];
	const struct lnlt_msg *hdr;
	struct lnlt_entry *e;
	struct sk_buff *reply;
	int err;

	err = lnlt_parse(nlh, tb, extack);
	if (err)
		return err;
	hdr = nlmsg_data(nlh);
	reply = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	mutex_lock(&ln->lock);
	e = lnlt_existing(ln, hdr->id, extack);
	if (!e)
		err = -ENOENT;
	else
		err = lnlt_fill(reply, e, LNLT_NEW, NETLINK_CB(skb).portid, nlh->nlmsg_seq, 0);
	mutex_unlock(&ln->lock);
	if (err) {
		kfree_skb(reply);
		return err;
	}
	return nlmsg_unicast(ln->sk, reply, NETLINK_CB(skb).portid);
}

/* cb->args[0]: the next id to send (entries are in id order, so changes between rounds lose nothing). */
static int lnlt_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lnlt_net *ln = lnlt_pernet(sock_net(skb->sk));
	struct lnlt_entry *e;
	unsigned int sent = 0;

	mutex_lock(&ln->lock);
	cb->seq = ln->generation;
	list_for_each_entry(e, &ln->entries, node) {
		if (e->id < cb->args[0])
			continue;
		if ((dump_batch && sent == dump_batch) ||
		    lnlt_fill(skb, e, LNLT_NEW, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq, NLM_F_MULTI) < 0)
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		cb->args[0] = (long)e->id + 1;
		sent++;
	}
	mutex_unlock(&ln->lock);
	return skb->len;
}

static int lnlt_rcv_msg(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct lnlt_net *ln = lnlt_pernet(sock_net(skb->sk));

	if (nlh->nlmsg_type != LNLT_GET && !netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack, "changing entries needs CAP_NET_ADMIN");
		return -EPERM;
	}
	switch (nlh->nlmsg_type) {
	case LNLT_NEW:
		return lnlt_new(ln, skb, nlh, extack);
	case LNLT_DEL:
		return lnlt_del(ln, skb, nlh, extack);
	case LNLT_GET:
		if (nlh->nlmsg_flags & NLM_F_DUMP) {
			struct netlink_dump_control c = { .dump = lnlt_dump };
			struct nlattr *tb[LNLT_A_MAX + 1];
			int err = lnlt_parse(nlh, tb, extack);

			if (err)
				return err;
			return netlink_dump_start(ln->sk, skb, nlh, &c);
		}
		return lnlt_get(ln, skb, nlh, extack);
	default:
		NL_SET_ERR_MSG(extack, "unknown message type");
		return -EOPNOTSUPP;
	}
}

static void lnlt_input(struct sk_buff *skb)
{
	netlink_rcv_skb(skb, &lnlt_rcv_msg);
}

static int __net_init lnlt_net_init(struct net *net)
{
	struct lnlt_net *ln = lnlt_pernet(net);
	struct netlink_kernel_cfg cfg = {
		.groups = LNLT_GROUP_ENTRIES,
		.input = lnlt_input,
		.flags = NL_CFG_F_NONROOT_RECV,
	};

	mutex_init(&ln->lock);
	INIT_LIST_HEAD(&ln->entries);
	ln->sk = netlink_kernel_create(net, NETLINK_LNL_TEST, &cfg);
	return ln->sk ? 0 : -ENOMEM;
}

static void __net_exit lnlt_net_exit(struct net *net)
{
	struct lnlt_net *ln = lnlt_pernet(net);
	struct lnlt_entry *e, *next;

	netlink_kernel_release(ln->sk);
	list_for_each_entry_safe(e, next, &ln->entries, node)
		kfree(e);
}

static struct pernet_operations lnlt_net_ops = {
	.init = lnlt_net_init,
	.exit = lnlt_net_exit,
	.id = &lnlt_net_id,
	.size = sizeof(struct lnlt_net),
};

static int __init lnlt_init(void)
{
	return register_pernet_subsys(&lnlt_net_ops);
}

static void __exit lnlt_exit(void)
{
	unregister_pernet_subsys(&lnlt_net_ops);
}

module_init(lnlt_init);
module_exit(lnlt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("linux-netlink test module: a netlink protocol of its own (31), a table with CRUD, dumps and notifications");
