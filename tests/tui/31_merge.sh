# An instructor merges three duplicates into a new proposal with a title
# of their own: the preview says what closes and who becomes co-author; the
# new proposal exists, the three are merged into it, and their authors are
# its author and co-authors. A merge where a colleague changed a source
# meanwhile is refused, and the changed source is shown on its row.
edition=$(sql "select max(edition) from proposals")
district=$(sql "select id from districts where code = '75012'")
authors=$(sql "insert into citizens (external_id, display_name)
	select 'tui31-' || n, 'Auteur tui31 ' || n from generate_series(1, 5) n returning id" |
	tr '\n' ' ')
set -- $authors
a1=$1 a2=$2 a3=$3 a4=$4 a5=$5
sources=$(sql "insert into proposals (edition, title, body, author_id, district_id, state)
	select $edition, 'tui31d Doublon ' || n, 'tui31', a, $district, 'admissible'
	from unnest(array[$a1, $a2, $a3]) with ordinality as x(a, n) order by n returning id" |
	tr '\n' ' ')
set -- $sources
s1=$1 s2=$2 s3=$3
pair=$(sql "insert into proposals (edition, title, body, author_id, district_id, state)
	select $edition, 'tui31p Paire ' || n, 'tui31', a, $district, 'admissible'
	from unnest(array[$a4, $a5]) with ordinality as x(a, n) order by n returning id" |
	tr '\n' ' ')
set -- $pair
q1=$1 q2=$2

console a
login instructor
proposals
keys l
wait_for "Limit to proposals matching (empty: all):"
type '~b tui31'
keys Enter
wait_for ", limit: ~b tui31"
keys T
type '~b tui31d'
keys Enter
wait_for "3 proposals tagged"
keys M
wait_for "Merge 3 proposals into (new, or the id or title of a tagged one; Tab completes): new"
keys Enter
wait_for "The new proposal (Enter: next field, Esc: cancel)"
wait_for "Text: tui31d Doublon 1; tui31d Doublon 2; tui31d Doublon 3"
keys C-u
type 'tui31n Un seul projet pour le 12e'
keys Enter Enter

# the preview, then the confirmation
wait_for '3 proposals merge into a new proposal, "tui31n Un seul projet pour le 12e".'
expect "written by Auteur tui31 1 (the author of the first source)"
wait_match "^  $s1  tui31d Doublon 1, by Auteur tui31 1 \(admissible\)"
expect "These citizens become co-authors of the target:"
expect "  Auteur tui31 2"
expect "  Auteur tui31 3"
wait_for "Merge 3 proposals into a new proposal? [y/N]"
keys y
wait_for "3 proposals merged into"
new=$(sql "select id from proposals where title = 'tui31n Un seul projet pour le 12e'")
[ -n "$new" ] || fail "no new proposal"
wait_match "^ +✓.? +$s1 +\[merged into $new\] tui31d Doublon.* merged "
wait_match "^ +✓.? +$s3 +\[merged into $new\] tui31d Doublon.* merged "
wait_match "^ +✓.? +$new +\[3 proposals merged into it\] .* admissible "
expect_db "select state || ' ' || author_id || ' ' || district_id from proposals where id = $new" \
	"admissible $a1 $district"
expect_db "select string_agg(id || ' ' || state || ' ' || merged_into, ',' order by id)
	from proposals where id in ($s1, $s2, $s3)" \
	"$s1 merged $new,$s2 merged $new,$s3 merged $new"
expect_db "select string_agg(citizen_id::text, ',' order by citizen_id) from proposal_coauthors
	where proposal_id = $new" "$a2,$a3"

# a colleague changes a source between the list and the merge: nothing merges
keys T
type '~b tui31p'
keys Enter
wait_for "2 proposals tagged"
sql "update proposals set version = version + 1, updated_at = now(),
	updated_by = (select id from agents where login = 'l.martin') where id = $q2"
keys M
wait_for "Merge 2 proposals into"
keys C-u
type "$q1"
keys Enter
wait_for "1 proposal merges into proposal $q1, \"tui31p Paire 1\" (admissible)."
wait_for "changed since the list was read, by Lucie Martin"
wait_for "Merge 1 proposal into proposal $q1? [y/N]"
keys y
wait_for "Nothing merged: some proposals changed since you read them"
wait_match "^ +!.? +$q2 +\[already changed by Lucie Mart.* admissible "
expect_db "select count(*) from proposals where id in ($q1, $q2) and state = 'admissible'" 2
expect_db "select count(*) from merges where source_id = $q2" 0
quit
