/*
 * fp_result.c: a device's results, its verdict and its report.
 */
#include <stdlib.h>
#include <string.h>

#include "fp_result.h"

int fp_result_add(struct fp_result *r, const warts_addr *addr, int test,
                  int responsive)
{
	struct fp_addr_res *e = NULL;

	for (size_t i = 0; i < r->n; i++)
		if (warts_addr_cmp(&r->a[i].addr, addr) == 0) {
			e = &r->a[i];
			break;
		}
	if (e == NULL) {
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 2;
			struct fp_addr_res *a = realloc(r->a, cap * sizeof(*a));
			if (a == NULL)
				return -1;
			r->a = a;
			r->cap = cap;
		}
		e = &r->a[r->n++];
		memset(e, 0, sizeof(*e));
		e->addr = *addr;
	}
	e->tests |= (fp_set)(1u << test);
	if (responsive)
		e->results |= (fp_set)(1u << test);
	r->tests |= (fp_set)(1u << test);
	return 0;
}

static int cmp_addr(const void *a, const void *b)
{
	return warts_addr_cmp(&((const struct fp_addr_res *)a)->addr,
	                      &((const struct fp_addr_res *)b)->addr);
}

void fp_result_sort(struct fp_result *r)
{
	if (r->n > 1)
		qsort(r->a, r->n, sizeof(*r->a), cmp_addr);
}

int fp_result_incongruent(const struct fp_result *r)
{
	for (size_t i = 1; i < r->n; i++)
		if (r->a[i].results != r->a[0].results)
			return 1;
	return 0;
}

fp_set fp_result_differing(const struct fp_result *r)
{
	fp_set any = 0, all = FP_ALL, ran = 0;

	for (size_t i = 0; i < r->n; i++) {
		any |= r->a[i].results;
		ran |= r->a[i].tests;
	}
	/* answered by some; not answered by one that ran the test */
	for (size_t i = 0; i < r->n; i++)
		all &= (fp_set)(r->a[i].results | (fp_set)~r->a[i].tests);
	return (fp_set)(any & ~all & ran);
}

void fp_result_table(FILE *f, struct fp_result *r)
{
	char buf[WARTS_ADDR_STRLEN];
	size_t width = 0, rows = 0;
	fp_set any = 0;

	fp_result_sort(r);
	for (size_t i = 0; i < r->n; i++) {
		size_t len = strlen(warts_addr_tostr(&r->a[i].addr, buf,
		                                     sizeof(buf)));
		if (len > width)
			width = len;
		any |= r->a[i].results;
	}
	for (int t = 0; t < FP_NTESTS; t++)
		if ((r->tests & (1u << t)) && strlen(fp_tests[t].name) > rows)
			rows = strlen(fp_tests[t].name);

	/* test names written downwards, ending on the same row */
	for (size_t row = 0; row < rows; row++) {
		fprintf(f, "%*s :", (int)width, "");
		for (int t = 0; t < FP_NTESTS; t++) {
			size_t len = strlen(fp_tests[t].name);
			if (!(r->tests & (1u << t)))
				continue;
			if (row < rows - len)
				fputs("   ", f);
			else
				fprintf(f, "  %c",
				        fp_tests[t].name[row - (rows - len)]);
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < width + 2; i++)
		fputc('=', f);
	for (int t = 0; t < FP_NTESTS; t++)
		if (r->tests & (1u << t))
			fputs("===", f);
	fputc('\n', f);

	for (size_t i = 0; i < r->n; i++) {
		const struct fp_addr_res *e = &r->a[i];
		fprintf(f, "%*s :", (int)width,
		        warts_addr_tostr(&e->addr, buf, sizeof(buf)));
		for (int t = 0; t < FP_NTESTS; t++) {
			unsigned bit = 1u << t;
			if (!(r->tests & bit))
				continue;
			if (e->results & bit)
				fputs("  O", f);
			else if (!(e->tests & bit))
				fputs("  ?", f);
			else if (any & bit)
				fputs("  X", f);
			else
				fputs("   ", f);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_set(FILE *f, fp_set s)
{
	int first = 1;

	fputc('[', f);
	for (int t = 0; t < FP_NTESTS; t++) {
		if (!(s & (1u << t)))
			continue;
		fprintf(f, "%s\"%s\"", first ? "" : ",", fp_tests[t].name);
		first = 0;
	}
	fputc(']', f);
}

void fp_result_json(FILE *f, struct fp_result *r)
{
	char buf[WARTS_ADDR_STRLEN];

	fp_result_sort(r);
	fprintf(f, "{\"id\":%u,\"name\":", r->id);
	if (r->name != NULL)
		json_str(f, r->name);
	else
		fputs("null", f);
	fputs(",\"tests\":", f);
	json_set(f, r->tests);
	fputs(",\"addresses\":[", f);
	for (size_t i = 0; i < r->n; i++) {
		fprintf(f, "%s{\"addr\":\"%s\",\"tested\":", i ? "," : "",
		        warts_addr_tostr(&r->a[i].addr, buf, sizeof(buf)));
		json_set(f, r->a[i].tests);
		fputs(",\"responsive\":", f);
		json_set(f, r->a[i].results);
		fputc('}', f);
	}
	fprintf(f, "],\"congruent\":%s,\"differing\":",
	        fp_result_incongruent(r) ? "false" : "true");
	json_set(f, fp_result_differing(r));
	fputs("}\n", f);
}

void fp_report(const struct fp_report *rep, struct fp_result *r)
{
	if (r->n == 0)
		return;
	if (rep->incongruent_only && !fp_result_incongruent(r))
		return;
	if (rep->json)
		fp_result_json(rep->out, r);
	else
		fp_result_table(rep->out, r);
}

void fp_result_clear(struct fp_result *r)
{
	free(r->a);
	r->a = NULL;
	r->n = r->cap = 0;
	r->tests = 0;
}
