# The top view: an instructor lands on the proposals waiting for
# admissibility, goes back to the top view with q and finds each queue's
# count as the database has it; a citizen's new proposal moves the count by
# itself; one key opens a queue; :proposals takes the server's filters.
console a
login instructor
expect "Proposals [state=submitted]:"
submitted=$(sql "select count(*) from proposals where state = 'submitted'")
wait_match "Proposals \[state=submitted\]: $submitted proposals" 5
keys q
wait_for "What waits for"
wait_gone "counting"
count_of() {	# the number at the end of the line of label $1
	screen | grep -F -- "$1" | sed 's/.* \([0-9][0-9,]*\) *$/\1/' | tr -d ,
}
[ "$(count_of 'Proposals waiting for admissibility')" = "$submitted" ] ||
	fail "admissibility count $(count_of 'Proposals waiting for admissibility'), not $submitted"
reports=$(sql "select count(*) from moderation_queue")
[ "$(count_of 'Reported content to review')" = "$reports" ] ||
	fail "reports count $(count_of 'Reported content to review'), not $reports"
answers=$(sql "select count(*) from proposals pr where priv.needs_answer(pr)")
[ "$(count_of 'Authors waiting for an answer')" = "$answers" ] ||
	fail "answers count $(count_of 'Authors waiting for an answer'), not $answers"
expect_not "Proposals of my department"	# an instructor has none

# a citizen deposits a proposal: the count follows, without a key
post /v1/ingest/proposals "$(jq -nc '{citizen: {external_id: "tui14-author", display_name: "Auteur 14"},
    title: "tui14 Des bancs place de la Mairie", body: "Pour s’asseoir.", district: "75011"}')" >/dev/null
want=$((submitted + 1))
wait_until 5 sh -c "[ \"\$(tmux -L $(cat "$TUI_TMP/a/socket") capture-pane -p |
    grep -F 'Proposals waiting for admissibility' | sed 's/.* \([0-9][0-9,]*\) *\$/\1/' | tr -d ,)\" = $want ]" ||
	fail "the count did not become $want by itself"

# one key opens a queue; h comes back to the top view
keys m
wait_for "Moderation queue:"
keys h
wait_for "What waits for"
keys a
wait_match "Proposals \[state=submitted\]: $want proposals" 5
wait_for "tui14 Des bancs"

# the command line filters on the server's side
keys :
type "proposals state=costing district=75011"
keys Enter
n=$(sql "select count(*) from proposals p join districts d on d.id = p.district_id
    where p.state = 'costing' and d.code = '75011'")
wait_match "Proposals \[state=costing district=75011\]: $n proposal" 5
wait_gone "(loading)"

# o changes the order: newest first, then most supports
keys o
wait_for "Sorted by newest first"
newest=$(sql "select p.id from proposals p join districts d on d.id = p.district_id
    where p.state = 'costing' and d.code = '75011' order by p.created_at desc, p.id desc limit 1")
expect_line 2 "^.{3} +$newest "
keys o
wait_for "Sorted by most supports"
most=$(sql "select p.id from proposals p join districts d on d.id = p.district_id
    where p.state = 'costing' and d.code = '75011' order by p.supports desc, p.id limit 1")
expect_line 2 "^.{3} +$most "

# a colleague assigns that proposal meanwhile: its row says so, live
tok=$(curl -sS -H 'Content-Type: application/json' --data '{"login": "instructor", "password": "demo"}' \
    "$TUI_URL/v1/sessions" | jq -r .token)
version=$(sql "select version from proposals where id = $most")
dept=$(sql "select code from departments where id is distinct from
    (select department_id from proposals where id = $most) order by code limit 1")
out=$(curl -sS -H 'Content-Type: application/json' -H "Authorization: Bearer $tok" \
    --data "{\"department\": \"$dept\", \"items\": [{\"id\": $most, \"version\": $version}]}" \
    "$TUI_URL/v1/proposals/assignment")
printf '%s\n' "$out" | jq -e '.counts.ok == 1' >/dev/null ||
	fail "the colleague's assignment did not go through: $out"
wait_match "^ +! +$most \[changed on the server" 5
keys :
type "proposals colour=blue"
keys Enter
wait_for "colour=blue: not a filter of proposals"
quit
