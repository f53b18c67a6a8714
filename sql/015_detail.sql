-- The proposal's detail, the audit log and the statistics, as the console
-- shows them: a merge's sources carry their version (undoing a merge from
-- the project's page names each source with the version read), comments
-- their moderation (who hid them, when, by the threshold or not), audit
-- rows the proposal they are about (a comment's is its proposal), districts
-- their committed and winners' costs (the envelope's use), departments
-- the date of the oldest proposal waiting for them.

-- One proposal with everything the detail view shows. p: {id}.
create or replace function api.proposal_get(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	agent agents := priv.require(token, 'moderator', 'referent', 'instructor');
	pr proposals;
begin
	select * into pr from proposals where id = priv.int_arg(p, 'id', 1);
	if not found then
		perform priv.fail(404, 'not_found', 'no such proposal');
	end if;
	return jsonb_build_object(
		'id', pr.id, 'version', pr.version, 'edition', pr.edition,
		'title', pr.title, 'body', pr.body, 'address', pr.address,
		'author', (select jsonb_build_object('id', c.id, 'external_id', c.external_id,
			'display_name', c.display_name) from citizens c where c.id = pr.author_id),
		'coauthors', coalesce((select jsonb_agg(jsonb_build_object('id', c.id,
				'external_id', c.external_id, 'display_name', c.display_name,
				'via_merge', pc.via_merge) order by c.id)
			from proposal_coauthors pc join citizens c on c.id = pc.citizen_id
			where pc.proposal_id = pr.id), '[]'),
		'district', (select jsonb_build_object('code', code, 'name', name,
			'citywide', citywide) from districts where id = pr.district_id),
		'theme', (select jsonb_build_object('code', code, 'name', name)
			from themes where id = pr.theme_id),
		'department', (select jsonb_build_object('code', code, 'name', name)
			from departments where id = pr.department_id),
		'referent', priv.agent_ref(pr.referent_id),
		'priority_neighbourhood', pr.priority_neighbourhood,
		'supports', pr.supports,
		'state', pr.state, 'state_reason', pr.state_reason,
		'state_changed_at', pr.state_changed_at, 'stage', pr.stage,
		'merged_into', pr.merged_into,
		'needs_answer', priv.needs_answer(pr),
		'hidden', pr.hidden, 'hidden_reason', pr.hidden_reason,
		'hidden_auto', pr.hidden_auto, 'escalated_at', pr.escalated_at,
		'moderated_by', priv.agent_ref(pr.moderated_by), 'moderated_at', pr.moderated_at,
		'created_at', pr.created_at,
		'updated_by', priv.agent_ref(pr.updated_by), 'updated_at', pr.updated_at,
		'comments_total', (select count(*) from comments where proposal_id = pr.id),
		'comments', coalesce((select jsonb_agg(jsonb_build_object('id', cm.id,
				'parent_id', cm.parent_id,
				'author', jsonb_build_object('id', c.id, 'display_name', c.display_name),
				'body', cm.body, 'hidden', cm.hidden, 'hidden_reason', cm.hidden_reason,
				'hidden_auto', cm.hidden_auto, 'moderated_by', priv.agent_ref(cm.moderated_by),
				'moderated_at', cm.moderated_at,
				'created_at', cm.created_at) order by cm.id)
			from (select * from comments where proposal_id = pr.id
				order by id limit 500) cm
			join citizens c on c.id = cm.author_id), '[]'),
		'costing', (select jsonb_build_object('opinion', co.opinion,
				'justification', co.justification,
				'duration_months', co.duration_months, 'total_cents', co.total_cents,
				'costed_by', priv.agent_ref(co.costed_by), 'costed_at', co.costed_at,
				'lines', coalesce((select jsonb_agg(jsonb_build_object(
						'category', l.category, 'label', l.label,
						'amount_cents', l.amount_cents) order by l.position)
					from cost_lines l where l.proposal_id = co.proposal_id), '[]'))
			from costings co where co.proposal_id = pr.id),
		'merged_into_history', coalesce((select jsonb_agg(jsonb_build_object('merge_id', m.id,
				'target', jsonb_build_object('id', t.id, 'title', t.title),
				'merged_by', priv.agent_ref(m.merged_by), 'merged_at', m.merged_at,
				'note', m.note, 'undone_by', priv.agent_ref(m.undone_by),
				'undone_at', m.undone_at) order by m.id)
			from merges m join proposals t on t.id = m.target_id
			where m.source_id = pr.id), '[]'),
		'merged_from', coalesce((select jsonb_agg(jsonb_build_object('merge_id', m.id,
				'source', jsonb_build_object('id', s.id, 'title', s.title, 'state', s.state,
					'version', s.version),
				'merged_by', priv.agent_ref(m.merged_by), 'merged_at', m.merged_at,
				'note', m.note, 'undone_by', priv.agent_ref(m.undone_by),
				'undone_at', m.undone_at) order by m.id)
			from merges m join proposals s on s.id = m.source_id
			where m.target_id = pr.id), '[]'),
		'stages', coalesce((select jsonb_agg(jsonb_build_object('id', su.id,
				'stage', su.stage, 'stage_date', su.stage_date, 'note', su.note,
				'agent', priv.agent_ref(su.agent_id), 'created_at', su.created_at)
				order by su.id)
			from stage_updates su where su.proposal_id = pr.id), '[]'),
		'answers', coalesce((select jsonb_agg(jsonb_build_object('id', an.id,
				'citizen_id', an.citizen_id, 'body', an.body,
				'template_id', an.template_id, 'agent', priv.agent_ref(an.agent_id),
				'batch_id', an.batch_id, 'created_at', an.created_at) order by an.id)
			from answers an where an.target_type = 'proposal' and an.target_id = pr.id), '[]'),
		'votes', (select jsonb_build_object('online', v.online, 'paper', v.paper,
				'total', v.total, 'recorded_by', priv.agent_ref(v.recorded_by),
				'recorded_at', v.recorded_at)
			from votes v where v.proposal_id = pr.id),
		'audit', coalesce((select jsonb_agg(jsonb_build_object('id', au.id, 'at', au.at,
				'agent', priv.agent_ref(au.agent_id), 'action', au.action,
				'before', au.before, 'after', au.after, 'batch_id', au.batch_id)
				order by au.id desc)
			from (select * from audit where target_type = 'proposal' and target_id = pr.id
				order by id desc limit 200) au), '[]'));
end
$$;

-- {agent (login), action ("x.y" exactly, or a prefix "x.*"), target_type,
-- target_id, since, until, batch_id, cursor, limit} -> {items: [{id, at,
-- agent, action, target_type, target_id, before, after, batch_id,
-- proposal_id (the proposal the row is about: the target, or a comment's
-- proposal; null for other targets)}],
-- next_cursor}, newest first; since is inclusive, until exclusive. Each
-- role sees the rows priv.audit_visible lets it read.
create or replace function api.audit_list(token text, p jsonb default '{}') returns jsonb
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
			'before', pg.before, 'after', pg.after, 'batch_id', pg.batch_id,
			'proposal_id', case pg.target_type
				when 'proposal' then pg.target_id
				when 'comment' then (select c.proposal_id from comments c
					where c.id = pg.target_id) end)
			order by pg.id desc),
		jsonb_build_object('id', min(pg.id))
	into page_items, last_key
	from page pg;
	return priv.page(page_items, last_key, lim);
end
$$;

-- {edition?} -> the figures of an edition, as in 010_api_audit_stats.sql,
-- and: each district's committed_cents (costs of its selected and winning
-- projects, as api.envelopes counts them) and winners_cents (its winners'
-- alone); each department's oldest_waiting_at (the deposit of the oldest
-- proposal of its workload, null when it has none).
create or replace function api.stats(token text, p jsonb default '{}') returns jsonb
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
				coalesce(sum(pr.total_cents) filter (where pr.state <> 'merged'), 0) as cents,
				coalesce(sum(pr.total_cents) filter (where pr.state in ('selected', 'winner')), 0)
					as committed,
				coalesce(sum(pr.total_cents) filter (where pr.state = 'winner'), 0) as winners
			from pr group by pr.district_id),
		per_department as (
			select pr.department_id, count(*) as n,
				coalesce(sum(pr.total_cents) filter (where pr.state <> 'merged'), 0) as cents,
				count(*) filter (where not pr.costed
					and pr.state in ('submitted', 'admissible', 'costing')) as workload,
				min(pr.created_at) filter (where not pr.costed
					and pr.state in ('submitted', 'admissible', 'costing')) as oldest,
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
					'proposals', coalesce(g.n, 0), 'cost_cents', coalesce(g.cents, 0),
					'committed_cents', coalesce(g.committed, 0),
					'winners_cents', coalesce(g.winners, 0))
					order by d.code)
				from districts d left join per_district g on g.district_id = d.id),
			'departments', (select jsonb_agg(jsonb_build_object('code', dp.code, 'name', dp.name,
					'proposals', coalesce(g.n, 0), 'cost_cents', coalesce(g.cents, 0),
					'workload', coalesce(g.workload, 0), 'median_days_to_costed', g.median,
					'oldest_waiting_at', g.oldest)
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
