/*
 * privs.c: giving up root once the raw sockets are open.
 *
 * The prober opens its sockets first; from then on it needs no
 * privilege, so a prober started as root becomes the given user (by
 * default "nobody") for good: supplementary groups, group and user are
 * all changed, and regaining root is checked to fail.  No process owned
 * by root is left to parse a packet.  A prober given CAP_NET_RAW as a
 * file capability keeps its user and gives the capability up instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "net.h"

/*
 * The user's uid and gid from /etc/passwd, read directly rather than
 * through getpwnam(3): the prober is linked statically to stay small,
 * and glibc's name service switch cannot be used from a static binary.
 * A user given as a number is taken as uid and gid both, for systems
 * whose accounts live elsewhere.  Returns 0, or -1 if there is no such
 * user.
 */
static int lookup_user(const char *user, uid_t *uid, gid_t *gid)
{
	char line[1024], *end;
	size_t len = strlen(user);
	unsigned long n;
	FILE *f;
	int found = -1;

	if ((f = fopen("/etc/passwd", "re")) != NULL) {
		while (found != 0 && fgets(line, sizeof(line), f) != NULL) {
			char *pw, *u, *g;
			if (strncmp(line, user, len) != 0 || line[len] != ':')
				continue;
			/* name:password:uid:gid:... */
			if ((pw = strchr(line, ':')) == NULL ||
			    (u = strchr(pw + 1, ':')) == NULL ||
			    (g = strchr(u + 1, ':')) == NULL)
				continue;
			*uid = (uid_t)strtoul(u + 1, &end, 10);
			if (end != g)
				continue;
			*gid = (gid_t)strtoul(g + 1, &end, 10);
			if (*end == ':')
				found = 0;
		}
		fclose(f);
	}
	if (found != 0 && user[0] >= '0' && user[0] <= '9') {
		errno = 0;
		n = strtoul(user, &end, 10);
		if (*end == '\0' && errno == 0 && n < (uid_t)-1) {
			*uid = (uid_t)n;
			*gid = (gid_t)n;
			found = 0;
		}
	}
	return found;
}

/*
 * Give up every capability, for good: the effective, permitted and
 * inheritable sets (through the system call, as the program is static
 * and links no libcap) and the ambient set.  Checked by reading them
 * back.  Returns 0, or -1 with errno.
 */
static int drop_caps(void)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(&h, 0, sizeof(h));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	memset(d, 0, sizeof(d));
	/* EINVAL: a kernel without ambient capabilities has none to clear */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 &&
	    errno != EINVAL)
		return -1;
	if (syscall(SYS_capset, &h, d) != 0)
		return -1;
	memset(d, 0xff, sizeof(d));
	if (syscall(SYS_capget, &h, d) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (d[i].effective != 0 || d[i].permitted != 0 ||
		    d[i].inheritable != 0) {
			errno = EPERM;
			return -1;
		}
	return 0;
}

int privs_drop(const char *user, char *err, size_t errlen)
{
	uid_t uid;
	gid_t gid;

	if (geteuid() != 0 && getuid() != 0) {
		/* CAP_NET_RAW on the binary: the sockets are open, so the
		 * capability is needed no more */
		if (drop_caps() != 0) {
			snprintf(err, errlen, "cannot give up capabilities: %s",
			         strerror(errno));
			return -1;
		}
		return 0;
	}
	if (user == NULL)
		user = "nobody";
	if (lookup_user(user, &uid, &gid) != 0) {
		snprintf(err, errlen, "no user %s to run as", user);
		return -1;
	}
	if (uid == 0) {
		snprintf(err, errlen, "refusing to keep running as root");
		return -1;
	}
	if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		snprintf(err, errlen, "cannot become %s: %s", user,
		         strerror(errno));
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0) {
		snprintf(err, errlen, "could regain root after dropping it");
		return -1;
	}
	/* the change of user cleared them; the ambient set too, to be sure */
	if (drop_caps() != 0) {
		snprintf(err, errlen, "cannot give up capabilities: %s",
		         strerror(errno));
		return -1;
	}
	/* no core dumps or ptrace from other processes of that user */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	return 0;
}
