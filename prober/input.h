/*
 * input.h: commands from the command line and from files.
 */
#ifndef PROBER_INPUT_H
#define PROBER_INPUT_H

#include "prober.h"

/*
 * items[0..n): addresses, each probed with command (e.g. "trace -P icmp"),
 * or complete commands when command is NULL.  items must outlive the
 * input.
 */
struct input *input_list(char **items, int n, const char *command);

/* A file ("-" for stdin) of addresses or, with command NULL, commands;
 * NULL if it cannot be opened (errno set). */
struct input *input_file(const char *path, const char *command);

#endif
