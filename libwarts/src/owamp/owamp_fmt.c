/*
 * owamp_fmt.c: what the JSON and the dump of an owamp object share.
 */
#include "../fmt.h"
#include "owamp_fmt.h"

static void sb_name(warts_strbuf *sb, const char *const *names, size_t n,
                    uint8_t v)
{
	if (v < n)
		sb_s(sb, names[v]);
	else
		sb_u(sb, v);
}

void owamp_sb_dir(warts_strbuf *sb, uint8_t dir)
{
	static const char *const names[] = { "tx", "rx" };
	sb_name(sb, names, sizeof(names) / sizeof(names[0]), dir);
}

void owamp_sb_result(warts_strbuf *sb, uint8_t result)
{
	static const char *const names[] = {
		"none", "done", "halted", "error", "noconn", "notaccepted",
		"nomode", "timeout",
	};
	sb_name(sb, names, sizeof(names) / sizeof(names[0]), result);
}

void owamp_sb_sched_type(warts_strbuf *sb, uint8_t type)
{
	static const char *const names[] = { "fixed", "exponential" };
	sb_name(sb, names, sizeof(names) / sizeof(names[0]), type);
}

void owamp_tv_diff(const warts_tv *from, const warts_tv *to,
                   int64_t *sec, int64_t *usec)
{
	*sec = (int64_t)to->sec - from->sec;
	*usec = (int64_t)to->usec - from->usec;
	if (*usec < 0) {
		(*sec)--;
		*usec += 1000000;
	}
}
