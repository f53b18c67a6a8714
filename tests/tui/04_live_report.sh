# A citizen reports a comment while the moderator watches the queue: the
# row appears by itself, at the top (newest first), without a key.
comment "Auteur direct" "tui04 Ce commentaire vient d'être signalé"
console a
login moderator
expect_not "tui04"
report "$id" 1 personal_data
wait_match '^ +1 personal data +0m +Auteur direct +tui04 Ce commentaire' 5
expect_line 2 'tui04'
expect_db "select open_count from moderation_queue where target_type = 'comment' and target_id = $id" 1

# a second one, while the first is still there: it comes too
comment "Auteur direct" "tui04 Un second signalement"
report "$id" 1 offensive
wait_match '^ +1 offensive +0m +Auteur direct +tui04 Un second' 5
expect_line 2 'tui04 Un second'
quit
