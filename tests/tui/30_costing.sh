# A referent of the roads department (DVD) costs three proposals of their
# department one after the other (;c), typing amounts as people type them;
# the screen keeps the running total beside the district's envelope, says
# a bad amount at once and sends nothing until it is mended. The database
# holds the three costings and their lines in cents. A proposal of another
# department is refused with a clear message, and nothing is stored.
edition=$(sql "select max(edition) from proposals")
author=$(sql "select min(id) from citizens")
district=$(sql "select id from districts where code = '75011'")
district_name=$(sql "select name from districts where code = '75011'")
ours=$(sql "insert into proposals (edition, title, body, author_id, district_id,
	department_id, state)
	select $edition, 'tui30c Costing ' || n, 'tui30', $author, $district,
		(select id from departments where code = 'DVD'), 'costing'
	from generate_series(1, 3) n returning id" | tr '\n' ' ')
set -- $ours
p1=$1 p2=$2 p3=$3
other=$(sql "insert into proposals (edition, title, body, author_id, district_id,
	department_id, state)
	values ($edition, 'tui30x Parks costing', 'tui30', $author, $district,
		(select id from departments where code = 'DEVE'), 'costing') returning id")

console a
login referent
proposals
keys l
wait_for "Limit to proposals matching (empty: all):"
type '~b tui30c'
keys Enter
wait_for ", limit: ~b tui30c"
keys T
type '~b tui30c'
keys Enter
wait_for "3 proposals tagged"
keys '\;' c

# the first: two investment lines and a study; the total runs as typed
wait_for "Costing of proposal $p1 (Enter: next field"
wait_for "Envelope of $district_name: "
type 'Bancs = 2 500 000; Plantations = 300 k€'
keys Enter
wait_match '^Investment +Bancs +€2,500,000'
wait_match '^ +Plantations +€300,000'
wait_match '^ +subtotal +€2,800,000'
keys Enter
type '1,5 M€'
wait_match '^Total +€4,300,000'
keys Enter Enter
type 'f'
wait_for "Feasibility opinion: favourable"
keys Enter
type 'Faisable sur la voirie existante'
keys Enter
type '18'
keys Enter

# the second: operating costs are warned of, the opinion typed in full
wait_for "Costing of proposal $p2 (Enter: next field"
type '2500000'
keys Enter
type 'Entretien = 12 000'
wait_for "Warning: operating costs weigh on the city's running budget every year"
wait_match '^Total +€2,512,000'
keys Enter Enter Enter
type 'unfavourable'
keys Enter
type 'Coûts de fonctionnement annuels'
keys Enter Enter

# the third: an ambiguous amount is said at once, and not sent
wait_for "Costing of proposal $p3 (Enter: next field"
type '2,500'
wait_for "2,500 could mean"
keys Enter Enter Enter Enter
type 'favourable'
keys Enter
type 'Petit aménagement'
keys Enter Enter
wait_for "Costing of proposal $p3 (Enter: next field"
expect_db "select count(*) from costings where proposal_id = $p3" 0
keys C-u
type '2 500'
wait_match '^Total +€2,500'
keys Enter Enter Enter Enter Enter Enter Enter

# back on the list: each row costed, its new total in the cost column
wait_for "Proposal $p3 costed: €2,500."
wait_match "^ +✓ +$p1 +\[costed\] tui30c Costing 1 .*€4,300,000"
wait_match "^ +✓ +$p2 +\[costed\] tui30c Costing 2 .*€2,512,000"
wait_match "^ +✓ +$p3 +\[costed\] tui30c Costing 3 .*€2,500"
expect_db "select string_agg(pr.state || ' ' || co.opinion || ' ' || co.total_cents || ' '
		|| coalesce(co.duration_months::text, '-') || ' ' || co.justification, '|' order by pr.id)
	from proposals pr join costings co on co.proposal_id = pr.id
	where pr.id in ($p1, $p2, $p3)" \
	"costed favourable 430000000 18 Faisable sur la voirie existante|costed unfavourable 251200000 - Coûts de fonctionnement annuels|costed favourable 250000 - Petit aménagement"
expect_db "select string_agg(l.category || ' ' || l.label || ' ' || l.amount_cents, '|'
		order by l.proposal_id, l.position)
	from cost_lines l where l.proposal_id in ($p1, $p2, $p3)" \
	"investment Bancs 250000000|investment Plantations 30000000|studies Studies 150000000|investment Investment 250000000|operating Entretien 1200000|investment Investment 250000"
expect_db "select string_agg(a.login, ',') from costings co join agents a on a.id = co.costed_by
	where co.proposal_id in ($p1, $p2, $p3)" "referent,referent,referent"

# costed already, a proposal's costing starts from what is stored
keys g c
wait_for "Investment (label = amount; ...): Bancs = 2 500 000; Plantations = 300 000"
expect "Studies (label = amount; ...): Studies = 1 500 000"
expect "Feasibility opinion (favourable or unfavourable): favourable"
expect "Duration in months (may stay empty): 18"
wait_match '^Total +€4,300,000'
keys Escape
wait_for "Nothing done."
keys q
wait_for "Proposals: 3 proposals, limit: ~b tui30c"

# another department's proposal: refused at once, nothing stored
keys l
wait_for "Limit to proposals matching (empty: all):"
keys C-u
type '~b tui30x'
keys Enter
wait_for ", limit: ~b tui30x"
keys c
wait_for "Refused: proposal $other belongs to the department DEVE, not to yours (DVD)"
expect_not "Costing of proposal $other (Enter: next field"
keys q
wait_for "tui30x Parks costing"
expect_db "select count(*) from costings where proposal_id = $other" 0
expect_db "select state || ' ' || version from proposals where id = $other" "costing 1"
quit
