-- The audit log as agents read it, and the statistics of an edition.

-- An optional timestamp field of p (ISO 8601 text); null when absent.
create function priv.audit_time_arg(p jsonb, field text) returns timestamptz
language plpgsql stable as $$
begin
	if p->field is null or jsonb_typeof(p->field) = 'null' then
		return null;
	end if;
	if jsonb_typeof(p->field) <> 'string' or length(p->>field) > 64 then
		perform priv.fail(400, 'invalid', format('%s must be a date and time', field));
	end if;
	return (p->>field)::timestamptz;
exception when invalid_datetime_format or datetime_field_overflow then
	perform priv.fail(400, 'invalid', format('%s must be a date and time', field));
	return null;
end
$$;

-- Whether agent a may read audit row r. Admins and instructors read
-- everything; everyone reads what they did themselves; moderators read the
-- moderation of content (actions moderation.* and report.*); referents read
-- the rows about the proposals their department has now (a proposal moved
-- to another department takes its history with it).
create function priv.audit_visible(a agents, r audit) returns boolean
language sql stable as $$
	select a.role in ('admin', 'instructor')
		or r.agent_id = a.id
		or (a.role = 'moderator'
			and (starts_with(r.action, 'moderation.') or starts_with(r.action, 'report.')))
		or (a.role = 'referent' and r.target_type = 'proposal'
			and exists (select from proposals pr
				where pr.id = r.target_id and pr.department_id = a.department_id))
$$;

-- {agent (login), action ("x.y" exactly, or a prefix "x.*"), target_type,
-- target_id, since, until, batch_id, cursor, limit} -> {items: [{id, at,
-- agent, action, target_type, target_id, before, after, batch_id}],
-- next_cursor}, newest first; since is inclusive, until exclusive. Each
-- role sees the rows priv.audit_visible lets it read.
create function api.audit_list(token text, p jsonb default '{}') returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'moderator', 'referent', 'instructor');
	lim int := priv.page_limit(p);
	cur jsonb := priv.cursor_decode(p);
	cur_id bigint;
	want_agent text := priv.text_arg(p, 'agent', 0, 64);
	want_action text := priv.text_arg(p, 'action', 0, 200);
	action_prefix text;
	want_type text := priv.text_arg(p, 'target_type', 0, 64);
	want_target bigint := priv.int_arg(p, 'target_id');
	since timestamptz := priv.audit_time_arg(p, 'since');
	until timestamptz := priv.audit_time_arg(p, 'until');
	want_batch uuid;
	page_items jsonb;
	last_key jsonb;
begin
	if cur is not null then
		if jsonb_typeof(cur->'id') is distinct from 'number' then
			perform priv.fail(400, 'invalid_cursor', 'the cursor is not one this server gave');
		end if;
		cur_id := (cur->>'id')::bigint;
	end if;
	if right(want_action, 1) = '*' then
		action_prefix := left(want_action, -1);
		want_action := null;
	end if;
	if p->'batch_id' is not null and jsonb_typeof(p->'batch_id') <> 'null' then
		if coalesce(p->>'batch_id', '') !~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then
			perform priv.fail(400, 'invalid', 'batch_id must be a uuid');
		end if;
		want_batch := (p->>'batch_id')::uuid;
	end if;
	with page as (
		select r.* from audit r
		where (cur_id is null or r.id < cur_id)
		  and (want_agent is null
			or r.agent_id = (select ag.id from agents ag where ag.login = lower(want_agent)))
		  and (want_action is null or r.action = want_action)
		  and (action_prefix is null or starts_with(r.action, action_prefix))
		  and (want_type is null or r.target_type = want_type)
		  and (want_target is null or r.target_id = want_target)
		  and (since is null or r.at >= since)
		  and (until is null or r.at < until)
		  and (want_batch is null or r.batch_id = want_batch)
		  and priv.audit_visible(a, r)
		order by r.id desc
		limit lim)
	select jsonb_agg(jsonb_build_object('id', pg.id, 'at', pg.at,
			'agent', priv.agent_ref(pg.agent_id), 'action', pg.action,
			'target_type', pg.target_type, 'target_id', pg.target_id,
			'before', pg.before, 'after', pg.after, 'batch_id', pg.batch_id)
			order by pg.id desc),
		jsonb_build_object('id', min(pg.id))
	into page_items, last_key
	from page pg;
	return priv.page(page_items, last_key, lim);
end
$$;

-- {edition?} -> the figures of an edition (by default the latest one):
--   proposals: total, by_state and by_stage (every state and stage, zeros
--     included), unassigned (no department yet);
--   districts / departments: one row each with its proposals and the sum of
--     their costings; districts add their envelope; departments add their
--     workload (proposals assigned to them, still in study, not yet costed:
--     states submitted, admissible, costing, with no costing) and
--     median_days_to_costed;
--   costs: total_cents and by_category (the cost lines);
--   reports: open, upheld, dismissed, of content of the edition (proposals
--     and the comments on them);
--   answers_needed: proposals waiting for an answer (priv.needs_answer).
-- Sums of costs leave out merged proposals: their cost is counted in the
-- project they were merged into.
-- median_days_to_costed runs from the deposit (created_at: proposals are
-- deposited in state submitted) to the costing (costings.costed_at), over
-- the department's costed proposals. Neither state_changed_at (it moves on
-- with every later transition) nor audit rows (their action names belong to
-- the costing module) say when the costing was made as directly.
create function api.stats(token text, p jsonb default '{}') returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'moderator', 'referent', 'instructor');
	ed int := priv.int_arg(p, 'edition', 2000, 2100);
begin
	if ed is null then
		select max(year) into ed from editions;
	elsif not exists (select from editions where year = ed) then
		perform priv.fail(400, 'unknown_edition', 'no such edition');
	end if;
	-- one grouped pass per figure, so that a large edition costs a few scans
	return (
		with pr as materialized (
			select x.id, x.state, x.stage, x.district_id, x.department_id, x.created_at,
				c.proposal_id is not null as costed, c.total_cents, c.costed_at
			from proposals x left join costings c on c.proposal_id = x.id
			where x.edition = ed),
		cost as materialized (
			select * from pr where pr.costed and pr.state <> 'merged'),
		per_district as (
			select pr.district_id, count(*) as n,
				coalesce(sum(pr.total_cents) filter (where pr.state <> 'merged'), 0) as cents
			from pr group by pr.district_id),
		per_department as (
			select pr.department_id, count(*) as n,
				coalesce(sum(pr.total_cents) filter (where pr.state <> 'merged'), 0) as cents,
				count(*) filter (where not pr.costed
					and pr.state in ('submitted', 'admissible', 'costing')) as workload,
				round(percentile_cont(0.5) within group (order by
					extract(epoch from pr.costed_at - pr.created_at) / 86400)::numeric, 1) as median
			from pr where pr.department_id is not null group by pr.department_id),
		per_report as (
			select r.status, count(*) as n
			from reports r
			left join comments c on r.target_type = 'comment' and c.id = r.target_id
			join pr on pr.id = case r.target_type
				when 'proposal' then r.target_id else c.proposal_id end
			group by r.status)
		select jsonb_build_object(
			'edition', ed,
			'proposals', jsonb_build_object(
				'total', (select count(*) from pr),
				'unassigned', (select count(*) from pr where pr.department_id is null),
				'by_state', (select jsonb_object_agg(s::text, coalesce(n, 0))
					from unnest(enum_range(null::proposal_state)) s
					left join (select pr.state, count(*) as n from pr group by pr.state) g
						on g.state = s),
				'by_stage', (select jsonb_object_agg(s::text, coalesce(n, 0))
					from unnest(enum_range(null::proposal_stage)) s
					left join (select pr.stage, count(*) as n from pr group by pr.stage) g
						on g.stage = s)),
			'districts', (select jsonb_agg(jsonb_build_object('code', d.code, 'name', d.name,
					'envelope_cents', d.envelope_cents,
					'proposals', coalesce(g.n, 0), 'cost_cents', coalesce(g.cents, 0))
					order by d.code)
				from districts d left join per_district g on g.district_id = d.id),
			'departments', (select jsonb_agg(jsonb_build_object('code', dp.code, 'name', dp.name,
					'proposals', coalesce(g.n, 0), 'cost_cents', coalesce(g.cents, 0),
					'workload', coalesce(g.workload, 0), 'median_days_to_costed', g.median)
					order by dp.code)
				from departments dp left join per_department g on g.department_id = dp.id),
			'costs', jsonb_build_object(
				'total_cents', (select coalesce(sum(cost.total_cents), 0) from cost),
				'by_category', (select jsonb_object_agg(k::text, coalesce(g.cents, 0))
					from unnest(enum_range(null::cost_category)) k
					left join (select l.category, sum(l.amount_cents) as cents
						from cost join cost_lines l on l.proposal_id = cost.id
						group by l.category) g on g.category = k)),
			'reports', (select jsonb_object_agg(s::text, coalesce(g.n, 0))
				from unnest(enum_range(null::report_status)) s
				left join per_report g on g.status = s),
			'answers_needed', (select count(*) from proposals x
				where x.edition = ed and priv.needs_answer(x))));
end
$$;
