/* JSON written by hand where jansson may not go (views/ writing exports):
 * strings escaped as RFC 8259 asks, always valid UTF-8 out. */
#ifndef CORE_JSONW_H
#define CORE_JSONW_H

#include <stdbool.h>
#include <stdio.h>

/*
 * s as a JSON string, quotes included: '"' and '\' escaped, control
 * characters as \n, \r, \t, \b, \f or \u00XX, U+2028 and U+2029 as \u
 * escapes (JavaScript reads them as line ends), and invalid UTF-8 as
 * U+FFFD, so that the output is always valid JSON. NULL writes null.
 * -1 on a write error.
 */
int jsonw_string(FILE *f, const char *s);
/* Whether s is a JSON number as RFC 8259 spells it ("-12", "2500.50", "1e3"). */
bool jsonw_is_number(const char *s);

#endif
