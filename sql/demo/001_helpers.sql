-- The demo city: deterministic generators. Every number comes from a hash
-- of (seed, stream, i), never from random(): the same seed gives the same
-- city, byte for byte. Each use draws from its own stream number, so that
-- adding a draw somewhere never shifts the others.

create schema if not exists demo;

-- A number in [0, 1) drawn from (seed, stream, i).
create or replace function demo.u(seed bigint, stream int, i bigint) returns float8
language sql immutable parallel safe as $$
	select ((hashint8extended(i, seed * 1000 + stream) >> 11) & 9007199254740991)::float8
		/ 9007199254740992.0
$$;

-- An integer in [lo, hi] drawn from (seed, stream, i).
create or replace function demo.n(seed bigint, stream int, i bigint, lo bigint, hi bigint)
returns bigint
language sql immutable parallel safe as $$
	select lo + floor(demo.u(seed, stream, i) * (hi - lo + 1))::bigint
$$;

-- One element of a (non-empty) array drawn from (seed, stream, i).
create or replace function demo.pick(a anyarray, seed bigint, stream int, i bigint)
returns anyelement
language sql immutable parallel safe as $$
	select a[array_lower(a, 1) + floor(demo.u(seed, stream, i) * cardinality(a))::int]
$$;

-- A time in [base, base + days): whole seconds added, so that the result
-- does not depend on the session's time zone (a day interval would).
create or replace function demo.at(base timestamptz, days float8, u float8)
returns timestamptz
language sql immutable parallel safe as $$
	select base + make_interval(secs => floor(days * 86400 * u))
$$;

-- The non-empty lines of a text block, trimmed, in order: vocabulary is
-- written one item a line, without quoting.
create or replace function demo.lines(t text) returns text[]
language sql immutable as $$
	select coalesce(array_agg(btrim(l, E' \t') order by n), '{}')
	from unnest(string_to_array(t, E'\n')) with ordinality as x (l, n)
	where btrim(l, E' \t') <> ''
$$;

-- The "key: value" lines of a text block, in order.
create or replace function demo.entries(t text) returns table (ord bigint, key text, value text)
language sql immutable as $$
	select n, substring(l from '^([A-Za-z_]+):'), btrim(substring(l from '^[A-Za-z_]+:(.*)$'))
	from unnest(demo.lines(t)) with ordinality as x (l, n)
$$;

-- A street with its article, for French sentences: form 'le' gives
-- "la rue Ordener", 'du' "de la rue Ordener", 'dans' "dans la rue Ordener"
-- (or "sur le boulevard Barbès"), 'sur' "sur la rue Ordener".
create or replace function demo.lieu(street text, form text) returns text
language sql immutable as $$
	with w as (
		select split_part(street, ' ', 1) as w1
	), a as (
		select w1, case
			when w1 in ('rue', 'place', 'villa', 'cité') then 'la '
			when w1 in ('avenue', 'allée', 'impasse') then 'l'''
			else 'le ' end as art
		from w
	)
	select case form
		when 'le' then art || street
		when 'du' then case art when 'la ' then 'de la ' when 'l''' then 'de l''' else 'du ' end || street
		when 'dans' then case when w1 in ('rue', 'villa', 'cité', 'impasse', 'allée', 'passage')
			then 'dans ' else 'sur ' end || art || street
		when 'sur' then 'sur ' || art || street
		else street end
	from a
$$;

-- Fills the place holders of a proposal sentence: {le} {du} {dans} {sur}
-- (the street), {arr} ("18e"), {qp} (a priority neighbourhood), {ans} (years).
create or replace function demo.fill(t text, street text, arr text, qp text, years int)
returns text
language sql immutable as $$
	select replace(replace(replace(replace(replace(replace(replace(t,
		'{le}', coalesce(demo.lieu(street, 'le'), 'le quartier')),
		'{du}', coalesce(demo.lieu(street, 'du'), 'du quartier')),
		'{dans}', coalesce(demo.lieu(street, 'dans'), 'dans le quartier')),
		'{sur}', coalesce(demo.lieu(street, 'sur'), 'dans le quartier')),
		'{arr}', coalesce(arr, 'quartier')),
		'{qp}', coalesce(qp, 'du quartier')),
		'{ans}', years::text)
$$;

-- A French mobile or landline number, as people type it.
create or replace function demo.phone(seed bigint, i bigint) returns text
language sql immutable as $$
	select format('0%s %s %s %s %s',
		demo.pick('{6,7,1,6}'::int[], seed, 901, i),
		lpad(demo.n(seed, 902, i, 0, 99)::text, 2, '0'),
		lpad(demo.n(seed, 903, i, 0, 99)::text, 2, '0'),
		lpad(demo.n(seed, 904, i, 0, 99)::text, 2, '0'),
		lpad(demo.n(seed, 905, i, 0, 99)::text, 2, '0'))
$$;

-- Lower case ASCII of a name, for e-mail addresses and pseudonyms.
create or replace function demo.ascii(t text) returns text
language sql immutable as $$
	select regexp_replace(translate(lower(t),
		'àâäáãçéèêëíìîïñóòôöõúùûüÿœ', 'aaaaaceeeeiiiinooooouuuuyo'), '[^a-z0-9]', '', 'g')
$$;

-- A bcrypt salt (cost 8) derived from the seed and the login: the demo
-- password is public anyway, and a fixed salt keeps the city identical
-- from one load to the next.
create or replace function demo.bf_salt(seed bigint, login text) returns text
language sql immutable as $$
	select '$2a$08$' || string_agg(substr(
		'./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
		1 + get_byte(d, k) % 64, 1), '' order by k)
	from (select digest('pupitre-demo:' || seed || ':' || login, 'sha256') as d) x,
		generate_series(0, 21) k
$$;

-- A sentence with a lower-case first letter, to quote it inside another.
create or replace function demo.decap(t text) returns text
language sql immutable as $$
	select lower(left(t, 1)) || substr(t, 2)
$$;
