/*
 * local.c: whether an address is this host's (net_is_local in net.h),
 * the same whatever sockets the prober opened, so shared by every net.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

int net_is_local(const warts_addr *a)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, rc;

	memset(&ss, 0, sizeof(ss));
	if (a->type == WARTS_ADDR_IPV4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a->bytes, 4);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, a->bytes, 16);
		sl = sizeof(*sin6);
	}
	if ((fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return 1; /* cannot tell: let the probes show */
	rc = bind(fd, (struct sockaddr *)&ss, sl);
	close(fd);
	return rc == 0 || errno != EADDRNOTAVAIL;
}
