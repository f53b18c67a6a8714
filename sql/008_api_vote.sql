-- Selection of the projects put to the vote, vote results, winners within
-- each district's envelope, realisation stages of the winners, closing an
-- edition, and the envelopes watched by instructors.
--
-- The life of a project here:
--   costed (favourable) --select--> selected --winners_compute--> winner / not_winner
--   admissible, costed --leave out (with a reason)--> not_selected
--   selected --undo, while it has no vote result--> costed
--   winner: stage not_started -> studies -> procedures -> works -> delivery -> done,
--           or abandoned (with a note) from any stage before done.
-- Once an edition is closed its selection, votes and winners are frozen;
-- stages go on, since realisation outlives the edition.

-- The edition named by p->'edition': 400 when missing or unknown. With
-- open_only it must not be closed (422 edition_closed), and it is locked
-- for share so that closing waits for the writes in progress.
create function priv.vote_edition(p jsonb, open_only boolean) returns editions
language plpgsql as $$
declare
	y bigint := priv.int_arg(p, 'edition', 2000, 2100);
	ed editions;
begin
	if y is null then
		perform priv.fail(400, 'invalid', 'edition is required');
	end if;
	if open_only then
		select * into ed from editions where year = y for share;
	else
		select * into ed from editions where year = y;
	end if;
	if not found then
		perform priv.fail(400, 'unknown_edition', format('no %s edition', y));
	end if;
	if open_only and ed.closed_at is not null then
		perform priv.fail(422, 'edition_closed',
			format('the %s edition is closed: its selection, votes and winners are frozen', y),
			jsonb_build_object('edition', y, 'closed_at', ed.closed_at));
	end if;
	return ed;
end
$$;

-- The keys of a whose value differs in b: the "before" (or, swapped, the
-- "after") of an audit row, holding only what changed.
create function priv.vote_changed(a jsonb, b jsonb) returns jsonb
language sql immutable as $$
	select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
	from jsonb_each(a) e
	where b->e.key is distinct from e.value
$$;

-- The answer of a bulk call: its results in request order and their counts.
create function priv.vote_bulk(batch_id uuid, results jsonb) returns jsonb
language sql immutable as $$
	select jsonb_build_object('batch_id', batch_id, 'results', coalesce(results, '[]'::jsonb),
		'counts', (select jsonb_build_object(
			'ok', count(*) filter (where r->>'status' = 'ok'),
			'conflict', count(*) filter (where r->>'status' = 'conflict'),
			'forbidden', count(*) filter (where r->>'status' = 'forbidden'),
			'invalid', count(*) filter (where r->>'status' = 'invalid'))
		from jsonb_array_elements(coalesce(results, '[]'::jsonb)) r))
$$;

-- The result of an item whose version is not the current one.
create function priv.vote_conflict(id bigint, version int, updated_by int, updated_at timestamptz)
returns jsonb
language sql stable as $$
	select jsonb_build_object('id', id, 'status', 'conflict', 'version', version,
		'by', priv.agent_ref(updated_by), 'at', updated_at)
$$;

-- Locks the proposals of a bulk call in id order (two calls over the same
-- items never deadlock) and their editions for share (a close waits); 422
-- edition_closed when one of them belongs to a closed edition.
create function priv.vote_lock_open(ids bigint[]) returns void
language plpgsql as $$
declare
	closed editions;
begin
	-- joins, not "= any (ids)": a 10,000-item array is not scanned per row
	perform from proposals where id in (select unnest(ids)) order by id for update;
	perform from editions
	where year in (select edition from proposals where id in (select unnest(ids)))
	order by year for share;
	select e.* into closed from editions e
	where e.year in (select edition from proposals where id in (select unnest(ids)))
	  and e.closed_at is not null
	order by e.year limit 1;
	if found then
		perform priv.fail(422, 'edition_closed',
			format('the %s edition is closed: its selection, votes and winners are frozen',
				closed.year),
			jsonb_build_object('edition', closed.year, 'closed_at', closed.closed_at));
	end if;
end
$$;

-- Puts projects to the vote or leaves them out, in bulk.
-- p: {items: [{id, version}], selected: bool, reason?: text, idempotency_key?}
-- selected true: costed with a favourable opinion -> selected.
-- selected false (reason required): admissible or costed -> not_selected,
-- with the reason kept as state_reason; selected -> costed (undoing the
-- selection) while no vote result is recorded for the project.
create function api.proposal_selection(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	prior jsonb := priv.idem_claim(a.id, 'proposal_selection', p);
	selecting boolean;
	why text;
	ids bigint[];
	versions int[];
	batch uuid := gen_random_uuid();
	results jsonb;
	done_ids jsonb;
begin
	if prior is not null then
		return prior;
	end if;
	if jsonb_typeof(p->'selected') is distinct from 'boolean' then
		perform priv.fail(400, 'invalid', 'selected must be true or false');
	end if;
	selecting := (p->>'selected')::boolean;
	if not selecting and coalesce(btrim(p->>'reason'), '') = '' then
		perform priv.fail(400, 'invalid',
			'a reason is required to leave projects out of the vote or to undo their selection');
	end if;
	why := priv.text_arg(p, 'reason', 0, 5000);
	-- the items are read once: parsing 10,000 of them is not free
	select array_agg(i.id order by i.ord), array_agg(i.version order by i.ord)
	into ids, versions
	from priv.items(p) i;
	perform priv.vote_lock_open(ids);

	with req as (
		select t.ord::int as ord, t.id, t.version
		from unnest(ids, versions) with ordinality as t(id, version, ord)
	), v as (
		select req.ord, req.id, pr.version, pr.state, pr.state_reason,
			pr.updated_by, pr.updated_at, t.target, t.message,
			case
			when pr.id is null then 'invalid'
			when pr.version <> req.version then 'conflict'
			when t.target is null then 'invalid'
			else 'ok'
			end as status
		from req
		left join proposals pr on pr.id = req.id
		left join costings c on c.proposal_id = pr.id
		cross join lateral (select
			case
			when selecting and pr.state = 'costed' and c.opinion = 'favourable'
				then 'selected'
			when not selecting and pr.state in ('admissible', 'costed')
				then 'not_selected'
			when not selecting and pr.state = 'selected'
			     and not exists (select from votes where votes.proposal_id = pr.id)
				then 'costed'
			end::proposal_state as target,
			case
			when pr.id is null then 'no such proposal'
			when selecting and pr.state = 'costed' and c.opinion is null
				then 'it has no costing'
			when selecting and pr.state = 'costed'
				then 'its costing opinion is unfavourable: it cannot be put to the vote'
			when selecting and pr.state = 'selected' then 'it is already selected'
			when selecting then format(
				'only costed projects with a favourable opinion can be selected (this one is %s)',
				pr.state)
			when pr.state = 'selected'
				then 'its vote results are recorded: its selection can no longer be undone'
			else format(
				'only admissible or costed projects can be left out, and selected ones put back (this one is %s)',
				pr.state)
			end as message) t
	), upd as (
		update proposals pr set
			state = v.target,
			state_reason = case when v.target = 'not_selected' then why end,
			state_changed_at = now(), updated_at = now(), updated_by = a.id,
			version = pr.version + 1
		from v
		where v.status = 'ok' and pr.id = v.id
		returning pr.id, pr.version, pr.state, pr.state_reason
	), aud as (
		insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
		select a.id,
			case upd.state when 'selected' then 'proposal.select'
				when 'not_selected' then 'proposal.not_select'
				else 'proposal.unselect' end,
			'proposal', upd.id,
			priv.vote_changed(x.b, x.af),
			priv.vote_changed(x.af, x.b)
				|| case when upd.state = 'costed' then jsonb_build_object('reason', why)
					else '{}'::jsonb end,
			batch
		from upd
		join v on v.id = upd.id
		cross join lateral (select
			jsonb_build_object('state', v.state, 'state_reason', v.state_reason) as b,
			jsonb_build_object('state', upd.state, 'state_reason', upd.state_reason) as af) x
	)
	select jsonb_agg(case v.status
			when 'ok' then jsonb_build_object('id', v.id, 'status', 'ok',
				'version', upd.version, 'state', upd.state)
			when 'conflict' then priv.vote_conflict(v.id, v.version, v.updated_by, v.updated_at)
			else jsonb_build_object('id', v.id, 'status', 'invalid', 'message', v.message)
			end order by v.ord),
		jsonb_agg(v.id order by v.ord) filter (where v.status = 'ok')
	into results, done_ids
	from v left join upd on upd.id = v.id;

	if done_ids is not null then
		perform priv.emit('proposal.selection', jsonb_build_object('ids', done_ids,
			'selected', selecting, 'batch_id', batch));
	end if;
	return priv.idem_store(a.id, p, priv.vote_bulk(batch, results));
end
$$;

-- Moves winning projects to a realisation stage, in bulk.
-- p: {items: [{id, version}], stage, date: "YYYY-MM-DD", note?, idempotency_key?}
-- Stages move forward only; abandoned may follow any stage but needs a note;
-- nothing moves out of done or abandoned. The author and co-authors are told.
create function api.proposal_stage(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	prior jsonb := priv.idem_claim(a.id, 'proposal_stage', p);
	new_stage proposal_stage;
	new_date date;
	ids bigint[];
	versions int[];
	stage_note text;
	batch uuid := gen_random_uuid();
	results jsonb;
	done_ids jsonb;
begin
	if prior is not null then
		return prior;
	end if;
	if jsonb_typeof(p->'stage') is distinct from 'string'
	   or (p->>'stage') <> all (enum_range(null::proposal_stage)::text[]) then
		perform priv.fail(400, 'invalid', 'stage must be one of '
			|| array_to_string(enum_range(null::proposal_stage)::text[], ', '));
	end if;
	new_stage := (p->>'stage')::proposal_stage;
	if jsonb_typeof(p->'date') is distinct from 'string'
	   or (p->>'date') !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
		perform priv.fail(400, 'invalid', 'date must be a date as YYYY-MM-DD');
	end if;
	begin
		new_date := (p->>'date')::date;
	exception when others then
		perform priv.fail(400, 'invalid', format('%s is not a calendar date', p->>'date'));
	end;
	if new_stage = 'abandoned' and coalesce(btrim(p->>'note'), '') = '' then
		perform priv.fail(400, 'invalid', 'abandoning a project needs a note saying why');
	end if;
	stage_note := priv.text_arg(p, 'note', 0, 5000);
	select array_agg(i.id order by i.ord), array_agg(i.version order by i.ord)
	into ids, versions
	from priv.items(p) i;
	perform from proposals where id in (select unnest(ids)) order by id for update;

	with req as (
		select t.ord::int as ord, t.id, t.version
		from unnest(ids, versions) with ordinality as t(id, version, ord)
	), v as (
		select req.ord, req.id, pr.version, pr.updated_by, pr.updated_at, pr.title,
			pr.author_id, pr.stage, t.message,
			case
			when pr.id is null then 'invalid'
			when pr.version <> req.version then 'conflict'
			when t.message is not null then 'invalid'
			else 'ok'
			end as status
		from req
		left join proposals pr on pr.id = req.id
		cross join lateral (select
			case
			when pr.id is null then 'no such proposal'
			when pr.state <> 'winner' then 'only winning projects have stages'
			when pr.stage in ('done', 'abandoned')
				then format('the project is %s: its stage no longer moves', pr.stage)
			when new_stage <> 'abandoned'
			     and new_stage <= coalesce(pr.stage, 'not_started')
				then format('stages move forward only: the project is at %s, %s does not come after it',
					coalesce(pr.stage, 'not_started'), new_stage)
			when new_date < (select max(su.stage_date) from stage_updates su
					where su.proposal_id = pr.id)
				then format('the date is before that of the current stage (%s)',
					(select max(su.stage_date) from stage_updates su where su.proposal_id = pr.id))
			end as message) t
	), upd as (
		update proposals pr set
			stage = new_stage, updated_at = now(), updated_by = a.id,
			version = pr.version + 1
		from v
		where v.status = 'ok' and pr.id = v.id
		returning pr.id, pr.version
	), su as (
		insert into stage_updates (proposal_id, stage, stage_date, note, agent_id)
		select upd.id, new_stage, new_date, stage_note, a.id from upd
	), aud as (
		insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
		select a.id, 'proposal.stage', 'proposal', v.id,
			jsonb_build_object('stage', v.stage),
			jsonb_build_object('stage', new_stage, 'date', new_date, 'note', stage_note),
			batch
		from v join upd on upd.id = v.id
	), ob as (
		-- the author and every co-author, each once
		insert into outbox (citizen_id, kind, target_type, target_id, payload)
		select c.citizen_id, 'stage', 'proposal', v.id,
			jsonb_build_object('proposal_id', v.id, 'title', v.title, 'stage', new_stage,
				'date', new_date, 'note', stage_note)
		from v
		join upd on upd.id = v.id
		cross join lateral (
			select v.author_id as citizen_id
			union
			select pc.citizen_id from proposal_coauthors pc where pc.proposal_id = v.id) c
	)
	select jsonb_agg(case v.status
			when 'ok' then jsonb_build_object('id', v.id, 'status', 'ok',
				'version', upd.version, 'stage', new_stage)
			when 'conflict' then priv.vote_conflict(v.id, v.version, v.updated_by, v.updated_at)
			else jsonb_build_object('id', v.id, 'status', 'invalid', 'message', v.message)
			end order by v.ord),
		jsonb_agg(v.id order by v.ord) filter (where v.status = 'ok')
	into results, done_ids
	from v left join upd on upd.id = v.id;

	if done_ids is not null then
		perform priv.emit('proposal.stage', jsonb_build_object('ids', done_ids,
			'stage', new_stage, 'date', new_date, 'batch_id', batch));
	end if;
	return priv.idem_store(a.id, p, priv.vote_bulk(batch, results));
end
$$;

-- Records consolidated vote results (online and paper ballots).
-- p: {edition, results: [{id, online, paper}], idempotency_key?}
-- Only projects put to the vote in that edition have results (selected, or
-- already winner / not_winner when a recount comes after a computation).
-- A recount replaces the counts, it never adds to them.
create function api.vote_record(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	prior jsonb := priv.idem_claim(a.id, 'vote_record', p);
	ed editions;
	n int;
	batch uuid := gen_random_uuid();
	results jsonb;
	done_ids jsonb;
begin
	if prior is not null then
		return prior;
	end if;
	ed := priv.vote_edition(p, true);
	if jsonb_typeof(p->'results') is distinct from 'array' then
		perform priv.fail(400, 'invalid', 'results must be a list of {id, online, paper}');
	end if;
	n := jsonb_array_length(p->'results');
	if n = 0 then
		perform priv.fail(400, 'invalid', 'results is empty');
	end if;
	if n > 10000 then
		perform priv.fail(413, 'too_many_items', 'at most 10000 results per request');
	end if;
	if exists (select from jsonb_array_elements(p->'results') e
		where jsonb_typeof(e) is distinct from 'object'
		   or jsonb_typeof(e->'id') is distinct from 'number' or (e->>'id') !~ '^[0-9]{1,18}$'
		   or jsonb_typeof(e->'online') is distinct from 'number' or (e->>'online') !~ '^[0-9]{1,9}$'
		   or jsonb_typeof(e->'paper') is distinct from 'number' or (e->>'paper') !~ '^[0-9]{1,9}$') then
		perform priv.fail(400, 'invalid',
			'each result must be {"id": integer, "online": integer >= 0, "paper": integer >= 0}');
	end if;
	if (select count(distinct e->>'id') from jsonb_array_elements(p->'results') e) <> n then
		perform priv.fail(400, 'invalid', 'a project appears twice in results');
	end if;
	-- the lock on the proposals also serialises recounts of the same project
	perform from proposals
	where id in (select (e->>'id')::bigint from jsonb_array_elements(p->'results') e)
	order by id for update;

	with req as (
		select e.ord::int as ord, (e.v->>'id')::bigint as id,
			(e.v->>'online')::int as online, (e.v->>'paper')::int as paper
		from jsonb_array_elements(p->'results') with ordinality as e(v, ord)
	), v as (
		select req.*, old.online as old_online, old.paper as old_paper, old.total as old_total,
			case
			when pr.id is null then 'no such proposal'
			when pr.edition <> ed.year
				then format('it belongs to the %s edition', pr.edition)
			when pr.state not in ('selected', 'winner', 'not_winner')
				then format('only projects put to the vote have results (this one is %s)',
					pr.state)
			end as message
		from req
		left join proposals pr on pr.id = req.id
		left join votes old on old.proposal_id = pr.id
	), ups as (
		insert into votes (proposal_id, online, paper, recorded_by)
		select v.id, v.online, v.paper, a.id from v where v.message is null
		on conflict (proposal_id) do update set
			online = excluded.online, paper = excluded.paper,
			recorded_by = excluded.recorded_by, recorded_at = now()
		returning votes.proposal_id, votes.total
	), aud as (
		insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
		select a.id, 'vote.record', 'proposal', v.id,
			case when v.old_total is not null then jsonb_build_object('online', v.old_online,
				'paper', v.old_paper, 'total', v.old_total) end,
			jsonb_build_object('online', v.online, 'paper', v.paper, 'total', ups.total),
			batch
		from v join ups on ups.proposal_id = v.id
	)
	select jsonb_agg(case when ups.proposal_id is not null
			then jsonb_build_object('id', v.id, 'status', 'ok', 'online', v.online,
				'paper', v.paper, 'total', ups.total, 'recount', v.old_total is not null)
			else jsonb_build_object('id', v.id, 'status', 'invalid', 'message', v.message)
			end order by v.ord),
		jsonb_agg(v.id order by v.ord) filter (where ups.proposal_id is not null)
	into results, done_ids
	from v left join ups on ups.proposal_id = v.id;

	if done_ids is not null then
		perform priv.emit('vote.recorded', jsonb_build_object('edition', ed.year,
			'ids', done_ids, 'batch_id', batch));
	end if;
	return priv.idem_store(a.id, p,
		jsonb_build_object('edition', ed.year) || priv.vote_bulk(batch, results));
end
$$;

-- Computes the winners of an edition, district by district (the city-wide
-- pseudo-district with its own envelope).
-- p: {edition, dry_run?: bool, idempotency_key?}
--
-- The rule. The projects put to the vote (selected, and winner / not_winner
-- from an earlier computation, which are reconsidered from scratch so that
-- a computation depends only on votes and costs) are ranked by total votes,
-- most first; equal votes are ranked by lower total cost first, then lower
-- id. Walking down the ranking, a project wins when its cost fits in what
-- is left of the envelope; one that does not fit is passed over and a
-- cheaper one further down may still win. No vote result counts as 0 votes;
-- a project without a costing never fits.
--
-- Per district it returns the envelope, what the winners spend, what is
-- left, and three lists in rank order: winners, not_fitting (passed over
-- while a project ranked below them won) and losers (ranked after the last
-- winner, or all of them when none wins); the last two carry left_cents,
-- what was left of the envelope when their turn came.
-- "changed" lists the projects whose state changes (would change, in a
-- dry run). dry_run computes without writing. Otherwise projects whose outcome
-- changes get their new state (a new winner starts at stage not_started, a
-- winner that stays one keeps its stage), one audit row each, and the call
-- leaves one audit row for the edition and one event.
create function api.winners_compute(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	prior jsonb := priv.idem_claim(a.id, 'winners_compute', p);
	ed editions;
	dry boolean;
	batch uuid := gen_random_uuid();
	outcome jsonb;
	districts_json jsonb;
	changed jsonb;
	r record;
	cur_district int;
	left_now bigint;
	walk_rank int;
	fits boolean;
	w_ids bigint[] := '{}';
	w_ranks int[] := '{}';
	w_lefts bigint[] := '{}';
	w_wins boolean[] := '{}';
	tie_rule constant text :=
		'most votes first; equal votes: lower total cost first, then lower id';
begin
	if prior is not null then
		return prior;
	end if;
	ed := priv.vote_edition(p, true);
	if jsonb_typeof(p->'dry_run') not in ('boolean', 'null') then
		perform priv.fail(400, 'invalid', 'dry_run must be true or false');
	end if;
	dry := coalesce((p->>'dry_run')::boolean, false);
	if not dry then
		-- waits for recounts in progress; a second computation waits for this one
		perform from proposals
		where edition = ed.year and state in ('selected', 'winner', 'not_winner')
		order by id for update;
	end if;

	-- The walk down the ranking is sequential by nature (what is left of an
	-- envelope depends on every decision above), so it is one pass over the
	-- ranked rows, in memory; the writes that follow are set-based.
	for r in
		select pr.id, pr.district_id, c.total_cents as cost, d.envelope_cents
		from proposals pr
		join districts d on d.id = pr.district_id
		left join votes vt on vt.proposal_id = pr.id
		left join costings c on c.proposal_id = pr.id
		where pr.edition = ed.year and pr.state in ('selected', 'winner', 'not_winner')
		order by pr.district_id, coalesce(vt.total, 0) desc, c.total_cents asc nulls last,
			pr.id asc
	loop
		if r.district_id is distinct from cur_district then
			cur_district := r.district_id;
			left_now := r.envelope_cents;
			walk_rank := 0;
		end if;
		walk_rank := walk_rank + 1;
		fits := coalesce(r.cost <= left_now, false);
		w_ids := w_ids || r.id;
		w_ranks := w_ranks || walk_rank;
		w_lefts := w_lefts || left_now;
		w_wins := w_wins || fits;
		if fits then
			left_now := left_now - r.cost;
		end if;
	end loop;
	select jsonb_agg(jsonb_build_object('id', pr.id, 'title', pr.title,
			'district_id', pr.district_id, 'state', pr.state, 'stage', pr.stage,
			'votes', coalesce(vt.total, 0), 'cost', c.total_cents, 'rank', w.walk_rank,
			'left_cents', w.left_cents, 'wins', w.wins))
	into outcome
	from unnest(w_ids, w_ranks, w_lefts, w_wins) as w(id, walk_rank, left_cents, wins)
	join proposals pr on pr.id = w.id
	left join votes vt on vt.proposal_id = pr.id
	left join costings c on c.proposal_id = pr.id;

	if not dry then
		with o as (
			select * from jsonb_to_recordset(outcome) as o(id bigint, state proposal_state,
				stage proposal_stage, votes int, rank int, wins boolean)
		), upd as (
			update proposals pr set
				state = case when o.wins then 'winner' else 'not_winner' end::proposal_state,
				stage = case when o.wins then coalesce(pr.stage, 'not_started') end,
				state_changed_at = now(), updated_at = now(), updated_by = a.id,
				version = pr.version + 1
			from o
			where pr.id = o.id
			  and pr.state <> case when o.wins then 'winner' else 'not_winner' end::proposal_state
			returning pr.id, pr.state, pr.stage
		), aud as (
			insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
			select a.id, 'proposal.vote_outcome', 'proposal', upd.id,
				priv.vote_changed(x.b, x.af),
				priv.vote_changed(x.af, x.b)
					|| jsonb_build_object('votes', o.votes, 'rank', o.rank),
				batch
			from upd
			join o on o.id = upd.id
			cross join lateral (select
				jsonb_build_object('state', o.state, 'stage', o.stage) as b,
				jsonb_build_object('state', upd.state, 'stage', upd.stage) as af) x
		)
		select coalesce(jsonb_agg(upd.id order by upd.id), '[]'::jsonb) into changed from upd;
	else
		-- what a real computation would change
		select coalesce(jsonb_agg((o->>'id')::bigint order by (o->>'id')::bigint), '[]'::jsonb)
		into changed
		from jsonb_array_elements(outcome) o
		where o->>'state' <> case when (o->>'wins')::boolean then 'winner' else 'not_winner' end;
	end if;

	select jsonb_agg(jsonb_build_object(
			'district', d.code, 'name', d.name, 'citywide', d.citywide,
			'envelope_cents', d.envelope_cents,
			'spent_cents', coalesce(s.spent, 0),
			'left_cents', d.envelope_cents - coalesce(s.spent, 0),
			'winners', coalesce(s.winners, '[]'::jsonb),
			'not_fitting', coalesce(s.not_fitting, '[]'::jsonb),
			'losers', coalesce(s.losers, '[]'::jsonb))
			order by d.citywide, d.code)
	into districts_json
	from districts d
	left join lateral (
		select sum(x.cost) filter (where x.wins) as spent,
			jsonb_agg(x.entry order by x.rank) filter (where x.wins) as winners,
			jsonb_agg(x.entry || x.left_at order by x.rank)
				filter (where not x.wins and x.rank < x.last_win) as not_fitting,
			jsonb_agg(x.entry || x.left_at order by x.rank)
				filter (where not x.wins and x.rank > coalesce(x.last_win, 0)) as losers
		from (
			select o.cost, o.wins, o.rank,
				max(o.rank) filter (where o.wins) over () as last_win,
				jsonb_build_object('id', o.id, 'title', o.title, 'votes', o.votes,
					'cost_cents', o.cost, 'rank', o.rank) as entry,
				jsonb_build_object('left_cents', o.left_cents) as left_at
			from jsonb_to_recordset(outcome) as o(id bigint, title text, district_id int,
				votes int, cost bigint, rank int, left_cents bigint, wins boolean)
			where o.district_id = d.id
		) x
	) s on true;

	if not dry then
		perform priv.audit(a.id, 'edition.winners_compute', 'edition', ed.year, null,
			jsonb_build_object('changed', changed,
				'winners', (select count(*) from jsonb_array_elements(outcome) o
					where (o->>'wins')::boolean)),
			batch);
		perform priv.emit('winners.computed', jsonb_build_object('edition', ed.year,
			'changed', changed, 'batch_id', batch));
	end if;
	return priv.idem_store(a.id, p, jsonb_build_object(
		'edition', ed.year, 'dry_run', dry, 'tie_rule', tie_rule,
		'districts', coalesce(districts_json, '[]'::jsonb),
		'changed', changed));
end
$$;

-- Closes an edition (admins only): its selection, votes and winners are
-- frozen from then on; stages of the winners still move.
-- p: {edition, idempotency_key?}
create function api.edition_close(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'admin');
	prior jsonb := priv.idem_claim(a.id, 'edition_close', p);
	y bigint := priv.int_arg(p, 'edition', 2000, 2100);
	ed editions;
begin
	if prior is not null then
		return prior;
	end if;
	if y is null then
		perform priv.fail(400, 'invalid', 'edition is required');
	end if;
	-- waits for the writes holding the edition for share
	select * into ed from editions where year = y for update;
	if not found then
		perform priv.fail(400, 'unknown_edition', format('no %s edition', y));
	end if;
	if ed.closed_at is not null then
		perform priv.fail(422, 'edition_closed', format('the %s edition is already closed', y),
			jsonb_build_object('edition', y, 'closed_at', ed.closed_at));
	end if;
	update editions set closed_at = now() where year = y returning * into ed;
	perform priv.audit(a.id, 'edition.close', 'edition', y,
		jsonb_build_object('closed_at', null), jsonb_build_object('closed_at', ed.closed_at));
	perform priv.emit('edition.closed', jsonb_build_object('edition', y));
	return priv.idem_store(a.id, p, jsonb_build_object('edition', y,
		'closed_at', ed.closed_at,
		'states', (select coalesce(jsonb_object_agg(s.state, s.n), '{}'::jsonb)
			from (select state, count(*) as n from proposals where edition = y
				and state in ('selected', 'winner', 'not_winner') group by state) s)));
end
$$;

-- The envelope of each district for an edition (the city-wide one last).
-- p: {edition}
-- committed_cents: costs of the selected and winning projects; left_cents:
-- envelope - committed (negative before the vote when more is put to the
-- vote than the envelope holds; after the computation, what the winners
-- leave); winners_cents: costs of the winners alone.
create function api.envelopes(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'referent', 'instructor');
	ed editions := priv.vote_edition(p, false);
	result_rows jsonb;
begin
	select jsonb_agg(jsonb_build_object(
			'district', d.code, 'name', d.name, 'citywide', d.citywide,
			'envelope_cents', d.envelope_cents,
			'committed_cents', s.committed, 'winners_cents', s.winners_cents,
			'left_cents', d.envelope_cents - s.committed,
			'selected', s.selected, 'winners', s.winners)
			order by d.citywide, d.code)
	into result_rows
	from districts d
	cross join lateral (
		select coalesce(sum(c.total_cents) filter (where pr.state in ('selected', 'winner')), 0)
				as committed,
			coalesce(sum(c.total_cents) filter (where pr.state = 'winner'), 0) as winners_cents,
			count(*) filter (where pr.state = 'selected') as selected,
			count(*) filter (where pr.state = 'winner') as winners
		from proposals pr
		left join costings c on c.proposal_id = pr.id
		where pr.district_id = d.id and pr.edition = ed.year
		  and pr.state in ('selected', 'winner')
	) s;
	return jsonb_build_object('edition', ed.year, 'closed', ed.closed_at is not null,
		'districts', coalesce(result_rows, '[]'::jsonb));
end
$$;
