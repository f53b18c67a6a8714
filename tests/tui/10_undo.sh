# A hide, then u at once: the comment is restored.
comment "Auteur regret" "tui10 Un avis un peu vif mais pas méchant"
report "$id" 2 offensive
console a
login moderator
limit '~b tui10'
wait_match '^ +2 offensive .*tui10 Un avis'
keys d
wait_for "Reason (Tab completes): "
keys Enter
wait_for "hidden: 1 done"
expect_db "select hidden from comments where id = $id" t
keys u
wait_for "restored: 1 done"
expect "[restored] tui10"
expect_db "select hidden, hidden_reason is null from comments where id = $id" "f|t"
expect_db "select string_agg(action, ' ' order by id) from audit
	where target_type = 'comment' and target_id = $id and action like 'moderation.%'" \
	"moderation.hide moderation.restore"
quit
