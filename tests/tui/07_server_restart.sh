# The server dies (SIGKILL) under an open console and comes back on the
# same port: the console says so, keeps answering keys, goes live again
# by itself, and decides again.
comment "Auteur panne" "tui07 Commentaire signalé pendant la panne"
report "$id" 1 spam
console a
login moderator
limit '~b tui07|~n 2'
wait_for "tui07 Commentaire"
wait_cursor 2

server_kill KILL
wait_for "moderator · disconnected" 5
wait_for "disconnected: cannot reach the server"
keys j
wait_cursor 3
keys k
wait_cursor 2
server_start || fail "the server did not start again on port $TUI_PORT"
wait_for "moderator · live" 15
wait_cursor 2
expect_line 2 'tui07 Commentaire'
keys d
wait_for "Reason (Tab completes): "
keys Enter
wait_for "hidden: 1 done, 0 already decided, 0 refused"
expect_db "select hidden, (select login from agents where id = moderated_by)
	from comments where id = $id" "t|moderator"
quit
