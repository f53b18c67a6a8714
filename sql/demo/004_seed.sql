-- demo.seed(options): loads the demo city into an empty, migrated database.
--
--   options: {"seed": 1, "citizens": 3000, "proposals": 2000,
--             "comments": 30000, "reports": 1500}   (absent keys: these)
--   returns: counts of what was loaded, e.g. {"citizens": 3000, ...}
--
-- The city is a deterministic function of the options: every number is
-- drawn with demo.u from the seed, every time is set from a fixed reference
-- (2 November 2026, the 2026 vote under way), ids follow time. Two loads
-- with the same options give the same rows, byte for byte.
--
-- Editions: 2025 is closed (final states, winners followed stage by stage),
-- 2026 is open (deposit, study, costing, merging, selection, vote). Every
-- state, and every stage of winners, occurs at least once. The moderation
-- queue holds spam (one wave of near-identical texts from many accounts),
-- insults, personal data, off-topic posts, duplicates, hostile text, and
-- reports made in bad faith; some targets are already decided.
--
-- Reports are added with plain INSERTs (then decided with UPDATEs) so that
-- the triggers on reports see them as they would see the platform's.

-- A whole-number option, or its default.
create or replace function demo.option(o jsonb, key text, dflt bigint, lo bigint, hi bigint)
returns bigint
language plpgsql immutable as $$
declare
	v bigint;
begin
	if not o ? key or jsonb_typeof(o->key) = 'null' then
		return dflt;
	end if;
	if jsonb_typeof(o->key) <> 'number' or (o->>key) !~ '^[0-9]{1,12}$' then
		raise exception 'demo.seed: option % must be a whole number, not %', key, o->key;
	end if;
	v := (o->>key)::bigint;
	if v < lo or v > hi then
		raise exception 'demo.seed: option % must be between % and %, not %', key, lo, hi, v;
	end if;
	return v;
end
$$;

-- A number in French writing, as the answers show amounts: 2 500 000.
create or replace function demo.euros(cents bigint) returns text
language sql immutable as $$
	select regexp_replace((cents / 100)::text, '(\d)(?=(\d{3})+$)', '\1 ', 'g') || ' €'
$$;

-- JIT would compile the generator's expressions at every statement: it
-- costs more than it saves here.
create or replace function demo.seed(options jsonb default '{}') returns jsonb
language plpgsql
set jit = off
set client_min_messages = warning
as $$
declare
	o jsonb := coalesce(options, '{}');
	sd bigint;		-- the seed
	nc int;			-- citizens, proposals, comments, reports asked
	np int;
	nm int;
	nr bigint;
	-- the reference time: the demo city is seen on this morning
	t0 constant timestamptz := '2026-11-02 09:00:00+01';
	c0 bigint;		-- ids start after these
	p0 bigint;
	m0 bigint;
	r0 bigint;
	nb int;			-- buckets of (edition, state, stage)
	rp bigint;		-- reports on proposals, on comments
	rc bigint;
	tp int;			-- reported proposals, reported comments, hostile comments
	tc int;
	hn int;
	even_c boolean;		-- spread reports evenly (near the most citizens can make)
	even_p boolean;
	thr int;		-- the auto-hide threshold
	w record;		-- the word lists
	a_admin int;
	a_front int;
	a_mods int[];
	a_instr int[];
	existing bigint;
	result jsonb;
begin
	if jsonb_typeof(o) <> 'object' then
		raise exception 'demo.seed: options must be a JSON object, not %', o;
	end if;
	if exists (select from jsonb_object_keys(o) key
		where key not in ('seed', 'citizens', 'proposals', 'comments', 'reports')) then
		raise exception 'demo.seed: unknown option in % (known: seed, citizens, proposals, comments, reports)', o;
	end if;
	sd := demo.option(o, 'seed', 1, 0, 1000000000);
	nc := demo.option(o, 'citizens', 3000, 20, 10000000);
	np := demo.option(o, 'proposals', 2000, 30, 2000000);
	nm := demo.option(o, 'comments', 30000, 0, 20000000);
	nr := demo.option(o, 'reports', 1500, 0, 200000000);

	select count(*) into existing from proposals;
	if existing > 0 then
		raise exception 'demo.seed: the database already holds % proposals: the demo city loads only into an empty, migrated database', existing
			using hint = 'create a new database, run "pupitred migrate" on it, then "pupitred seed"';
	end if;
	if exists (select from citizens) or exists (select from comments) or exists (select from reports) then
		raise exception 'demo.seed: the database already holds citizens, comments or reports: the demo city loads only into an empty, migrated database'
			using hint = 'create a new database, run "pupitred migrate" on it, then "pupitred seed"';
	end if;
	thr := coalesce((select value::text::int from settings where key = 'auto_hide_threshold'), 3);

	-- Temporary tables of a previous call in this transaction.
	drop table if exists t_d, t_topic, t_ref, t_cit, t_cd, t_dc, t_bucket, t_prop, t_elig,
		t_stage, t_p2, t_pop, t_cat, t_com, t_par, t_c2, t_tgt, t_rep, t_ans;

	select
		array_agg(value order by ord) filter (where kind = 'first') as first,
		array_agg(value order by ord) filter (where kind = 'last') as last,
		array_agg(value order by ord) filter (where kind = 'pseudo') as pseudo,
		array_agg(value order by ord) filter (where kind = 'domain') as domain,
		array_agg(value order by ord) filter (where kind = 'intro') as intro,
		array_agg(value order by ord) filter (where kind = 'intro_city') as intro_city,
		array_agg(value order by ord) filter (where kind = 'qp') as qp,
		array_agg(value order by ord) filter (where kind = 'benefit') as benefit,
		array_agg(value order by ord) filter (where kind = 'closing') as closing,
		array_agg(value order by ord) filter (where kind = 'c_open_pro') as c_open_pro,
		array_agg(value order by ord) filter (where kind = 'c_open_contra') as c_open_contra,
		array_agg(value order by ord) filter (where kind = 'c_pro') as c_pro,
		array_agg(value order by ord) filter (where kind = 'c_contra') as c_contra,
		array_agg(value order by ord) filter (where kind = 'c_question') as c_question,
		array_agg(value order by ord) filter (where kind = 'c_close') as c_close,
		array_agg(value order by ord) filter (where kind = 'c_reply') as c_reply,
		array_agg(value order by ord) filter (where kind = 'wave') as wave,
		array_agg(value order by ord) filter (where kind = 'wave_greet') as wave_greet,
		array_agg(value order by ord) filter (where kind = 'spam') as spam,
		array_agg(value order by ord) filter (where kind = 'dup') as dup,
		array_agg(value order by ord) filter (where kind = 'insult') as insult,
		array_agg(value order by ord) filter (where kind = 'personal') as personal,
		array_agg(value order by ord) filter (where kind = 'offtopic') as offtopic,
		array_agg(value order by ord) filter (where kind = 'r_spam') as r_spam,
		array_agg(value order by ord) filter (where kind = 'r_offensive') as r_offensive,
		array_agg(value order by ord) filter (where kind = 'r_personal_data') as r_personal_data,
		array_agg(value order by ord) filter (where kind = 'r_off_topic') as r_off_topic,
		array_agg(value order by ord) filter (where kind = 'r_other') as r_other,
		array_agg(value order by ord) filter (where kind = 'inadmissible') as inadmissible,
		array_agg(value order by ord) filter (where kind = 'not_selected') as not_selected,
		array_agg(value order by ord) filter (where kind = 'not_winner') as not_winner,
		array_agg(value order by ord) filter (where kind = 'withdrawn') as withdrawn,
		array_agg(value order by ord) filter (where kind = 'favourable') as favourable,
		array_agg(value order by ord) filter (where kind = 'unfavourable') as unfavourable,
		min(value) filter (where kind = 'operating_note') as operating_note,
		min(value) filter (where kind = 'operating_ok') as operating_ok,
		array_agg(value order by ord) filter (where kind = 'other_line') as other_line,
		array_agg(value order by ord) filter (where kind = 'merge_note') as merge_note,
		array_agg(value order by ord) filter (where kind = 'stage_not_started') as stage_not_started,
		array_agg(value order by ord) filter (where kind = 'stage_studies') as stage_studies,
		array_agg(value order by ord) filter (where kind = 'stage_procedures') as stage_procedures,
		array_agg(value order by ord) filter (where kind = 'stage_works') as stage_works,
		array_agg(value order by ord) filter (where kind = 'stage_delivery') as stage_delivery,
		array_agg(value order by ord) filter (where kind = 'stage_done') as stage_done,
		array_agg(value order by ord) filter (where kind = 'stage_abandoned') as stage_abandoned,
		array_agg(value order by ord) filter (where kind = 'block_reason') as block_reason,
		min(value) filter (where kind = 'hide_spam') as hide_spam,
		min(value) filter (where kind = 'hide_offensive') as hide_offensive,
		min(value) filter (where kind = 'hide_personal_data') as hide_personal_data,
		min(value) filter (where kind = 'hide_off_topic') as hide_off_topic,
		min(value) filter (where kind = 'hide_other') as hide_other,
		array_agg(value order by ord) filter (where kind = 'badp_title') as badp_title,
		array_agg(value order by ord) filter (where kind = 'badp_body') as badp_body
	into w
	from demo.phrase_list();

	------------------------------------------------------------------
	-- The fixed parts: editions, districts, departments, themes, agents.
	------------------------------------------------------------------
	insert into editions (year, closed_at)
	values (2025, '2025-12-15 18:00:00+01'), (2026, null)
	on conflict (year) do nothing;
	insert into districts (code, name, citywide, envelope_cents)
	select code, name, citywide, envelope_cents from demo.district_list() order by ord
	on conflict (code) do nothing;
	insert into departments (code, name)
	select code, name from demo.department_list() order by ord
	on conflict (code) do nothing;
	insert into themes (code, name)
	select code, name from demo.theme_list() order by ord
	on conflict (code) do nothing;
	insert into agents (login, display_name, role, department_id, password_hash, active, created_at)
	select a.login, a.display_name, a.role::agent_role, d.id,
		crypt('demo', demo.bf_salt(sd, a.login)), a.active,
		demo.at('2024-09-02 09:00:00+02', 120, demo.u(sd, 1, a.ord))
	from demo.agent_list() a
	left join departments d on d.code = a.dept
	order by a.ord
	on conflict (login) do nothing;

	select id into a_admin from agents where login = 'admin';
	select id into a_front from agents where login = 'frontoffice';
	select array_agg(id order by id) into a_mods from agents
	where role = 'moderator' and active;
	select array_agg(id order by id) into a_instr from agents
	where role = 'instructor' and active;

	create temp table t_ref on commit drop as
	select department_id, array_agg(id order by id) as ids
	from agents where role = 'referent' and active group by department_id;

	-- Districts with their cumulative share of the population [lo, hi).
	create temp table t_d on commit drop as
	select d.id, d.code, d.name, d.citywide, d.envelope_cents, l.priority_share,
		l.neighbourhoods, coalesce(s.streets, '{}') as streets,
		case when d.citywide then null when d.code = '75001' then '1er'
			else ltrim(substr(d.code, 4), '0') || 'e' end as arr,
		(sum(l.population) over (order by l.ord) - l.population)::float8
			/ sum(l.population) over () as lo,
		(sum(l.population) over (order by l.ord))::float8 / sum(l.population) over () as hi
	from districts d
	join demo.district_list() l on l.code = d.code
	left join demo.street_list() s on s.code = d.code;

	-- Topics with their cumulative weight [lo, hi).
	create temp table t_topic on commit drop as
	select t.*, th.id as theme_id, dp.id as department_id,
		(sum(t.weight) over (order by t.ord) - t.weight) / sum(t.weight) over () as lo,
		sum(t.weight) over (order by t.ord) / sum(t.weight) over () as hi
	from demo.topic_list() t
	join themes th on th.code = t.theme
	join departments dp on dp.code = t.dept;

	------------------------------------------------------------------
	-- Citizens: 92% live in an arrondissement, weighed by its population.
	------------------------------------------------------------------
	c0 := coalesce((select max(id) from citizens), 0);
	create temp table t_cit on commit drop as
	with g as (
		select i, demo.u(sd, 20, i) / 0.92 as ud,
			demo.pick(w.first, sd, 21, i) as first, demo.pick(w.last, sd, 22, i) as last
		from generate_series(1, nc) i
	)
	select g.i, c0 + g.i as id, g.first, g.last, d.id as district_id,
		case
		when demo.u(sd, 23, g.i) < 0.55 then g.first || ' ' || left(g.last, 1) || '.'
		when demo.u(sd, 23, g.i) < 0.87 then g.first || ' ' || g.last
		else replace(replace(replace(replace(demo.pick(w.pseudo, sd, 24, g.i),
			'{first}', demo.ascii(g.first)), '{arr}', coalesce(d.arr, 'paris')),
			'{code}', coalesce(d.code, '75')), '{n}', demo.n(sd, 25, g.i, 1, 99)::text)
		end as display_name,
		case when demo.u(sd, 26, g.i) < 0.88 then
			demo.ascii(g.first) || '.' || demo.ascii(g.last)
			|| case when demo.u(sd, 27, g.i) < 0.4 then demo.n(sd, 28, g.i, 1, 99)::text else '' end
			|| '@' || demo.pick(w.domain, sd, 29, g.i)
		end as email,
		-- accounts are older than the first deposit of 2025
		demo.at('2016-03-01 10:00:00+01', 3237, (g.i - 1 + demo.u(sd, 30, g.i)) / nc) as created_at
	from g
	left join t_d d on not d.citywide and g.ud >= d.lo and g.ud < d.hi;
	analyze t_cit;

	insert into citizens (id, external_id, display_name, email, district_id, created_at)
	select id, 'lutece-' || lpad(i::text, 7, '0'), display_name, email, district_id, created_at
	from t_cit order by id;

	create temp table t_cd on commit drop as
	select district_id, row_number() over (partition by district_id order by id) as k, id
	from t_cit where district_id is not null;
	create index on t_cd (district_id, k);
	analyze t_cd;
	create temp table t_dc on commit drop as
	select district_id, count(*) as cnt from t_cd group by district_id;
	analyze t_dc;

	------------------------------------------------------------------
	-- Proposals. Each falls in a bucket (edition, state, stage, opinion):
	-- the first nb of a shuffled order take one bucket each, so that every
	-- bucket occurs, the others fall by weight.
	------------------------------------------------------------------
	create temp table t_bucket on commit drop as
	select b.no, b.edition, b.state::proposal_state as state, b.stage::proposal_stage as stage,
		b.opinion, (sum(b.wt) over (order by b.no) - b.wt) / sum(b.wt) over () as lo,
		sum(b.wt) over (order by b.no) / sum(b.wt) over () as hi
	from (values
		(1, 2025, 'inadmissible', null, null, 6.0),
		(2, 2025, 'withdrawn', null, null, 1.0),
		(3, 2025, 'merged', null, null, 5.0),
		(4, 2025, 'not_selected', null, 'mixed', 9.0),
		(5, 2025, 'not_winner', null, 'favourable', 11.0),
		(6, 2025, 'winner', 'not_started', 'favourable', 1.0),
		(7, 2025, 'winner', 'studies', 'favourable', 1.5),
		(8, 2025, 'winner', 'procedures', 'favourable', 1.5),
		(9, 2025, 'winner', 'works', 'favourable', 2.0),
		(10, 2025, 'winner', 'delivery', 'favourable', 1.0),
		(11, 2025, 'winner', 'done', 'favourable', 3.0),
		(12, 2025, 'winner', 'abandoned', 'favourable', 0.5),
		(13, 2026, 'submitted', null, null, 13.0),
		(14, 2026, 'admissible', null, null, 8.0),
		(15, 2026, 'inadmissible', null, null, 6.0),
		(16, 2026, 'costing', null, null, 9.0),
		(17, 2026, 'costed', null, 'favourable', 7.0),
		(18, 2026, 'costed', null, 'unfavourable', 3.0),
		(19, 2026, 'merged', null, null, 5.0),
		(20, 2026, 'selected', null, 'favourable', 6.0),
		(21, 2026, 'not_selected', null, 'mixed', 2.5),
		(22, 2026, 'withdrawn', null, null, 1.5)
	) as b (no, edition, state, stage, opinion, wt);
	nb := (select count(*) from t_bucket);

	p0 := coalesce((select max(id) from proposals), 0);
	create temp table t_prop on commit drop as
	with g as (
		select i, row_number() over (order by hashint8extended(i, sd * 1000 + 31), i) - 1 as r
		from generate_series(1, np) i
	), b as (
		select g.i, case when g.r < nb then g.r + 1 end as fixed,
			(g.r - nb + 0.5) / greatest(np - nb, 1) as f,
			demo.u(sd, 32, g.i) < 0.10 as citywide,
			demo.u(sd, 33, g.i) as ud, demo.u(sd, 34, g.i) as ut
		from g
	)
	select b.i, bk.edition, bk.state, bk.stage,
		case when bk.opinion = 'mixed' then
			case when demo.u(sd, 35, b.i) < 0.6 then 'unfavourable' else 'favourable' end
		else bk.opinion end as opinion,
		b.citywide, d.id as district_id, t.ord as topic,
		case when not b.citywide then demo.pick(d.streets, sd, 36, b.i) end as street,
		not b.citywide and demo.u(sd, 37, b.i) < d.priority_share as priority,
		case when cardinality(d.neighbourhoods) > 0
			then demo.pick(d.neighbourhoods, sd, 38, b.i) end as qp,
		demo.at(case bk.edition when 2025 then '2025-01-13 09:00:00+01'::timestamptz
			else '2026-01-12 09:00:00+01'::timestamptz end, 34, demo.u(sd, 39, b.i)) as created_at,
		null::int as target_i,
		case when bk.state = 'admissible' and demo.u(sd, 40, b.i) < 0.06 then 0 end as undo_i
	from b
	cross join lateral (select * from t_bucket bk
		where bk.no = coalesce(b.fixed, (select min(x.no) from t_bucket x where b.f < x.hi))) bk
	cross join lateral (select * from t_d d
		where d.id = coalesce((select x.id from t_d x where b.citywide and x.citywide),
			(select x.id from t_d x where not b.citywide and not x.citywide
				and b.ud >= x.lo and b.ud < x.hi))) d
	cross join lateral (select * from t_topic t
		where t.ord = (select min(x.ord) from t_topic x where b.ut < x.hi)) t;
	analyze t_prop;

	-- Merged proposals point to a project of their edition still in the
	-- running, and take its place and topic: their titles look alike.
	create temp table t_elig on commit drop as
	select i, edition, row_number() over (partition by edition order by i) as k,
		count(*) over (partition by edition) as cnt
	from t_prop
	where (edition = 2025 and state in ('not_selected', 'not_winner', 'winner'))
	   or (edition = 2026 and state in ('admissible', 'costing', 'costed', 'selected', 'not_selected'));
	update t_prop p set target_i = e.i, citywide = t.citywide, district_id = t.district_id,
		topic = t.topic, street = t.street, priority = t.priority, qp = t.qp
	from t_elig e, t_prop t
	where p.state = 'merged' and e.edition = p.edition
	  and e.k = 1 + floor(demo.u(sd, 41, p.i) * e.cnt)::int and t.i = e.i;
	-- A few admissible proposals were merged, then split again.
	update t_prop p set undo_i = e.i
	from t_elig e
	where p.undo_i = 0 and e.edition = 2026
	  and e.k = 1 + floor(demo.u(sd, 42, p.i) * e.cnt)::int and e.i <> p.i;
	update t_prop set undo_i = null where undo_i = 0;

	-- The stages each winner went through, and when.
	create temp table t_stage on commit drop as
	select p.i, s.pos, s.stage::proposal_stage as stage,
		demo.at(s.base, s.days, demo.u(sd, 50 + s.pos, p.i)) as at
	from t_prop p
	join (values
		(1, 'not_started', '2025-10-08 11:00:00+02'::timestamptz, 0.2),
		(2, 'studies', '2025-11-03 10:00:00+01', 60),
		(3, 'procedures', '2026-01-15 10:00:00+01', 75),
		(4, 'works', '2026-04-15 10:00:00+02', 90),
		(5, 'delivery', '2026-08-01 10:00:00+02', 45),
		(6, 'done', '2026-09-20 10:00:00+02', 40),
		(7, 'abandoned', '2026-02-01 10:00:00+01', 150)
	) as s (pos, stage, base, days)
	on p.state = 'winner' and case when p.stage = 'abandoned' then s.pos in (1, 2, 7)
		else s.pos <= array_position(array['not_started', 'studies', 'procedures', 'works',
			'delivery', 'done'], p.stage::text) end;
	analyze t_stage;

	-- Which proposals get reported, and how many reports they and the
	-- comments share; a citizen reports a content once, so the reports are
	-- spread over enough targets.
	rp := case when nm = 0 then nr else nr / 50 end;
	-- what the comments cannot take goes to proposals
	rc := least(nr - rp, nm::bigint * (nc - 1));
	rp := nr - rc;
	tp := case when rp = 0 then 0
		else least(np, greatest(ceil(rp / 2.5), ceil(rp::numeric / (nc - 1))))::int end;
	tc := case when rc = 0 then 0
		else least(nm, greatest(ceil(rc::numeric / (nc - 1)),
			least(ceil(0.6 * nm), ceil(rc / 2.3))))::int end;
	if rc > tc::bigint * (nc - 1) or rp > tp::bigint * (nc - 1) then
		raise exception 'demo.seed: % reports cannot be spread over % comments and % proposals by % citizens (each reports a content once)',
			nr, nm, np, nc
			using hint = 'ask for fewer reports, or more citizens or comments';
	end if;
	even_c := tc > 0 and rc::numeric / tc > (nc - 1) / 3.0;
	even_p := tp > 0 and rp::numeric / tp > (nc - 1) / 3.0;

	-- The proposals as they are stored, with ids in the order of deposit.
	create temp table t_p2 on commit drop as
	with x as (
		select p.*, t.theme_id, t.titles, t.city_titles, t.problems, t.details,
			t.cost_lo, t.cost_hi, d.code, d.arr, d.streets,
			case when p.state in ('admissible', 'costing', 'costed', 'selected', 'not_selected',
				'winner', 'not_winner', 'merged')
				or (p.state = 'inadmissible' and demo.u(sd, 43, p.i) < 0.5)
				then t.department_id end as department_id,
			row_number() over (order by (p.edition = 2026 and p.state = 'submitted') desc,
				hashint8extended(p.i, sd * 1000 + 44), p.i) as report_rank,
			demo.n(sd, 45, p.i, 2, 40)::int as years
		from t_prop p
		join t_topic t on t.ord = p.topic
		join t_d d on d.id = p.district_id
	), y as (
		select x.*,
			(select demo.pick(r.ids, sd, 46, x.i) from t_ref r
			 where r.department_id = x.department_id) as referent_id,
			case when x.report_rank <= tp and x.edition = 2026 and x.state = 'submitted'
				and x.report_rank <= greatest(1, tp / 4)
				then ((x.report_rank - 1) % 4)::int end as bad,
			-- cost in euros: log-uniform between the topic's bounds, more city-wide
			round(x.cost_lo * power(x.cost_hi::float8 / x.cost_lo, demo.u(sd, 47, x.i))
				* case when x.citywide then 3 else 1 end / 500)::bigint * 500 * 100 as cost_cents,
			(x.opinion = 'unfavourable' and demo.u(sd, 48, x.i) < 0.6)
				or (x.opinion = 'favourable' and x.state <> 'winner' and demo.u(sd, 48, x.i) < 0.08)
				as has_op,
			demo.at('2026-05-11 10:00:00+02', 20, demo.u(sd, 49, x.i)) as undo_merged_at,
			case
			when x.edition = 2025 and x.state = 'inadmissible' then demo.at('2025-03-10 10:00:00+01', 36, demo.u(sd, 60, x.i))
			when x.edition = 2025 and x.state = 'withdrawn' then demo.at('2025-02-20 10:00:00+01', 90, demo.u(sd, 60, x.i))
			when x.edition = 2025 and x.state = 'merged' then demo.at('2025-05-12 10:00:00+02', 39, demo.u(sd, 60, x.i))
			when x.edition = 2025 and x.state = 'not_selected' then demo.at('2025-07-01 10:00:00+02', 9, demo.u(sd, 60, x.i))
			when x.edition = 2025 then demo.at('2025-10-08 09:00:00+02', 0.08, demo.u(sd, 60, x.i))
			when x.state = 'submitted' then x.created_at
			when x.state in ('admissible', 'inadmissible') then demo.at('2026-03-02 10:00:00+01', 59, demo.u(sd, 60, x.i))
			when x.state = 'costing' then demo.at('2026-04-01 10:00:00+02', 105, demo.u(sd, 60, x.i))
			when x.state = 'costed' then demo.at('2026-05-15 10:00:00+02', 108, demo.u(sd, 60, x.i))
			when x.state = 'merged' then demo.at('2026-05-11 10:00:00+02', 46, demo.u(sd, 60, x.i))
			when x.state in ('selected', 'not_selected') then demo.at('2026-09-15 10:00:00+02', 10, demo.u(sd, 60, x.i))
			else demo.at('2026-02-20 10:00:00+01', 230, demo.u(sd, 60, x.i))
			end as changed_at
		from x
	)
	select y.i, p0 + row_number() over (order by y.created_at, y.i) as id,
		y.edition, y.state, y.stage, y.opinion, y.citywide, y.district_id, y.topic, y.theme_id,
		y.department_id, y.referent_id, y.street, y.code, y.target_i, y.undo_i, y.report_rank,
		y.bad, y.has_op, y.cost_cents, y.created_at,
		case when y.bad is not null then
			replace(replace(w.badp_title[y.bad + 1], '{name}', demo.pick(w.last, sd, 61, y.i)),
				'{street}', coalesce(y.street, 'rue de Rivoli'))
		else demo.fill(demo.pick(case when y.citywide then y.city_titles else y.titles end, sd, 62, y.i),
			y.street, y.arr, y.qp, y.years)
		end as title,
		case when y.bad is not null then
			replace(replace(replace(replace(replace(w.badp_body[y.bad + 1],
				'{name}', demo.pick(w.first, sd, 63, y.i) || ' ' || demo.pick(w.last, sd, 61, y.i)),
				'{street}', coalesce(y.street, 'rue de Rivoli')),
				'{n}', demo.n(sd, 64, y.i, 1, 120)::text),
				'{phone}', demo.phone(sd, y.i)),
				'{url}', 'https://trott-discount.example/' || substr(md5(sd || '/' || y.i), 1, 6))
		else demo.fill(concat_ws(E'\n\n',
			demo.pick(case when y.citywide then w.intro_city else w.intro end, sd, 65, y.i)
				|| ' ' || demo.pick(y.problems, sd, 66, y.i),
			demo.pick(y.details, sd, 67, y.i)
				|| case when y.priority then ' ' || demo.pick(w.qp, sd, 68, y.i) else '' end,
			demo.pick(w.benefit, sd, 69, y.i) || ' ' || demo.pick(w.closing, sd, 70, y.i)),
			y.street, y.arr, y.qp, y.years)
		end as body,
		case when not y.citywide and demo.u(sd, 71, y.i) < 0.85 then
			demo.n(sd, 72, y.i, 1, 140) || ' ' || y.street || ', ' || y.code || ' Paris'
		end as address,
		y.priority,
		case
		when y.state = 'winner' then demo.n(sd, 73, y.i, 150, 1500)
		when y.state in ('not_winner', 'selected', 'not_selected') then demo.n(sd, 73, y.i, 40, 600)
		when y.state in ('admissible', 'costing', 'costed') then demo.n(sd, 73, y.i, 5, 300)
		when y.state = 'submitted' then floor(200 * power(demo.u(sd, 73, y.i), 3))::bigint
		else demo.n(sd, 73, y.i, 0, 60)
		end::int as supports,
		case
		when y.state = 'inadmissible' then demo.pick(w.inadmissible, sd, 74, y.i)
		when y.state = 'not_selected' and y.opinion = 'unfavourable' then w.not_selected[1]
		when y.state = 'not_selected' then w.not_selected[2 + floor(demo.u(sd, 74, y.i) * (cardinality(w.not_selected) - 1))::int]
		when y.state = 'not_winner' then demo.pick(w.not_winner, sd, 74, y.i)
		when y.state = 'withdrawn' then demo.pick(w.withdrawn, sd, 74, y.i)
		end as state_reason,
		case when y.undo_i is not null
			then y.undo_merged_at + make_interval(secs => demo.n(sd, 75, y.i, 86400, 864000))
			else y.changed_at end as state_changed_at,
		y.undo_merged_at,
		coalesce(s.last_at, case when y.undo_i is not null
			then y.undo_merged_at + make_interval(secs => demo.n(sd, 75, y.i, 86400, 864000))
			else y.changed_at end) as updated_at,
		case
		when y.state = 'submitted' then null
		when y.state = 'withdrawn' then a_front
		when y.state in ('admissible', 'costed') then y.referent_id
		else demo.pick(a_instr, sd, 76, y.i)
		end as updated_by,
		case y.state
		when 'submitted' then 1 when 'admissible' then 2 when 'inadmissible' then 2
		when 'withdrawn' then 2 when 'costing' then 3 when 'merged' then 3 when 'costed' then 4
		when 'selected' then 5 when 'not_selected' then 5 when 'not_winner' then 6
		else 6 + coalesce(s.n, 0) end
		+ case when y.undo_i is not null then 2 else 0 end as version,
		case when y.edition = 2025
			then demo.at('2025-04-20 10:00:00+02', 66, demo.u(sd, 77, y.i))
		when y.state = 'costed' then y.changed_at
		else demo.at('2026-05-15 10:00:00+02', 108, demo.u(sd, 77, y.i))
		end as costed_at
	from y
	left join (select i, max(at) as last_at, count(*) as n from t_stage group by i) s on s.i = y.i;

	-- Winners of a district fit in its envelope.
	update t_p2 p set cost_cents = floor(p.cost_cents * s.f / 50000)::bigint * 50000
	from (
		select p.district_id, 0.95 * d.envelope_cents / sum(p.cost_cents) as f
		from t_p2 p join t_d d on d.id = p.district_id
		where p.state = 'winner' and p.edition = 2025
		group by p.district_id, d.envelope_cents
	) s
	where p.state = 'winner' and p.edition = 2025 and p.district_id = s.district_id and s.f < 1;

	-- Authors: mostly from the proposal's own arrondissement.
	alter table t_p2 add column author_id bigint;
	update t_p2 p set author_id = coalesce(
		case when not p.citywide and demo.u(sd, 78, p.i) < 0.85 then
			(select cd.id from t_dc dc join t_cd cd on cd.district_id = dc.district_id
			 where dc.district_id = p.district_id
			   and cd.k = 1 + floor(demo.u(sd, 79, p.i) * dc.cnt)::int) end,
		c0 + demo.n(sd, 79, p.i, 1, nc));
	analyze t_p2;

	insert into proposals (id, edition, title, body, author_id, district_id, theme_id, address,
		priority_neighbourhood, department_id, referent_id, supports, state, state_reason,
		stage, merged_into, created_at, state_changed_at, updated_at, updated_by, version)
	select p.id, p.edition, p.title, p.body, p.author_id, p.district_id, p.theme_id, p.address,
		p.priority, p.department_id, p.referent_id, p.supports, p.state, p.state_reason,
		p.stage, t.id, p.created_at, p.state_changed_at, p.updated_at, p.updated_by, p.version
	from t_p2 p
	left join t_p2 t on p.state = 'merged' and t.i = p.target_i
	order by p.id;

	-- Costings of every proposal that went through the study, with their
	-- lines: investment, studies, other, and sometimes operating costs
	-- (which the participatory budget cannot pay: a reason to say no).
	insert into costings (proposal_id, opinion, justification, duration_months, total_cents,
		costed_by, costed_at)
	select p.id, p.opinion,
		case
		when p.opinion = 'unfavourable' and p.has_op then w.operating_note
		when p.opinion = 'unfavourable' then demo.pick(w.unfavourable, sd, 80, p.i)
		when p.has_op then demo.pick(w.favourable, sd, 80, p.i) || ' ' || w.operating_ok
		else demo.pick(w.favourable, sd, 80, p.i)
		end,
		demo.n(sd, 81, p.i, 3, 36), p.cost_cents, coalesce(p.referent_id, a_admin), p.costed_at
	from t_p2 p
	where p.opinion is not null
	order by p.id;

	insert into cost_lines (proposal_id, position, category, label, amount_cents)
	select p.id, l.pos, l.cat::cost_category, l.label, l.amount
	from (
		select p.*, t.invest, t.studies, t.operating,
			case when p.has_op then least(demo.n(sd, 82, p.i, 20, 600) * 10000, p.cost_cents / 5)
				else 0 end as op
		from t_p2 p join t_topic t on t.ord = p.topic
		where p.opinion is not null
	) p
	cross join lateral (
		select floor((p.cost_cents - p.op) * (0.70 + 0.15 * demo.u(sd, 83, p.i)) / 100)::bigint * 100 as inv,
			floor((p.cost_cents - p.op) * (0.05 + 0.10 * demo.u(sd, 84, p.i)) / 100)::bigint * 100 as stu
	) a
	cross join lateral (values
		(1, 'investment', demo.pick(p.invest, sd, 85, p.i), a.inv),
		(2, 'studies', coalesce(demo.pick(p.studies, sd, 86, p.i), 'Études et maîtrise d''œuvre'), a.stu),
		(3, 'other', demo.pick(w.other_line, sd, 87, p.i), p.cost_cents - p.op - a.inv - a.stu),
		(4, 'operating', coalesce(demo.pick(p.operating, sd, 88, p.i), 'Entretien annuel'), p.op)
	) as l (pos, cat, label, amount)
	where l.pos < 4 or p.has_op
	order by p.id, l.pos;

	-- Merges (and a few merges undone) and the co-authors they made.
	insert into merges (target_id, source_id, merged_by, merged_at, note, undone_by, undone_at)
	select target_id, source_id, merged_by, merged_at, note, undone_by, undone_at
	from (
		select t.id as target_id, p.id as source_id, demo.pick(a_instr, sd, 90, p.i) as merged_by,
			p.state_changed_at as merged_at, demo.pick(w.merge_note, sd, 91, p.i) as note,
			null::int as undone_by, null::timestamptz as undone_at
		from t_p2 p join t_p2 t on t.i = p.target_i
		where p.state = 'merged'
		union all
		select t.id, p.id, demo.pick(a_instr, sd, 90, p.i), p.undo_merged_at,
			demo.pick(w.merge_note, sd, 91, p.i), demo.pick(a_instr, sd, 92, p.i),
			p.state_changed_at
		from t_p2 p join t_p2 t on t.i = p.undo_i
	) m
	order by merged_at, source_id;

	insert into proposal_coauthors (proposal_id, citizen_id, via_merge)
	select m.target_id, s.author_id, m.id
	from merges m
	join proposals s on s.id = m.source_id
	join proposals t on t.id = m.target_id
	where m.undone_at is null and s.author_id <> t.author_id
	order by m.id
	on conflict do nothing;
	insert into proposal_coauthors (proposal_id, citizen_id)
	select p.id, c0 + demo.n(sd, 93 + j, p.i, 1, nc)
	from t_p2 p cross join generate_series(1, 3) j
	where p.state <> 'merged' and demo.u(sd, 92, p.i) < 0.06
	  and j <= demo.n(sd, 97, p.i, 1, 3)
	  and c0 + demo.n(sd, 93 + j, p.i, 1, nc) <> p.author_id
	order by p.id, j
	on conflict do nothing;

	-- Votes: the 2025 vote consolidated (a third online), the 2026 vote
	-- under way (online only so far).
	insert into votes (proposal_id, online, paper, recorded_by, recorded_at)
	select v.id, v.online, v.total - v.online, v.recorded_by, v.recorded_at
	from (
		select p.id, p.state, x.total,
			case when p.state = 'selected' then x.total
				else round(x.total * (0.30 + 0.10 * demo.u(sd, 101, p.i)))::int end as online,
			demo.pick(a_instr, sd, 102, p.i) as recorded_by,
			case when p.state = 'selected'
				then demo.at('2026-11-01 20:00:00+01', 0.5, demo.u(sd, 103, p.i))
				else demo.at('2025-10-06 14:00:00+02', 1, demo.u(sd, 103, p.i)) end as recorded_at
		from t_p2 p
		cross join lateral (select (case p.state
			when 'winner' then demo.n(sd, 100, p.i, 2500, 7000)
			when 'not_winner' then demo.n(sd, 100, p.i, 300, 2400)
			else demo.n(sd, 100, p.i, 50, 1500) end
			* case when p.citywide then 4 else 1 end)::int as total) x
		where p.state in ('selected', 'winner', 'not_winner')
	) v
	order by v.id;

	insert into stage_updates (proposal_id, stage, stage_date, note, agent_id, created_at)
	select p.id, s.stage, (s.at at time zone 'Europe/Paris')::date,
		case s.stage
		when 'not_started' then demo.pick(w.stage_not_started, sd, 104, p.i)
		when 'studies' then demo.pick(w.stage_studies, sd, 104, p.i)
		when 'procedures' then demo.pick(w.stage_procedures, sd, 104, p.i)
		when 'works' then demo.pick(w.stage_works, sd, 104, p.i)
		when 'delivery' then demo.pick(w.stage_delivery, sd, 104, p.i)
		when 'done' then demo.pick(w.stage_done, sd, 104, p.i)
		else demo.pick(w.stage_abandoned, sd, 104, p.i) end,
		case when s.pos = 1 then demo.pick(a_instr, sd, 105, p.i)
			else coalesce(p.referent_id, demo.pick(a_instr, sd, 105, p.i)) end,
		s.at
	from t_stage s join t_p2 p on p.i = s.i
	order by s.at, p.id, s.pos;

	------------------------------------------------------------------
	-- Comments. Popular proposals get most of them. The first tc of a
	-- shuffled order are reported: hn hostile ones, then by category.
	------------------------------------------------------------------
	create temp table t_pop on commit drop as
	select row_number() over (order by supports desc, i) as k, i, id, created_at, edition, state,
		topic, district_id, street, citywide
	from t_p2;
	create index on t_pop (k);
	analyze t_pop;

	hn := least(tc / 3, 34);
	create temp table t_cat on commit drop as
	select c.cat, c.wt,
		(sum(c.share) over (order by c.no) - c.share) / sum(c.share) over () as lo,
		sum(c.share) over (order by c.no) / sum(c.share) over () as hi
	from (values
		(1, 'wave', 0.28, 20), (2, 'spam', 0.10, 25), (3, 'dup', 0.05, 15),
		(4, 'insult', 0.17, 35), (5, 'personal', 0.10, 30), (6, 'offtopic', 0.12, 15),
		(7, 'false', 0.18, 10)
	) as c (no, cat, share, wt);

	m0 := coalesce((select max(id) from comments), 0);
	create temp table t_com on commit drop as
	with g as (
		select i, 1 + floor(np * power(demo.u(sd, 110, i), 2))::int as pk,
			row_number() over (order by hashint8extended(i, sd * 1000 + 111), i) as hr
		from generate_series(1, nm) i
	), c as (
		select g.i, g.hr, p.i as pi, p.id as proposal_id, p.created_at as p_created, p.edition,
			p.state as pstate, p.topic, p.district_id as pdistrict, p.citywide, p.street,
			case
			when g.hr > tc then 'normal'
			when g.hr <= hn then 'hostile'
			else (select t.cat from t_cat t
				where (g.hr - hn - 0.5) / nullif(tc - hn, 0) >= t.lo
				  and (g.hr - hn - 0.5) / nullif(tc - hn, 0) < t.hi)
			end as cat
		from g join t_pop p on p.k = g.pk
	)
	select c.*,
		case
		when c.cat = 'dup' then c0 + demo.n(sd, 112, c.i % 3, 1, nc)
		when not c.citywide and demo.u(sd, 113, c.i) < 0.5 then coalesce(
			(select cd.id from t_dc dc join t_cd cd on cd.district_id = dc.district_id
			 where dc.district_id = c.pdistrict
			   and cd.k = 1 + floor(demo.u(sd, 114, c.i) * dc.cnt)::int),
			c0 + demo.n(sd, 114, c.i, 1, nc))
		else c0 + demo.n(sd, 114, c.i, 1, nc)
		end as author_id,
		case c.cat
		-- the spam wave: the last three days
		when 'wave' then demo.at('2026-10-30 09:00:00+01', 2.95, demo.u(sd, 115, c.i))
		when 'hostile' then demo.at('2026-10-21 09:00:00+02', 11.9, demo.u(sd, 115, c.i))
		when 'dup' then demo.at('2026-10-08 09:00:00+02', 24.5, demo.u(sd, 115, c.i))
		else demo.at(c.p_created + interval '1 hour',
			extract(epoch from (case when c.edition = 2025 and c.pstate <> 'winner'
				then '2025-10-15 20:00:00+02'::timestamptz
				else '2026-11-02 07:00:00+01'::timestamptz end)
				- c.p_created - interval '1 hour') / 86400,
			demo.u(sd, 115, c.i))
		end as created_at
	from c;
	create index on t_com (pi, created_at);
	analyze t_com (i, pi, created_at, cat);

	-- Replies: to one of the latest earlier comments of the same proposal.
	create temp table t_par on commit drop as
	select c.i, x.i as parent_i, x.author_id as parent_author
	from t_com c
	cross join lateral (
		select c2.i, c2.author_id from t_com c2
		where c2.pi = c.pi and c2.created_at < c.created_at
		  and c2.cat in ('normal', 'insult', 'personal', 'offtopic', 'false')
		order by c2.created_at desc, c2.i desc
		offset demo.n(sd, 117, c.i, 0, 2) limit 1
	) x
	where c.cat in ('normal', 'insult', 'personal', 'offtopic', 'false')
	  and demo.u(sd, 116, c.i) < case c.cat when 'insult' then 0.6 when 'normal' then 0.3 else 0.15 end;
	analyze t_par;

	create temp table t_c2 on commit drop as
	select c.i, c.hr, c.pi, c.proposal_id, c.cat, c.author_id, c.created_at, par.parent_i,
		m0 + row_number() over (order by c.created_at, c.i) as id,
		case c.cat
		when 'normal' then concat_ws(' ',
			replace(case when par.parent_i is not null then demo.pick(w.c_reply, sd, 120, c.i) end,
				'{name}', pa.display_name),
			case when demo.u(sd, 121, c.i) < 0.5 then demo.pick(case when demo.u(sd, 122, c.i) < 0.7
				then w.c_open_pro else w.c_open_contra end, sd, 123, c.i) end,
			case when demo.u(sd, 124, c.i) < 0.6 then demo.pick(t.remarks, sd, 125, c.i)
				else demo.pick(case when demo.u(sd, 122, c.i) < 0.7 then w.c_pro else w.c_contra end,
					sd, 126, c.i) end,
			case when demo.u(sd, 127, c.i) < 0.35 then demo.pick(w.c_question, sd, 128, c.i) end,
			case when demo.u(sd, 129, c.i) < 0.25 then demo.pick(w.c_close, sd, 130, c.i) end)
		when 'false' then concat_ws(' ',
			replace(case when par.parent_i is not null then demo.pick(w.c_reply, sd, 120, c.i) end,
				'{name}', pa.display_name),
			demo.pick(w.c_open_contra, sd, 123, c.i),
			demo.pick(w.c_contra, sd, 126, c.i),
			case when demo.u(sd, 127, c.i) < 0.5 then demo.pick(w.c_question, sd, 128, c.i) end)
		when 'wave' then concat_ws(' ',
			case when demo.u(sd, 131, c.i) < 0.6 then demo.pick(w.wave_greet, sd, 132, c.i) end,
			replace(demo.pick(w.wave, sd, 133, c.i), '{n}', demo.pick('{300,450,500,800}'::text[], sd, 134, c.i)),
			demo.pick('{"👉 ","➡ ","",">>> "}'::text[], sd, 135, c.i)
				|| 'https://gain-facile.example/' || substr(md5(sd || '/' || c.i), 1, 6))
		when 'spam' then replace(replace(demo.pick(w.spam, sd, 136, c.i),
			'{url}', 'https://' || demo.pick('{bon-plan,promo-paris,offre-speciale}'::text[], sd, 137, c.i)
				|| '.example/' || substr(md5(sd || '/' || c.i), 1, 5)),
			'{phone}', demo.phone(sd, c.i))
		when 'dup' then demo.pick(w.dup, sd, 138, c.i % 3) || repeat('!', demo.n(sd, 139, c.i, 0, 3)::int)
		when 'insult' then concat_ws(' ',
			case when par.parent_i is not null then '@' || pa.display_name end,
			demo.pick(w.insult, sd, 140, c.i))
		when 'personal' then replace(replace(replace(replace(replace(
			demo.pick(w.personal, sd, 141, c.i),
			'{name}', demo.pick(w.first, sd, 142, c.i) || ' ' || demo.pick(w.last, sd, 143, c.i)),
			'{phone}', demo.phone(sd, c.i)),
			'{email}', demo.ascii(demo.pick(w.first, sd, 142, c.i)) || '.'
				|| demo.ascii(demo.pick(w.last, sd, 143, c.i)) || '@example.com'),
			'{n}', demo.n(sd, 144, c.i, 1, 120)::text),
			'{street}', coalesce(c.street, 'rue de Rivoli'))
		when 'offtopic' then replace(replace(demo.pick(w.offtopic, sd, 145, c.i),
			'{street}', coalesce(c.street, 'rue de Rivoli')),
			'{n}', demo.n(sd, 144, c.i, 1, 120)::text)
		else demo.hostile(((c.hr - 1) % 17)::int, c.i)
		end as body
	from t_com c
	join t_topic t on t.ord = c.topic
	left join t_par par on par.i = c.i
	left join t_cit pa on pa.id = par.parent_author;
	analyze t_c2 (i, hr, parent_i, id);

	insert into comments (id, proposal_id, parent_id, author_id, body, created_at)
	select c.id, c.proposal_id, pc.id, c.author_id, c.body, c.created_at
	from t_c2 c left join t_c2 pc on pc.i = c.parent_i
	order by c.id;

	------------------------------------------------------------------
	-- Reports: each target gets at least one, the rest by weight (hostile
	-- text and insults draw many, reports in bad faith few). Reporters of a
	-- target are distinct citizens, never its author.
	------------------------------------------------------------------
	create temp table t_tgt on commit drop as
	with t as (
		select 'comment'::target_type as ttype, c.id as target_id, c.author_id, c.cat,
			c.created_at, c.i as src,
			case when even_c then 1 else coalesce(k.wt, 50) end as wt, rc as total
		from t_c2 c left join t_cat k on k.cat = c.cat
		where c.hr <= tc
		union all
		select 'proposal', p.id, p.author_id,
			case p.bad when 0 then 'spam' when 1 then 'insult' when 2 then 'personal'
				when 3 then 'offtopic' else 'pfalse' end,
			p.created_at, p.i, case when even_p then 1 when p.bad is not null then 30 else 12 end, rp
		from t_p2 p
		where p.report_rank <= tp
	), s as (
		select t.*, row_number() over (order by t.ttype, t.target_id) as ord,
			sum(t.wt) over (partition by t.ttype order by t.target_id) as cw,
			sum(t.wt) over (partition by t.ttype) as tw,
			count(*) over (partition by t.ttype) as cnt
		from t
	)
	select s.ttype, s.target_id, s.author_id, s.cat, s.created_at, s.src, s.ord,
		least(nc - 1, 1 + (s.total - s.cnt) * s.cw / s.tw
			- (s.total - s.cnt) * (s.cw - s.wt) / s.tw)::int as nrep,
		case
		when s.cat in ('hostile', 'wave', 'dup') then false
		when s.created_at >= t0 - interval '720 hours' then false
		when s.ttype = 'proposal' then demo.u(sd, 150, s.ord) < 0.4
		else demo.u(sd, 150, s.ord) < 0.45
		end as decided,
		case
		when s.cat in ('false', 'pfalse') then 'dismissed'
		when s.cat = 'offtopic' and demo.u(sd, 151, s.ord) < 0.5 then 'dismissed'
		when demo.u(sd, 151, s.ord) < 0.08 then 'dismissed'
		else 'upheld'
		end::report_status as outcome,
		case s.cat
		when 'wave' then 'spam' when 'spam' then 'spam' when 'dup' then 'spam'
		when 'insult' then 'offensive' when 'personal' then 'personal_data'
		when 'offtopic' then 'off_topic'
		when 'hostile' then (array['other', 'spam', 'other', 'offensive'])[1 + (s.ord % 4)::int]
		else 'other'
		end::report_reason as reason,
		demo.pick(a_mods, sd, 152, s.ord) as decided_by,
		null::timestamptz as last_at
	from s;
	analyze t_tgt;

	create temp table t_rep on commit drop as
	select t.ttype, t.target_id, t.ord, j.j,
		c0 + 1 + ((t.author_id - c0 - 1) + 1
			+ ((demo.n(sd, 153, t.ord, 0, nc - 2) + j.j - 1) % (nc - 1))) % nc as reporter_id,
		case when demo.u(sd, 154, t.ord * 100000000 + j.j) < 0.8 then t.reason
			else (enum_range(null::report_reason))[1 + demo.n(sd, 155, t.ord * 100000000 + j.j, 0, 4)::int]
		end as reason,
		case when t.decided then
			demo.at(t.created_at + interval '30 minutes', 4, demo.u(sd, 156, t.ord * 100000000 + j.j))
		else
			demo.at(greatest(t.created_at + interval '30 minutes', t0 - interval '480 hours'),
				extract(epoch from t0 - greatest(t.created_at + interval '30 minutes',
					t0 - interval '480 hours')) / 86400,
				demo.u(sd, 156, t.ord * 100000000 + j.j))
		end as created_at,
		demo.u(sd, 157, t.ord * 100000000 + j.j) as ud
	from t_tgt t
	cross join lateral generate_series(1, t.nrep) as j (j);
	analyze t_rep;

	update t_tgt t set last_at = r.last_at
	from (select ttype, target_id, max(created_at) as last_at from t_rep group by 1, 2) r
	where r.ttype = t.ttype and r.target_id = t.target_id;

	r0 := coalesce((select max(id) from reports), 0);
	insert into reports (id, target_type, target_id, reporter_id, reason, details, created_at)
	select r0 + row_number() over (order by r.created_at, r.ord, r.j), r.ttype, r.target_id,
		r.reporter_id, r.reason,
		case when r.ud < 0.5 then
			case r.reason
			when 'spam' then demo.pick(w.r_spam, sd, 158, r.ord * 100000000 + r.j)
			when 'offensive' then demo.pick(w.r_offensive, sd, 158, r.ord * 100000000 + r.j)
			when 'personal_data' then demo.pick(w.r_personal_data, sd, 158, r.ord * 100000000 + r.j)
			when 'off_topic' then demo.pick(w.r_off_topic, sd, 158, r.ord * 100000000 + r.j)
			else demo.pick(w.r_other, sd, 158, r.ord * 100000000 + r.j)
			end
		end,
		r.created_at
	from t_rep r
	order by 1;

	-- Decisions already taken, as a moderator's UPDATE would take them.
	update reports r set status = t.outcome, decided_by = t.decided_by,
		decided_at = t.last_at + make_interval(secs => demo.n(sd, 159, t.ord, 3600, 172800))
	from t_tgt t
	where t.decided and r.target_type = t.ttype and r.target_id = t.target_id;

	-- The targets' moderation state follows: hidden pending review at the
	-- threshold of open reports, hidden or left visible once decided.
	update comments c set
		hidden = x.hidden, hidden_auto = x.hidden_auto, hidden_reason = x.hidden_reason,
		moderated_by = x.moderated_by, moderated_at = x.moderated_at,
		escalated_at = x.escalated_at, version = x.version
	from (
		select t.target_id,
			(t.decided and t.outcome = 'upheld') or (not t.decided and t.nrep >= thr) as hidden,
			not t.decided and t.nrep >= thr as hidden_auto,
			case when t.decided and t.outcome = 'upheld' then
				case t.reason when 'spam' then w.hide_spam when 'offensive' then w.hide_offensive
					when 'personal_data' then w.hide_personal_data
					when 'off_topic' then w.hide_off_topic else w.hide_other end
			when not t.decided and t.nrep >= thr then 'pending review' end as hidden_reason,
			case when t.decided then t.decided_by end as moderated_by,
			case when t.decided then t.last_at + make_interval(secs => demo.n(sd, 159, t.ord, 3600, 172800)) end as moderated_at,
			case when not t.decided and demo.u(sd, 160, t.ord) < 0.03
				then least(t.last_at + interval '1 hour', t0) end as escalated_at,
			1 + case when t.nrep >= thr then 1 else 0 end + case when t.decided then 1 else 0 end as version
		from t_tgt t
		where t.ttype = 'comment'
		  and (t.decided or t.nrep >= thr or demo.u(sd, 160, t.ord) < 0.03)
	) x
	where c.id = x.target_id;

	update proposals p set
		hidden = x.hidden, hidden_auto = x.hidden_auto, hidden_reason = x.hidden_reason,
		moderated_by = x.moderated_by, moderated_at = x.moderated_at,
		updated_at = greatest(p.updated_at, x.changed_at), version = p.version + x.changes
	from (
		select t.target_id,
			(t.decided and t.outcome = 'upheld') or (not t.decided and t.nrep >= thr) as hidden,
			not t.decided and t.nrep >= thr as hidden_auto,
			case when t.decided and t.outcome = 'upheld' then
				case t.reason when 'spam' then w.hide_spam when 'offensive' then w.hide_offensive
					when 'personal_data' then w.hide_personal_data
					when 'off_topic' then w.hide_off_topic else w.hide_other end
			when not t.decided and t.nrep >= thr then 'pending review' end as hidden_reason,
			case when t.decided then t.decided_by end as moderated_by,
			case when t.decided then t.last_at + make_interval(secs => demo.n(sd, 159, t.ord, 3600, 172800)) end as moderated_at,
			case when t.decided then t.last_at + make_interval(secs => demo.n(sd, 159, t.ord, 3600, 172800))
				else t.last_at end as changed_at,
			case when t.nrep >= thr then 1 else 0 end + case when t.decided then 1 else 0 end as changes
		from t_tgt t
		where t.ttype = 'proposal' and (t.decided or t.nrep >= thr)
	) x
	where p.id = x.target_id;

	-- A few authors of upheld spam and insults are blocked for a month.
	update citizens c set blocked_until = t0 + interval '720 hours',
		block_reason = case when x.cat = 'insult' then w.block_reason[2] else w.block_reason[1] end
	from (
		select distinct on (t.author_id) t.author_id, t.cat
		from t_tgt t
		where t.decided and t.outcome = 'upheld' and t.cat in ('spam', 'insult')
		order by t.author_id, t.ord
	) x
	where c.id = x.author_id
	  and c.id in (select author_id from t_tgt where decided and outcome = 'upheld'
		and cat in ('spam', 'insult') order by ord limit 4);

	------------------------------------------------------------------
	-- Answer templates and the answers already sent.
	------------------------------------------------------------------
	insert into answer_templates (name, body, created_by, updated_at)
	select x.name, x.body, a_admin, demo.at('2024-12-02 10:00:00+01', 30, demo.u(sd, 170, x.no))
	from (values
		(1, 'Recevabilité : recevable', E'Bonjour {{citizen_name}},\n\nVotre proposition n° {{proposal_id}} « {{proposal_title}} » a été jugée recevable. Elle est maintenant étudiée par la {{department}}, qui en évaluera la faisabilité et le coût.\n\nMerci pour votre participation,\n{{agent_name}}, pour l''équipe du budget participatif'),
		(2, 'Recevabilité : irrecevable', E'Bonjour {{citizen_name}},\n\nVotre proposition n° {{proposal_id}} « {{proposal_title}} » n''a pas pu être retenue à l''étape de la recevabilité, pour le motif suivant : {{state_reason}}.\n\nNous vous remercions pour votre participation et vous invitons à déposer de nouvelles idées lors de la prochaine édition.\n{{agent_name}}, pour l''équipe du budget participatif'),
		(3, 'Regroupement de propositions', E'Bonjour {{citizen_name}},\n\nVotre proposition « {{proposal_title}} » a été regroupée avec des propositions proches dans le projet n° {{merged_into}} ({{district}}). Vous en devenez co-porteur ou co-porteuse et serez invité·e aux ateliers de co-construction.\n\n{{agent_name}}, pour l''équipe du budget participatif'),
		(4, 'Étude technique : avis défavorable', E'Bonjour {{citizen_name}},\n\nAprès étude par la {{department}}, votre proposition « {{proposal_title}} » ne peut pas être réalisée : {{state_reason}}.\n\nMerci pour votre engagement,\n{{agent_name}}'),
		(5, 'Vote : projet lauréat', E'Bonjour {{citizen_name}},\n\nFélicitations ! Le projet « {{proposal_title}} » fait partie des lauréats du budget participatif {{edition}} ({{district}}), pour un montant de {{total_cost}}. Vous serez informé·e de chaque étape de sa réalisation.\n\n{{agent_name}}, pour l''équipe du budget participatif'),
		(6, 'Vote : projet non lauréat', E'Bonjour {{citizen_name}},\n\nLe projet « {{proposal_title}} » n''a pas recueilli assez de voix pour figurer parmi les lauréats du budget participatif {{edition}}. Merci d''avoir fait vivre le débat dans votre quartier.\n\n{{agent_name}}'),
		(7, 'Commission : non retenu', E'Bonjour {{citizen_name}},\n\nLa commission du {{district}} n''a pas retenu le projet « {{proposal_title}} » pour le vote : {{state_reason}}.\n\n{{agent_name}}, pour l''équipe du budget participatif'),
		(8, 'Réalisation : changement d''étape', E'Bonjour {{citizen_name}},\n\nLe projet « {{proposal_title}} » avance : il est désormais à l''étape « {{stage}} ».\n\n{{agent_name}}'),
		(9, 'Modération : commentaire masqué', E'Bonjour {{citizen_name}},\n\nVotre commentaire sur la proposition « {{proposal_title}} » a été masqué, car il ne respecte pas la charte de participation du budget participatif.\n\nL''équipe de modération')
	) as x (no, name, body)
	order by x.no
	on conflict do nothing;

	create temp table t_ans on commit drop as
	with x as (
		-- proposals: the decisions their authors were told about
		select 'proposal'::target_type as ttype, p.id as target_id, p.i as src, p.author_id as citizen_id,
			case
			when p.state = 'inadmissible' then 2
			when p.state = 'merged' then 3
			when p.state = 'costed' and p.opinion = 'unfavourable' then 4
			when p.state = 'winner' then 5
			when p.state = 'not_winner' then 6
			when p.state = 'not_selected' and p.opinion = 'unfavourable' then 4
			when p.state = 'not_selected' then 7
			else 1 end as tpl,
			least(p.state_changed_at + make_interval(secs => demo.n(sd, 171, p.i, 3600, 432000)),
				t0 - interval '1 hour') as at
		from t_p2 p
		where (p.edition = 2025 and p.state in ('inadmissible', 'merged', 'winner', 'not_selected'))
		   or (p.edition = 2025 and p.state = 'not_winner' and demo.u(sd, 172, p.i) < 0.8)
		   or (p.edition = 2026 and p.state = 'inadmissible' and demo.u(sd, 172, p.i) < 0.6)
		   or (p.edition = 2026 and p.state = 'merged' and demo.u(sd, 172, p.i) < 0.4)
		   or (p.edition = 2026 and p.state = 'costed' and p.opinion = 'unfavourable' and demo.u(sd, 172, p.i) < 0.3)
		   or (p.edition = 2026 and p.state = 'admissible' and demo.u(sd, 172, p.i) < 0.5)
		union all
		-- winners on the way: their latest stage
		select 'proposal', p.id, p.i, p.author_id, 8,
			least(p.updated_at + make_interval(secs => demo.n(sd, 173, p.i, 3600, 172800)), t0 - interval '1 hour')
		from t_p2 p
		where p.state = 'winner' and p.stage in ('works', 'delivery', 'done')
		union all
		-- some authors of hidden comments
		select 'comment', t.target_id, t.src, t.author_id, 9,
			least(t.last_at + make_interval(secs => demo.n(sd, 159, t.ord, 3600, 172800) + 7200), t0 - interval '1 minute')
		from t_tgt t
		where t.ttype = 'comment' and t.decided and t.outcome = 'upheld' and demo.u(sd, 174, t.ord) < 0.3
	)
	select x.*, demo.pick(case when x.tpl = 9 then a_mods else a_instr end, sd, 175, x.src) as agent_id
	from x;

	insert into answers (target_type, target_id, citizen_id, body, template_id, agent_id, batch_id, created_at)
	select a.ttype, a.target_id, a.citizen_id,
		replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
			tpl.body,
			'{{citizen_name}}', ci.display_name),
			'{{proposal_id}}', p.id::text),
			'{{proposal_title}}', p.title),
			'{{department}}', coalesce(dp.name, 'direction concernée')),
			'{{state_reason}}', coalesce(demo.decap(p.state_reason),
				demo.decap(rtrim(co.justification, '.')), 'avis technique défavorable')),
			'{{merged_into}}', coalesce(p.merged_into::text, '')),
			'{{district}}', d.name),
			'{{edition}}', p.edition::text),
			'{{total_cost}}', coalesce(demo.euros(co.total_cents), '')),
			'{{stage}}', coalesce(case p.stage when 'works' then 'travaux' when 'delivery' then 'livraison'
				when 'done' then 'réalisé' else p.stage::text end, '')),
			'{{agent_name}}', ag.display_name),
		tpl.id, a.agent_id,
		md5('pupitre-demo-batch:' || sd || ':' || a.tpl || ':'
			|| (a.at at time zone 'Europe/Paris')::date)::uuid,
		a.at
	from t_ans a
	join answer_templates tpl on tpl.name = (array['Recevabilité : recevable',
		'Recevabilité : irrecevable', 'Regroupement de propositions',
		'Étude technique : avis défavorable', 'Vote : projet lauréat', 'Vote : projet non lauréat',
		'Commission : non retenu', 'Réalisation : changement d''étape',
		'Modération : commentaire masqué'])[a.tpl]
	join citizens ci on ci.id = a.citizen_id
	join proposals p on p.id = case when a.ttype = 'proposal' then a.target_id
		else (select cm.proposal_id from comments cm where cm.id = a.target_id) end
	join districts d on d.id = p.district_id
	join agents ag on ag.id = a.agent_id
	left join departments dp on dp.id = p.department_id
	left join costings co on co.proposal_id = p.id
	order by a.at, a.ttype, a.target_id, a.tpl;

	------------------------------------------------------------------
	-- A handful of audit rows: the latest actions of the team.
	------------------------------------------------------------------
	insert into audit (at, agent_id, action, target_type, target_id, before, after, batch_id)
	select x.at, x.agent_id, x.action, x.target_type, x.target_id, x.before, x.after, x.batch_id
	from (
		(select t0 - make_interval(secs => 3600 * a.ord) as at, a.id as agent_id,
			'session.login' as action, 'agent' as target_type, a.id::bigint as target_id,
			null::jsonb as before, null::jsonb as after, null::uuid as batch_id
		from (select id, row_number() over (order by id) as ord from agents
			where login in ('admin', 'moderator', 'instructor', 'referent')) a)
		union all
		(select t.last_at + make_interval(secs => demo.n(sd, 159, t.ord, 3600, 172800)),
			t.decided_by, case t.outcome when 'upheld' then 'moderation.hide' else 'moderation.dismiss' end,
			t.ttype::text, t.target_id,
			jsonb_build_object('hidden', t.nrep >= thr, 'open_reports', t.nrep),
			jsonb_build_object('hidden', t.outcome = 'upheld', 'open_reports', 0),
			md5('pupitre-demo-moderation:' || sd || ':' || t.ord)::uuid
		from t_tgt t where t.decided
		order by 1 desc, t.ord limit 20)
		union all
		(select t.last_at, null, 'moderation.auto_hide', t.ttype::text, t.target_id,
			jsonb_build_object('hidden', false),
			jsonb_build_object('hidden', true, 'open_reports', t.nrep), null
		from t_tgt t where not t.decided and t.nrep >= thr
		order by 1 desc, t.ord limit 10)
		union all
		(select m.merged_at, m.merged_by, 'proposal.merge', 'proposal', m.source_id,
			jsonb_build_object('state', 'admissible'),
			jsonb_build_object('state', 'merged', 'merged_into', m.target_id), null
		from merges m where m.undone_at is null
		order by m.merged_at desc, m.id limit 10)
		union all
		(select s.created_at, s.agent_id, 'proposal.stage', 'proposal', s.proposal_id, null,
			jsonb_build_object('stage', s.stage, 'stage_date', s.stage_date), null
		from stage_updates s
		order by s.created_at desc, s.id limit 10)
		union all
		(select a.created_at, a.agent_id, 'answer.send', a.target_type::text, a.target_id, null,
			jsonb_build_object('answer_id', a.id, 'template_id', a.template_id), a.batch_id
		from answers a
		order by a.created_at desc, a.id limit 10)
		union all
		(select t0 - interval '2 hours', demo.pick(a_mods, sd, 176, c.id), 'citizen.block', 'citizen', c.id,
			jsonb_build_object('blocked_until', null::text),
			jsonb_build_object('blocked_until', c.blocked_until, 'block_reason', c.block_reason), null
		from citizens c where c.blocked_until is not null)
	) x
	order by x.at, x.action, x.target_id;

	-- The sequences follow the ids given here.
	perform setval(pg_get_serial_sequence('citizens', 'id'), greatest((select max(id) from citizens), 1));
	perform setval(pg_get_serial_sequence('proposals', 'id'), greatest((select max(id) from proposals), 1));
	perform setval(pg_get_serial_sequence('comments', 'id'), greatest((select max(id) from comments), 1));
	perform setval(pg_get_serial_sequence('reports', 'id'), greatest((select max(id) from reports), 1));

	select jsonb_build_object(
		'seed', sd,
		'districts', (select count(*) from districts),
		'departments', (select count(*) from departments),
		'themes', (select count(*) from themes),
		'agents', (select count(*) from agents),
		'citizens', (select count(*) from citizens),
		'proposals', (select count(*) from proposals),
		'states', (select jsonb_object_agg(state, n) from (select state, count(*) as n
			from proposals group by state order by state) s),
		'stages', (select jsonb_object_agg(stage, n) from (select stage, count(*) as n
			from proposals where stage is not null group by stage order by stage) s),
		'costings', (select count(*) from costings),
		'cost_lines', (select count(*) from cost_lines),
		'merges', (select count(*) from merges),
		'coauthors', (select count(*) from proposal_coauthors),
		'votes', (select count(*) from votes),
		'stage_updates', (select count(*) from stage_updates),
		'comments', (select count(*) from comments),
		'replies', (select count(*) from comments where parent_id is not null),
		'reports', (select count(*) from reports),
		'reports_open', (select count(*) from reports where status = 'open'),
		'reported_targets', (select count(*) from t_tgt),
		'hidden_auto', (select count(*) from comments where hidden_auto)
			+ (select count(*) from proposals where hidden_auto),
		'blocked_citizens', (select count(*) from citizens where blocked_until is not null),
		'answer_templates', (select count(*) from answer_templates),
		'answers', (select count(*) from answers),
		'audit', (select count(*) from audit))
	into result;
	return result;
end
$$;
