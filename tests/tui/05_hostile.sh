# A comment written to attack the moderator's terminal: clear the screen,
# set the title, write the clipboard, reverse the text. It shows inert,
# with visible placeholders, and the terminal is untouched.
esc=$(printf '\033')
bel=$(printf '\007')
rlo=$(printf '\342\200\256')	# U+202E RIGHT-TO-LEFT OVERRIDE
body="tui05 ${esc}[2Jclear ${esc}]0;pwned${bel}title ${esc}]52;c;ZXZpbA==${bel}clip ${rlo}exe.txt"
comment "Auteur hostile" "$body"
report "$id" 3 other
expect_db "select hidden_auto from comments where id = $id" t

console a
login moderator
title0=$(title)
limit '~b tui05'
wait_for "tui05 "
# the placeholders: Control Pictures for ESC and BEL, <U+202E> for the override
wait_for "tui05 ␛[2Jclear ␛]0;pwned␇title ␛]52;c;ZXZpbA==␇clip <U+202E>exe.txt"
expect_line 2 '^  h   3 other +0m +Auteur hostile +tui05 '

# the context pager shows the whole comment, as inert
keys Enter
wait_for "Reported content by Auteur hostile (3 open reports):"
wait_for "tui05 ␛[2Jclear ␛]0;pwned␇title"
keys q
wait_match '^ +N +Reason +Age +Author +Reported content'

raw=$(tm capture-pane -e -p)
case "$raw" in
*"${esc}]"*) fail "the screen holds an OSC sequence (ESC ])" ;;
*"${esc}[2J"*) fail "the screen holds ESC [2J" ;;
*"$rlo"*) fail "the screen holds a raw U+202E" ;;
esac
# what the console wrote to the terminal: no OSC, no override; its only
# clear is ncurses' own, at the start, before the comment was loaded
grep -q "${esc}]" "$TUI_TMP/a/raw" && fail "the console wrote an OSC sequence"
grep -q "$rlo" "$TUI_TMP/a/raw" && fail "the console wrote a raw U+202E"
[ "$(title)" = "$title0" ] || fail "the pane's title changed to \"$(title)\""
[ -z "$(tm list-buffers)" ] || fail "the clipboard was written: $(tm list-buffers)"
quit
