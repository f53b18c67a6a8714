# A spam wave ("gagnez 500 EUR par jour"): tag it by pattern, hide every
# tagged item at once with one reason, confirm the count.
before=$(sql "select coalesce(max(id), 0) from audit")
waves=$(sql "select count(*) from comments c join moderation_queue q
	on q.target_type = 'comment' and q.target_id = c.id where c.body ~* 'gagnez'")
escalated=$(sql "select count(*) from comments c join moderation_queue q
	on q.target_type = 'comment' and q.target_id = c.id
	where c.body ~* 'gagnez' and c.escalated_at is not null")
[ "$waves" -gt 10 ] || fail "the demo city has no spam wave ($waves items)"

console a
login moderator
keys T
wait_for "Tag items matching:"
type '~b gagnez'
keys Enter
wait_for "$waves items tagged"
expect "$waves tagged"
keys '\;' d
wait_for "Reason (Tab completes): spam"
keys Enter
wait_for "Hide $waves items? [y/N]"
keys y
done=$((waves - escalated))
wait_for "hidden: $done done, 0 already decided, $escalated refused"
expect "[hidden] "
expect_not " tagged"

# every spam is hidden, its reports closed; only an escalated one waits
# for an admin
expect_db "select count(*) from comments c where c.body ~* 'gagnez' and c.escalated_at is null
	and exists (select from reports r where r.target_type = 'comment'
	            and r.target_id = c.id and r.status = 'open')" 0
expect_db "select count(*) from comments c where c.body ~* 'gagnez' and c.hidden
	and not c.hidden_auto and c.moderated_by = (select id from agents where login = 'moderator')" $done
# one audit row per hidden comment, each a spam comment, by the moderator
expect_db "select count(*), count(distinct a.target_id),
	count(*) filter (where c.body ~* 'gagnez' and c.hidden),
	count(*) filter (where a.agent_id = (select id from agents where login = 'moderator'))
	from audit a left join comments c on a.target_type = 'comment' and c.id = a.target_id
	where a.id > $before and a.action = 'moderation.hide'" "$done|$done|$done|$done"
expect_db "select count(*) from audit where id > $before and action like 'moderation.%'
	and action <> 'moderation.hide'" 0
quit
