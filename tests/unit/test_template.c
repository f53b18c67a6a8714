/* Tests of core/template.c: the texts an admin writes to citizens, the
 * ones the server takes as they are and every mistake the preview names,
 * with where it is. */
#include <stdlib.h>
#include <string.h>

#include "../../core/template.h"
#include "check.h"

/* text has no error */
#define CLEAN(text) do { \
	struct template_error e_[4]; \
	CHECK_INT(template_check((text), e_, 4), 0, "no error: " text); \
} while (0)

/* text has exactly one error, at offset, with that message */
#define ONE(text, off, msg) do { \
	struct template_error e_[4]; \
	size_t n_ = template_check((text), e_, 4); \
	CHECK_INT(n_, 1, "one error: " text); \
	if (n_ >= 1) { \
		CHECK_INT(e_[0].offset, (off), "its offset: " text); \
		CHECK_STR(e_[0].message, (msg), "its message: " text); \
	} \
} while (0)

static void
test_clean(void)
{
	CLEAN("Bonjour {{citizen_name}}, votre proposition n°{{proposal_id}} est {{state}}.");
	CLEAN("{{ citizen_name }}{{proposal_title}}");
	CLEAN("Sans variable du tout.");
	CLEAN("Des accolades à nous : {x} et {} et {personne}.");
	CLEAN("{{agent_name}}\n{{total_cost}} {{edition}} {{district}} {{department}} "
	    "{{stage}} {{merged_into}} {{state_reason}}");
	CHECK(template_is_variable("citizen_name", 12), "citizen_name is known");
	CHECK(!template_is_variable("citizen", 7), "a prefix is not");
	CHECK_INT(template_nvariables, 12, "the server's twelve placeholders");
}

static void
test_preview_errors(void)
{
	ONE("Bonjour {{nom}},", 8, "unknown placeholder {{nom}}");
	ONE("Bonjour {{ Citizen_Name }}", 8, "unknown placeholder {{Citizen_Name}}");
	ONE("Bonjour {{citizen_name,", 8, "“{{” is not closed by “}}”");
	ONE("Bonjour {{citizen_name", 8, "“{{” is not closed by “}}”");
	ONE("{{citizen_name} merci", 0, "“{{” is closed by a single “}”: write “}}”");
	ONE("Vu {{ }} hier", 3, "an empty placeholder: write a name between the braces");
	ONE("Vu {{}}", 3, "an empty placeholder: write a name between the braces");
	ONE("Merci }} beaucoup", 6, "“}}” closes no placeholder");
	ONE("Bonjour {citizen_name}", 8, "{citizen_name} has one brace: write {{citizen_name}}");
	ONE("Bonjour {{{citizen_name}}", 8,
	    "three braces in a row: a placeholder is written {{name}}");
	ONE("   \n\t ", 0, "the text is empty");
	ONE("", 0, "the text is empty");
	/* a "{{" left open before the next one: the next one still counts */
	ONE("{{state puis {{proposal_id}}", 0, "“{{” is not closed by “}}”");
}

static void
test_positions(void)
{
	struct template_error e[4];
	size_t n;

	/* the column counts characters: é is two bytes, one character */
	n = template_check("Élu\nDéjà {{nom}} et {{ville}}", e, 4);
	CHECK_INT(n, 2, "two errors");
	CHECK_INT(e[0].offset, 12, "the first one's offset, in bytes");
	CHECK_INT(e[0].line, 2, "on line 2");
	CHECK_INT(e[0].column, 6, "column 6");
	CHECK_STR(e[1].message, "unknown placeholder {{ville}}", "the second one, in order");
	CHECK_INT(e[1].column, 17, "its column");
	/* more errors than room: all counted, the first ones kept */
	n = template_check("{{a}} {{b}} {{c}} {{d}} {{e}}", e, 2);
	CHECK_INT(n, 5, "five errors counted");
	CHECK_STR(e[1].message, "unknown placeholder {{b}}", "the second kept");
	CHECK_INT(template_check("{{a}}", NULL, 0), 1, "counted with no room at all");
}

static void
test_too_long(void)
{
	size_t size = TEMPLATE_MAX_CHARS * 2 + 2;
	char *s = malloc(size + 1);
	struct template_error e[2];
	size_t i;

	CHECK(s != NULL, "memory");
	if (s == NULL)
		return;
	/* 20,000 characters of two bytes each pass; one more does not */
	for (i = 0; i < TEMPLATE_MAX_CHARS; i++)
		memcpy(s + 2 * i, "é", 2);
	s[2 * TEMPLATE_MAX_CHARS] = '\0';
	CHECK_INT(template_check(s, e, 2), 0, "20,000 characters");
	memcpy(s + 2 * TEMPLATE_MAX_CHARS, "x", 2);
	CHECK_INT(template_check(s, e, 2), 1, "20,001 characters");
	CHECK_STR(e[0].message, "the text is longer than 20000 characters", "said so");
	free(s);
}

int
main(void)
{
	RUN(test_clean);
	RUN(test_preview_errors);
	RUN(test_positions);
	RUN(test_too_long);
	return check_done("template");
}
