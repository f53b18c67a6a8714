# The terminal is resized while the queue loads, then back: the header, the
# rows and the status line are redrawn at each width, nothing left over.
console a
wait_for "Login:"
type moderator
keys Enter
wait_for "Password:"
type demo
keys Enter
# at once, while the queue loads
tm resize-window -x 80 -y 24
wait_for "moderator · live"
wait_gone "(loading)"

# rows of the queue: marks, count, reason, age, author, content
row='^[ *][ ✓…!][ hE] +[0-9]+ [a-z ]{13} [0-9]+[mhd] '
screen_fits() {	# COLS ROWS
	[ "$(tm display-message -p '#{pane_width}x#{pane_height}')" = "$1x$2" ] ||
		fail "the pane is $(tm display-message -p '#{pane_width}x#{pane_height}'), not $1x$2"
	expect_line 1 '^ +N +Reason +Age +Author +Reported content'
	# the status line ends with the login, right-aligned at the new width
	status=$(line $(($2 - 1)))
	case "$status" in
	"Moderation queue: "*"moderator · live") ;;
	*) fail "the status line is \"$status\"" ;;
	esac
	[ "$(printf '%s' "$status" | wc -m)" = "$1" ] ||
		fail "the status line is $(printf '%s' "$status" | wc -m) wide, not $1"
	n=2
	while [ $n -lt $(($2 - 1)) ]; do
		line $n | grep -qE -- "$row" || fail "line $n is not a row: \"$(line $n)\""
		n=$((n + 1))
	done
	# the message line holds nothing, or the welcome, never a stale row
	case "$(line "$2")" in
	"" | "Logged in as "*"Press ? for help.") ;;
	*) fail "the message line holds \"$(line "$2")\"" ;;
	esac
}
screen_fits 80 24
keys j j j
tm resize-window -x 120 -y 40
wait_until 5 matches '^Moderation queue: .{60,}moderator · live$' || fail "not redrawn at 120"
screen_fits 120 40
tm resize-window -x 80 -y 24
wait_until 5 matches '^Moderation queue: .{20,60}moderator · live$' || fail "not redrawn at 80"
screen_fits 80 24
wait_cursor 5
quit
