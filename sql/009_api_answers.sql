-- Answers to citizens: templates, preview, batch send, and the proposals
-- that still wait for an answer. Roles: admin and instructor.
--
-- A template body is text with variables written {{name}} (spaces inside the
-- braces are allowed: {{ name }}). Every variable must be one of these; each
-- renders as the empty string when the target has no such value:
--
--   citizen_name    display name of the author of the target (the proposal's
--                   author, or the comment's author for a comment target)
--   proposal_id     number of the proposal (a comment target: its proposal)
--   proposal_title  title of the proposal
--   state           state of the proposal, in French ("recevable", "lauréate")
--   state_reason    why the proposal is in that state (inadmissible...)
--   district        name of the proposal's district ("11e arrondissement")
--   department      name of the department studying it
--   stage           realisation stage of a winner, in French ("travaux")
--   merged_into     number of the proposal it was merged into
--   total_cost      its costing in euros incl. tax, as "2 500 000 €"
--                   (cents shown only when there are some: "1 234,50 €")
--   edition         year of the edition
--   agent_name      display name of the agent who sends the answer
--
-- Text between {{ and }} that is not a known variable is refused at create,
-- update, preview and send (422 unknown_variable, naming it). Values are
-- substituted in one pass: a value that itself contains {{...}} (a title
-- written by a citizen) is never expanded again.

-- Who last changed a template, and deletion that keeps the answers' history:
-- answers point to their template, so a deleted template stays as a row,
-- hidden from everything, and its name becomes free again.
alter table answer_templates
	add column updated_by int references agents,
	add column deleted_at timestamptz;
alter table answer_templates drop constraint answer_templates_name_key;
create unique index answer_templates_live_name on answer_templates (name)
	where deleted_at is null;
create index answers_batch on answers (batch_id);

-- The variables a template may use, in the order the console lists them.
create function priv.answer_variables() returns table (name text, description text)
language sql immutable as $$
	values
		('citizen_name', 'display name of the author of the proposal or comment'),
		('proposal_id', 'number of the proposal (of a comment: its proposal)'),
		('proposal_title', 'title of the proposal'),
		('state', 'state of the proposal, in French'),
		('state_reason', 'why the proposal is in its state'),
		('district', 'name of the proposal''s district'),
		('department', 'name of the department studying the proposal'),
		('stage', 'realisation stage of a winning project, in French'),
		('merged_into', 'number of the proposal it was merged into'),
		('total_cost', 'its costing in euros incl. tax, e.g. 2 500 000 €'),
		('edition', 'year of the edition'),
		('agent_name', 'display name of the agent who answers')
$$;

-- States and stages as a citizen reads them.
create function priv.answer_state_label(s proposal_state) returns text
language sql immutable as $$
	select case s
		when 'submitted' then 'déposée'
		when 'admissible' then 'recevable'
		when 'inadmissible' then 'irrecevable'
		when 'costing' then 'en cours de chiffrage'
		when 'costed' then 'chiffrée'
		when 'merged' then 'regroupée'
		when 'selected' then 'retenue pour le vote'
		when 'not_selected' then 'non retenue pour le vote'
		when 'winner' then 'lauréate'
		when 'not_winner' then 'non lauréate'
		when 'withdrawn' then 'retirée'
	end
$$;

create function priv.answer_stage_label(s proposal_stage) returns text
language sql immutable as $$
	select case s
		when 'not_started' then 'non commencé'
		when 'studies' then 'études et conception'
		when 'procedures' then 'procédures lancées'
		when 'works' then 'travaux'
		when 'delivery' then 'livraison'
		when 'done' then 'réalisé'
		when 'abandoned' then 'abandonné'
	end
$$;

-- Cents as euros the French way: "2 500 000 €", "1 234,50 €".
create function priv.answer_euros(cents bigint) returns text
language sql immutable as $$
	select regexp_replace((cents / 100)::text, '(\d)(?=(\d{3})+$)', '\1 ', 'g')
		|| case when cents % 100 <> 0 then ',' || lpad((cents % 100)::text, 2, '0') else '' end
		|| ' €'
$$;

-- A template body cut into literal text and variables, in order: the
-- literals are what lies between the {{...}}, so literal n comes before
-- variable n. Refuses unknown variables.
create function priv.template_parts(body text) returns table (ord int, lit text, var text)
language plpgsql immutable as $$
declare
	bad text;
begin
	select v into bad
	from (select btrim(m[1]) as v
		from regexp_matches(body, '\{\{([^{}]*)\}\}', 'g') as m) as used
	where v not in (select name from priv.answer_variables())
	limit 1;
	if found then
		perform priv.fail(422, 'unknown_variable',
			format('unknown variable {{%s}} (known: %s)', bad,
				(select string_agg(name, ', ') from priv.answer_variables())),
			jsonb_build_object('variable', bad));
	end if;
	return query
		select l.ord::int, l.lit, btrim(m.v[1])
		from regexp_split_to_table(body, '\{\{[^{}]*\}\}') with ordinality as l(lit, ord)
		left join regexp_matches(body, '\{\{([^{}]*)\}\}', 'g') with ordinality as m(v, ord)
			on m.ord = l.ord;
end
$$;

-- The variables a body uses, each once, in order of first use.
create function priv.template_used(body text) returns jsonb
language sql immutable as $$
	select coalesce(jsonb_agg(var order by first), '[]')
	from (select var, min(ord) as first from priv.template_parts(body)
		where var is not null group by var) as v
$$;

create function priv.template_json(t answer_templates) returns jsonb
language sql stable as $$
	select jsonb_build_object('id', t.id, 'name', t.name, 'body', t.body,
		'variables', priv.template_used(t.body), 'version', t.version,
		'created_by', priv.agent_ref(t.created_by),
		'updated_by', priv.agent_ref(t.updated_by), 'updated_at', t.updated_at)
$$;

-- A live template by id, locked when it is to be changed, or 404.
create function priv.template_row(p jsonb, for_update boolean default false)
returns answer_templates
language plpgsql as $$
declare
	tid bigint := priv.int_arg(p, 'id', 1, 2147483647);
	t answer_templates;
begin
	if tid is null then
		perform priv.fail(400, 'invalid', 'id is required');
	end if;
	if for_update then
		select * into t from answer_templates where id = tid and deleted_at is null for update;
	else
		select * into t from answer_templates where id = tid and deleted_at is null;
	end if;
	if not found then
		perform priv.fail(404, 'not_found', 'no such template');
	end if;
	return t;
end
$$;

-- 409 unless the version given is the template's current one.
create function priv.template_check_version(t answer_templates, p jsonb) returns void
language plpgsql as $$
declare
	v bigint := priv.int_arg(p, 'version', 1, 2147483647);
begin
	if v is null then
		perform priv.fail(400, 'invalid', 'version is required');
	end if;
	if v <> t.version then
		perform priv.fail(409, 'conflict', 'the template was changed since you read it',
			jsonb_build_object('version', t.version,
				'by', priv.agent_ref(coalesce(t.updated_by, t.created_by)),
				'at', t.updated_at));
	end if;
end
$$;

-- Templates, by name, with the variables a body may use.
create function api.template_list(token text, p jsonb default '{}') returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'instructor');
begin
	return jsonb_build_object(
		'items', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
				'body', t.body, 'version', t.version, 'updated_at', t.updated_at)
				order by t.name, t.id)
			from answer_templates t where t.deleted_at is null), '[]'),
		'next_cursor', null,
		'variables', (select jsonb_agg(jsonb_build_object('name', v.name,
				'description', v.description))
			from priv.answer_variables() v));
end
$$;

create function api.template_get(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'instructor');
begin
	return priv.template_json(priv.template_row(p));
end
$$;

-- {name, body} -> the template.
create function api.template_create(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	name text := priv.text_arg(p, 'name', 1, 200);
	body text := priv.text_arg(p, 'body', 1, 20000);
	t answer_templates;
begin
	perform priv.template_parts(body);
	begin
		insert into answer_templates (name, body, created_by, updated_by)
		values (name, body, a.id, a.id)
		returning * into t;
	exception when unique_violation then
		perform priv.fail(409, 'name_taken', format('a template is already named %L', name));
	end;
	perform priv.audit(a.id, 'template.create', 'template', t.id, null,
		jsonb_build_object('name', t.name, 'body', t.body));
	return priv.template_json(t);
end
$$;

-- {id, version, name?, body?} -> the template, or 409 on a stale version.
create function api.template_update(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	t answer_templates := priv.template_row(p, true);
	new_name text := coalesce(priv.text_arg(p, 'name', 0, 200), t.name);
	new_body text := coalesce(priv.text_arg(p, 'body', 0, 20000), t.body);
	before jsonb := '{}';
	after jsonb := '{}';
begin
	perform priv.template_check_version(t, p);
	-- an absent field is kept; a present one may not be empty
	if new_name = '' or new_body = '' then
		perform priv.fail(400, 'invalid', 'name and body may not be empty');
	end if;
	perform priv.template_parts(new_body);
	if new_name <> t.name then
		before := before || jsonb_build_object('name', t.name);
		after := after || jsonb_build_object('name', new_name);
	end if;
	if new_body <> t.body then
		before := before || jsonb_build_object('body', t.body);
		after := after || jsonb_build_object('body', new_body);
	end if;
	if after = '{}' then
		return priv.template_json(t);
	end if;
	begin
		update answer_templates set name = new_name, body = new_body,
			version = version + 1, updated_by = a.id, updated_at = now()
		where id = t.id
		returning * into t;
	exception when unique_violation then
		perform priv.fail(409, 'name_taken', format('a template is already named %L', new_name));
	end;
	perform priv.audit(a.id, 'template.update', 'template', t.id, before, after);
	return priv.template_json(t);
end
$$;

-- {id, version} -> {id, deleted: true}, or 409 on a stale version.
create function api.template_delete(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	t answer_templates := priv.template_row(p, true);
begin
	perform priv.template_check_version(t, p);
	update answer_templates set deleted_at = now(), version = version + 1,
		updated_by = a.id, updated_at = now()
	where id = t.id;
	perform priv.audit(a.id, 'template.delete', 'template', t.id,
		jsonb_build_object('name', t.name, 'body', t.body), null);
	return jsonb_build_object('id', t.id, 'deleted', true);
end
$$;

-- The targets of an answer: p->'targets' is a list of {type, id}, type
-- "proposal" or "comment", at most 10,000, each once; ord keeps the order
-- of the request.
create function priv.answer_targets(p jsonb) returns table (ord int, type target_type, id bigint)
language plpgsql immutable as $$
declare
	n int;
begin
	if jsonb_typeof(p->'targets') is distinct from 'array' then
		perform priv.fail(400, 'invalid', 'targets must be a list of {type, id}');
	end if;
	n := jsonb_array_length(p->'targets');
	if n = 0 then
		perform priv.fail(400, 'invalid', 'targets is empty');
	end if;
	if n > 10000 then
		perform priv.fail(413, 'too_many_items', 'at most 10000 targets per request');
	end if;
	if exists (select from jsonb_array_elements(p->'targets') e
		where jsonb_typeof(e) is distinct from 'object'
		   or coalesce(e->>'type', '') not in ('proposal', 'comment')
		   or jsonb_typeof(e->'id') is distinct from 'number'
		   or (e->>'id') !~ '^[0-9]{1,18}$') then
		perform priv.fail(400, 'invalid',
			'each target must be {"type": "proposal"|"comment", "id": integer}');
	end if;
	if (select count(*) from (select distinct e->>'type', e->>'id'
		from jsonb_array_elements(p->'targets') e) as d) <> n then
		perform priv.fail(400, 'invalid', 'a target appears twice in targets');
	end if;
	return query
		select e.ord::int, (e.v->>'type')::target_type, (e.v->>'id')::bigint
		from jsonb_array_elements(p->'targets') with ordinality as e(v, ord);
end
$$;

-- The text of an answer to each target of p, from p->'template_id' or
-- p->'body', as agent a would send it. A target that does not exist comes
-- back with a null citizen_id and body.
create function priv.answer_render(p jsonb, a agents)
returns table (ord int, type target_type, id bigint, citizen_id bigint,
	citizen_name text, proposal_id bigint, template_id int, body text)
language plpgsql stable as $$
declare
	tid int;
	src text;
	part_lits text[];
	part_vars text[];
begin
	if p->'template_id' is not null and jsonb_typeof(p->'template_id') <> 'null'
	   and p->'body' is not null and jsonb_typeof(p->'body') <> 'null' then
		perform priv.fail(400, 'invalid', 'give template_id or body, not both');
	end if;
	tid := priv.int_arg(p, 'template_id', 1, 2147483647);
	if tid is not null then
		select t.body into src from answer_templates t where t.id = tid and t.deleted_at is null;
		if not found then
			perform priv.fail(404, 'not_found', 'no such template');
		end if;
	else
		src := priv.text_arg(p, 'body', 1, 20000);
	end if;
	-- the template is cut once; literal n precedes variable n
	select array_agg(coalesce(tp.lit, '') order by tp.ord), array_agg(tp.var order by tp.ord)
	into part_lits, part_vars
	from priv.template_parts(src) tp;
	return query
		with t as (select * from priv.answer_targets(p)),
		-- materialized: a target's variables are built once, not once per part
		v as materialized (
			select t.ord, t.type, t.id, ci.id as citizen_id, ci.display_name, pr.id as proposal_id,
				jsonb_build_object(
					'citizen_name', ci.display_name,
					'proposal_id', pr.id::text,
					'proposal_title', pr.title,
					'state', priv.answer_state_label(pr.state),
					'state_reason', pr.state_reason,
					'district', d.name,
					'department', dp.name,
					'stage', priv.answer_stage_label(pr.stage),
					'merged_into', pr.merged_into::text,
					'total_cost', priv.answer_euros(co.total_cents),
					'edition', pr.edition::text,
					'agent_name', a.display_name) as vars
			from t
			left join comments c on t.type = 'comment' and c.id = t.id
			left join proposals pr on pr.id = case t.type
				when 'proposal' then t.id else c.proposal_id end
			left join citizens ci on ci.id = case t.type
				when 'proposal' then pr.author_id else c.author_id end
			left join districts d on d.id = pr.district_id
			left join departments dp on dp.id = pr.department_id
			left join costings co on co.proposal_id = pr.id)
		select v.ord, v.type, v.id, v.citizen_id, v.display_name, v.proposal_id, tid,
			case when v.citizen_id is not null then
				array_to_string(array(select u.lit || coalesce(v.vars->>u.var, '')
					from unnest(part_lits, part_vars) with ordinality as u(lit, var, n)
					order by u.n), '')
			end
		from v;
end
$$;

-- The result of one target of a preview or send.
create function priv.answer_result(type target_type, id bigint, citizen_id bigint) returns jsonb
language sql immutable as $$
	select case when citizen_id is null then
		jsonb_build_object('type', type, 'id', id, 'status', 'invalid',
			'message', format('no such %s', type))
	else
		jsonb_build_object('type', type, 'id', id, 'status', 'ok')
	end
$$;

-- {targets: [{type, id}], template_id | body} -> {results: [{type, id,
-- status, citizen, proposal_id, body}], counts}: the answers as they would
-- be sent, in the order of the targets.
create function api.answer_preview(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'instructor');
begin
	return (select jsonb_build_object(
		'results', jsonb_agg(priv.answer_result(r.type, r.id, r.citizen_id)
			|| case when r.citizen_id is not null then jsonb_build_object(
				'citizen', jsonb_build_object('id', r.citizen_id, 'display_name', r.citizen_name),
				'proposal_id', r.proposal_id, 'body', r.body) else '{}' end
			order by r.ord),
		'counts', jsonb_build_object(
			'ok', count(*) filter (where r.citizen_id is not null),
			'invalid', count(*) filter (where r.citizen_id is null)))
		from priv.answer_render(p, a) r);
end
$$;

-- {targets, template_id | body, idempotency_key} -> {batch_id, results:
-- [{type, id, status, answer_id}], counts}. Stores one answer per existing
-- target, as rendered, and queues it to the target's author; unknown targets
-- are reported invalid and the others are sent. A resend with the same key
-- returns the first response and sends nothing.
create function api.answer_send(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'instructor');
	prior jsonb;
	batch uuid := gen_random_uuid();
	response jsonb;
begin
	-- a lost response must never make a citizen get the answer twice
	if jsonb_typeof(p->'idempotency_key') is distinct from 'string' then
		perform priv.fail(400, 'invalid', 'idempotency_key is required');
	end if;
	prior := priv.idem_claim(a.id, 'answer_send', p);
	if prior is not null then
		return prior;
	end if;
	-- plain inserts rather than priv.audit/notify_citizen per row: one
	-- statement for the whole batch
	with r as materialized (select * from priv.answer_render(p, a)),
	ins as (
		insert into answers (target_type, target_id, citizen_id, body, template_id,
			agent_id, batch_id)
		select r.type, r.id, r.citizen_id, r.body, r.template_id, a.id, batch
		from r where r.citizen_id is not null order by r.ord
		returning answers.id, answers.target_type, answers.target_id, answers.citizen_id,
			answers.body, answers.template_id),
	ob as (
		insert into outbox (citizen_id, kind, target_type, target_id, payload)
		select ins.citizen_id, 'answer', ins.target_type, ins.target_id,
			jsonb_build_object('answer_id', ins.id, 'batch_id', batch,
				'proposal_id', r.proposal_id, 'body', ins.body)
		from ins join r on r.type = ins.target_type and r.id = ins.target_id
		order by r.ord),
	au as (
		insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
		select a.id, 'answer.send', ins.target_type::text, ins.target_id, null,
			jsonb_build_object('answer_id', ins.id, 'citizen_id', ins.citizen_id,
				'template_id', ins.template_id),
			batch
		from ins order by ins.id)
	select jsonb_build_object(
		'batch_id', batch,
		'results', jsonb_agg(priv.answer_result(r.type, r.id, r.citizen_id)
			|| case when ins.id is not null then jsonb_build_object('answer_id', ins.id)
				else '{}' end
			order by r.ord),
		'counts', jsonb_build_object(
			'ok', count(ins.id),
			'invalid', count(*) filter (where ins.id is null)))
	into response
	from r left join ins on ins.target_type = r.type and ins.target_id = r.id;
	if (response#>>'{counts,ok}')::int > 0 then
		perform priv.emit('answers.sent', jsonb_build_object('batch_id', batch,
			'count', (response#>>'{counts,ok}')::int,
			'proposals', (select coalesce(jsonb_agg(x.target_id order by x.target_id), '[]')
				from answers x where x.batch_id = batch and x.target_type = 'proposal'),
			'comments', (select coalesce(jsonb_agg(x.target_id order by x.target_id), '[]')
				from answers x where x.batch_id = batch and x.target_type = 'comment')));
	end if;
	return priv.idem_store(a.id, p, response);
end
$$;

-- {cursor, limit, district?, state?} -> {items, next_cursor, count}: the
-- proposals waiting for an answer, longest waiting first; count is of all
-- of them (with the filters), not of the page.
create function api.answers_needed(token text, p jsonb default '{}') returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'instructor');
	lim int := priv.page_limit(p);
	cur jsonb := priv.cursor_decode(p);
	cur_at timestamptz;
	cur_id bigint;
	want_district int;
	want_state proposal_state;
	total bigint;
	page_items jsonb;
	last_key jsonb;
begin
	if cur is not null then
		begin
			cur_at := (cur->>'at')::timestamptz;
			cur_id := (cur->>'id')::bigint;
		exception when others then
			cur_at := null;
		end;
		if cur_at is null or cur_id is null then
			perform priv.fail(400, 'invalid_cursor', 'the cursor is not one this server gave');
		end if;
	end if;
	if p->'district' is not null and jsonb_typeof(p->'district') <> 'null' then
		want_district := (priv.district_by_code(priv.text_arg(p, 'district', 1, 20))).id;
	end if;
	if p->'state' is not null and jsonb_typeof(p->'state') <> 'null' then
		if (p->>'state') not in (select unnest(enum_range(null::proposal_state))::text) then
			perform priv.fail(400, 'invalid', format('no state %L', p->>'state'));
		end if;
		want_state := (p->>'state')::proposal_state;
	end if;
	with m as materialized (
		select pr.* from proposals pr
		where priv.needs_answer(pr)
		  and (want_district is null or pr.district_id = want_district)
		  and (want_state is null or pr.state = want_state)),
	page as (
		select m.* from m
		where cur_at is null or (m.state_changed_at, m.id) > (cur_at, cur_id)
		order by m.state_changed_at, m.id
		limit lim)
	select (select count(*) from m),
		(select jsonb_agg(jsonb_build_object('id', pg.id, 'title', pg.title,
				'state', pg.state, 'state_reason', pg.state_reason,
				'state_changed_at', pg.state_changed_at, 'edition', pg.edition,
				'district', d.code, 'department', dp.code,
				'author', jsonb_build_object('id', ci.id, 'display_name', ci.display_name),
				'version', pg.version)
			order by pg.state_changed_at, pg.id)
			from page pg
			join districts d on d.id = pg.district_id
			left join departments dp on dp.id = pg.department_id
			join citizens ci on ci.id = pg.author_id),
		(select jsonb_build_object('at', pg.state_changed_at, 'id', pg.id)
			from page pg order by pg.state_changed_at desc, pg.id desc limit 1)
	into total, page_items, last_key;
	return priv.page(page_items, last_key, lim) || jsonb_build_object('count', total);
end
$$;
