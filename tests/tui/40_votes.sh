# The vote of an edition of our own (2087): results imported from a CSV
# file (a bad file first: its line named, nothing sent), each row's result,
# then the winners previewed district by district and recorded. Expected,
# by hand:
#   T40N, envelope 100,000: A 300 votes 60,000 wins (40,000 left);
#     B 200 votes 50,000 does not fit in 40,000, passed over; C 100 votes
#     30,000 wins (10,000 left); D 50 votes 20,000 ranked after the last
#     winner. Spent 90,000, left 10,000.
#   T40S, envelope 50,000: F and E have 80 votes each, the cheaper first:
#     F 10,000 wins (40,000 left); E 45,000 does not fit, passed over;
#     G 10 votes 5,000 wins. Spent 15,000, left 35,000.
#   H is costed but not put to the vote: its result is refused.
ed=2087
sql "insert into editions (year) values ($ed) on conflict do nothing;
insert into districts (code, name, envelope_cents) values
	('T40N', 'Quartier Nord T40', 10000000), ('T40S', 'Quartier Sud T40', 5000000)
	on conflict (code) do update set envelope_cents = excluded.envelope_cents;" >/dev/null ||
	fail "setup"
# project NAME DISTRICT COST_EUROS STATE: its id in $pid
project() {
	pid=$(sql "with p as (insert into proposals (edition, title, body, author_id, district_id, state)
		select $ed, 'tui40 Projet $1', 'Le projet $1', (select min(id) from citizens),
			(select id from districts where code = '$2'), '$4' returning id),
	c as (insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
		select p.id, 'favourable', 'chiffré', $3 * 100,
			(select id from agents where login = 'instructor') from p)
	select id from p") || fail "project $1"
	eval "id_$1=$pid"
}
project A T40N 60000 selected
project B T40N 50000 selected
project C T40N 30000 selected
project D T40N 20000 selected
project E T40S 45000 selected
project F T40S 10000 selected
project G T40S 5000 selected
project H T40S 1000 costed
all="$id_A,$id_B,$id_C,$id_D,$id_E,$id_F,$id_G,$id_H"

# a bad file: the third line's paper votes are not a number
printf 'id,online,paper\n%s,250,50\n%s,150,x\n' "$id_A" "$id_B" >"$TUI_TMP/bad.csv"
# the good one: a BOM, CRLF, the columns in another order, quoted fields, a blank line
printf '\357\273\277paper,id,online\r\n50,%s,250\r\n"80",%s,"120"\r\n\r\n0,%s,100\r\n10,%s,40\r\n30,%s,50\r\n20,%s,60\r\n5,%s,5\r\n1,%s,1\r\n' \
	"$id_A" "$id_B" "$id_C" "$id_D" "$id_E" "$id_F" "$id_G" "$id_H" >"$TUI_TMP/votes.csv"

console a
login instructor
keys :
type "proposals edition=$ed"
keys Enter
wait_match "Proposals \[edition[^]]*\]: 8 proposals"

keys V
wait_for "Votes file (CSV: id,online,paper):"
type "$TUI_TMP/bad.csv"
keys Enter
wait_for "bad.csv: line 3: x is not a number of votes; nothing sent."
expect_db "select count(*) from votes where proposal_id in ($all)" 0

keys V
wait_for "Votes file (CSV: id,online,paper): $TUI_TMP/bad.csv"
keys C-u
type "$TUI_TMP/votes.csv"
keys Enter
wait_for "Record the votes of 8 projects (822 votes in all) for the $ed edition? [y/N]"
keys y
wait_for "Votes recorded for 7 projects of the $ed edition. 1 result refused (see its row)."
wait_match "^ *✓.? +$id_A +\[300 votes\] tui40 Projet A"
wait_match "^ *✓.? +$id_E +\[80 votes\] tui40 Projet E"
wait_match "^ *!.? +$id_H +\[not put to the vote\] tui40"
expect_db "select string_agg(p.title || '=' || v.online || '+' || v.paper, ' ' order by p.id)
	from votes v join proposals p on p.id = v.proposal_id where p.id in ($all)" \
	"tui40 Projet A=250+50 tui40 Projet B=120+80 tui40 Projet C=100+0 tui40 Projet D=40+10 tui40 Projet E=50+30 tui40 Projet F=60+20 tui40 Projet G=5+5"

keys W
wait_for "Compute the winners of the edition: $ed"
keys Enter
wait_for "Winners of the $ed edition (preview: nothing recorded yet)"
wait_for "District Quartier Nord T40 (T40N)"
expect "Envelope €100,000, spent €90,000, left €10,000"
expect "Envelope €50,000, spent €15,000, left €35,000"
# each district's lists, in rank order, on the lines after its name
north=$(screen | sed -n '/District Quartier Nord T40/,/^$/p' | tr -s ' ')
south=$(screen | sed -n '/District Quartier Sud T40/,/^$/p' | tr -s ' ')
want_north=" Envelope €100,000, spent €90,000, left €10,000
 Winners:
 $id_A tui40 Projet A 300 votes €60,000
 $id_C tui40 Projet C 100 votes €30,000
 Passed over, their cost exceeding what was left:
 $id_B tui40 Projet B 200 votes €50,000 (€40,000 left)
 Ranked after the last winner:
 $id_D tui40 Projet D 50 votes €20,000 (€10,000 left)"
[ "$(printf '%s\n' "$north" | sed 1d | sed '/^$/d')" = "$want_north" ] ||
	fail "the north district: $north"
want_south=" Envelope €50,000, spent €15,000, left €35,000
 Winners:
 $id_F tui40 Projet F 80 votes €10,000
 $id_G tui40 Projet G 10 votes €5,000
 Passed over, their cost exceeding what was left:
 $id_E tui40 Projet E 80 votes €45,000 (€40,000 left)"
[ "$(printf '%s\n' "$south" | sed 1d | sed '/^$/d')" = "$want_south" ] ||
	fail "the south district: $south"
expect "4 winners in all."
expect "7 projects would change state."
wait_for "Record these winners of the $ed edition (7 projects change state)? [y/N]"
# a preview writes nothing
expect_db "select count(*) from proposals where id in ($all) and state = 'selected'" 7
keys y
wait_for "Winners of the $ed edition recorded: 7 projects changed state."
keys q
wait_match "Proposals \[edition[^]]*\]: 8 proposals"
wait_gone "(loading)"
wait_match "^[ ?+h]+$id_A +tui40 Projet A .*not started"
wait_match "^[ ?+h]+$id_B +tui40 Projet B .*not a winner"
expect_db "select string_agg(substr(title, 14) || ':' || state || ':' || coalesce(stage::text, '-'), ' ' order by id)
	from proposals where id in ($all)" \
	"A:winner:not_started B:not_winner:- C:winner:not_started D:not_winner:- E:not_winner:- F:winner:not_started G:winner:not_started H:costed:-"
quit
