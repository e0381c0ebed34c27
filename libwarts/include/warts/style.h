/*
 * warts/style.h: which scamper writer an object's encoding imitates.
 *
 * scamper 20211212 and 20260420 differ in when they include a handful of
 * optional fields (warts-types.md, "2021 -> 2026 summary"): ping's stop
 * count and reply IP ids, the quoted ToS of IPv6 trace hops, the times of
 * DNS queries, and a malformed neighbourdisc probe length.  An object
 * carries the style its encoder follows.  The reader sets it from the
 * evidence in the record, so a file read and written back is byte for byte
 * the same; objects built in code default to the newer style.
 */
#ifndef WARTS_STYLE_H
#define WARTS_STYLE_H

enum warts_style {
	WARTS_STYLE_2026 = 0, /* scamper 20260420 and later: the default */
	WARTS_STYLE_2021 = 1, /* scamper 20211212 */
};

#endif
