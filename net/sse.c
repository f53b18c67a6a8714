/* Server-Sent Events, incrementally, after the WHATWG rules: lines end in
 * CR, LF or CRLF; a blank line ends a record; ":" starts a comment. */
#include <stdlib.h>
#include <string.h>

#include "sse.h"

void
net_sse_init(struct net_sse *p)
{
	memset(p, 0, sizeof *p);
}

void
net_sse_restart(struct net_sse *p)
{
	p->line_len = 0;
	p->data_len = 0;
	p->has_data = false;
	p->event[0] = '\0';
	p->record_id = 0;
	p->after_cr = false;
	p->bom = 0;
}

void
net_sse_free(struct net_sse *p)
{
	free(p->line);
	free(p->data);
	memset(p, 0, sizeof *p);
}

/* Appends n bytes to a growing buffer, keeping room for a NUL; -1 past max. */
static int
grow_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n, size_t max)
{
	if (n > max || *len > max - n)
		return -1;
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 256;
		char *b;

		while (c < *len + n + 1)
			c *= 2;
		b = realloc(*buf, c);
		if (b == NULL)
			return -1;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

/* A decimal id of at most 18 digits; -1 when it is not one. */
static long long
parse_id(const char *s, size_t n)
{
	long long v = 0;
	size_t i;

	if (n == 0 || n > 18)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void
dispatch(struct net_sse *p, net_sse_cb cb, void *arg)
{
	if (p->has_data) {
		static const char empty[] = "";

		cb(arg, p->event[0] ? p->event : "message", p->record_id,
		    p->data ? p->data : empty, p->data_len);
	}
	p->data_len = 0;
	if (p->data)
		p->data[0] = '\0';
	p->has_data = false;
	p->event[0] = '\0';
	p->record_id = 0;
}

/* One whole line (without its end). */
static int
line(struct net_sse *p, const char *s, size_t n, net_sse_cb cb, void *arg)
{
	const char *colon, *value;
	size_t flen, vlen;

	if (n == 0) {
		dispatch(p, cb, arg);
		return 0;
	}
	if (s[0] == ':')
		return 0;	/* a comment: heartbeats, "connected" */
	colon = memchr(s, ':', n);
	flen = colon ? (size_t)(colon - s) : n;
	value = colon ? colon + 1 : s + n;
	vlen = n - (size_t)(value - s);
	if (vlen > 0 && value[0] == ' ') {
		value++;
		vlen--;
	}
	if (flen == 5 && memcmp(s, "event", 5) == 0) {
		if (vlen >= sizeof p->event)
			vlen = sizeof p->event - 1;	/* not a type of ours anyway */
		memcpy(p->event, value, vlen);
		p->event[vlen] = '\0';
	} else if (flen == 4 && memcmp(s, "data", 4) == 0) {
		if (p->has_data && grow_add(&p->data, &p->data_len, &p->data_cap, "\n", 1,
		    NET_SSE_MAX_DATA) != 0)
			return -1;
		if (grow_add(&p->data, &p->data_len, &p->data_cap, value, vlen,
		    NET_SSE_MAX_DATA) != 0)
			return -1;
		p->has_data = true;
	} else if (flen == 2 && memcmp(s, "id", 2) == 0) {
		long long id = parse_id(value, vlen);

		if (id >= 0) {
			p->record_id = id;
			p->last_id = id;
		}
	} else if (flen == 5 && memcmp(s, "retry", 5) == 0) {
		long long ms = parse_id(value, vlen);

		if (ms >= 0)
			p->retry_ms = ms > 3600000 ? 3600000 : (long)ms;
	}
	/* other fields are ignored, as the rules say */
	return 0;
}

int
net_sse_feed(struct net_sse *p, const char *bytes, size_t len, net_sse_cb cb, void *arg)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
	size_t i = 0;

	/* a UTF-8 BOM may open the stream, in pieces */
	while (p->bom < 3 && i < len) {
		if ((unsigned char)bytes[i] != bom[p->bom]) {
			if (p->bom > 0 && grow_add(&p->line, &p->line_len, &p->line_cap,
			    (const char *)bom, p->bom, NET_SSE_MAX_LINE) != 0)
				return -1;
			p->bom = 3;
			break;
		}
		p->bom++;
		i++;
	}
	while (i < len) {
		const char *s = bytes + i, *end = bytes + len, *e;

		if (p->after_cr) {
			p->after_cr = false;
			if (*s == '\n') {
				i++;
				continue;
			}
		}
		for (e = s; e < end && *e != '\n' && *e != '\r'; e++)
			;
		if (grow_add(&p->line, &p->line_len, &p->line_cap, s, (size_t)(e - s),
		    NET_SSE_MAX_LINE) != 0)
			return -1;
		i += (size_t)(e - s);
		if (e == end)
			break;		/* the line goes on in the next read */
		p->after_cr = *e == '\r';
		i++;
		if (line(p, p->line ? p->line : "", p->line_len, cb, arg) != 0)
			return -1;
		p->line_len = 0;
	}
	return 0;
}
