/* The text of an answer to citizens, checked before it goes out: the
 * {{placeholders}} the server fills in (sql/009_api_answers.sql), each
 * mistake found with where it is and what to write instead. */
#ifndef CORE_TEMPLATE_H
#define CORE_TEMPLATE_H

#include <stddef.h>

/* The longest text the server takes, in characters. */
#define TEMPLATE_MAX_CHARS 20000

/* The placeholders the server knows, in the order it lists them. */
extern const char *const template_variables[];
extern const size_t template_nvariables;

struct template_error {
	size_t offset;		/* in bytes from the start of the text */
	size_t line, column;	/* of offset, from 1; the column counts characters */
	char message[200];	/* a sentence for people, translated */
};

/*
 * Checks text as the server would read it: every {{name}} one of
 * template_variables (spaces inside the braces allowed), no "{{" left
 * open, no "}}" closing nothing, no {name} written with one brace, not
 * empty, not too long. Fills up to max errors, in the order of the text,
 * and returns how many there are in all (0: the text can be sent).
 */
size_t template_check(const char *text, struct template_error *errors, size_t max);

/* Whether name (without braces or spaces) is a placeholder the server knows. */
int template_is_variable(const char *name, size_t len);

#endif
