/*
 * warts/export.h: symbol visibility.  The library is built with hidden
 * visibility; only what a public header marks WARTS_API is exported.
 */
#ifndef WARTS_EXPORT_H
#define WARTS_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define WARTS_API __attribute__((visibility("default")))
#else
#define WARTS_API
#endif

#endif
