# Enter shows the reported comment in its context (the proposal and its
# comments, loaded in the background); going back before the answer comes
# must not let the answer write into the closed pager.
comment "Auteur contexte" "tui12 Un commentaire à voir dans son fil"
report "$id" 1 off_topic
proposal=$(sql "select proposal_id from comments where id = $id")
title=$(sql "select title from proposals where id = $proposal")
console a
login moderator
limit '~b tui12'
wait_for "tui12 Un commentaire"
n=0
while [ $n -lt 5 ]; do
	keys Enter q
	n=$((n + 1))
done
wait_for "Moderation queue: 1 item"
sleep 1
keys Enter
wait_for "Reported content by Auteur contexte (1 open reports):"
wait_for "Proposal $proposal: $title"
wait_match "^#$id Auteur contexte: tui12 Un commentaire à voir dans son fil"
keys q
wait_match '^ +N +Reason +Age +Author +Reported content'
quit
