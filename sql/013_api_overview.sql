-- The top view's counts, and the projects whose realisation has stalled.

-- A winning project whose stage has not moved in 90 days: the last stage
-- recorded (or its becoming a winner, when none was) is older than that, and
-- it is neither done nor abandoned. One rule, for the count and the list.
create function priv.stalled(pr proposals) returns boolean
language sql stable as $$
	select pr.state = 'winner'
	   and pr.stage is distinct from 'done' and pr.stage is distinct from 'abandoned'
	   and coalesce((select max(su.stage_date) from stage_updates su
			where su.proposal_id = pr.id), pr.state_changed_at::date)
		< current_date - 90
$$;

-- The list of proposals, as in 006, with one more filter: stalled.
create or replace function api.proposal_list(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	agent agents := priv.require(token, 'moderator', 'referent', 'instructor');
	lim int := priv.page_limit(p);
	sort text := coalesce(p->>'sort', 'id');
	cur jsonb := priv.cursor_decode(p);
	states proposal_state[];
	stage_f proposal_stage;
	district_f int;
	department_f int;
	theme_f int;
	referent_f int;
	edition_f int := priv.int_arg(p, 'edition', 2000, 2100);
	needs_f boolean := priv.bool_arg(p, 'needs_answer');
	mine boolean := coalesce(priv.bool_arg(p, 'mine'), false);
	stalled boolean := coalesce(priv.bool_arg(p, 'stalled'), false);
	q text := priv.text_arg(p, 'q', 0, 500);
	q_id bigint;
	c_id bigint;
	c_at timestamptz;
	c_n int;
	cond text := '';
	ord text;
	page_rows jsonb;
	last_key jsonb;
begin
	if sort not in ('id', 'recent', 'supports') then
		perform priv.fail(400, 'invalid', 'sort must be one of id, recent, supports');
	end if;
	if jsonb_typeof(p->'state') in ('string', 'array') then
		if exists (select from jsonb_array_elements(case jsonb_typeof(p->'state')
				when 'array' then p->'state' else jsonb_build_array(p->'state') end) s
			where jsonb_typeof(s) <> 'string'
			   or s->>0 <> all (enum_range(null::proposal_state)::text[])) then
			perform priv.fail(400, 'invalid', 'state must be a state or a list of states');
		end if;
		select array_agg((s->>0)::proposal_state) into states
		from jsonb_array_elements(case jsonb_typeof(p->'state')
			when 'array' then p->'state' else jsonb_build_array(p->'state') end) s;
		cond := cond || ' and pr.state = any ($1)';
	elsif p ? 'state' and jsonb_typeof(p->'state') <> 'null' then
		perform priv.fail(400, 'invalid', 'state must be a state or a list of states');
	end if;
	if priv.text_arg(p, 'stage', 0, 20) is not null then
		if p->>'stage' <> all (enum_range(null::proposal_stage)::text[]) then
			perform priv.fail(400, 'invalid', format('no stage %L', p->>'stage'));
		end if;
		stage_f := (p->>'stage')::proposal_stage;
		cond := cond || ' and pr.stage = $2';
	end if;
	if priv.text_arg(p, 'district', 0, 20) is not null then
		district_f := (priv.district_by_code(p->>'district')).id;
		cond := cond || ' and pr.district_id = $3';
	end if;
	if priv.text_arg(p, 'department', 0, 20) is not null then
		department_f := (priv.department_by_code(p->>'department')).id;
		cond := cond || ' and pr.department_id = $4';
	end if;
	if priv.text_arg(p, 'theme', 0, 50) is not null then
		select id into theme_f from themes where code = p->>'theme';
		if not found then
			perform priv.fail(400, 'unknown_theme', format('no theme %L', p->>'theme'));
		end if;
		cond := cond || ' and pr.theme_id = $5';
	end if;
	if priv.text_arg(p, 'referent', 0, 64) is not null then
		select id into referent_f from agents where login = p->>'referent';
		if not found then
			perform priv.fail(400, 'unknown_agent', format('no agent %L', p->>'referent'));
		end if;
		cond := cond || ' and pr.referent_id = $6';
	end if;
	if edition_f is not null then
		cond := cond || ' and pr.edition = $7';
	end if;
	-- a bare call, not a comparison, so that the rule inlines into the plan
	if needs_f then
		cond := cond || ' and priv.needs_answer(pr)';
	elsif not needs_f then
		cond := cond || ' and not priv.needs_answer(pr)';
	end if;
	if q <> '' then
		if q ~ '^[0-9]{1,18}$' then
			q_id := q::bigint;
		end if;
		cond := cond || ' and (pr.search @@ priv.french_query($9) or pr.id = $10)';
	end if;
	if mine then
		cond := cond || ' and (pr.referent_id = $11 or pr.department_id = $12)';
	end if;
	if stalled then
		cond := cond || ' and priv.stalled(pr)';
	end if;
	if cur is not null then
		begin
			if cur->>'s' is distinct from sort then
				raise exception 'wrong sort';
			end if;
			c_id := (cur->>'id')::bigint;
			c_at := (cur->>'t')::timestamptz;
			c_n := (cur->>'n')::int;
		exception when others then
			perform priv.fail(400, 'invalid_cursor', 'the cursor is not one this server gave');
		end;
		cond := cond || case sort
			when 'id' then ' and pr.id > $13'
			when 'recent' then ' and (pr.created_at, pr.id) < ($14, $13)'
			else ' and (pr.supports, pr.id) < ($15, $13)' end;
	end if;
	ord := case sort
		when 'id' then 'id'
		when 'recent' then 'created_at desc, id desc'
		else 'supports desc, id desc' end;
	-- Only the filters asked for are in the query, so that each request is
	-- planned for its own indexes; values are always parameters.
	execute format($q$
		with page as (
			select pr.id, pr.version, pr.title, pr.edition, pr.district_id,
				pr.theme_id, pr.department_id, pr.referent_id, pr.state, pr.stage,
				pr.supports, pr.created_at, pr.state_changed_at,
				pr.priority_neighbourhood, pr.hidden, priv.needs_answer(pr) as needs
			from proposals pr
			where true %2$s
			order by %1$s
			limit $16
		), numbered as (
			select page.*, row_number() over (order by %1$s) as rn from page
		)
		select jsonb_agg(jsonb_build_object(
				'id', pg.id, 'version', pg.version, 'title', pg.title,
				'edition', pg.edition,
				'district', jsonb_build_object('code', d.code, 'name', d.name),
				'theme', t.code, 'department', dep.code, 'referent', ref.login,
				'state', pg.state, 'stage', pg.stage, 'total_cents', co.total_cents,
				'supports', pg.supports, 'created_at', pg.created_at,
				'state_changed_at', pg.state_changed_at,
				'priority_neighbourhood', pg.priority_neighbourhood,
				'hidden', pg.hidden, 'needs_answer', pg.needs) order by pg.rn),
			(array_agg(jsonb_build_object('s', $17::text, 'id', pg.id,
				't', pg.created_at, 'n', pg.supports) order by pg.rn desc))[1]
		from numbered pg
		join districts d on d.id = pg.district_id
		left join themes t on t.id = pg.theme_id
		left join departments dep on dep.id = pg.department_id
		left join agents ref on ref.id = pg.referent_id
		left join costings co on co.proposal_id = pg.id
		$q$, ord, cond)
	into page_rows, last_key
	using states, stage_f, district_f, department_f, theme_f, referent_f, edition_f,
		needs_f, q, q_id, agent.id, agent.department_id, c_id, c_at, c_n, lim, sort;
	return priv.page(page_rows, last_key, lim);
end
$$;

-- What waits for the agent, one count per queue of the top view. Costing
-- waits once a proposal is assigned (state costing) until it is costed; a
-- referent counts their own department's only.
create function api.overview(token text, p jsonb default '{}') returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'moderator', 'referent', 'instructor');
begin
	return jsonb_build_object(
		'reports', (select count(*) from moderation_queue),
		'admissibility', (select count(*) from proposals where state = 'submitted'),
		'costing', (select count(*) from proposals pr
			where pr.state = 'costing'
			  and not exists (select from costings c where c.proposal_id = pr.id)
			  and (a.role <> 'referent' or pr.department_id = a.department_id)),
		'department', (select count(*) from proposals pr
			where a.department_id is not null and pr.department_id = a.department_id
			  and pr.state in ('submitted', 'admissible', 'costing', 'costed')),
		'answers', (select count(*) from proposals pr where priv.needs_answer(pr)),
		'stalled', (select count(*) from proposals pr
			where pr.state = 'winner' and priv.stalled(pr)));
end
$$;
