# Helpers of the console's end-to-end tests, sourced by each test (see run).
# A test reads like the user's story:
#
#	console a			# start ./pupitre-asan in its own tmux server
#	login moderator			# through the Login: and Password: prompts
#	keys T; type '~b gagnez'; keys Enter
#	wait_for "items tagged"
#	expect_db "select count(*) from ..." 3
#
# keys, type, screen and wait_* talk to the console named last (or by use).
# On exit every console is stopped, and its stderr must hold no sanitizer
# report. From run: TUI_TOP, TUI_TMP (this test's directory), TUI_DB,
# TUI_URL, TUI_PORT, TUI_CONSOLE, TUI_SERVER, TUI_SERVER_LOG,
# TUI_SERVER_PIDFILE, TUI_FO_TOKEN (a front office session).

PASSWORD=demo
# seconds a wait_* waits by default
WAIT=${TUI_WAIT:-10}

# the tmux sockets live in the test's directory, so that nothing is shared
export TMUX_TMPDIR="$TUI_TMP"
unset TMUX

on=""		# the console keys go to
consoles=""	# every console started, for the end
started=0	# a new tmux socket per start

fail() {
	echo "FAIL: $*" >&2
	if [ -n "$on" ] && [ ! -e "$TUI_TMP/$on/rc" ]; then
		echo "--- the screen of console $on:" >&2
		screen >&2
		echo "---" >&2
	fi
	exit 1
}

tm() {
	tmux -L "$(cat "$TUI_TMP/$on/socket")" "$@"
}

# console NAME [COLSxROWS] [ARGS...]: starts the console in a terminal of
# that size (120x40), with its own state and configuration directories
# (kept between starts of the same NAME), and makes it the current one.
console() {
	on=$1
	shift
	size=120x40
	case "${1:-}" in
	*x*[0-9]) size=$1; shift ;;
	esac
	dir="$TUI_TMP/$on"
	mkdir -p "$dir/state" "$dir/config"
	rm -f "$dir/rc" "$dir/pid" "$dir/go"
	started=$((started + 1))
	echo "$on.$started" >"$dir/socket"
	case " $consoles " in
	*" $on "*) ;;
	*) consoles="$consoles $on" ;;
	esac
	# the console waits for "go", so that pipe-pane sees its first byte;
	# the inner sh writes its own pid and becomes the console
	cat >"$dir/launch" <<EOF
trap '' HUP
while [ ! -e '$dir/go' ]; do sleep 0.02; done
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL= LANGUAGE=
export XDG_STATE_HOME='$dir/state' XDG_CONFIG_HOME='$dir/config' HOME='$dir'
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
unset PUPITRE_TOKEN PUPITRE_URL
sh -c 'echo \$\$ >"$dir/pid"; exec "\$0" "\$@"' '$TUI_CONSOLE' --url '$TUI_URL' "\$@" 2>>'$dir/stderr'
echo \$? >'$dir/rc'
EOF
	tmux -L "$on.$started" -f /dev/null new-session -d -x "${size%x*}" -y "${size#*x}" \
	    sh "$dir/launch" "$@" || fail "tmux could not start"
	tm set-option -g status off
	# a leaked OSC 52 would land in a paste buffer, a title in pane_title
	tm set-option -g set-clipboard on
	tm set-option -g allow-rename on
	tm pipe-pane -O "cat >>'$dir/raw'"
	: >"$dir/go"
}

# use NAME: keys and waits go to that console
use() {
	on=$1
}

# keys KEY...: tmux key names (Enter, Escape, C-t, PageDown); ';' is '\;'
keys() {
	tm send-keys "$@"
}

# type TEXT: the text as typed
type() {
	tm send-keys -l -- "$1"
}

# screen: the visible screen, as text
screen() {
	tm capture-pane -p
}

# line N: line N of the screen (1 is the top)
line() {
	screen | sed -n "$1p"
}

# the pane's title, which the console must never change
title() {
	tm display-message -p '#{pane_title}'
}

# wait_until SECONDS COMMAND...: until COMMAND succeeds, polling
wait_until() {
	_limit=$1
	shift
	_tries=0
	while ! "$@"; do
		_tries=$((_tries + 1))
		[ $_tries -le $((_limit * 10)) ] || return 1
		sleep 0.1
	done
}

on_screen() { screen | grep -qF -- "$1"; }
off_screen() { ! screen | grep -qF -- "$1"; }
matches() { screen | grep -qE -- "$1"; }

# wait_for TEXT [SECONDS]: until TEXT shows on the screen
wait_for() {
	wait_until "${2:-$WAIT}" on_screen "$1" || fail "\"$1\" did not show in ${2:-$WAIT} s"
}

# wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen
wait_gone() {
	wait_until "${2:-$WAIT}" off_screen "$1" || fail "\"$1\" stayed on the screen ${2:-$WAIT} s"
}

# wait_match ERE [SECONDS]: until a line matches the extended regex
wait_match() {
	wait_until "${2:-$WAIT}" matches "$1" || fail "no line matched /$1/ in ${2:-$WAIT} s"
}

# expect TEXT: TEXT is on the screen now
expect() {
	on_screen "$1" || fail "\"$1\" is not on the screen"
}

# expect_not TEXT: TEXT is not on the screen now
expect_not() {
	off_screen "$1" || fail "\"$1\" is on the screen"
}

# expect_line N ERE: line N of the screen matches
expect_line() {
	line "$1" | grep -qE -- "$2" || fail "line $1 is \"$(line "$1")\", not /$2/"
}

# the line number of the row under the cursor: the only row of the list
# (between the header and the status line) drawn on a coloured background
cursor_line() {
	tm capture-pane -e -p | awk -v last="$(($(tm display-message -p '#{pane_height}') - 2))" '
		NR > 1 && NR < last && /\033\[4[0-7]m/ { print NR; exit }'
}

cursor_at() { [ "$(cursor_line)" = "$1" ]; }

# wait_cursor N: until the cursor is on line N of the screen
wait_cursor() {
	wait_until 3 cursor_at "$1" || fail "the cursor is on line $(cursor_line), not $1"
}

# login NAME: through the prompts, until the queue is live
login() {
	wait_for "Login:"
	type "$1"
	keys Enter
	wait_for "Password:"
	type "$PASSWORD"
	keys Enter
	wait_for "$1 · live"
	wait_gone "(loading)"
}

# proposals [FILTERS]: the list of proposals, all of them or as filtered
# on the server's side (":proposals state=costing"), loaded
proposals() {
	keys :
	type "proposals${1:+ $1}"
	keys Enter
	if [ -n "${1:-}" ]; then
		wait_for "Proposals [$1]: "
	else
		wait_for "Proposals: "
	fi
	wait_gone "(loading)"
}

# limit PATTERN: shows only the rows that match (l), in any list view
limit() {
	keys l
	wait_match "^Limit to [a-z]+ matching \(empty: all\):"
	keys C-u
	type "$1"
	keys Enter
	wait_for ", limit: $1"
}

# quit: Q, and the console ends with status 0 (q goes back to the top view)
quit() {
	keys Q
	wait_until 10 test -e "$TUI_TMP/$on/rc" || fail "the console did not quit"
	rc=$(cat "$TUI_TMP/$on/rc")
	[ "$rc" = 0 ] || fail "the console ended with status $rc"
}

# ----- the database -----

sql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$TUI_DB" -c "$1"
}

# expect_db SQL VALUE: the query's answer is exactly VALUE
expect_db() {
	got=$(sql "$1" 2>&1) || fail "SQL failed: $1: $got"
	[ "$got" = "$2" ] || fail "the database says '$got', not '$2', for: $1"
}

# ----- the front office, over HTTP -----

# post PATH JSON: prints the answer; fails unless 2xx
post() {
	out=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
	    -H "Authorization: Bearer $TUI_FO_TOKEN" --data-binary "$2" "$TUI_URL$1") ||
		fail "POST $1: curl failed"
	code=$(printf '%s\n' "$out" | tail -n 1)
	case "$code" in
	2*) printf '%s\n' "$out" | sed '$d' ;;
	*) fail "POST $1 answered $code: $(printf '%s\n' "$out" | sed '$d')" ;;
	esac
}

# comment AUTHOR BODY: a citizen comments on a proposal; its id in $id
comment() {
	proposal=$(sql "select min(id) from proposals where not hidden") || fail "no proposal"
	answer=$(post /v1/ingest/comments "$(jq -nc --arg a "$1" --arg b "$2" \
	    --argjson p "$proposal" \
	    '{citizen: {external_id: ("tui-" + $a), display_name: $a}, proposal_id: $p, body: $b}')") ||
		exit 1
	id=$(printf '%s\n' "$answer" | jq -r .id)
	[ -n "$id" ] && [ "$id" != null ] || fail "no comment id in $answer"
}

# report ID N [REASON]: N citizens report comment ID
report() {
	i=0
	while [ $i -lt "$2" ]; do
		i=$((i + 1))
		post /v1/ingest/reports "$(jq -nc --arg c "tui-$TUI_TEST-$1-$i" --argjson id "$1" \
		    --arg r "${3:-spam}" \
		    '{citizen: {external_id: $c, display_name: $c}, target: {type: "comment", id: $id},
		      reason: $r}')" >/dev/null
	done
}

# ----- the server -----

server_pid() {
	cat "$TUI_SERVER_PIDFILE" 2>/dev/null
}

# server_start: serves on $TUI_PORT; false when it could not listen
server_start() {
	"$TUI_SERVER" serve --db "$TUI_DB" --listen "127.0.0.1:$TUI_PORT" >>"$TUI_SERVER_LOG" 2>&1 &
	echo $! >"$TUI_SERVER_PIDFILE"
	n=0
	while :; do
		kill -0 "$(server_pid)" 2>/dev/null || return 1
		curl -s -o /dev/null --max-time 1 "$TUI_URL/v1/me" && return 0
		n=$((n + 1))
		[ $n -le 100 ] || return 1
		sleep 0.05
	done
}

# server_kill [SIGNAL]: stops the server (TERM), waiting for its end
server_kill() {
	pid=$(server_pid)
	[ -n "$pid" ] || return 0
	kill "-${1:-TERM}" "$pid" 2>/dev/null
	n=0
	while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -KILL "$pid" 2>/dev/null
	rm -f "$TUI_SERVER_PIDFILE"
}

# ----- the end of a test -----

sanitizer_report() {
	grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|Undefined|Leak)' "$1"
}

# Stops every console still running (SIGTERM), closes the terminals, then
# checks each console's status and stderr.
finish() {
	status=$?
	# a test may have stopped the server (SIGSTOP)
	kill -CONT "$(server_pid)" 2>/dev/null
	for c in $consoles; do
		dir="$TUI_TMP/$c"
		if [ ! -e "$dir/rc" ]; then
			kill -TERM "$(cat "$dir/pid" 2>/dev/null)" 2>/dev/null
			wait_until 5 test -e "$dir/rc" || {
				kill -KILL "$(cat "$dir/pid" 2>/dev/null)" 2>/dev/null
				echo "FAIL: console $c did not end on SIGTERM" >&2
				status=1
			}
		fi
		tmux -L "$(cat "$dir/socket")" kill-server 2>/dev/null
		rc=$(cat "$dir/rc" 2>/dev/null)
		if [ "${rc:-0}" != 0 ]; then
			echo "FAIL: console $c ended with status $rc" >&2
			status=1
		fi
		if [ -s "$dir/stderr" ] && sanitizer_report "$dir/stderr" >/dev/null; then
			echo "FAIL: console $c: the sanitizers reported:" >&2
			sed 's/^/    /' "$dir/stderr" | head -n 60 >&2
			status=1
		fi
	done
	exit $status
}
trap finish EXIT
trap 'exit 130' INT TERM
