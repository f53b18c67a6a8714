/* The instruction of proposals from their list (views/instruct.c): each
 * action on the cursor's proposal, or on every tagged one after ';'. */
#ifndef VIEWS_INSTRUCT_H
#define VIEWS_INSTRUCT_H

#include <stdbool.h>

#include "app.h"

void instruct_admissible(struct view *v, bool tagged);
void instruct_inadmissible(struct view *v, bool tagged);
void instruct_assign(struct view *v, bool tagged);
void instruct_select(struct view *v, bool tagged);
void instruct_unselect(struct view *v, bool tagged);
void instruct_stage(struct view *v, bool tagged);

#endif
