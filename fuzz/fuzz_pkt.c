/*
 * fuzz_pkt.c: libFuzzer target for the prober's packet layer.
 *
 * The input is what a raw socket might hand us.  It goes to pkt_parse4
 * (IPv4, header included) and to pkt_parse6 as ICMPv6, TCP and UDP (IPv6
 * sockets give no header); whatever parses goes to probe_keys_for.  None
 * of it may crash, read out of bounds, leak or hang, a rejection must say
 * why, and what a parse returns must stay inside the input.
 *
 * The same bytes also describe a probe for pkt_build (fields from the
 * first 64 bytes, payload from the rest, into a buffer of a size the
 * input picks): it must refuse or write within the buffer, and what it
 * writes must have lengths that agree and checksums that verify, by this
 * file's own arithmetic, and the wanted checksum when one is asked for.
 *
 *   make fuzz && build/fuzz/fuzz_pkt -max_total_time=1200 \
 *           build/fuzz/corpus-pkt fuzz/seeds-pkt
 *
 * Seeds (fuzz/seeds-pkt/) are written by `build/tests/unit/test_pkt DIR`:
 * the probes, replies and ICMP errors its tests compose.  Inputs that
 * crash it are kept in tests/data/regress-pkt/, which
 * tests/unit/fuzz_pkt_regress replays on every test run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkt/pkt.h"
#include "probe.h"

static uint16_t g16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* ---- parsers ------------------------------------------------------------ */

static void check_rx(const struct pkt_rx *rx, const uint8_t *data,
                     size_t size)
{
	struct probe_key k[4];
	int n;
	volatile uint8_t sink = 0;

	if (rx->rr_count > 9 || rx->ts_count > 9 || rx->ts_addrc > 9 ||
	    rx->ts_addrc > rx->ts_count)
		abort();
	if (rx->has_quote && rx->q.tlen > size)
		abort();
	if (rx->raw != NULL &&
	    (rx->raw < data || rx->raw_len > size ||
	     (size_t)(rx->raw - data) > size - rx->raw_len))
		abort();
	if (rx->ext.count > 0 && rx->ext.ext == NULL)
		abort();
	for (uint16_t i = 0; i < rx->ext.count; i++) {
		const warts_icmpext *e = &rx->ext.ext[i];
		if (e->len > size || (e->len > 0 && e->data == NULL))
			abort();
		/* touch every byte: the sanitizer checks they are ours */
		for (uint16_t j = 0; j < e->len; j++)
			sink ^= e->data[j];
	}
	(void)sink;

	n = probe_keys_for(rx, k);
	if (n < 0 || n > 4)
		abort();
	for (int i = 0; i < n; i++) {
		if (k[i].af != 4 && k[i].af != 6)
			abort();
		if (!rx->has_quote && k[i].proto != rx->proto)
			abort();
	}
}

static void parse(const uint8_t *data, size_t size)
{
	static const uint8_t protos[] = { PKT_ICMP6, PKT_TCP, PKT_UDP };
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 9 };
	static const uint8_t d6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	warts_addr src, dst;
	struct pkt_rx rx;
	const char *why = NULL;

	if (pkt_parse4(data, size, &rx, &why) == 0)
		check_rx(&rx, data, size);
	else if (why == NULL)
		abort();
	pkt_rx_clear(&rx);

	warts_addr_set(&src, WARTS_ADDR_IPV6, s6);
	warts_addr_set(&dst, WARTS_ADDR_IPV6, d6);
	for (size_t i = 0; i < sizeof(protos); i++) {
		why = NULL;
		if (pkt_parse6(data, size, protos[i], &src, &dst, 64, 0, &rx,
		               &why) == 0)
			check_rx(&rx, data, size);
		else if (why == NULL)
			abort();
		pkt_rx_clear(&rx);
	}
}

/* ---- builder ------------------------------------------------------------ */

struct in {
	const uint8_t *p;
	size_t         n, at;
};

static uint8_t u8(struct in *in)
{
	return in->at < in->n ? in->p[in->at++] : 0;
}

static uint16_t u16(struct in *in)
{
	uint16_t v = (uint16_t)(u8(in) << 8);
	return (uint16_t)(v | u8(in));
}

static uint32_t u32(struct in *in)
{
	uint32_t v = (uint32_t)u16(in) << 16;
	return v | u16(in);
}

/* RFC 1071, independently of the code under test */
static uint16_t ocsum(const uint8_t *p, size_t n, uint64_t s)
{
	for (size_t i = 0; i < n; i++)
		s += (i % 2 == 0) ? (uint64_t)p[i] << 8 : p[i];
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return (uint16_t)s;
}

/* The pseudo-header's sum (RFC 768/9293 for v4, RFC 8200 8.1 for v6). */
static uint64_t pseudo(const uint8_t *ip, int v6, uint8_t proto,
                       size_t tlen)
{
	uint8_t b[40];
	memset(b, 0, sizeof(b));
	if (v6) {
		memcpy(b, ip + 8, 32);
		b[32] = (uint8_t)(tlen >> 24);
		b[33] = (uint8_t)(tlen >> 16);
		b[34] = (uint8_t)(tlen >> 8);
		b[35] = (uint8_t)tlen;
		b[39] = proto;
		return ocsum(b, 40, 0);
	}
	memcpy(b, ip + 12, 8);
	b[9] = proto;
	b[10] = (uint8_t)(tlen >> 8);
	b[11] = (uint8_t)tlen;
	return ocsum(b, 12, 0);
}

static void check_built(const struct pkt_probe *p, const uint8_t *b,
                        size_t n)
{
	int v6 = p->dst.type == WARTS_ADDR_IPV6;
	size_t h, tlen;
	uint16_t sum_at;

	if (v6) {
		h = 40;
		if (n < h || b[0] >> 4 != 6 || g16(b + 4) != n - 40 ||
		    b[6] != p->proto)
			abort();
	} else {
		h = (size_t)(b[0] & 15) * 4;
		if (n < 20 || b[0] >> 4 != 4 || h < 20 || h > n ||
		    g16(b + 2) != n || b[9] != p->proto ||
		    ocsum(b, h, 0) != 0xffff)
			abort();
	}
	tlen = n - h;
	switch (p->proto) {
	case PKT_ICMP:
		if (ocsum(b + h, tlen, 0) != 0xffff)
			abort();
		sum_at = 2;
		break;
	case PKT_ICMP6:
	case PKT_TCP:
	case PKT_UDP:
		if (ocsum(b + h, tlen, pseudo(b, v6, p->proto, tlen)) != 0xffff)
			abort();
		sum_at = p->proto == PKT_TCP ? 16 : p->proto == PKT_UDP ? 6 : 2;
		break;
	default:
		abort();
	}
	if (p->proto == PKT_UDP && (g16(b + h + 4) != tlen ||
	                            g16(b + h + 6) == 0))
		abort();
	if (p->want_sum != 0 && g16(b + h + sum_at) != p->want_sum)
		abort();
	if (p->size > n)
		abort();
}

static void build(const uint8_t *data, size_t size)
{
	static const uint8_t protos[] = { PKT_ICMP, PKT_ICMP6, PKT_UDP, PKT_TCP,
	                                  0, 99 };
	struct in in = { data, size < 64 ? size : 64, 0 };
	struct pkt_probe p;
	uint8_t fam, *buf;
	size_t len;
	int n;

	memset(&p, 0, sizeof(p));
	fam = u8(&in);
	/* mostly a sane family pair; sometimes mismatched or not IP */
	p.dst.type = (fam & 1) ? WARTS_ADDR_IPV6 : WARTS_ADDR_IPV4;
	p.src.type = (fam & 0x30) == 0x30 ? WARTS_ADDR_ETHERNET : p.dst.type;
	for (int i = 0; i < 16; i++)
		p.src.bytes[i] = u8(&in);
	for (int i = 0; i < 16; i++)
		p.dst.bytes[i] = (uint8_t)(p.src.bytes[i] ^ 0x5a);
	p.proto = protos[u8(&in) % sizeof(protos)];
	p.ttl = u8(&in);
	p.tos = u8(&in);
	p.ipid = u16(&in);
	p.flow = u32(&in);
	p.frag_off = u16(&in);
	p.df = u8(&in) & 1;
	p.size = u16(&in);
	p.icmp_type = u8(&in);
	p.icmp_code = u8(&in);
	p.icmp_id = u16(&in);
	p.icmp_seq = u16(&in);
	p.icmp_ts_orig = u32(&in);
	p.sport = u16(&in);
	p.dport = u16(&in);
	p.tcp_seq = u32(&in);
	p.tcp_flags = u8(&in);
	p.tcp_mss = u16(&in);
	p.want_sum = u16(&in);
	{
		uint8_t o = u8(&in);
		p.opt_rr = o & 1;
		p.opt_ts = (o >> 1) & 7;          /* 0..7: 4..7 are refused */
		p.ts_addrc = (uint8_t)((o >> 4) % 6);
		for (int i = 0; i < 4; i++) {
			p.ts_addrs[i].type = (o & 0x80) && i == 3 ?
			                     WARTS_ADDR_IPV6 : WARTS_ADDR_IPV4;
			memcpy(p.ts_addrs[i].bytes, p.src.bytes + 4 * i, 4);
		}
	}
	len = u16(&in);
	len = (len & 0x8000) ? 70000 : len % 4096;
	if (size > 64) {
		p.payload = data + 64;
		p.payload_len = (uint16_t)(size - 64 > 65535 ? 65535 : size - 64);
	}
	buf = malloc(len ? len : 1);
	if (buf == NULL)
		return;
	n = pkt_build(&p, buf, len);
	if (n > 0) {
		if ((size_t)n > len)
			abort();
		check_built(&p, buf, (size_t)n);
	} else if (n != -1) {
		abort();
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse(data, size);
	build(data, size);
	return 0;
}
