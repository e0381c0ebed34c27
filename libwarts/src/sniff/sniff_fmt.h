/*
 * sniff_fmt.h: packet capture as sc_warts2json and sc_wartsdump print it
 * (sc_warts2text prints nothing for it).
 */
#ifndef WARTS_SNIFF_FMT_H
#define WARTS_SNIFF_FMT_H

#include "warts/format.h"

int sniff_json(warts_strbuf *sb, const void *obj, unsigned flags);
int sniff_dump(warts_strbuf *sb, const void *obj);

#endif
