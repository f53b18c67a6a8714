# Stages in bulk on tagged projects, one of which is not a winner: the
# winners move to the stage (with its date and public note), the other one
# says why on its row and is left as it was.
sql "insert into proposals (edition, title, body, author_id, district_id, state, stage)
	select (select max(year) from editions), 'tui21st ' || k, 'Texte ' || k,
		(select min(id) from citizens), (select min(id) from districts where not citywide),
		case when k = 4 then 'costed' else 'winner' end::proposal_state,
		case when k = 4 then null else 'not_started' end::proposal_stage
	from generate_series(1, 4) k" || fail "could not make projects"

console a
login instructor
proposals
keys l
wait_for "Limit to proposals matching (empty: all):"
type '~b tui21st'
keys Enter
wait_for "Proposals: 4 proposals, limit: ~b tui21st"
keys T
wait_for "Tag proposals matching:"
type '~b tui21st'
keys Enter
wait_for "4 proposals tagged"

keys '\;' p
wait_for "The stage of 4 projects (Enter: next field, Esc: cancel)"
wait_for "Stage (its first letters are enough):"
type 'wor'
keys Enter
# a day that is not in the calendar: the form comes back on the date
keys C-u
type '31/02/2026'
keys Enter
type 'Début des travaux de la place'
keys Enter
wait_for "Give the date as YYYY-MM-DD or DD/MM/YYYY."
wait_for "Date (YYYY-MM-DD or DD/MM/YYYY): 31/02/2026"
keys C-u
type '09/03/2026'
keys Enter Enter
wait_for "Record the stage works of 4 projects? [y/N]"
keys y
wait_for "stage: works: 3 done, 0 changed meanwhile, 1 refused"
[ "$(screen | grep -cE '\[stage: works\] tui21st [123] .* works ')" = 3 ] ||
	fail "the winners' rows do not show their new stage"
id4=$(sql "select id from proposals where title = 'tui21st 4'")
wait_match "^ +! +$id4 \\[not a winner\\] tui21st 4 .* costed "

expect_db "select string_agg(p.title || ':' || su.stage || ':' || su.stage_date || ':' || su.note,
		',' order by p.title)
	from stage_updates su join proposals p on p.id = su.proposal_id where p.title like 'tui21st %'" \
	"tui21st 1:works:2026-03-09:Début des travaux de la place,tui21st 2:works:2026-03-09:Début des travaux de la place,tui21st 3:works:2026-03-09:Début des travaux de la place"
expect_db "select string_agg(coalesce(stage::text, '-'), ',' order by title) from proposals
	where title like 'tui21st %'" "works,works,works,-"
expect_db "select state, version from proposals where title = 'tui21st 4'" "costed|1"

# abandoned needs a note: the form says so and stays open
keys k k k
keys p
wait_for "The stage of 1 project (Enter: next field, Esc: cancel)"
wait_for "Stage (its first letters are enough): delivery"
keys C-u
type 'aban'
keys Enter Enter Enter
wait_for "Abandoning a project needs a public note saying why."
keys Escape
wait_for "Nothing done."
expect_db "select count(*) from stage_updates su join proposals p on p.id = su.proposal_id
	where p.title like 'tui21st %'" 3
quit
