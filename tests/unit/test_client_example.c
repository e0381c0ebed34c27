/*
 * test_client_example.c: the example program in ctrl/client.h's comment
 * compiles and works.  The Makefile cuts it out of the header into
 * client_example.c, included here with its main renamed; it is then run
 * against a fake prober on 127.0.0.1:31337 (the port it names), which
 * answers with a ping result recorded from scamper 20211212, given an id
 * as scamper 2026 would.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* the example's callbacks do not use every parameter */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define main example_main
#include "client_example.c"
#undef main
#pragma GCC diagnostic pop

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tap.h"

static const char LIST[] =
	"C$@4``0```!L````!`````\"]T;7`O8V%P+W,N<V]C:SHP````\n`\n";
static const char CYCLE[] =
	">$@4``@```!8````!`````0````%K\":QQ`@`#=FT`\n`\n";
static const char PING[] =
	"M$@4`!P```%;S_&4`*0````$````!:PFL<0`.%+H!```!`%0!0`````%X\\`0!\n"
	"MQC-D!P````````'^DP,`(0=``%0``````\"X``)0R\\[T```````````!K\":QQ\n"
	"$``X5(P``\n`\n";
static const char STOP[] = "1$@4`!`````D````!:PFL=0``\n`\n";

static void say(int fd, const char *s)
{
	size_t n = strlen(s), off = 0;
	while (off < n) {
		ssize_t w = write(fd, s + off, n - off);
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

/* read until the text seen so far contains want */
static int wait_for(int fd, char *buf, size_t cap, size_t *len,
                    const char *want)
{
	while (strstr(buf, want) == NULL) {
		ssize_t n = read(fd, buf + *len, cap - 1 - *len);
		if (n <= 0)
			return -1;
		*len += (size_t)n;
		buf[*len] = '\0';
	}
	return 0;
}

static void fake_prober(int ls)
{
	char buf[4096] = "", out[2048];
	size_t len = 0;
	int fd = accept(ls, NULL, NULL);

	if (fd < 0 || wait_for(fd, buf, sizeof(buf), &len, "attach\n") != 0)
		_exit(1);
	snprintf(out, sizeof(out), "OK\nMORE\nDATA %zu\n%sDATA %zu\n%s",
	         strlen(LIST), LIST, strlen(CYCLE), CYCLE);
	say(fd, out);
	if (wait_for(fd, buf, sizeof(buf), &len,
	             "ping -c 3 198.51.100.7\n") != 0)
		_exit(1);
	say(fd, "OK id-1\nMORE\n");
	if (wait_for(fd, buf, sizeof(buf), &len, "done\n") != 0)
		_exit(1);
	snprintf(out, sizeof(out), "OK\nDATA %zu id-1\n%sDATA %zu\n%s",
	         strlen(PING), PING, strlen(STOP), STOP);
	say(fd, out);
	close(fd);
	_exit(0);
}

int main(void)
{
	struct sockaddr_in sin;
	char *args[] = { "example", "198.51.100.7", NULL };
	char got[256] = "";
	char path[] = "/tmp/client-example.XXXXXX";
	int ls, one = 1, rc, status = 0, outfd, saved;
	pid_t pid;
	ssize_t n;

	ok(1, "the example in ctrl/client.h compiles (-Wall -Wextra -Werror)");

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(31337);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(ls, 1) != 0) {
		diag("127.0.0.1:31337 is taken (%s): the example is not run",
		     strerror(errno));
		return done_testing();
	}
	fflush(stdout);
	if ((pid = fork()) == 0)
		fake_prober(ls);
	close(ls);

	/* the example prints its results: catch them */
	outfd = mkstemp(path);
	saved = dup(STDOUT_FILENO);
	dup2(outfd, STDOUT_FILENO);
	rc = example_main(2, args);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	lseek(outfd, 0, SEEK_SET);
	n = read(outfd, got, sizeof(got) - 1);
	got[n > 0 ? n : 0] = '\0';
	close(outfd);
	unlink(path);
	waitpid(pid, &status, 0);

	is_int(rc, 0, "the example returns 0");
	is_str(got, "198.51.100.7: 1 replies\n", "and prints the ping's result");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "the fake prober saw attach, the ping and done");
	return done_testing();
}
