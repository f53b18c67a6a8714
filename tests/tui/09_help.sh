# ? lists the keys of the queue, with their functions, from the live
# keymap; q goes back to the queue where it was.
console a
login moderator
keys j j
wait_cursor 4
keys '?'
wait_for "Help: "
wait_match '^d +hide '
expect_line 1 '^Help: '
for fn in 'u +restore' 'a +dismiss' 'B +block' 'E +escalate' 'o +sort' 'j, <Down> +move-down' \
    'T +tag-pattern' '; +tag-prefix' 'l +limit' '/ +search'; do
	matches "^$fn " || fail "the help does not list \"$fn\""
done
expect "q to go back"
keys q
wait_for "Reported content"
expect_line 1 '^ +N +Reason +Age +Author +Reported content'
wait_cursor 4
quit
