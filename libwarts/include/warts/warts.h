/*
 * warts/warts.h: everything libwarts offers, in one include.
 *
 * libwarts reads and writes the warts files of the scamper measurement
 * toolkit (warts(5)): every record type scamper has written since 2010,
 * byte for byte.  Start with warts/reader.h and warts/writer.h; each
 * measurement type has its own header describing its struct.
 */
#ifndef WARTS_WARTS_H
#define WARTS_WARTS_H

#include "warts/addr.h"
#include "warts/dealias.h"
#include "warts/decoder.h"
#include "warts/encoder.h"
#include "warts/error.h"
#include "warts/format.h"
#include "warts/host.h"
#include "warts/http.h"
#include "warts/icmpext.h"
#include "warts/list.h"
#include "warts/neighbourdisc.h"
#include "warts/object.h"
#include "warts/owamp.h"
#include "warts/ping.h"
#include "warts/reader.h"
#include "warts/sniff.h"
#include "warts/sting.h"
#include "warts/style.h"
#include "warts/tbit.h"
#include "warts/timeval.h"
#include "warts/trace.h"
#include "warts/tracelb.h"
#include "warts/udpprobe.h"
#include "warts/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH". */
WARTS_API const char *warts_version(void);

#ifdef __cplusplus
}
#endif

#endif
