/*
 * owamp_fmt.h: OWAMP tests as sc_warts2json and sc_wartsdump print them
 * (sc_warts2text prints nothing for them).
 *
 * The names of enum values and the time between two stamps are the same
 * in both outputs; owamp_fmt.c defines them.
 */
#ifndef WARTS_OWAMP_FMT_H
#define WARTS_OWAMP_FMT_H

#include <stdint.h>

#include "warts/format.h"
#include "warts/timeval.h"

int owamp_json(warts_strbuf *sb, const void *obj, unsigned flags);
int owamp_dump(warts_strbuf *sb, const void *obj);

/* Each appends the name scamper gives a value, or the number. */
void owamp_sb_dir(warts_strbuf *sb, uint8_t dir);          /* tx, rx */
void owamp_sb_result(warts_strbuf *sb, uint8_t result);    /* done, ... */
void owamp_sb_sched_type(warts_strbuf *sb, uint8_t type);  /* fixed, ... */

/*
 * to - from as scamper's timeval subtraction computes it: seconds and
 * microseconds apart, one second borrowed when the microseconds go
 * negative.  Neither stamp is normalised, so usec may still be out of
 * range; callers cast as scamper's printf arguments do.
 */
void owamp_tv_diff(const warts_tv *from, const warts_tv *to,
                   int64_t *sec, int64_t *usec);

#endif
