/*
 * version.c: the library's version, set by the build.
 */
#include "warts/warts.h"

#ifndef WARTS_VERSION_STR
#define WARTS_VERSION_STR "unknown"
#endif

const char *warts_version(void)
{
	return WARTS_VERSION_STR;
}
