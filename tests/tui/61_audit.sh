# The audit log: an action done through the API shows with what it changed
# (before → after), the log filters by agent on the server, by pattern in
# the console, and Enter opens what a row is about: a proposal, or the
# proposal of a comment.

session() {
	curl -sS -H 'Content-Type: application/json' \
	    --data-binary "{\"login\": \"$1\", \"password\": \"demo\"}" "$TUI_URL/v1/sessions" |
	    jq -r .token
}
# as_agent TOKEN PATH JSON: a back-office write; fails unless 200
as_agent() {
	code=$(curl -sS -o "$TUI_TMP/answer.json" -w '%{http_code}' \
	    -H 'Content-Type: application/json' -H "Authorization: Bearer $1" \
	    --data-binary "$3" "$TUI_URL$2")
	[ "$code" = 200 ] || fail "POST $2 answered $code: $(cat "$TUI_TMP/answer.json")"
}

# Lucie Martin declares a new proposal admissible
pid=$(post /v1/ingest/proposals '{"citizen": {"external_id": "tui61-c", "display_name": "Carla"},
    "title": "tui61 Bancs place Léon-Blum", "body": "Des bancs", "district": "75011"}' |
    jq -r .id)
[ -n "$pid" ] && [ "$pid" != null ] || fail "no proposal"
lucie=$(session l.martin)
as_agent "$lucie" /v1/proposals/admissibility \
    "{\"items\": [{\"id\": $pid, \"version\": 1}], \"decision\": \"admissible\"}"
expect_db "select state from proposals where id = $pid" admissible

# the moderator hides a comment on another proposal
cpid=$(post /v1/ingest/proposals '{"citizen": {"external_id": "tui61-e", "display_name": "Eve"},
    "title": "tui61 Fontaine rue des Boulets", "body": "Une fontaine", "district": "75011"}' |
    jq -r .id)
cid=$(post /v1/ingest/comments "{\"citizen\": {\"external_id\": \"tui61-dan\",
    \"display_name\": \"Dan Pub\"}, \"proposal_id\": $cpid,
    \"body\": \"tui61 Achetez des montres\"}" | jq -r .id)
[ -n "$cid" ] && [ "$cid" != null ] || fail "no comment"
mona=$(session moderator)
as_agent "$mona" /v1/moderation/decisions \
    "{\"action\": \"hide\", \"reason\": \"spam\",
      \"items\": [{\"type\": \"comment\", \"id\": $cid, \"version\": 1}]}"

console a
login instructor
keys :
type "audit agent=l.martin"
keys Enter
wait_for "Audit log [agent=l.martin]: "
wait_gone "(loading)"
# newest first: Lucie's admissibility heads the log, with what it changed
expect_line 2 "Lucie Martin +proposal\.admissibility +proposal:$pid +state: submitted → admissible"
expect_not "Isabelle Lefèvre"
expect_not "Mathieu Garnier"
n=$(sql "select count(*) from audit where agent_id = (select id from agents where login = 'l.martin')")
wait_for "Audit log [agent=l.martin]: $n entr"

# e writes the entries as shown to a CSV file: the same ids as the database
keys e
wait_for "Export to (.csv or .json): pupitre-audit-"
keys C-u
type "$TUI_TMP/audit.csv"
keys Enter
wait_for "$n entr"
wait_for "written to $TUI_TMP/audit.csv."
got=$(python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print(",".join(r["id"] for r in rows), rows[0]["agent"], rows[0]["change"])' "$TUI_TMP/audit.csv") ||
	fail "the CSV file does not read back"
want=$(sql "select string_agg(id::text, ',' order by id desc) from audit
    where agent_id = (select id from agents where login = 'l.martin')")
[ "${got%% *}" = "$want" ] || fail "exported ids ${got%% *}, not $want"
case "$got" in
*" Lucie Martin state: submitted → admissible") ;;
*) fail "the first exported entry is not Lucie's admissibility: $got" ;;
esac

# a pattern in the console: only the rows whose change says admissible
keys l
wait_for "Limit to entries matching (empty: all):"
type "~b admissible"
keys Enter
wait_for ", limit: ~b admissible"
expect_line 2 "proposal:$pid"
# a tag shows on the status line, as in every list
keys t
wait_for ", 1 tagged, limit: ~b admissible"
keys k

# Enter: the proposal's detail, its history with the same change
keys Enter
wait_for "Proposal $pid: tui61 Bancs place Léon-Blum"
wait_for "History:"
expect "State: admissible"
wait_match "Lucie Martin  proposal\.admissibility  state: submitted → admissible"
keys q
wait_for "Audit log [agent=l.martin]: "

# the whole log again, without the limit; the moderator's hiding of the
# comment opens its proposal
keys l
wait_for "Limit to entries matching (empty: all):"
keys C-u Enter
wait_gone ", limit:"
keys :
type "audit action=moderation.hide target=comment:$cid"
keys Enter
wait_for "Audit log [action=moderation.hide target=comment:$cid]: 1 entry"
expect_line 2 "Mathieu Garnier +moderation\.hide +comment:$cid +hidden: no → yes"
keys Enter
wait_for "Proposal $cpid: tui61 Fontaine rue des Boulets"
wait_match "#$cid Dan Pub \[hidden by [^]]+ on [0-9-]+ [0-9:]+: spam\]: tui61 Achetez des montres"

# a word that is not a filter is refused, and says which
keys q
keys :
type "audit who=me"
keys Enter
wait_for "who=me: not a filter of the audit log"
keys q
wait_for "Proposals [state=submitted]: "
quit
