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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
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

int privs_drop(const char *user, char *err, size_t errlen)
{
	uid_t uid;
	gid_t gid;

	if (geteuid() != 0 && getuid() != 0)
		return 0; /* CAP_NET_RAW on the binary: nothing to give up */
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
	/* no core dumps or ptrace from other processes of that user */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	return 0;
}
