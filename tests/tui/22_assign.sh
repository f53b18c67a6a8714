# Assignment with completion: the department from its first letters (Tab),
# then one of its referents (Tab); the row's columns change and the
# proposal, admissible, goes to costing. A referent acting outside their
# department sees why on the row.
sql "insert into proposals (edition, title, body, author_id, district_id, state, department_id)
	select (select max(year) from editions), case when k = 1 then 'tui22un' else 'tui22deux' end, 'Texte ' || k,
		(select min(id) from citizens), (select min(id) from districts where not citywide),
		case when k = 1 then 'admissible' else 'submitted' end::proposal_state,
		case when k = 2 then (select id from departments where code = 'DEVE') end
	from generate_series(1, 2) k" || fail "could not make proposals"

console a
login instructor
proposals
keys l
wait_for "Limit to proposals matching (empty: all):"
type '~b tui22un'
keys Enter
wait_for "Proposals: 1 proposal, limit: ~b tui22un"
keys A
wait_for "Assign 1 proposal to the department (Tab completes):"
wait_gone "loading the directory"
# a department that does not exist: asked again
type 'XYZ'
keys Enter
wait_for "No department matches XYZ. Assign 1 proposal to the department (Tab completes): XYZ"
keys C-u
type 'dv'
keys Tab
wait_for "Assign 1 proposal to the department (Tab completes): dvD"
keys Enter
wait_for "Referent of DVD (Tab completes, empty: none):"
type 'g'
keys Tab
wait_for "Referent of DVD (Tab completes, empty: none): g.morel"
keys Enter
wait_for "assigned to DVD, g.morel: 1 done, 0 changed meanwhile, 0 refused"
id1=$(sql "select id from proposals where title = 'tui22un'")
wait_match "^ +✓ +$id1 \\[assigned to DVD, g\\.m.* DVD +g\\.morel +being costed "
expect_db "select d.code, a.login, p.state from proposals p join departments d on d.id = p.department_id
	join agents a on a.id = p.referent_id where p.title = 'tui22un'" "DVD|g.morel|costing"
expect_db "select after->>'department', after->>'referent' from audit
	where action = 'proposal.assign' and target_id = (select id from proposals where title = 'tui22un')" \
	"DVD|g.morel"
quit

# the roads' referent on a proposal of the parks: refused, on the row
console b
login referent
proposals
keys l
wait_for "Limit to proposals matching (empty: all):"
type '~b tui22deux'
keys Enter
wait_for "Proposals: 1 proposal, limit: ~b tui22deux"
keys a
wait_for "admissible: 0 done, 0 changed meanwhile, 1 refused"
id2=$(sql "select id from proposals where title = 'tui22deux'")
wait_match "^ +! +$id2 \\[not in your department\\]"
expect_db "select state, version from proposals where title = 'tui22deux'" "submitted|1"
# assigning is for instructors: the server's refusal shows, nothing breaks
keys A
wait_for "Assign 1 proposal to the department (Tab completes):"
type 'DEVE'
keys Enter
wait_for "Referent of DEVE (Tab completes, empty: none):"
keys Enter
wait_for "not allowed"
wait_match "^ +! +$id2 \\[not allowed"
quit
