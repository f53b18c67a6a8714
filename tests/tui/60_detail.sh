# The detail of a project made by a merge: its co-authors, its costing and
# where it comes from; U undoes the merge from there, and the database
# gives the sources back.

# three citizens' proposals, costed the target, merged by an instructor
deposit() {
	post /v1/ingest/proposals "$(jq -nc --arg t "$1" --arg c "$2" \
	    '{citizen: {external_id: ("tui60-" + $c), display_name: $c}, title: $t,
	      body: "Des arceaux pour les vélos", district: "75011"}')" | jq -r .id
}
target=$(deposit "tui60 Parking vélos Oberkampf" "Odile Projet") || exit 1
s1=$(deposit "tui60 Arceaux rue Oberkampf" "Samir Source") || exit 1
s2=$(deposit "tui60 Vélos square Maurice-Gardette" "Sarah Source") || exit 1
sql "insert into costings (proposal_id, opinion, justification, duration_months, total_cents,
	costed_by) values ($target, 'favourable', 'Trottoir assez large', 6, 1850000,
	(select id from agents where login = 'referent'));
insert into cost_lines (proposal_id, position, category, label, amount_cents) values
	($target, 1, 'investment', 'Arceaux et pose', 1500000), ($target, 2, 'studies', 'Relevés', 350000);
update proposals set state = 'costed', version = version + 1 where id = $target" ||
	fail "could not cost $target"

token=$(curl -sS -H 'Content-Type: application/json' \
    --data-binary '{"login": "instructor", "password": "demo"}' "$TUI_URL/v1/sessions" |
    jq -r .token)
[ -n "$token" ] && [ "$token" != null ] || fail "no instructor session"
merge=$(jq -nc --argjson t "$target" --argjson a "$s1" --argjson b "$s2" \
    --argjson tv "$(sql "select version from proposals where id = $target")" \
    '{sources: [{id: $a, version: 1}, {id: $b, version: 1}], target: {id: $t, version: $tv},
      note: "Même rue, même besoin"}')
code=$(curl -sS -o "$TUI_TMP/merge.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" --data-binary "$merge" "$TUI_URL/v1/proposals/merge")
[ "$code" = 200 ] || fail "the merge answered $code: $(cat "$TUI_TMP/merge.json")"

console a
login instructor
keys :
type "proposals q=tui60"
keys Enter
wait_for ": 3 proposals"
wait_gone "(loading)"
keys l
wait_for "Limit to proposals matching (empty: all):"
type "Parking"
keys Enter
wait_for ", limit: Parking"
keys Enter
wait_for "Proposal $target: tui60 Parking vélos Oberkampf"
wait_for "Co-authors: "
expect "Samir Source (by a merge)"
expect "Sarah Source (by a merge)"
expect "By Odile Projet, 11e arrondissement"
expect "Costing by Romain Petit on "
wait_match "^  investment +Arceaux et pose +€15,000$"
expect_line "$(screen | grep -n 'Relevés' | cut -d: -f1)" "^  studies +Relevés +€3,500$"
wait_match "^  Total +€18,500$"
expect "Opinion: favourable"
expect "Duration: 6 months"
expect "Made from 2 proposals (U undoes the merge):"
expect "  $s1 tui60 Arceaux rue Oberkampf (merged), merged on "
expect "by Isabelle Lefèvre"
expect "    Note: Même rue, même besoin"

# U asks, naming the count, then gives the sources back
keys U
wait_for "Undo the merge of 2 proposals into $target? [y/N]"
keys n
wait_for "Nothing done."
expect_db "select count(*) from merges where target_id = $target and undone_at is null" 2
keys U
wait_for "Undo the merge of 2 proposals into $target? [y/N]"
keys y
wait_for "Merge undone: 2 proposals are back on their own."
expect_db "select count(*) from merges where target_id = $target and undone_at is not null" 2
expect_db "select string_agg(state::text || ':' || coalesce(merged_into::text, '-'), ' ' order by id)
	from proposals where id in ($s1, $s2)" "submitted:- submitted:-"
expect_db "select count(*) from proposal_coauthors where proposal_id = $target" 0
expect_db "select a.login from audit au join agents a on a.id = au.agent_id
	where au.action = 'proposal.unmerge' and au.target_id = $s1" "instructor"
# the detail came back with the merges undone, its history first with the unmerge
wait_for ", undone on "
expect "Merged into it once, every merge undone:"
expect_not "Co-authors: "
keys q
wait_for ": 1 proposal, limit: Parking"
quit
