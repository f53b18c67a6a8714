# A moderator logs in through the prompts; the session is kept, in a file
# only its owner can read, and the next start logs in by itself.
console a
wait_for "Login:"
type moderator
keys Enter
wait_for "Password:"
type demo
keys Enter
wait_for "Moderation queue: "
wait_for "moderator · live"
expect "Reported content"
expect_line 1 '^ +N +Reason +Age +Author +Reported content'
token="$TUI_TMP/a/state/pupitre/token"
[ -f "$token" ] || fail "no token file $token"
[ "$(stat -c %a "$token")" = 600 ] || fail "the token file has mode $(stat -c %a "$token"), not 600"
expect_db "select count(*) from sessions s join agents a on a.id = s.agent_id
	where a.login = 'moderator' and s.revoked_at is null
	  and s.token_hash = sha256(convert_to('$(tr -dc 0-9a-zA-Z_- <"$token")', 'UTF8'))" 1
quit

console a
wait_for "moderator · live"
expect_not "Login:"
expect "Moderation queue: "
quit
