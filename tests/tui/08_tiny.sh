# A 40x10 terminal: the console starts, logs in, shows rows and the status
# line; the help opens and closes; nothing crashes.
console a 40x10
login moderator
# while it loads, the right of the status line ("loading queue 100")
# leaves no room for its left
wait_match '^Moderation queue: .*moderator · live$'
expect_line 1 '^ +N +Reason'
expect_line 2 '^[ *][ ✓…!][ hE] +[0-9]+ '
expect_line 8 '^[ *][ ✓…!][ hE] +[0-9]+ '
keys j j G g
keys '?'
wait_for "Help: "
expect_line 1 '^Help: '
expect_line 9 '^Help: .* moderator · live$'
keys j j
keys q
wait_for "Moderation queue:"
expect_line 1 '^ +N +Reason'
tm resize-window -x 20 -y 4
sleep 0.3
tm resize-window -x 40 -y 10
wait_match '^Moderation queue: .*moderator · live$'
quit
