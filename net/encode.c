/* Request bodies and query strings, times in ISO 8601, idempotency keys. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../core/i18n.h"
#include "codec.h"

/* ---- times ---------------------------------------------------------------- */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil): timegm is not in POSIX. */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* n digits of s as a number; -1 when they are not all digits. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
net_parse_time(const char *s, time_t *out)
{
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 1;
	long long t;

	if (s == NULL || strlen(s) < 19)
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec > 60 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return -1;
	s += 19;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		if ((oh = digits(s + 1, 2)) < 0 || oh > 23)
			return -1;
		s += 3;
		if (*s == ':')
			s++;
		if (*s != '\0') {
			if ((om = digits(s, 2)) < 0 || om > 59)
				return -1;
			s += 2;
			/* PostgreSQL writes seconds of historical offsets: +00:09:21 */
			if (*s == ':' && digits(s + 1, 2) >= 0)
				s += 3;
		}
	} else {
		return -1;
	}
	if (*s != '\0')
		return -1;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL + h * 3600LL + mi * 60LL + sec;
	t -= sign * (oh * 3600LL + om * 60LL);
	*out = (time_t)t;
	return 0;
}

void
net_format_time(time_t t, char out[21])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}

/* ---- idempotency keys ------------------------------------------------------- */

int
net_random_key(char out[33], struct net_error *err)
{
	unsigned char bytes[16];
	size_t got = 0;
	int fd, i;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		net_error_set(err, 0, "random", false,
		    _("cannot read /dev/urandom for a request key: %s"), strerror(errno));
		return -1;
	}
	while (got < sizeof bytes) {
		ssize_t n = read(fd, bytes + got, sizeof bytes - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			net_error_set(err, 0, "random", false, "%s",
			    _("cannot read /dev/urandom for a request key"));
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", bytes[i]);
	return 0;
}

/* ---- bodies --------------------------------------------------------------------- */

static char *
dump(json_t *root, struct net_error *err)
{
	char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;

	json_decref(root);
	if (s == NULL)
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
	return s;
}

/* A JSON string of s, or NULL with err set to why when s is not UTF-8. */
static json_t *
text(const char *s, const char *why, struct net_error *err)
{
	json_t *v = json_string(s);

	if (v == NULL)
		net_error_set(err, 0, "invalid", false, "%s", why);
	return v;
}

char *
net_encode_login(const char *login, const char *password, struct net_error *err)
{
	json_t *root, *l, *p;

	if (login == NULL || password == NULL || login[0] == '\0') {
		net_error_set(err, 0, "invalid", false, "%s", _("give a login and a password"));
		return NULL;
	}
	if ((l = text(login, _("the login is not valid UTF-8"), err)) == NULL)
		return NULL;
	if ((p = text(password, _("the password is not valid UTF-8"), err)) == NULL) {
		json_decref(l);
		return NULL;
	}
	root = json_object();
	if (root == NULL || json_object_set_new(root, "login", l) != 0) {
		json_decref(root);
		json_decref(p);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return NULL;
	}
	if (json_object_set_new(root, "password", p) != 0) {
		json_decref(root);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return NULL;
	}
	return dump(root, err);
}

/* Sets key to v (taken) in obj; false when memory ran out or v is NULL. */
static bool
set(json_t *obj, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(obj, key, v) == 0;
}

char *
net_encode_decide(const struct net_decide_request *r, struct net_error *err)
{
	struct net_error why = { 0, "", "", false };
	json_t *root, *items, *it;
	char until[21];
	size_t i;

	if (r == NULL || (unsigned)r->action >= NET_ACTIONS) {
		net_error_set(err, 0, "invalid", false, "%s", _("unknown moderation action"));
		return NULL;
	}
	if (r->count == 0 || r->items == NULL) {
		net_error_set(err, 0, "invalid", false, "%s", _("no item to act on"));
		return NULL;
	}
	if (r->count > 10000) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("at most 10,000 items at once: limit the list first"));
		return NULL;
	}
	if (r->action == NET_HIDE && (r->reason == NULL || r->reason[0] == '\0')) {
		net_error_set(err, 0, "invalid", false, "%s", _("hiding needs a reason"));
		return NULL;
	}
	if (r->action == NET_BLOCK && (r->justification == NULL || r->justification[0] == '\0' ||
	    r->until <= 0)) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("blocking needs an end date and a justification"));
		return NULL;
	}
	root = json_object();
	items = json_array();
	if (root == NULL || items == NULL) {
		json_decref(root);
		json_decref(items);
		goto nomem_only;
	}
	/* json_object_set_new takes items even when it fails */
	if (json_object_set_new(root, "items", items) != 0 ||
	    !set(root, "action", json_string(net_action_names[r->action])))
		goto nomem;
	for (i = 0; i < r->count; i++) {
		const struct net_item_ref *ref = &r->items[i];

		if ((unsigned)ref->target.type > NET_PROPOSAL || ref->target.id <= 0 ||
		    ref->version < 0) {
			json_decref(root);
			net_error_set(err, 0, "invalid", false,
			    _("item %zu is not a comment or proposal with an id"), i + 1);
			return NULL;
		}
		it = json_pack("{s:s, s:I, s:i}", "type", net_target_names[ref->target.type],
		    "id", (json_int_t)ref->target.id, "version", ref->version);
		if (it == NULL || json_array_append_new(items, it) != 0)
			goto nomem;
	}
	if (r->action == NET_HIDE &&
	    !set(root, "reason", text(r->reason, _("the reason is not valid UTF-8"), &why)))
		goto bad;
	if (r->action == NET_BLOCK) {
		net_format_time(r->until, until);
		if (!set(root, "until", json_string(until)) ||
		    !set(root, "justification", text(r->justification,
			_("the justification is not valid UTF-8"), &why)) ||
		    !set(root, "hide_all", json_boolean(r->hide_all)))
			goto bad;
	}
	if (r->note != NULL && r->note[0] != '\0' &&
	    !set(root, "note", text(r->note, _("the note is not valid UTF-8"), &why)))
		goto bad;
	return dump(root, err);
bad:
	if (why.code[0] != '\0') {
		json_decref(root);
		if (err != NULL)
			*err = why;
		return NULL;
	}
nomem:
	json_decref(root);
nomem_only:
	net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
	return NULL;
}

/* ---- query strings ------------------------------------------------------------- */

struct buf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 128;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (p == NULL) {
			b->failed = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Adds &key=value, value percent-encoded. */
static void
buf_param(struct buf *b, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	if (b->len > 0)
		buf_add(b, "&", 1);
	buf_add(b, key, strlen(key));
	buf_add(b, "=", 1);
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_add(b, (const char *)p, 1);
		} else {
			char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			buf_add(b, esc, 3);
		}
	}
}

static const char *const sort_names[] = { "recent", "count", "oldest" };

char *
net_encode_queue_query(const struct net_queue_filter *f, struct net_error *err)
{
	struct buf b = { NULL, 0, 0, false };
	char num[32];

	if (f->type < 0 || f->type > 2 || f->reason < 0 || f->reason > NET_REASONS ||
	    (unsigned)f->sort > NET_SORT_OLDEST || f->limit > 1000 || f->min_reports < 0) {
		net_error_set(err, 0, "invalid", false, "%s", _("a filter of the queue is out of range"));
		return NULL;
	}
	buf_param(&b, "sort", sort_names[f->sort]);
	if (f->type > 0)
		buf_param(&b, "type", net_target_names[f->type - 1]);
	if (f->reason > 0)
		buf_param(&b, "reason", net_reason_names[f->reason - 1]);
	if (f->hidden != 0)
		buf_param(&b, "hidden", f->hidden > 0 ? "true" : "false");
	if (f->escalated != 0)
		buf_param(&b, "escalated", f->escalated > 0 ? "true" : "false");
	if (f->min_reports > 0) {
		snprintf(num, sizeof num, "%ld", f->min_reports);
		buf_param(&b, "min_reports", num);
	}
	if (f->limit > 0) {
		snprintf(num, sizeof num, "%u", f->limit);
		buf_param(&b, "limit", num);
	}
	if (f->cursor != NULL && f->cursor[0] != '\0')
		buf_param(&b, "cursor", f->cursor);
	if (b.failed) {
		free(b.s);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return NULL;
	}
	return b.s;
}

static const char *const proposal_sort_names[] = { "id", "recent", "supports" };

char *
net_encode_proposal_query(const struct net_proposal_filter *f, struct net_error *err)
{
	const struct {
		const char *key, *value;
	} texts[] = {
		{ "state", f->state }, { "stage", f->stage }, { "district", f->district },
		{ "department", f->department }, { "theme", f->theme },
		{ "referent", f->referent }, { "q", f->q },
	};
	struct buf b = { NULL, 0, 0, false };
	char num[32];
	size_t i;

	if ((unsigned)f->sort > NET_PROPOSAL_SORT_SUPPORTS || f->limit > 1000 ||
	    f->needs_answer < -1 || f->needs_answer > 1 || f->edition < 0) {
		net_error_set(err, 0, "invalid", false, "%s",
		    _("a filter of the list of proposals is out of range"));
		return NULL;
	}
	buf_param(&b, "sort", proposal_sort_names[f->sort]);
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (texts[i].value != NULL && texts[i].value[0] != '\0')
			buf_param(&b, texts[i].key, texts[i].value);
	if (f->edition > 0) {
		snprintf(num, sizeof num, "%d", f->edition);
		buf_param(&b, "edition", num);
	}
	if (f->needs_answer != 0)
		buf_param(&b, "needs_answer", f->needs_answer > 0 ? "true" : "false");
	if (f->mine)
		buf_param(&b, "mine", "true");
	if (f->stalled)
		buf_param(&b, "stalled", "true");
	if (f->limit > 0) {
		snprintf(num, sizeof num, "%u", f->limit);
		buf_param(&b, "limit", num);
	}
	if (f->cursor != NULL && f->cursor[0] != '\0')
		buf_param(&b, "cursor", f->cursor);
	if (b.failed) {
		free(b.s);
		net_error_set(err, 0, "nomem", false, "%s", _("out of memory"));
		return NULL;
	}
	return b.s;
}
