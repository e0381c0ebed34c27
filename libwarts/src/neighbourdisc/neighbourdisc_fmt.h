/*
 * neighbourdisc_fmt.h: neighbour discovery as sc_warts2json and
 * sc_wartsdump print it (sc_warts2text prints nothing for it).
 */
#ifndef WARTS_NEIGHBOURDISC_FMT_H
#define WARTS_NEIGHBOURDISC_FMT_H

#include "warts/format.h"

int neighbourdisc_json(warts_strbuf *sb, const void *obj, unsigned flags);
int neighbourdisc_dump(warts_strbuf *sb, const void *obj);

#endif
