# Two moderators on the same reported comment: the first hide wins; the
# second console says who decided, and nothing is decided twice.
comment "Auteur conflit" "tui03 Les voisins du 3e sont des escrocs"
report "$id" 2 offensive

console a
login moderator
console b
login c.moreau
for c in a b; do
	use $c
	limit '~b tui03'
	wait_match '^ +2 offensive .*tui03 Les voisins'
	expect "Moderation queue: 1 item, limit: ~b tui03"
done

use a
keys d
wait_for "Reason (Tab completes): "
keys Enter
wait_for "hidden: 1 done, 0 already decided, 0 refused"
expect "[hidden] tui03"

# b hides it too, from what it saw before a's decision
use b
keys d
wait_for "Reason (Tab completes): "
keys Enter
wait_for "hidden: 0 done, 1 already decided, 0 refused"
wait_match '^ !.*\[already decided by Mathieu Garnier at [0-9]{2}:[0-9]{2}\] tui03'

expect_db "select count(*) from audit where action = 'moderation.hide'
	and target_type = 'comment' and target_id = $id" 1
expect_db "select c.hidden, a.login from comments c join agents a on a.id = c.moderated_by
	where c.id = $id" "t|moderator"
use a
quit
use b
quit
