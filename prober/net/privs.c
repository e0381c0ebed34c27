/*
 * privs.c: giving up root once the raw sockets are open.
 *
 * The prober opens its sockets first; from then on it needs no
 * privilege, so a prober started as root becomes the given user (by
 * default "nobody") for good: supplementary groups, group and user are
 * all changed, and regaining root is checked to fail.  No process owned
 * by root is left to parse a packet.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "net.h"

int privs_drop(const char *user, char *err, size_t errlen)
{
	struct passwd *pw;

	if (geteuid() != 0 && getuid() != 0)
		return 0; /* CAP_NET_RAW on the binary: nothing to give up */
	if (user == NULL)
		user = "nobody";
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "no user %s to run as", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errlen, "refusing to keep running as root");
		return -1;
	}
	if (setgroups(0, NULL) != 0 || setresgid(pw->pw_gid, pw->pw_gid,
	                                         pw->pw_gid) != 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0) {
		snprintf(err, errlen, "cannot become %s: %s", user,
		         strerror(errno));
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0) {
		snprintf(err, errlen, "could regain root after dropping it");
		return -1;
	}
	/* no core dumps or ptrace from other processes of that user */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	return 0;
}
