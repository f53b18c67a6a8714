# An instructor tags twenty submitted proposals with a pattern and declares
# them admissible in one action; then two others inadmissible, with a reason
# of the list (Tab) and a message to their authors.
mk() {	# mk N TITLE: N submitted proposals of this test's own, "TITLE 1".."TITLE N"
	sql "insert into proposals (edition, title, body, author_id, district_id)
		select (select max(year) from editions), '$2 ' || k, 'Texte de $2 ' || k,
			(select min(id) from citizens), (select min(id) from districts where not citywide)
		from generate_series(1, $1) k" || fail "could not make proposals"
}
mk 20 tui20adm
mk 2 tui20inad

console a
login instructor
proposals

# twenty tagged with a pattern, one action
keys T
wait_for "Tag proposals matching:"
type '~b tui20adm'
keys Enter
wait_for "20 proposals tagged"
keys l
wait_for "Limit to proposals matching (empty: all):"
type '~b tui20adm'
keys Enter
wait_for "Proposals: 20 proposals, 20 tagged, limit: ~b tui20adm"
keys '\;' a
wait_for "Declare 20 proposals admissible? [y/N]"
keys y
wait_for "admissible: 20 done, 0 changed meanwhile, 0 refused"
[ "$(screen | grep -c '\[admissible\] tui20adm')" = 20 ] || fail "not every row says admissible"
[ "$(screen | grep -cE 'tui20adm [0-9]+ .* admissible ')" = 20 ] || fail "the State column did not change"
expect_db "select count(*) from proposals where title like 'tui20adm %' and state = 'admissible'" 20
expect_db "select count(*) from audit a join proposals p on p.id = a.target_id
	where a.target_type = 'proposal' and a.action = 'proposal.admissibility'
	  and p.title like 'tui20adm %' and a.after->>'state' = 'admissible'" 20
expect_db "select count(distinct batch_id) from audit a join proposals p on p.id = a.target_id
	where a.action = 'proposal.admissibility' and p.title like 'tui20adm %'" 1

# again on one of them: already admissible, said on its row
keys '\;' a
wait_for "No proposal is tagged."
keys a
wait_for "admissible: 0 done, 0 changed meanwhile, 1 refused"
expect "[already admissible] tui20adm 1"

# inadmissible: a reason of the list, completed; a message to the authors
keys l
wait_for "Limit to proposals matching (empty: all):"
keys C-u
type '~b tui20inad'
keys Enter
wait_for "Proposals: 2 proposals, limit: ~b tui20inad"
keys T
wait_for "Tag proposals matching:"
type '~b tui20inad'
keys Enter
wait_for "2 proposals tagged"
keys '\;' i
wait_for "Reason of the inadmissibility (Tab completes):"
type 'not an'
keys Tab
wait_for "Reason of the inadmissibility (Tab completes): not an investment"
keys Enter
wait_for "Message to the authors (empty: none):"
type "Votre projet relève du fonctionnement : il n'est pas finançable."
keys Enter
wait_for "Declare 2 proposals inadmissible? [y/N]"
keys y
wait_for "inadmissible: 2 done, 0 changed meanwhile, 0 refused"
[ "$(screen | grep -c '\[inadmissible\] tui20inad')" = 2 ] || fail "not every row says inadmissible"
expect_db "select string_agg(state || ':' || state_reason, ',' order by id) from proposals
	where title like 'tui20inad %'" "inadmissible:not an investment,inadmissible:not an investment"
expect_db "select count(*) from outbox o join proposals p on p.id = o.target_id
	where o.kind = 'answer' and o.target_type = 'proposal' and p.title like 'tui20inad %'
	  and o.citizen_id = p.author_id and o.payload->>'state' = 'inadmissible'
	  and o.payload->>'body' = 'Votre projet relève du fonctionnement : il n''est pas finançable.'" 2

# Esc on the reason: nothing is done
keys i
wait_for "Reason of the inadmissibility (Tab completes):"
keys Escape
wait_gone "Reason of the inadmissibility"
expect_db "select count(*) from proposals where title like 'tui20inad %' and state = 'inadmissible'" 2
quit
