# Quitting while a decision is still on its way asks first; yes quits at
# once, and cleanly: the decision ends "cancelled", nothing is left over.
comment "Auteur en vol" "tui13 Une décision qui ne revient pas"
report "$id" 1 spam
console a
login moderator
limit '~b tui13'
wait_for "tui13 Une décision"
# the server stops answering (finish lets it go on)
kill -STOP "$(server_pid)"
keys d
wait_for "Reason (Tab completes): "
keys Enter
wait_for "[sending] tui13"
keys Q
wait_for "Actions are in flight. Quit anyway? [y/N]"
keys n
wait_for "Nothing done."
expect "[sending] tui13"
keys Q
wait_for "Actions are in flight. Quit anyway? [y/N]"
keys y
wait_until 5 test -e "$TUI_TMP/a/rc" || fail "the console did not quit"
[ "$(cat "$TUI_TMP/a/rc")" = 0 ] || fail "the console ended with status $(cat "$TUI_TMP/a/rc")"
kill -CONT "$(server_pid)"
