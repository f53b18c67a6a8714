# The terminal closes under the console (its window is closed) while the
# shell that started it ignores SIGHUP: the console ends by itself, cleanly,
# rather than spinning on a dead terminal.
console a
login moderator
pid=$(cat "$TUI_TMP/a/pid")
tm kill-server
wait_until 5 test -e "$TUI_TMP/a/rc" || {
	cpu=$(ps -o pcpu= -p "$pid")
	fail "the console still runs 5 s after its terminal closed (at $cpu% CPU)"
}
expect_rc=$(cat "$TUI_TMP/a/rc")
[ "$expect_rc" = 0 ] || fail "the console ended with status $expect_rc"
