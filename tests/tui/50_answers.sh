# An admin answers 200 citizens whose proposals were declared inadmissible:
# tags them, chooses the template with Tab, reads the preview, sends. The
# server dies while the send waits in the database (which still applies
# it): the console says the answers are not confirmed and keeps them; once
# the server is back, ;r sends them again with the same key, and each
# citizen has exactly one answer. Then one answer written in the editor,
# a mistake in it shown first.

# 200 citizens, each the author of one inadmissible proposal
sql "insert into citizens (external_id, display_name)
	select 'tui50-' || lpad(g::text, 3, '0'), 'Citoyenne Cinquante ' || lpad(g::text, 3, '0')
	from generate_series(1, 200) g" || fail "citizens"
sql "insert into proposals (edition, title, body, author_id, district_id, state, state_reason)
	select (select max(year) from editions), 'tui50 Proposition ' || substr(c.external_id, 7),
		'Un banc.', c.id, (select min(id) from districts), 'inadmissible',
		'hors des compétences de la Ville'
	from citizens c where c.external_id like 'tui50-%' order by c.external_id" || fail "proposals"
# db_is SQL VALUE: the query's answer is VALUE now (for wait_until)
db_is() { [ "$(sql "$1")" = "$2" ]; }

first=$(sql "select min(id) from proposals where title like 'tui50 %'")
expect_db "select count(*) from proposals p where title like 'tui50 %' and priv.needs_answer(p)" 200

console a
login admin
keys :
type 'proposals'
keys Enter
wait_for "Proposals: "
wait_gone "(loading)"
keys l
wait_for "Limit to proposals matching (empty: all):"
type 'tui50'
keys Enter
wait_for "200 proposals, limit: tui50"
keys T
wait_for "Tag proposals matching:"
type 'tui50'
keys Enter
wait_for "200 proposals tagged"

# the template, by name with Tab
keys '\;' r
wait_for "Template (Tab completes, ! writes your own):"
type 'Recevabilité : i'
keys Tab
wait_for "Recevabilité : irrecevable"
keys Enter
wait_for "Preview of 200 answers"
expect "Template: Recevabilité : irrecevable"
expect "200 answers will be sent."
expect "#$first  tui50 Proposition 001"
expect "    To: Citoyenne Cinquante 001"
expect "    Bonjour Citoyenne Cinquante 001,"
expect "Preview: r sends 200 answers, q goes back without sending"
# further down, another author, with the reason of their proposal
keys G
wait_for "    Bonjour Citoyenne Cinquante 200,"
expect "    motif suivant : hors des compétences de la Ville."

# the send waits for a lock on answers; the server freezes meanwhile, the
# database applies the send when the lock goes, and then the server dies:
# the answers went out, but the console never hears of it
sql "begin; lock table answers in exclusive mode; select pg_sleep(3); commit" >/dev/null &
locker=$!
wait_until 5 db_is "select count(*) from pg_locks where relation = 'answers'::regclass
	and mode = 'ExclusiveLock' and granted" 1 || fail "the lock was not taken"
keys r
wait_for "Send 200 answers? [y/N]"
keys y
wait_for "sending 200 answers"
wait_until 5 db_is "select count(*) from pg_stat_activity
	where wait_event_type = 'Lock' and query like '%answer_send%'" 1 ||
	fail "the send is not waiting in the database"
kill -STOP "$(server_pid)"
wait "$locker"
wait_until 10 db_is "select count(*) from answers a join citizens c on c.id = a.citizen_id
	where c.external_id like 'tui50-%'" 200 || fail "the send did not apply"
expect "sending 200 answers"
server_kill KILL
wait_for "Not confirmed: ;r sends the 200 answers again, nobody gets one twice (cannot reach"
wait_match '^\*!\? +[0-9]+ +\[cannot reach the server'

server_start || fail "the server did not start again on port $TUI_PORT"
wait_for "admin · live" 15
# the rows that failed are tagged again
wait_for "200 tagged"
keys '\;' r
wait_for "The send of 200 answers failed. Send them again (nobody gets one twice)? [y/N]"
keys y
wait_for "200 answers sent."
wait_match "^ +✓ +$first +\[answered\] tui50 Proposition 001"
expect_not "200 tagged"

# one answer each, one message each in the outbox, nobody waits any more
expect_db "select count(*), count(distinct a.citizen_id) from answers a join citizens c
	on c.id = a.citizen_id where c.external_id like 'tui50-%'" "200|200"
expect_db "select count(*), count(distinct o.citizen_id) from outbox o join citizens c
	on c.id = o.citizen_id where c.external_id like 'tui50-%' and o.kind = 'answer'" "200|200"
expect_db "select count(*) from proposals p where title like 'tui50 %' and priv.needs_answer(p)" 0
expect_db "select body like 'Bonjour Citoyenne Cinquante 001,%Proposition 001%' from answers
	where target_type = 'proposal' and target_id = $first" t

# ----- one answer written in the editor -----
sql "insert into citizens (external_id, display_name) values ('tui50-ed', 'Émile Éditeur')" ||
	fail "citizen"
sql "insert into proposals (edition, title, body, author_id, district_id, state, state_reason)
	select (select max(year) from editions), 'tui50e Un kiosque', 'Un kiosque.', c.id,
		(select min(id) from districts), 'inadmissible', 'déjà prévu'
	from citizens c where c.external_id = 'tui50-ed'" || fail "proposal"
ed=$(sql "select id from proposals where title = 'tui50e Un kiosque'")
# the editor writes a mistake the first time, the right text the second
cat >"$TUI_TMP/editor.sh" <<EOF
#!/bin/sh
if [ -e "$TUI_TMP/edited" ]; then
	printf 'Bonjour {{ citizen_name }},\n\nvotre idée n°{{proposal_id}} est déjà prévue.\n' >"\$1"
else
	printf 'Bonjour {{nom}},\n' >"\$1"
	: >"$TUI_TMP/edited"
fi
EOF
chmod +x "$TUI_TMP/editor.sh"
keys :
type "set editor $TUI_TMP/editor.sh"
keys Enter
# the new proposal comes with a reload
keys '$'
wait_gone "(loading)"
keys l
wait_for "Limit to proposals matching (empty: all):"
keys C-u
type 'tui50e'
keys Enter
wait_for "1 proposal, limit: tui50e"
keys r
wait_for "Template (Tab completes, ! writes your own):"
type '!'
keys Enter
wait_for "The text has 1 mistake: r edits it again."
expect "Line 1, column 9: unknown placeholder {{nom}}"
expect "   1  Bonjour {{nom}},"
keys r
wait_for "Preview of 1 answer"
expect_line 1 "Preview of 1 answer"
expect "Your own text"
expect "    To: Émile Éditeur"
expect "    Bonjour Émile Éditeur,"
expect "    votre idée n°$ed est déjà prévue."
keys r
wait_for "Send 1 answer? [y/N]"
keys y
wait_for "1 answer sent."
wait_match "^ +✓ +$ed +\[answered\] tui50e Un kiosque"
expect_db "select body from answers where target_type = 'proposal' and target_id = $ed" \
	"Bonjour Émile Éditeur,

votre idée n°$ed est déjà prévue."
expect_db "select count(*) from proposals p where id = $ed and priv.needs_answer(p)" 0
# back to the top view the admin started above, then out
keys q
wait_for "What waits for"
quit
