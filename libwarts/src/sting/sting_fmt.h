/*
 * sting_fmt.h: Sting as sc_warts2json, sc_warts2text and sc_wartsdump
 * print it.
 */
#ifndef WARTS_STING_FMT_H
#define WARTS_STING_FMT_H

#include "warts/format.h"

int sting_json(warts_strbuf *sb, const void *obj, unsigned flags);
int sting_text(warts_strbuf *sb, const void *obj);
int sting_dump(warts_strbuf *sb, const void *obj);

#endif
