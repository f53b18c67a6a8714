-- Proposals in the back office: the list and the detail, the admissibility
-- decision, the assignment to a department and its referent, the costing.
--
-- The rules of the study, as these functions apply them:
-- * Admissibility is decided on a submitted proposal. It may be revised
--   (admissible <-> inadmissible) as long as nothing further happened, that
--   is while the state is still admissible or inadmissible; once a proposal
--   is in costing, merged or beyond, the decision stands. Deciding the state
--   a proposal already has is refused: a retried request is made safe by its
--   version or its idempotency key, not by a silent no-op.
-- * The decision may carry a message: it is sent to the author as the answer
--   to the decision (a row in answers, a notice in the outbox), so that the
--   proposal no longer needs an answer.
-- * Assignment sets the lead department (and its referent) of any proposal
--   that is neither merged nor withdrawn. An admissible proposal that gets a
--   department moves to costing: it is now waiting for that department's
--   figures. The admissibility decision itself never moves a proposal to
--   costing, so that a referent may still revise it.
-- * Costing is recorded on a proposal in costing, on an admissible one that
--   has a department, or again on a costed one (re-costing) until it is
--   selected; the proposal becomes costed.

-- Fast orders of the list sorts.
create index proposals_created on proposals (created_at desc, id desc);
create index proposals_supports on proposals (supports desc, id desc);

-- Whether a proposal waits for an answer: its state changed to a decided
-- state and no answer about it was sent since. The one place of this rule:
-- the list, the needs-answer queue and the statistics all call it.
create function priv.needs_answer(pr proposals) returns boolean
language sql stable as $$
	select pr.state in ('admissible', 'inadmissible', 'merged', 'selected',
		'not_selected', 'winner', 'not_winner')
	   and not exists (select from answers an
		where an.target_type = 'proposal' and an.target_id = pr.id
		  and an.created_at >= pr.state_changed_at)
$$;

-- Who changed a proposal last, when, and its current version: the details
-- of a conflict. Moderation and the study keep separate who/when columns.
create function priv.proposal_last_change(pr proposals) returns jsonb
language sql stable as $$
	select jsonb_build_object(
		'by', priv.agent_ref(case when pr.moderated_at > pr.updated_at
			then pr.moderated_by else pr.updated_by end),
		'at', greatest(pr.updated_at, pr.moderated_at),
		'version', pr.version)
$$;

-- The fields of a whose value differs in b: the before (or after) part of
-- an audit row that names only what changed.
create function priv.proposal_delta(a jsonb, b jsonb) returns jsonb
language sql immutable as $$
	select coalesce(jsonb_object_agg(e.key, e.value), '{}')
	from jsonb_each(a) e
	where b->e.key is distinct from e.value
$$;

-- The counts of a bulk result, every status present.
create function priv.proposal_counts(results jsonb) returns jsonb
language sql immutable as $$
	select jsonb_build_object(
		'ok', count(*) filter (where r->>'status' = 'ok'),
		'conflict', count(*) filter (where r->>'status' = 'conflict'),
		'forbidden', count(*) filter (where r->>'status' = 'forbidden'),
		'invalid', count(*) filter (where r->>'status' = 'invalid'))
	from jsonb_array_elements(results) r
$$;

create function priv.department_by_code(code text) returns departments
language plpgsql stable as $$
declare
	d departments;
begin
	select * into d from departments where departments.code = department_by_code.code;
	if not found then
		perform priv.fail(400, 'unknown_department', format('no department %L', code));
	end if;
	return d;
end
$$;


-- A tsquery term matching exactly the lexeme l.
create function priv.tsquery_lexeme(l text) returns tsquery
language sql immutable as $$
	select ('''' || replace(replace(l, '\', '\\'), '''', '''''') || '''')::tsquery
$$;

-- The search of proposals: words of the French language as people type
-- them (websearch syntax: "phrases", or, -word). The French stemmer keeps
-- the s of plurals after a, i, o or u ("vélos" stays "vélos", not
-- "vélo"), so each word of the query also matches its singular or plural.
create function priv.french_query(q text) returns tsquery
language plpgsql immutable as $$
declare
	tsq tsquery := websearch_to_tsquery('french', q);
	lx text;
	other text;
begin
	for lx in select distinct unnest(tsvector_to_array(to_tsvector('french', q))) loop
		other := case
			when lx ~ '[[:alpha:]][sx]$' and length(lx) >= 4 then left(lx, -1)
			when lx ~ '[[:alpha:]]$' and length(lx) >= 3 then lx || 's' end;
		continue when other is null;
		tsq := ts_rewrite(tsq, priv.tsquery_lexeme(lx),
			priv.tsquery_lexeme(lx) || priv.tsquery_lexeme(other));
	end loop;
	return tsq;
end
$$;

-- The proposals of the back office, filtered, one page at a time.
-- p: state (a state or a list of them), stage, district, department, theme
-- (codes), referent (login), edition, needs_answer, mine (booleans), q (words
-- of the title and text, or an id), sort (id | recent | supports), cursor,
-- limit. Returns {items: [list rows], next_cursor}.
create function api.proposal_list(token text, p jsonb) returns jsonb
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

-- One proposal with everything the detail view shows. p: {id}.
create function api.proposal_get(token text, p jsonb) returns jsonb
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
				'source', jsonb_build_object('id', s.id, 'title', s.title, 'state', s.state),
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

-- Declares proposals admissible or inadmissible, in bulk.
-- p: {items: [{id, version}], decision: admissible|inadmissible,
-- reason (required for inadmissible), message (optional answer to the
-- author)}. Returns the bulk result; each ok item has its new version.
create function api.proposal_admissibility(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	agent agents := priv.require(token, 'referent', 'instructor');
	prior jsonb := priv.idem_claim(agent.id, 'proposal_admissibility', p);
	decision proposal_state;
	why text;
	note_to_author text;
	batch uuid := gen_random_uuid();
	ids bigint[];
	versions int[];
	result jsonb;
begin
	if prior is not null then
		return prior;
	end if;
	if coalesce(p->>'decision', '') not in ('admissible', 'inadmissible') then
		perform priv.fail(400, 'invalid', 'decision must be admissible or inadmissible');
	end if;
	decision := (p->>'decision')::proposal_state;
	why := nullif(priv.text_arg(p, 'reason',
		case when decision = 'inadmissible' then 1 else 0 end, 2000), '');
	note_to_author := nullif(priv.text_arg(p, 'message', 0, 20000), '');
	select array_agg(i.id order by i.ord), array_agg(i.version order by i.ord)
	into ids, versions from priv.items(p) i;
	-- in id order, so that concurrent bulk calls cannot deadlock
	perform from proposals where id = any (ids) order by id for update;

	with req as (
		select r.ord, r.id, r.version
		from unnest(ids, versions) with ordinality as r(id, version, ord)
	), judged as (
		select req.ord, req.id, pr as cur,
			case
			when pr.id is null then 'invalid'
			when agent.role = 'referent'
			     and pr.department_id is distinct from agent.department_id then 'forbidden'
			when pr.version <> req.version then 'conflict'
			when pr.state not in ('submitted', 'admissible', 'inadmissible')
			     or pr.state = decision then 'invalid'
			else 'ok' end as status
		from req left join proposals pr on pr.id = req.id
	), upd as (
		update proposals pr set
			state = decision, state_reason = why, state_changed_at = now(),
			version = pr.version + 1, updated_by = agent.id, updated_at = now()
		from judged j
		where j.status = 'ok' and pr.id = j.id
		returning pr.id, pr.version, pr.author_id, pr.title
	), aud as (
		insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
		select agent.id, 'proposal.admissibility', 'proposal', u.id,
			priv.proposal_delta(x.b, x.n), priv.proposal_delta(x.n, x.b), batch
		from upd u join judged j on j.id = u.id,
		lateral (select
			jsonb_build_object('state', (j.cur).state, 'state_reason', (j.cur).state_reason) as b,
			jsonb_build_object('state', decision, 'state_reason', why) as n) x
	), ans as (
		insert into answers (target_type, target_id, citizen_id, body, agent_id, batch_id)
		select 'proposal', u.id, u.author_id, note_to_author, agent.id, batch
		from upd u where note_to_author is not null
		returning id, target_id, citizen_id
	), ans_audit as (
		insert into audit (agent_id, action, target_type, target_id, after, batch_id)
		select agent.id, 'answer.send', 'proposal', ans.target_id,
			jsonb_build_object('answer_id', ans.id, 'citizen_id', ans.citizen_id), batch
		from ans
	), sent as (
		insert into outbox (citizen_id, kind, target_type, target_id, payload)
		select ans.citizen_id, 'answer', 'proposal', ans.target_id,
			jsonb_build_object('answer_id', ans.id, 'proposal_id', ans.target_id,
				'title', u.title, 'state', decision, 'body', note_to_author)
		from ans join upd u on u.id = ans.target_id
	)
	select jsonb_agg(case j.status
			when 'ok' then jsonb_build_object('id', j.id, 'status', 'ok',
				'version', u.version, 'state', decision)
			when 'conflict' then jsonb_build_object('id', j.id, 'status', 'conflict')
				|| priv.proposal_last_change(j.cur)
			when 'forbidden' then jsonb_build_object('id', j.id, 'status', 'forbidden',
				'message', 'this proposal is not in your department')
			else jsonb_build_object('id', j.id, 'status', 'invalid', 'message',
				case when (j.cur).id is null then 'no such proposal'
				when (j.cur).state = decision then format('the proposal is already %s', decision)
				else format('a proposal in state %s cannot be declared %s',
					(j.cur).state, decision) end) end
		order by j.ord)
	into result
	from judged j left join upd u on u.id = j.id;

	if exists (select from jsonb_array_elements(result) r where r->>'status' = 'ok') then
		perform priv.emit('proposal.state', jsonb_build_object('state', decision,
			'ids', (select jsonb_agg(r->'id') from jsonb_array_elements(result) r
				where r->>'status' = 'ok')));
	end if;
	return priv.idem_store(agent.id, p, jsonb_build_object('batch_id', batch,
		'results', result, 'counts', priv.proposal_counts(result)));
end
$$;

-- Gives proposals a lead department and, optionally, its referent, in bulk.
-- p: {items: [{id, version}], department (code), referent (login)}.
-- Without a referent, a proposal that stays in its department keeps its
-- referent and one that changes department has none.
create function api.proposal_assign(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	agent agents := priv.require(token, 'instructor');
	prior jsonb := priv.idem_claim(agent.id, 'proposal_assign', p);
	dept departments;
	ref agents;
	batch uuid := gen_random_uuid();
	ids bigint[];
	versions int[];
	result jsonb;
begin
	if prior is not null then
		return prior;
	end if;
	dept := priv.department_by_code(priv.text_arg(p, 'department', 1, 20));
	if priv.text_arg(p, 'referent', 0, 64) is not null then
		select * into ref from agents
		where login = p->>'referent' and role = 'referent' and department_id = dept.id
		  and active;
		if not found then
			perform priv.fail(400, 'invalid',
				format('%s is not a referent of %s', p->>'referent', dept.code));
		end if;
	end if;
	select array_agg(i.id order by i.ord), array_agg(i.version order by i.ord)
	into ids, versions from priv.items(p) i;
	perform from proposals where id = any (ids) order by id for update;

	with req as (
		select r.ord, r.id, r.version
		from unnest(ids, versions) with ordinality as r(id, version, ord)
	), judged as (
		select req.ord, req.id, pr as cur, x.new_referent,
			case when pr.state = 'admissible' then 'costing'::proposal_state
				else pr.state end as new_state,
			case
			when pr.id is null then 'invalid'
			when pr.version <> req.version then 'conflict'
			when pr.state in ('merged', 'withdrawn') then 'invalid'
			when pr.department_id = dept.id
			     and pr.referent_id is not distinct from x.new_referent then 'invalid'
			else 'ok' end as status
		from req left join proposals pr on pr.id = req.id,
		lateral (select coalesce(ref.id, case when pr.department_id = dept.id
			then pr.referent_id end) as new_referent) x
	), upd as (
		update proposals pr set
			department_id = dept.id, referent_id = j.new_referent, state = j.new_state,
			state_changed_at = case when j.new_state <> pr.state then now()
				else pr.state_changed_at end,
			version = pr.version + 1, updated_by = agent.id, updated_at = now()
		from judged j
		where j.status = 'ok' and pr.id = j.id
		returning pr.id, pr.version, pr.state
	), aud as (
		insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
		select agent.id, 'proposal.assign', 'proposal', u.id,
			priv.proposal_delta(x.b, x.n), priv.proposal_delta(x.n, x.b), batch
		from upd u join judged j on j.id = u.id,
		lateral (select
			jsonb_build_object('state', (j.cur).state,
				'department', (select code from departments where id = (j.cur).department_id),
				'referent', (select login from agents where id = (j.cur).referent_id)) as b,
			jsonb_build_object('state', u.state, 'department', dept.code,
				'referent', (select login from agents where id = j.new_referent)) as n) x
	)
	select jsonb_agg(case j.status
			when 'ok' then jsonb_build_object('id', j.id, 'status', 'ok',
				'version', u.version, 'state', u.state)
			when 'conflict' then jsonb_build_object('id', j.id, 'status', 'conflict')
				|| priv.proposal_last_change(j.cur)
			else jsonb_build_object('id', j.id, 'status', 'invalid', 'message',
				case when (j.cur).id is null then 'no such proposal'
				when (j.cur).state in ('merged', 'withdrawn')
					then format('a %s proposal cannot be assigned', (j.cur).state)
				else format('already assigned to %s and this referent', dept.code) end) end
		order by j.ord)
	into result
	from judged j left join upd u on u.id = j.id;

	if exists (select from jsonb_array_elements(result) r where r->>'status' = 'ok') then
		perform priv.emit('proposal.assigned', jsonb_build_object(
			'department', dept.code, 'referent', ref.login,
			'ids', (select jsonb_agg(r->'id') from jsonb_array_elements(result) r
				where r->>'status' = 'ok'),
			'costing', coalesce((select jsonb_agg(r->'id') from jsonb_array_elements(result) r
				where r->>'status' = 'ok' and r->>'state' = 'costing'), '[]')));
	end if;
	return priv.idem_store(agent.id, p, jsonb_build_object('batch_id', batch,
		'results', result, 'counts', priv.proposal_counts(result)));
end
$$;

-- Records the department's costing of one proposal, replacing any earlier
-- one. p: {id, version, lines: [{category, label, amount_cents}], opinion:
-- favourable|unfavourable, justification, duration_months}. Returns {id,
-- version, state, total_cents, warnings}: "operating_costs" when a line is
-- an operating cost, which the participatory budget does not finance.
create function api.proposal_costing(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	agent agents := priv.require(token, 'referent', 'instructor');
	prior jsonb := priv.idem_claim(agent.id, 'proposal_costing', p);
	pid bigint := priv.int_arg(p, 'id', 1);
	asked int := priv.int_arg(p, 'version', 0, 2147483647);
	opinion text;
	justification text;
	months int;
	pr proposals;
	before_j jsonb;
	after_j jsonb;
	total bigint;
	warnings jsonb := '[]';
	new_version int;
	response jsonb;
begin
	if prior is not null then
		return prior;
	end if;
	if pid is null or asked is null then
		perform priv.fail(400, 'invalid', 'id and version are required');
	end if;
	if coalesce(p->>'opinion', '') not in ('favourable', 'unfavourable') then
		perform priv.fail(400, 'invalid', 'opinion must be favourable or unfavourable');
	end if;
	opinion := p->>'opinion';
	justification := priv.text_arg(p, 'justification', 1, 20000);
	months := priv.int_arg(p, 'duration_months', 0, 240);
	if jsonb_typeof(p->'lines') is distinct from 'array' or jsonb_array_length(p->'lines') = 0 then
		perform priv.fail(400, 'invalid', 'lines must be a non-empty list');
	end if;
	if jsonb_array_length(p->'lines') > 500 then
		perform priv.fail(400, 'invalid', 'at most 500 lines');
	end if;
	if exists (select from jsonb_array_elements(p->'lines') l
		where jsonb_typeof(l) <> 'object'
		   or jsonb_typeof(l->'category') is distinct from 'string'
		   or l->>'category' <> all (enum_range(null::cost_category)::text[])
		   or jsonb_typeof(l->'label') is distinct from 'string'
		   or length(btrim(l->>'label')) not between 1 and 300
		   or jsonb_typeof(l->'amount_cents') is distinct from 'number'
		   or (l->>'amount_cents') !~ '^-?[0-9]{1,15}$') then
		perform priv.fail(400, 'invalid', 'each line must be {"category": investment|operating|'
			'studies|other, "label": 1 to 300 characters, "amount_cents": integer}');
	end if;
	if exists (select from jsonb_array_elements(p->'lines') l
		where (l->>'amount_cents')::bigint < 0) then
		perform priv.fail(400, 'invalid', 'amounts must not be negative');
	end if;

	select * into pr from proposals where id = pid for update;
	if not found then
		perform priv.fail(404, 'not_found', 'no such proposal');
	end if;
	if agent.role = 'referent' and pr.department_id is distinct from agent.department_id then
		perform priv.fail(403, 'forbidden', 'this proposal is not in your department');
	end if;
	if pr.version <> asked then
		perform priv.fail(409, 'conflict', 'the proposal changed since you read it',
			priv.proposal_last_change(pr));
	end if;
	if not (pr.state in ('costing', 'costed')
	        or (pr.state = 'admissible' and pr.department_id is not null)) then
		perform priv.fail(422, 'invalid_transition',
			case when pr.state = 'admissible'
				then 'an admissible proposal is costed once it has a department'
				else format('a proposal in state %s cannot be costed', pr.state) end);
	end if;

	select jsonb_build_object('state', pr.state, 'opinion', co.opinion,
		'justification', co.justification, 'duration_months', co.duration_months,
		'total_cents', co.total_cents,
		'lines', (select jsonb_agg(jsonb_build_object('category', l.category,
			'label', l.label, 'amount_cents', l.amount_cents) order by l.position)
			from cost_lines l where l.proposal_id = co.proposal_id))
	into before_j
	from (select) x left join costings co on co.proposal_id = pid;

	select sum((l->>'amount_cents')::bigint),
		case when bool_or(l->>'category' = 'operating') then '["operating_costs"]'::jsonb
			else '[]' end
	into total, warnings
	from jsonb_array_elements(p->'lines') l;

	insert into costings (proposal_id, opinion, justification, duration_months,
		total_cents, costed_by, costed_at)
	values (pid, opinion, justification, months, total, agent.id, now())
	on conflict (proposal_id) do update set
		opinion = excluded.opinion, justification = excluded.justification,
		duration_months = excluded.duration_months, total_cents = excluded.total_cents,
		costed_by = excluded.costed_by, costed_at = excluded.costed_at;
	delete from cost_lines where proposal_id = pid;
	insert into cost_lines (proposal_id, position, category, label, amount_cents)
	select pid, l.ord, (l.v->>'category')::cost_category, btrim(l.v->>'label'),
		(l.v->>'amount_cents')::bigint
	from jsonb_array_elements(p->'lines') with ordinality as l(v, ord);

	update proposals set
		state = 'costed',
		state_changed_at = case when state <> 'costed' then now() else state_changed_at end,
		version = version + 1, updated_by = agent.id, updated_at = now()
	where id = pid
	returning version into new_version;

	after_j := jsonb_build_object('state', 'costed', 'opinion', opinion,
		'justification', justification, 'duration_months', months, 'total_cents', total,
		'lines', (select jsonb_agg(jsonb_build_object('category', l.v->>'category',
			'label', btrim(l.v->>'label'), 'amount_cents', (l.v->>'amount_cents')::bigint)
			order by l.ord)
			from jsonb_array_elements(p->'lines') with ordinality as l(v, ord)));
	perform priv.audit(agent.id, 'proposal.costing', 'proposal', pid,
		priv.proposal_delta(before_j, after_j), priv.proposal_delta(after_j, before_j));
	perform priv.emit('proposal.costed', jsonb_build_object('id', pid,
		'version', new_version, 'state', 'costed', 'total_cents', total,
		'opinion', opinion, 'warnings', warnings));
	response := jsonb_build_object('id', pid, 'version', new_version, 'state', 'costed',
		'total_cents', total, 'warnings', warnings);
	return priv.idem_store(agent.id, p, response);
end
$$;
