/* SQL files carried inside pupitred (see tools/embed). */
#ifndef EMBEDDED_H
#define EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;	/* file name, e.g. "001_schema.sql" */
	const char *text;
};

/* The numbered migrations of sql/, in order; ends with a NULL name. */
extern const struct embedded_file embedded_migrations[];
/* The demo-city generator of sql/demo/; ends with a NULL name. */
extern const struct embedded_file embedded_demo[];

#endif
