/*
 * udpprobe_fmt.c: what the JSON and the dump of a udpprobe share.
 */
#include "../fmt.h"
#include "udpprobe_fmt.h"

void udpprobe_sb_stop(warts_strbuf *sb, uint8_t stop)
{
	static const char *const names[] = {
		"none", "done", "halted", "error",
	};
	if (stop < sizeof(names) / sizeof(names[0]))
		sb_s(sb, names[stop]);
	else
		sb_u(sb, stop);
}

void udpprobe_tv_diff(const warts_tv *from, const warts_tv *to,
                      int64_t *sec, int64_t *usec)
{
	*sec = (int64_t)to->sec - from->sec;
	*usec = (int64_t)to->usec - from->usec;
	if (*usec < 0) {
		(*sec)--;
		*usec += 1000000;
	}
}
