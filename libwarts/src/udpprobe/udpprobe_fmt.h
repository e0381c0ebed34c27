/*
 * udpprobe_fmt.h: UDP probes as sc_warts2json and sc_wartsdump print them
 * (sc_warts2text prints nothing for them).
 *
 * The stop reason's name and the time between two stamps are the same in
 * both outputs; udpprobe_fmt.c defines them.
 */
#ifndef WARTS_UDPPROBE_FMT_H
#define WARTS_UDPPROBE_FMT_H

#include <stdint.h>

#include "warts/format.h"
#include "warts/timeval.h"

int udpprobe_json(warts_strbuf *sb, const void *obj, unsigned flags);
int udpprobe_dump(warts_strbuf *sb, const void *obj);

/* "none", "done", "halted", "error", or the number. */
void udpprobe_sb_stop(warts_strbuf *sb, uint8_t stop);

/*
 * to - from as scamper's timeval subtraction computes it: seconds and
 * microseconds apart, one second borrowed when the microseconds go
 * negative.  Neither stamp is normalised, so usec may still be out of
 * range; callers cast as scamper's printf arguments do.
 */
void udpprobe_tv_diff(const warts_tv *from, const warts_tv *to,
                      int64_t *sec, int64_t *usec);

#endif
