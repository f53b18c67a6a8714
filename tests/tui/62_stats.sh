# The statistics: the figures on the screen are the database's, amounts in
# euros as English writes them; the bars are scaled to the widest and
# redrawn to the width of the terminal.

# two projects of the 20th put to the vote, one of them a winner
deposit() {
	post /v1/ingest/proposals "$(jq -nc --arg t "$1" \
	    '{citizen: {external_id: "tui62-c", display_name: "Chloé"}, title: $t,
	      body: "Un projet", district: "75020"}')" | jq -r .id
}
sel=$(deposit "tui62 Jardin partagé Belleville") || exit 1
win=$(deposit "tui62 Préau de l'école Pelleport") || exit 1
sql "insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
	select id, 'favourable', 'ok', case id when $sel then 12345600 else 45000050 end,
		(select id from agents where login = 'referent')
	from proposals where id in ($sel, $win);
update proposals set state = 'selected' where id = $sel;
update proposals set state = 'winner', stage = 'not_started' where id = $win" ||
	fail "could not put them to the vote"

ed=$(sql "select max(year) from editions")
# a figure as the console writes money in English: €1,234,567 or €1,234.50
euros() {
	sql "select '€' || to_char(div(($1)::numeric, 100), 'FM999,999,999,990')
		|| case when ($1) % 100 <> 0 then '.' || to_char(($1) % 100, 'FM00') else '' end"
}
district() {	# CODE WHAT: the cents of one figure of a district
	case $2 in
	envelope) sql "select envelope_cents from districts where code = '$1'" ;;
	committed) sql "select coalesce(sum(c.total_cents), 0) from proposals p
		join districts d on d.id = p.district_id join costings c on c.proposal_id = p.id
		where d.code = '$1' and p.edition = $ed and p.state in ('selected', 'winner')" ;;
	winners) sql "select coalesce(sum(c.total_cents), 0) from proposals p
		join districts d on d.id = p.district_id join costings c on c.proposal_id = p.id
		where d.code = '$1' and p.edition = $ed and p.state = 'winner'" ;;
	esac
}

console a 140x200
login instructor
keys :
type stats
keys Enter
wait_for "Statistics of the $ed edition"
wait_gone "Loading"

n=$(sql "select count(*) from proposals where edition = $ed")
expect "Proposals: $(sql "select to_char($n, 'FM999,999,990')"), not assigned"
costs=$(euros "(select coalesce(sum(c.total_cents), 0) from proposals p join costings c
	on c.proposal_id = p.id where p.edition = $ed and p.state <> 'merged')")
expect "Costs of the edition: $costs"

# the 20th: its envelope, what is committed to the vote, its winners
name=$(sql "select name from districts where code = '75020'")
count=$(sql "select count(*) from proposals p join districts d on d.id = p.district_id
	where d.code = '75020' and p.edition = $ed")
block=$(screen | grep -A3 -F " $name (75020), $count proposals")
[ -n "$block" ] || fail "no line for $name (75020), $count proposals"
for what in envelope committed winners; do
	want=$(euros "$(district 75020 $what)")
	printf '%s\n' "$block" | grep -qE "^  $what +[█·]+ +$want\$" ||
		fail "the $what of 75020 is not $want: $block"
done
[ "$(district 75020 committed)" = 57345650 ] || fail "the committed cost is not the two projects'"
expect "€573,456.50"
expect "€450,000.50"

# by state: each count is the database's
for state in submitted costed selected winner; do
	count=$(sql "select count(*) from proposals where edition = $ed and state = '$state'")
	label=$state
	[ "$state" = winner ] || [ "$state" = selected ] || [ "$state" = submitted ] ||
		label="costed"
	screen | grep -qE "^  $label +[█·]+ +$count\$" ||
		fail "the count of $state is not $count"
done

# the widest bar, Tout Paris's envelope, fills the room the width leaves
widest() {
	screen | grep -A1 -F "Tout Paris (PARIS)" | tail -n 1 | tr -cd '█' | wc -m
}
[ "$(widest)" = 60 ] || fail "the widest bar is $(widest) cells at 140 columns, not 60"
tm resize-window -x 80 -y 200
wait_until 5 sh -c "[ \"\$(tmux -L $(cat "$TUI_TMP/a/socket") capture-pane -p |
	grep -A1 -F 'Tout Paris (PARIS)' | tail -n 1 | tr -cd '█' | wc -m)\" = 46 ]" ||
	fail "after the resize the widest bar is $(widest) cells, not 46"
# no line is wider than the terminal
screen | while IFS= read -r l; do
	[ "$(printf '%s' "$l" | wc -m)" -le 80 ] || fail "a line is wider than 80 columns: $l"
done || exit 1
keys q
wait_for "Proposals [state=submitted]: "
quit
