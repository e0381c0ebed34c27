/*
 * test_input.c: commands from files and pipes (-f), prober/input.c.
 *
 * A file: comments and blank lines skipped, white space and CRLF
 * trimmed, the default command put before addresses, a last line
 * without a newline taken, an over-long line cut rather than held.  A
 * pipe: nothing to read is "wait" (never a blocking read), lines are
 * taken as they come, however they are split, and the end comes when
 * the writer closes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "tap.h"

static void test_file(void)
{
	char path[] = "/tmp/test_input.XXXXXX";
	static const char text[] =
		"# targets\n"
		"\n"
		"192.0.2.1\n"
		"  198.51.100.2   # a comment\n"
		"203.0.113.3\r\n"
		"\t\n"
		"192.0.2.4";
	struct input *in;
	const char *line;
	int fd = mkstemp(path), wait = 1;
	char *big;

	if (fd < 0 || write(fd, text, sizeof(text) - 1) !=
	              (ssize_t)(sizeof(text) - 1)) {
		printf("Bail out! %s\n", path);
		exit(1);
	}
	close(fd);
	in = input_file(path, "ping -c 1");
	ok(in != NULL, "a file opens");
	is_str(in->next(in, &wait), "ping -c 1 192.0.2.1",
	       "comments and blank lines skipped; the command put first");
	is_int(wait, 0, "a file never waits");
	is_str(in->next(in, &wait), "ping -c 1 198.51.100.2",
	       "white space and a trailing comment trimmed");
	is_str(in->next(in, &wait), "ping -c 1 203.0.113.3", "CRLF trimmed");
	is_str(in->next(in, &wait), "ping -c 1 192.0.2.4",
	       "a last line without a newline");
	line = in->next(in, &wait);
	ok(line == NULL && wait == 0, "then the end");
	in->free(in);

	/* a line of 100,000 bytes: cut at 65,536, the next line intact */
	fd = open(path, O_WRONLY | O_TRUNC);
	big = malloc(100001);
	memset(big, 'x', 100000);
	big[100000] = '\n';
	if (fd < 0 || write(fd, big, 100001) != 100001 ||
	    write(fd, "192.0.2.9\n", 10) != 10) {
		printf("Bail out! %s\n", path);
		exit(1);
	}
	close(fd);
	free(big);
	in = input_file(path, NULL);
	line = in->next(in, &wait);
	is_int(line != NULL ? (long long)strlen(line) : -1, 65536,
	       "an over-long line is cut at 64 kB");
	line = in->next(in, &wait);
	ok(line != NULL && strlen(line) == 100000 - 65536,
	   "its rest comes as a line of its own (which will not parse)");
	is_str(in->next(in, &wait), "192.0.2.9", "the next line intact");
	in->free(in);
	unlink(path);
	ok(input_file("/nonexistent/file", NULL) == NULL,
	   "a file that cannot be opened: NULL");
}

static void test_pipe(void)
{
	int p[2], saved = dup(0), wait = 0;
	struct input *in;
	const char *line;

	if (pipe(p) != 0 || dup2(p[0], 0) < 0) {
		printf("Bail out! pipe\n");
		exit(1);
	}
	close(p[0]);
	in = input_file("-", "trace");
	ok(in != NULL && in->fd == 0, "-: standard input, its descriptor given");
	line = in->next(in, &wait);
	ok(line == NULL && wait == 1, "an empty pipe: wait, not the end");
	if (write(p[1], "192.0.2.1\n198.51", 16) != 16)
		printf("Bail out! write\n");
	is_str(in->next(in, &wait), "trace 192.0.2.1", "a line as it comes");
	line = in->next(in, &wait);
	ok(line == NULL && wait == 1, "half a line: wait for the rest");
	if (write(p[1], ".100.2\n", 7) != 7)
		printf("Bail out! write\n");
	is_str(in->next(in, &wait), "trace 198.51.100.2",
	       "the line whole once its end came");
	line = in->next(in, &wait);
	ok(line == NULL && wait == 1, "nothing more yet: wait");
	if (write(p[1], "203.0.113.3", 11) != 11)
		printf("Bail out! write\n");
	close(p[1]);
	is_str(in->next(in, &wait), "trace 203.0.113.3",
	       "the writer closed: its last line without a newline");
	line = in->next(in, &wait);
	ok(line == NULL && wait == 0, "then the end");
	in->free(in);
	dup2(saved, 0);
	close(saved);
}

int main(void)
{
	test_file();
	test_pipe();
	return done_testing();
}
