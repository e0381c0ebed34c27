/*
 * fp_devices.h: the devices of an input file, held compactly.
 *
 * A device is a name (optional) and the addresses to test.  The input
 * may hold hundreds of thousands of devices, so they live in one arena:
 * an entry per address (its bytes and input line) and a small record per
 * device; a device's results are only kept while it is being tested.
 *
 * Input formats:
 *   rows (default)   [name] address address ...     one device per line
 *   tuples           name address                   a device per name
 * '#' starts a comment; blank lines are skipped.  An address may appear
 * only once in the whole input.
 */
#ifndef FP_DEVICES_H
#define FP_DEVICES_H

#include <stdint.h>
#include <stdio.h>

#include "warts/addr.h"

struct fp_dev {
	uint32_t addrs;   /* arena offset of the first address entry */
	uint32_t name;    /* arena offset of the name, or FP_NONAME */
	uint32_t line;    /* input line the device begins on */
	uint16_t naddr;
};

#define FP_NONAME UINT32_MAX

struct fp_devices {
	struct fp_dev *dev;
	size_t         n, cap;
	uint8_t       *arena;
	size_t         len, alloc;
};

/*
 * Read devices from f (named path in messages).  Returns 0, or -1 with a
 * message naming the line ("devices.txt:12: 192.0.2.1 is also on line
 * 3").  d starts zeroed; free it with fp_devices_free either way.
 */
int fp_devices_read(struct fp_devices *d, FILE *f, const char *path,
                    int tuples, char *err, size_t errlen);

/* The device's name, or NULL. */
const char *fp_dev_name(const struct fp_devices *d, size_t i);

/* Copy up to max of the device's addresses; returns how many it has. */
size_t fp_dev_addrs(const struct fp_devices *d, size_t i, warts_addr *out,
                    size_t max);

void fp_devices_free(struct fp_devices *d);

#endif
