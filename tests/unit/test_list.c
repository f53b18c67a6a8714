/* Tests of core/list.c: the cursor follows its item through limits,
 * removals and sorts; tags by pattern; search wraps; 100,000 items. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../core/list.h"
#include "check.h"

struct report {
	int id;
	int votes;	/* a sort key with ties */
	char body[32];
	bool hidden;
};

#define NREPORTS 10
static struct report reports[NREPORTS];

static struct pattern_item
seen(const struct report *r)
{
	struct pattern_item m;

	memset(&m, 0, sizeof m);
	m.body = r->body;
	m.hidden = r->hidden;
	m.reports = r->votes;
	m.cost_cents = -1;
	return m;
}

/* Ten reports: bodies "report N even|odd", votes N % 3. */
static void
fill(struct list *l)
{
	struct pattern_item m;
	int i;

	list_init(l);
	for (i = 0; i < NREPORTS; i++) {
		reports[i].id = i;
		reports[i].votes = i % 3;
		reports[i].hidden = false;
		snprintf(reports[i].body, sizeof reports[i].body, "report %d %s", i,
		    i % 2 == 0 ? "even" : "odd");
		m = seen(&reports[i]);
		if (list_append(l, &reports[i], &m) != 0)
			printf("not ok - append failed\n");
	}
}

static struct pattern *
compile(const char *src)
{
	struct pattern_error err;
	struct pattern *p = pattern_compile(src, time(NULL), &err);

	if (p == NULL)
		printf("not ok - \"%s\": %s\n", src, err.message);
	return p;
}

/* The id of the item under the cursor, or -1. */
static int
current(struct list *l)
{
	struct list_entry *e = list_current(l);

	return e == NULL ? -1 : ((struct report *)e->item)->id;
}

/* The ids of the visible rows, as "0 2 4". */
static const char *
rows(const struct list *l)
{
	static char buf[256];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < l->nvisible && n < sizeof buf - 8; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, i ? " %d" : "%d",
		    ((struct report *)l->entries[l->visible[i]].item)->id);
	return buf;
}

static void
test_moves(void)
{
	struct list l;

	list_init(&l);
	CHECK(list_current(&l) == NULL, "an empty list has no current item");
	list_move(&l, 3);
	CHECK_INT(l.cursor, 0, "moving in an empty list stays at 0");
	CHECK(!list_search(&l, NULL, true), "searching an empty list finds nothing");
	list_free(&l);

	fill(&l);
	CHECK_INT(l.count, 10, "ten items");
	CHECK_STR(rows(&l), "0 1 2 3 4 5 6 7 8 9", "all visible without a limit");
	CHECK_INT(current(&l), 0, "the cursor starts on the first");
	list_move(&l, 3);
	CHECK_INT(current(&l), 3, "down 3");
	list_move(&l, -1);
	CHECK_INT(current(&l), 2, "up 1");
	list_move(&l, 100);
	CHECK_INT(current(&l), 9, "down past the end stops on the last");
	list_move(&l, -100);
	CHECK_INT(current(&l), 0, "up past the top stops on the first");
	list_move(&l, -2147483647L - 1);
	CHECK_INT(current(&l), 0, "the most negative move");
	list_goto(&l, 7);
	CHECK_INT(current(&l), 7, "goto 7");
	list_goto(&l, 1000);
	CHECK_INT(current(&l), 9, "goto past the end: the last");
	CHECK(list_find(&l, &reports[4]) == &l.entries[4], "find by item");
	CHECK(list_find(&l, &l) == NULL, "find something not there");
	list_free(&l);
	CHECK(l.entries == NULL && l.count == 0, "free leaves an empty list");
}

static void
test_limit(void)
{
	struct list l;
	struct pattern_item m;

	fill(&l);
	list_goto(&l, 4);
	list_set_limit(&l, compile("~b even"));
	CHECK_STR(rows(&l), "0 2 4 6 8", "limit to even");
	CHECK_INT(current(&l), 4, "the cursor stays on 4, still visible");
	CHECK_INT(l.cursor, 2, "now on row 2");

	list_set_limit(&l, NULL);
	CHECK_STR(rows(&l), "0 1 2 3 4 5 6 7 8 9", "no limit: all again");
	CHECK_INT(current(&l), 4, "still on 4");

	list_goto(&l, 3);
	list_set_limit(&l, compile("~b even"));
	CHECK_INT(current(&l), 4, "3 is hidden: the cursor goes to the next visible");
	list_set_limit(&l, NULL);
	list_goto(&l, 9);
	list_set_limit(&l, compile("~b even"));
	CHECK_INT(current(&l), 8, "the last is hidden: the cursor goes to the one before");

	list_set_limit(&l, compile("~b nothing"));
	CHECK_INT(l.nvisible, 0, "a limit that matches nothing");
	CHECK(list_current(&l) == NULL, "no current item");
	list_move(&l, 1);
	CHECK(list_current(&l) == NULL, "moving shows nothing");
	list_set_limit(&l, NULL);
	CHECK_INT(current(&l), 0, "from nothing back to all: the first");

	/* Appending under a limit. */
	list_set_limit(&l, compile("~b odd"));
	CHECK_STR(rows(&l), "1 3 5 7 9", "limit to odd");
	list_goto(&l, 2);
	{
		static struct report extra[2] = {
			{ 10, 0, "report 10 even", false }, { 11, 0, "report 11 odd", false },
		};

		m = seen(&extra[0]);
		CHECK_INT(list_append(&l, &extra[0], &m), 0, "append an even one");
		m = seen(&extra[1]);
		CHECK_INT(list_append(&l, &extra[1], &m), 0, "append an odd one");
		CHECK_STR(rows(&l), "1 3 5 7 9 11", "only the matching one shows");
		CHECK_INT(l.count, 12, "both are in the list");
		CHECK_INT(current(&l), 5, "appending does not move the cursor");
	}

	/* Match data changed: refresh. */
	list_set_limit(&l, compile("!~h"));
	list_goto(&l, 5);
	reports[5].hidden = true;
	l.entries[5].match = seen(&reports[5]);
	reports[2].hidden = true;
	l.entries[2].match = seen(&reports[2]);
	list_refresh(&l);
	CHECK_STR(rows(&l), "0 1 3 4 6 7 8 9 10 11", "refresh hides what became hidden");
	CHECK_INT(current(&l), 6, "the cursor's item became hidden: the next one");
	list_free(&l);
}

static void
test_remove(void)
{
	struct list l;

	fill(&l);
	list_goto(&l, 4);
	CHECK(list_remove(&l, &reports[4]), "remove the current item");
	CHECK_STR(rows(&l), "0 1 2 3 5 6 7 8 9", "it is gone");
	CHECK_INT(current(&l), 5, "the cursor is on the next one");
	CHECK(list_remove(&l, &reports[1]), "remove one above the cursor");
	CHECK_INT(current(&l), 5, "the cursor stays on its item");
	CHECK(list_remove(&l, &reports[8]), "remove one below the cursor");
	CHECK_INT(current(&l), 5, "the cursor stays on its item");
	CHECK(!list_remove(&l, &reports[8]), "removing twice says it was not there");
	list_goto(&l, 100);
	CHECK_INT(current(&l), 9, "on the last");
	CHECK(list_remove(&l, &reports[9]), "remove the last, current");
	CHECK_INT(current(&l), 7, "the cursor goes to the one before");
	CHECK_STR(rows(&l), "0 2 3 5 6 7", "what is left");

	/* Removing an item hidden by the limit keeps the cursor on its item. */
	list_set_limit(&l, compile("~b even"));
	list_goto(&l, 2);
	CHECK_INT(current(&l), 6, "on 6");
	CHECK(list_remove(&l, &reports[3]), "remove an invisible item");
	CHECK_INT(current(&l), 6, "still on 6");
	CHECK_STR(rows(&l), "0 2 6", "the visible rows");
	list_set_limit(&l, NULL);
	CHECK_STR(rows(&l), "0 2 5 6 7", "the entries");
	CHECK_INT(current(&l), 6, "and on 6");
	while (l.count > 0)
		list_remove(&l, l.entries[0].item);
	CHECK(list_current(&l) == NULL, "all removed");
	list_free(&l);
}

static bool
gone_even(const void *item, void *ctx)
{
	(void)ctx;
	return ((const struct report *)item)->id % 2 == 0;
}

static bool
gone_all(const void *item, void *ctx)
{
	(void)item;
	return ++*(int *)ctx > 0;
}

static void
test_remove_if(void)
{
	struct list l;
	int calls = 0;

	fill(&l);
	list_goto(&l, 4);
	l.top = 3;
	CHECK_INT(list_remove_if(&l, gone_even, NULL), 5, "five even ones removed");
	CHECK_STR(rows(&l), "1 3 5 7 9", "the odd ones are left");
	CHECK_INT(current(&l), 5, "the cursor's item went: the next one");
	CHECK_INT(l.top, 1, "the top row stays on its item (3)");
	CHECK(list_find(&l, &reports[3]) == &l.entries[1], "entries are compacted");
	list_free(&l);

	fill(&l);
	list_set_limit(&l, compile("~b odd"));
	list_goto(&l, 4);
	CHECK_INT(current(&l), 9, "on 9 under the limit");
	CHECK_INT(list_remove_if(&l, gone_even, NULL), 5, "remove hidden items");
	CHECK_INT(current(&l), 9, "the cursor stays on 9");
	CHECK_STR(rows(&l), "1 3 5 7 9", "visible rows unchanged");
	list_goto(&l, 4);
	CHECK_INT(list_remove_if(&l, gone_all, &calls), 5, "remove all");
	CHECK_INT(calls, 5, "gone is asked once an item");
	CHECK(list_current(&l) == NULL, "nothing left");
	CHECK_INT(l.cursor, 0, "the cursor is back at 0");
	list_free(&l);
}

static void
test_tags(void)
{
	struct list l;
	struct pattern *p;

	fill(&l);
	p = compile("~b even");
	CHECK_INT(list_tag_matching(&l, p, true), 5, "tag the even ones");
	CHECK_INT(list_tagged_count(&l), 5, "five tagged");
	CHECK_INT(list_tag_matching(&l, p, true), 0, "tagging again changes nothing");
	pattern_free(p);
	CHECK(l.entries[4].tagged && !l.entries[5].tagged, "the right ones");

	p = compile("~n 0");	/* votes 0: items 0 3 6 9 */
	CHECK_INT(list_tag_matching(&l, p, false), 2, "untag 0 and 6");
	CHECK_INT(list_tagged_count(&l), 3, "2 4 8 stay tagged");
	pattern_free(p);

	/* Only visible items are tagged; hidden tags stay and count. */
	list_set_limit(&l, compile("~b odd"));
	p = compile("report");
	CHECK_INT(list_tag_matching(&l, p, true), 5, "tag all visible (odd)");
	CHECK_INT(list_tagged_count(&l), 8, "3 even + 5 odd");
	pattern_free(p);
	CHECK(list_remove(&l, &reports[1]), "remove a tagged item");
	CHECK_INT(list_tagged_count(&l), 7, "its tag goes with it");
	list_free(&l);
}

static void
test_search(void)
{
	struct list l;
	struct pattern *p;

	fill(&l);
	p = compile("~n 2");	/* votes 2: items 2 5 8 */
	CHECK(list_search(&l, p, true), "search forward");
	CHECK_INT(current(&l), 2, "finds 2");
	CHECK(list_search(&l, p, true), "again");
	CHECK_INT(current(&l), 5, "finds 5");
	list_search(&l, p, true);
	CHECK(list_search(&l, p, true), "past the last");
	CHECK_INT(current(&l), 2, "wraps to 2");
	CHECK(list_search(&l, p, false), "backward");
	CHECK_INT(current(&l), 8, "wraps back to 8");
	CHECK(list_search(&l, p, false), "backward again");
	CHECK_INT(current(&l), 5, "finds 5");
	pattern_free(p);

	p = compile("~b \"report 7\"");
	list_goto(&l, 7);
	CHECK(list_search(&l, p, true), "the cursor's own item is found last");
	CHECK_INT(current(&l), 7, "and stays");
	pattern_free(p);

	p = compile("~b nowhere");
	list_goto(&l, 3);
	CHECK(!list_search(&l, p, true), "no match");
	CHECK_INT(current(&l), 3, "the cursor does not move");
	pattern_free(p);

	list_set_limit(&l, compile("~b odd"));
	p = compile("~n 2");
	list_goto(&l, 0);
	CHECK(list_search(&l, p, true), "search under a limit");
	CHECK_INT(current(&l), 5, "only visible items: 5, not 2");
	pattern_free(p);
	list_free(&l);
}

static int
by_votes(const void *a, const void *b)
{
	const struct report *x = a, *y = b;

	return (x->votes > y->votes) - (x->votes < y->votes);
}

static int
by_id_desc(const void *a, const void *b)
{
	const struct report *x = a, *y = b;

	return (y->id > x->id) - (y->id < x->id);
}

static void
test_sort(void)
{
	struct list l;

	fill(&l);
	list_goto(&l, 4);
	l.top = 2;
	list_sort(&l, by_votes);
	CHECK_STR(rows(&l), "0 3 6 9 1 4 7 2 5 8", "by votes, ties in their order");
	CHECK_INT(current(&l), 4, "the cursor stays on 4");
	CHECK_INT(l.cursor, 5, "now on row 5");
	CHECK_INT(l.cursor - l.top, 2, "on the same screen row");
	list_sort(&l, by_id_desc);
	CHECK_STR(rows(&l), "9 8 7 6 5 4 3 2 1 0", "by id, descending");
	CHECK_INT(current(&l), 4, "still on 4");

	list_set_limit(&l, compile("~b even"));
	list_goto(&l, 0);
	CHECK_INT(current(&l), 8, "on 8");
	list_sort(&l, by_votes);
	CHECK_STR(rows(&l), "6 0 4 8 2", "sorting keeps the limit; ties keep the order");
	CHECK_INT(current(&l), 8, "still on 8");
	list_set_limit(&l, NULL);
	CHECK_STR(rows(&l), "9 6 3 0 7 4 1 8 5 2", "the hidden ones were sorted too");
	list_free(&l);
}

static void
test_scroll(void)
{
	struct list l;

	fill(&l);
	list_scroll(&l, 4);
	CHECK_INT(l.top, 0, "at the top");
	list_goto(&l, 6);
	list_scroll(&l, 4);
	CHECK_INT(l.top, 3, "the cursor on the last row of the window");
	list_goto(&l, 1);
	list_scroll(&l, 4);
	CHECK_INT(l.top, 1, "the cursor on the first row");
	list_goto(&l, 9);
	list_scroll(&l, 4);
	CHECK_INT(l.top, 6, "at the end");
	list_scroll(&l, 20);
	CHECK_INT(l.top, 0, "a window taller than the list");
	list_goto(&l, 9);
	list_scroll(&l, 4);
	list_set_limit(&l, compile("~b \"report [0-4]\""));
	list_scroll(&l, 4);
	CHECK_INT(l.top, 1, "the list shrank: the window stays full");
	CHECK_INT(current(&l), 4, "on the last visible");
	list_scroll(&l, 0);
	CHECK_INT(l.top, 1, "no window: nothing changes");
	list_free(&l);
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool
gone_tenth(const void *item, void *ctx)
{
	(void)ctx;
	return ((const struct report *)item)->id % 10 == 0;
}

/* A 100,000-report queue: append, limit, sort, bulk removal. */
static void
test_speed(void)
{
	int n = getenv("VALGRIND") != NULL ? 10000 : 100000, i;
	struct report *many = calloc((size_t)n, sizeof *many);
	struct pattern_item m;
	struct list l;
	double t;
	int bad = 0;

	if (many == NULL) {
		printf("not ok - out of memory\n");
		check_failed++;
		return;
	}
	list_init(&l);
	for (i = 0; i < n; i++) {
		many[i].id = i;
		many[i].votes = (i * 7919) % 1000;
		snprintf(many[i].body, sizeof many[i].body, "report %d %s", i,
		    i % 100 == 0 ? "spam" : "ok");
	}
	t = seconds();
	for (i = 0; i < n; i++) {
		m = seen(&many[i]);
		bad += list_append(&l, &many[i], &m) != 0;
	}
	t = seconds() - t;
	printf("# list_append: %d items in %.1f ms\n", n, t * 1e3);
	CHECK_INT(bad, 0, "every append succeeds");
	CHECK_INT(l.nvisible, n, "all visible");

	list_goto(&l, 500);
	t = seconds();
	list_set_limit(&l, compile("~b spam"));
	t = seconds() - t;
	printf("# list_set_limit ~b spam: %d items in %.1f ms\n", n, t * 1e3);
	CHECK_INT(l.nvisible, n / 100, "one in a hundred");
	CHECK_INT(current(&l), 500, "the cursor kept its item");

	list_set_limit(&l, NULL);
	t = seconds();
	list_sort(&l, by_votes);
	t = seconds() - t;
	printf("# list_sort: %d items in %.1f ms\n", n, t * 1e3);
	CHECK_INT(current(&l), 500, "the cursor kept its item through the sort");
	for (i = 1; i < n; i++)
		bad += by_votes(l.entries[i - 1].item, l.entries[i].item) > 0;
	CHECK_INT(bad, 0, "sorted");

	{
		size_t r = l.cursor;

		while (r < l.nvisible && gone_tenth(l.entries[l.visible[r]].item, NULL))
			r++;
		i = ((struct report *)l.entries[l.visible[r]].item)->id;
	}
	t = seconds();
	CHECK_INT(list_remove_if(&l, gone_tenth, NULL), n / 10, "a tenth removed");
	t = seconds() - t;
	printf("# list_remove_if: a tenth of %d items in %.1f ms\n", n, t * 1e3);
	CHECK_INT(current(&l), i, "the cursor's item went: the next one in display order");
	list_free(&l);
	free(many);
}

int
main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	RUN(test_moves);
	RUN(test_limit);
	RUN(test_remove);
	RUN(test_remove_if);
	RUN(test_tags);
	RUN(test_search);
	RUN(test_sort);
	RUN(test_scroll);
	RUN(test_speed);
	return check_done("list");
}
