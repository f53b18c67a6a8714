/* Leaving the screen to another program (the editor of an answer) and
 * coming back to it as it was. */
#ifndef TUI_SUSPEND_H
#define TUI_SUSPEND_H

#include <stdbool.h>
#include <stddef.h>

/* Gives the terminal back as the shell had it; -1 when there is no
 * terminal to give (a scripted run draws in memory only). */
int tui_suspend(void);
/* Takes the terminal again and redraws everything. */
void tui_resume(void);

/*
 * Runs command, shell words ("vim -c 'set tw=72'"), with arg after them
 * as one more argument, on the terminal,
 * the screen suspended meanwhile, and waits for it. ^C reaches the
 * program, not the console. Returns its exit status, or -1 with why
 * filled when it could not run (no terminal, fork failed, killed).
 */
int tui_run_command(const char *command, const char *arg, char *why, size_t size);

#endif
