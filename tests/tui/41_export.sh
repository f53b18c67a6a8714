# An export of a limited list of proposals with hostile titles (commas,
# quotes, line breaks, accents, emoji): to CSV, read back with Python's csv
# module, and to JSON, read back with jq; both hold the visible rows only,
# in their order, with the raw titles. A name of another kind is refused,
# an existing file replaced only when the user says so.
ed=2086
sql "insert into editions (year) values ($ed) on conflict do nothing" >/dev/null || fail "setup"
# proposal TITLE [COST_CENTS]
proposal() {
	pid=$(sql "insert into proposals (edition, title, body, author_id, district_id)
		select $ed, \$t\$$1\$t\$, 'texte', (select min(id) from citizens),
			(select min(id) from districts) returning id") || fail "proposal $1"
	if [ -n "${2:-}" ]; then
		sql "insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
			select $pid, 'favourable', 'chiffré', $2, (select id from agents where login = 'instructor')" ||
			fail "costing"
	fi
}
proposal 't41k Bancs, "verts" et fleurs' 123456
proposal "t41k Deux
lignes, et \"guillemets\" à la fin\""
proposal 't41 autre projet, pas exporté'
proposal 't41k Fontaine à eau 🚰 – « rue d’Alésia »' 500000
proposal "$(printf 't41k retour\r\nchariot;\t"tab"')"
# what the list shows after the limit, by id, as the database holds it
want=$(sql "select json_agg(json_build_object('id', id, 'title', title) order by id)
	from proposals where edition = $ed and title like 't41k%'")

console a
login instructor
keys :
type "proposals edition=$ed"
keys Enter
wait_match "Proposals \[edition[^]]*\]: 5 proposals"
wait_gone "(loading)"
keys l
wait_for "Limit to proposals matching (empty: all):"
type t41k
keys Enter
wait_for "4 proposals, limit: t41k"

keys e
wait_for "Export to (.csv or .json): pupitre-proposals-$(date +%Y-%m-%d).csv"
keys C-u
type "$TUI_TMP/out.txt"
keys Enter
wait_for "out.txt: the name must end in .csv or .json (the format follows it)."
[ ! -e "$TUI_TMP/out.txt" ] || fail "out.txt was written"

keys e
wait_for "Export to (.csv or .json):"
keys C-u
type "$TUI_TMP/out.csv"
keys Enter
wait_for "4 proposals written to $TUI_TMP/out.csv."
WANT=$want python3 - "$TUI_TMP/out.csv" <<'PY' || fail "the CSV file"
import csv, io, json, os, re, sys
want = json.loads(os.environ["WANT"])
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    raw = f.read()
assert raw.endswith("\r\n"), "CRLF line ends"
rows = list(csv.reader(io.StringIO(raw, newline="")))
head, rows = rows[0], rows[1:]
assert head == ["id", "title", "district", "theme", "department", "referent", "state",
                "stage", "cost", "supports", "created_at"], head
got = [{"id": int(r[0]), "title": r[1]} for r in rows]
assert got == want, (got, want)
assert rows[0][8] == "1234.56", rows[0][8]
assert rows[1][8] == "", rows[1][8]
assert rows[2][8] == "5000.00", rows[2][8]
assert all(r[6] == "submitted" and r[9] == "0" for r in rows), rows
assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r[10]) for r in rows), rows
PY

# an existing file: replaced only on yes
before=$(cksum <"$TUI_TMP/out.csv")
keys e
wait_for "Export to (.csv or .json):"
keys C-u
type "$TUI_TMP/out.csv"
keys Enter
wait_for "$TUI_TMP/out.csv exists. Replace it? [y/N]"
keys n
wait_for "Nothing done."
[ "$(cksum <"$TUI_TMP/out.csv")" = "$before" ] || fail "out.csv changed"

keys e
wait_for "Export to (.csv or .json):"
keys C-u
type "$TUI_TMP/out.json"
keys Enter
wait_for "4 proposals written to $TUI_TMP/out.json."
got=$(jq -c '[.[] | {id, title}]' "$TUI_TMP/out.json") || fail "out.json is not JSON"
[ "$got" = "$(printf '%s' "$want" | jq -c .)" ] || fail "out.json holds $got, not $want"
[ "$(jq -c '[.[] | .cost]' "$TUI_TMP/out.json")" = "[1234.56,null,5000,null]" ] ||
	fail "the costs: $(jq -c '[.[] | .cost]' "$TUI_TMP/out.json")"
[ "$(jq -r '.[0] | keys_unsorted | join(",")' "$TUI_TMP/out.json")" = \
	"id,title,district,theme,department,referent,state,stage,cost,supports,created_at" ] ||
	fail "the columns of out.json"

# a directory that cannot be written: an error, nothing left behind
keys e
wait_for "Export to (.csv or .json):"
keys C-u
type "$TUI_TMP/no-such-dir/x.json"
keys Enter
wait_for "cannot write in the directory of $TUI_TMP/no-such-dir/x.json"

# the default name, in the export directory
mkdir -p "$TUI_TMP/exports"
keys :
type "set export-dir $TUI_TMP/exports"
keys Enter
keys e
wait_for "Export to (.csv or .json): pupitre-proposals-"
keys Enter
file="$TUI_TMP/exports/pupitre-proposals-$(date +%Y-%m-%d).csv"
wait_for "4 proposals written to $file."
[ "$(sed -n '2p' "$file" | cut -d, -f1)" = "$(printf '%s' "$want" | jq '.[0].id')" ] ||
	fail "$file does not start with the first row"
# no temporary file stays behind
[ -z "$(find "$TUI_TMP" -name '*.csv.*' -o -name '*.json.*')" ] || fail "a temporary file stayed"
quit
