-- The study of proposals: admissibility, assignment, costing.
begin;
\i _fixture.psql
select plan(67);

create temporary table s as select
	pg_temp.make_proposal('Piste cyclable', 'c1', '75011', 'submitted', 'DVD') as a1,
	pg_temp.make_proposal('Trottoirs', 'c2', '75011', 'submitted', 'DVD') as a2,
	pg_temp.make_proposal('Arbres', 'c3', '75011', 'submitted', 'DEVE') as a3,
	pg_temp.make_proposal('Bancs', 'c4', '75011', 'submitted') as a4,
	pg_temp.make_proposal('Passerelle', 'c5', '75011', 'costing', 'DVD') as k1,
	pg_temp.make_proposal('Square', 'c5', '75011', 'costing', 'DEVE') as k2,
	pg_temp.make_proposal('Kiosque', 'c6', '75011', 'winner', 'DVD') as w1,
	pg_temp.make_proposal('Fresque', 'c1', '75011', 'admissible', 'DVD') as ad,
	pg_temp.make_proposal('Parvis', 'c2', '75011', 'admissible') as ad0,
	pg_temp.make_proposal('Pergola', 'c3', '75011', 'admissible', 'DEVE') as ad2,
	pg_temp.make_proposal('Préau', 'c3', '75011', 'withdrawn') as wd,
	pg_temp.make_proposal('Doublon', 'c4', '75011', 'submitted') as mg,
	pg_temp.make_proposal('Fontaine', 'c5', '75011', 'submitted') as a5,
	pg_temp.make_proposal('Abri', 'c6', '75011', 'admissible') as a6,
	pg_temp.make_proposal('Rampe', 'c6', '75011', 'submitted', 'DVD') as a7;
update proposals set state = 'merged', merged_into = (select a4 from s)
where id = (select mg from s);
grant select on s to pupitre_app;
create temporary table r (name text primary key, res jsonb);
grant select, insert on r to pupitre_app;

-- {"items": [...]} of proposals at their current version
create function pg_temp.items(variadic ids bigint[]) returns jsonb
language sql as $$
	select jsonb_build_object('items', jsonb_agg(jsonb_build_object('id', i.id,
		'version', coalesce(pr.version, 1)) order by i.ord))
	from unnest(ids) with ordinality as i(id, ord) left join proposals pr on pr.id = i.id
$$;

create function pg_temp.statuses(res jsonb) returns text[]
language sql as $$
	select array_agg(e->>'status' order by o)
	from jsonb_array_elements(res->'results') with ordinality as x(e, o)
$$;

create function pg_temp.err(q text) returns jsonb
language plpgsql as $$
declare
	st text;
	msg text;
	h text;
begin
	execute q;
	return null;
exception when others then
	get stacked diagnostics st = returned_sqlstate, msg = message_text, h = pg_exception_hint;
	return jsonb_build_object('sqlstate', st, 'code', msg) || case when h <> ''
		then jsonb_build_object('details', h::jsonb) else '{}' end;
end
$$;

create function pg_temp.state(id bigint) returns text
language sql as $$ select state::text from proposals where proposals.id = state.id $$;

create function pg_temp.costing(tok text, id bigint, p jsonb) returns jsonb
language sql as $$
	select api.proposal_costing(tok, jsonb_build_object('id', id, 'version',
		(select version from proposals where proposals.id = costing.id),
		'opinion', 'favourable', 'justification', 'Faisable en un an',
		'duration_months', 12,
		'lines', '[{"category": "investment", "label": "Travaux", "amount_cents": 500000},
			{"category": "studies", "label": "Études", "amount_cents": 120000}]'::jsonb) || p)
$$;

set local role pupitre_app;

-- admissibility
insert into r select 'adm', api.proposal_admissibility('tok-instructor',
	pg_temp.items(a1, a2) || '{"decision": "admissible"}') from s;
select is((select res->'counts' from r where name = 'adm'),
	'{"ok": 2, "conflict": 0, "forbidden": 0, "invalid": 0}', 'two proposals declared admissible');
select is((select res->'results' from r where name = 'adm'),
	(select jsonb_build_array(
		jsonb_build_object('id', a1, 'status', 'ok', 'version', 2, 'state', 'admissible'),
		jsonb_build_object('id', a2, 'status', 'ok', 'version', 2, 'state', 'admissible')) from s),
	'each item is ok with its new version');
select is((select array_agg(row(state, version, updated_by)::text order by id) from proposals
		where id in (select a1 from s union all select a2 from s)),
	array[row('admissible', 2, pg_temp.fx('agent:instructor'))::text,
		row('admissible', 2, pg_temp.fx('agent:instructor'))::text],
	'the proposals are admissible, bumped, and say who changed them');
select is((select array_agg(jsonb_build_array(before, after, batch_id::text = (r.res->>'batch_id')))
		from audit, r where r.name = 'adm' and action = 'proposal.admissibility'),
	array['[{"state": "submitted"}, {"state": "admissible"}, true]'::jsonb,
		'[{"state": "submitted"}, {"state": "admissible"}, true]'],
	'one audit row per item, with only what changed, under the batch id');
select is((select array_agg(payload) from events where type = 'proposal.state'),
	(select array[jsonb_build_object('state', 'admissible', 'ids', jsonb_build_array(a1, a2))] from s),
	'one event for the call, listing the ids');
select is((select priv.needs_answer(p) from proposals p where id = (select a1 from s)), true,
	'an admissible proposal now needs an answer');

select is(pg_temp.err(format($$select api.proposal_admissibility('tok-instructor', %L)$$,
		(select pg_temp.items(a3) from s) || '{"decision": "inadmissible"}')),
	'{"sqlstate": "PU400", "code": "invalid"}', 'inadmissible needs a reason');
select is(pg_temp.err(format($$select api.proposal_admissibility('tok-instructor', %L)$$,
		(select pg_temp.items(a3) from s) || '{"decision": "maybe"}')),
	'{"sqlstate": "PU400", "code": "invalid"}', 'the decision is admissible or inadmissible');
select is(pg_temp.err($$select api.proposal_admissibility('tok-instructor',
		'{"items": [], "decision": "admissible"}')$$),
	'{"sqlstate": "PU400", "code": "invalid"}', 'an empty list of items is refused');
select is(pg_temp.err(format($$select api.proposal_admissibility('tok-moderator', %L)$$,
		(select pg_temp.items(a3) from s) || '{"decision": "admissible"}')),
	'{"sqlstate": "PU403", "code": "forbidden"}', 'a moderator cannot decide admissibility');

-- a referent of DVD decides on DVD proposals only
insert into r select 'ref', api.proposal_admissibility('tok-referent_dvd',
	pg_temp.items(a3, a4, k1) || '{"decision": "inadmissible", "reason": "hors compétence",
		"message": "Votre proposition ne relève pas de la Ville."}') from s;
select is((select pg_temp.statuses(res) from r where name = 'ref'),
	array['forbidden', 'forbidden', 'invalid'],
	'a DEVE proposal and one without department are forbidden to a DVD referent');
select is((select pg_temp.state(a3) || '/' || version from proposals, s where id = a3),
	'submitted/1', 'a forbidden item is left untouched');
insert into r select 'ref2', api.proposal_admissibility('tok-referent_dvd',
	pg_temp.items(a2) || '{"decision": "inadmissible", "reason": "hors compétence",
		"message": "Votre proposition ne relève pas de la Ville."}') from s;
select is((select row(state, state_reason)::text from proposals, s where id = a2),
	'(inadmissible,"hors compétence")',
	'a DVD referent revises a DVD proposal to inadmissible, with the reason');
select is((select jsonb_build_array(o.citizen_id, o.kind, o.payload->>'body', o.payload->>'state')
		from outbox o, s where o.target_id = s.a2),
	jsonb_build_array(pg_temp.fx('citizen:c2'), 'answer',
		'Votre proposition ne relève pas de la Ville.', 'inadmissible'),
	'the message goes to the author in the outbox');
select is((select count(*) from answers, s where target_type = 'proposal' and target_id = a2
		and body = 'Votre proposition ne relève pas de la Ville.'), 1::bigint,
	'the message is recorded as the answer');
select is((select priv.needs_answer(p) from proposals p, s where p.id = s.a2), false,
	'so the proposal no longer needs an answer');

-- refused transitions
insert into r select 'bad', api.proposal_admissibility('tok-instructor',
	pg_temp.items(k1, w1, a1, mg, 999999999) || '{"decision": "admissible"}') from s;
select is((select pg_temp.statuses(res) from r where name = 'bad'),
	array['invalid', 'invalid', 'invalid', 'invalid', 'invalid'],
	'costing, winner, already admissible, merged and unknown proposals are refused');
select is((select array_agg(e->>'message' order by o) from r,
		jsonb_array_elements(res->'results') with ordinality x(e, o) where name = 'bad'),
	array['a proposal in state costing cannot be declared admissible',
		'a proposal in state winner cannot be declared admissible',
		'the proposal is already admissible',
		'a proposal in state merged cannot be declared admissible',
		'no such proposal'],
	'each refusal says why');
select is((select array_agg(version order by id) from proposals, s where id in (k1, w1, a1)),
	array[2, 1, 1], 'refused items are untouched');

-- revising while nothing further happened
insert into r select 'rev', api.proposal_admissibility('tok-instructor',
	pg_temp.items(a1) || '{"decision": "inadmissible", "reason": "trop vague"}') from s;
insert into r select 'rev2', api.proposal_admissibility('tok-instructor',
	pg_temp.items(a1) || '{"decision": "admissible"}') from s;
select is((select row(state, state_reason, version)::text from proposals, s where id = a1),
	'(admissible,,4)', 'admissible and inadmissible may be revised, the reason follows');

-- two agents on the same item
insert into r select 'first', api.proposal_admissibility('tok-instructor',
	jsonb_build_object('items', jsonb_build_array(jsonb_build_object('id', a3, 'version', 1)),
		'decision', 'admissible')) from s;
insert into r select 'second', api.proposal_admissibility('tok-instructor2',
	jsonb_build_object('items', jsonb_build_array(jsonb_build_object('id', a3, 'version', 1)),
		'decision', 'inadmissible', 'reason', 'doublon')) from s;
select is((select (res#>'{results,0}') - 'at' from r where name = 'second'),
	(select jsonb_build_object('id', a3, 'status', 'conflict', 'version', 2,
		'by', jsonb_build_object('id', pg_temp.fx('agent:instructor'), 'login', 'instructor',
			'display_name', 'Ines Instructrice')) from s),
	'the second agent gets a conflict naming the first and the current version');
select is(pg_temp.state((select a3 from s)), 'admissible', 'the first decision stands');
select is((select res->'counts' from r where name = 'second'),
	'{"ok": 0, "conflict": 1, "forbidden": 0, "invalid": 0}', 'the conflict is counted');

-- a retried request applies once
insert into r select 'idem1', api.proposal_admissibility('tok-instructor',
	pg_temp.items(a4) || '{"decision": "admissible", "idempotency_key": "k-adm-1"}') from s;
insert into r select 'idem2', api.proposal_admissibility('tok-instructor',
	jsonb_build_object('items', jsonb_build_array(jsonb_build_object('id', a4, 'version', 1)),
		'decision', 'admissible', 'idempotency_key', 'k-adm-1')) from s;
select is((select res from r where name = 'idem2'), (select res from r where name = 'idem1'),
	'the same request with the same key gets the same answer');
select is((select count(*) from audit, s where target_id = a4
		and action = 'proposal.admissibility'), 1::bigint, 'and is applied once');
select is(pg_temp.err(format($$select api.proposal_admissibility('tok-instructor', %L)$$,
		(select jsonb_build_object('items', jsonb_build_array(jsonb_build_object('id', a4, 'version', 1)),
			'decision', 'inadmissible', 'reason', 'x', 'idempotency_key', 'k-adm-1') from s))),
	'{"sqlstate": "PU422", "code": "idempotency_mismatch"}',
	'the key of another request is refused');

-- assignment
insert into r select 'asg', api.proposal_assign('tok-instructor',
	pg_temp.items(ad, ad0, a5) || '{"department": "DEVE", "referent": "referent_deve"}') from s;
select is((select res->'results' from r where name = 'asg'),
	(select jsonb_build_array(
		jsonb_build_object('id', ad, 'status', 'ok', 'version', 2, 'state', 'costing'),
		jsonb_build_object('id', ad0, 'status', 'ok', 'version', 2, 'state', 'costing'),
		jsonb_build_object('id', a5, 'status', 'ok', 'version', 2, 'state', 'submitted'))
	from s), 'admissible proposals move to costing with a department, others keep their state');
select is((select array_agg(row(d.code, a.login)::text order by p.id)
		from proposals p join departments d on d.id = p.department_id
		join agents a on a.id = p.referent_id, s where p.id in (ad, ad0, a5)),
	array['(DEVE,referent_deve)', '(DEVE,referent_deve)', '(DEVE,referent_deve)'],
	'they have the department and its referent');
select is((select jsonb_build_array(before, after) from audit, s
		where action = 'proposal.assign' and target_id = ad),
	'[{"state": "admissible", "department": "DVD", "referent": null},
	  {"state": "costing", "department": "DEVE", "referent": "referent_deve"}]',
	'the audit row tells the department, the referent and the state');
select is((select payload from events where type = 'proposal.assigned'),
	(select jsonb_build_object('department', 'DEVE', 'referent', 'referent_deve',
		'ids', jsonb_build_array(ad, ad0, a5), 'costing', jsonb_build_array(ad, ad0)) from s),
	'one event for the call');
insert into r select 'asg2', api.proposal_assign('tok-admin',
	pg_temp.items(ad, ad0, a5, mg, wd) || '{"department": "DEVE"}') from s;
select is((select pg_temp.statuses(res) from r where name = 'asg2'),
	array['invalid', 'invalid', 'invalid', 'invalid', 'invalid'],
	'already assigned, merged and withdrawn proposals are refused');
select is((select array_agg(e->>'message' order by o) from r,
		jsonb_array_elements(res->'results') with ordinality x(e, o) where name = 'asg2'),
	array['already assigned to DEVE and this referent', 'already assigned to DEVE and this referent',
		'already assigned to DEVE and this referent', 'a merged proposal cannot be assigned',
		'a withdrawn proposal cannot be assigned'],
	'each refusal says why');
insert into r select 'asg3', api.proposal_assign('tok-instructor',
	pg_temp.items(a5) || '{"department": "DVD"}') from s;
select is((select row(d.code, p.referent_id)::text from proposals p
		join departments d on d.id = p.department_id, s where p.id = a5),
	'(DVD,)', 'a change of department without a referent leaves none');
select is(pg_temp.err(format($$select api.proposal_assign('tok-instructor', %L)$$,
		(select pg_temp.items(ad) from s) || '{"department": "DVD", "referent": "referent_deve"}')),
	'{"sqlstate": "PU400", "code": "invalid"}', 'the referent must belong to the department');
select is(pg_temp.err(format($$select api.proposal_assign('tok-instructor', %L)$$,
		(select pg_temp.items(ad) from s) || '{"department": "DXX"}')),
	'{"sqlstate": "PU400", "code": "unknown_department"}', 'an unknown department is refused');
select is(pg_temp.err(format($$select api.proposal_assign('tok-referent_dvd', %L)$$,
		(select pg_temp.items(ad) from s) || '{"department": "DVD"}')),
	'{"sqlstate": "PU403", "code": "forbidden"}', 'a referent cannot assign');
insert into r select 'asg_i1', api.proposal_assign('tok-instructor',
	jsonb_build_object('items', jsonb_build_array(jsonb_build_object('id', ad2, 'version', 1)),
		'department', 'DVD')) from s;
insert into r select 'asg_i2', api.proposal_assign('tok-instructor2',
	jsonb_build_object('items', jsonb_build_array(jsonb_build_object('id', ad2, 'version', 1)),
		'department', 'DEVE', 'referent', 'referent_deve')) from s;
select is((select jsonb_build_array(res#>>'{results,0,status}', res#>>'{results,0,by,login}')
		from r where name = 'asg_i2'),
	'["conflict", "instructor"]', 'the second instructor assigning the same item gets a conflict');
select is((select d.code from proposals p join departments d on d.id = p.department_id, s
		where p.id = ad2), 'DVD', 'the first assignment stands');

-- costing
insert into r select 'cost', pg_temp.costing('tok-referent_dvd', k1,
	'{"lines": [{"category": "investment", "label": "Passerelle", "amount_cents": 1500000},
		{"category": "operating", "label": "Entretien", "amount_cents": 30000}]}') from s;
select is((select res - 'id' from r where name = 'cost'),
	'{"version": 2, "state": "costed", "total_cents": 1530000, "warnings": ["operating_costs"]}',
	'the costing totals its lines and warns of operating costs');
select is((select row(p.state, p.version, c.total_cents, c.opinion, c.duration_months, c.costed_by)::text
		from proposals p join costings c on c.proposal_id = p.id, s where p.id = k1),
	row('costed', 2, 1530000, 'favourable', 12, pg_temp.fx('agent:referent_dvd'))::text,
	'the proposal is costed and the costing stored');
select is((select array_agg(row(position, category, label, amount_cents)::text order by position)
		from cost_lines, s where proposal_id = k1),
	array['(1,investment,Passerelle,1500000)', '(2,operating,Entretien,30000)'],
	'the lines are stored in order');
select is((select payload - 'id' from events where type = 'proposal.costed'),
	'{"version": 2, "state": "costed", "total_cents": 1530000, "opinion": "favourable",
	  "warnings": ["operating_costs"]}', 'an event tells the new costing');
insert into r select 'recost', pg_temp.costing('tok-instructor', k1,
	'{"opinion": "unfavourable", "justification": "Trop cher"}') from s;
select is((select res - 'id' from r where name = 'recost'),
	'{"version": 3, "state": "costed", "total_cents": 620000, "warnings": []}',
	're-costing a costed proposal replaces the figures; no operating costs, no warning');
select is((select count(*) from cost_lines, s where proposal_id = k1), 2::bigint,
	'the lines are replaced, not added');
select is((select jsonb_build_array(before->'state', after->'state', before->'total_cents',
			after->'total_cents', after->'opinion')
		from audit, s where action = 'proposal.costing' and target_id = k1 order by id limit 1),
	'["costing", "costed", null, 1530000, "favourable"]', 'the first costing is audited');
select is((select array_agg(k order by k) from audit, s, jsonb_object_keys(after) k
		where action = 'proposal.costing' and target_id = k1
		  and audit.id = (select max(id) from audit where action = 'proposal.costing')),
	array['justification', 'lines', 'opinion', 'total_cents'],
	'the re-costing audit row holds only what changed');
insert into r select 'cost_ad', pg_temp.costing('tok-referent_dvd', a1, '{}') from s;
select is((select res->>'state' from r where name = 'cost_ad'), 'costed',
	'an admissible proposal with a department can be costed');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, '{}')$$,
		(select a6 from s))),
	'{"sqlstate": "PU422", "code": "invalid_transition"}',
	'an admissible proposal without department cannot be costed');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, '{}')$$,
		(select a7 from s))),
	'{"sqlstate": "PU422", "code": "invalid_transition"}',
	'nor can a submitted one, even with a department');
reset role;
update proposals set state = 'selected' where id = (select k2 from s);
set local role pupitre_app;
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, '{}')$$,
		(select k2 from s))),
	'{"sqlstate": "PU422", "code": "invalid_transition"}', 'nor a selected one');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, '{}')$$,
		(select w1 from s))),
	'{"sqlstate": "PU422", "code": "invalid_transition"}', 'nor a winner');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, %L)$$, (select k1 from s),
		'{"lines": [{"category": "investment", "label": "Rabais", "amount_cents": -100}]}')),
	'{"sqlstate": "PU400", "code": "invalid"}', 'a negative amount is refused');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, '{"lines": []}')$$,
		(select k1 from s))),
	'{"sqlstate": "PU400", "code": "invalid"}', 'a costing without lines is refused');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, %L)$$, (select k1 from s),
		'{"lines": [{"category": "gift", "label": "x", "amount_cents": 1}]}')),
	'{"sqlstate": "PU400", "code": "invalid"}', 'an unknown category is refused');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, %L)$$, (select k1 from s),
		'{"lines": [{"category": "other", "label": "x", "amount_cents": 1.5}]}')),
	'{"sqlstate": "PU400", "code": "invalid"}', 'amounts are whole cents');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, '{"opinion": "maybe"}')$$,
		(select k1 from s))),
	'{"sqlstate": "PU400", "code": "invalid"}', 'the opinion is favourable or unfavourable');
select is(pg_temp.err(format($$select pg_temp.costing('tok-instructor', %s, '{"justification": " "}')$$,
		(select k1 from s))),
	'{"sqlstate": "PU400", "code": "invalid"}', 'a justification is required');
select is(pg_temp.err(format($$select pg_temp.costing('tok-referent_dvd', %s, '{}')$$,
		(select k2 from s))),
	'{"sqlstate": "PU403", "code": "forbidden"}', 'a DVD referent cannot cost a DEVE proposal');
reset role;
update proposals set state = 'costing' where id = (select k2 from s);
set local role pupitre_app;
select is(pg_temp.err(format($$select pg_temp.costing('tok-referent_dvd', %s, '{}')$$,
		(select k2 from s))),
	'{"sqlstate": "PU403", "code": "forbidden"}', 'whatever the state of the DEVE proposal');
select is(pg_temp.err(format($$select pg_temp.costing('tok-moderator', %s, '{}')$$,
		(select k2 from s))),
	'{"sqlstate": "PU403", "code": "forbidden"}', 'a moderator cannot cost');
select is((pg_temp.costing('tok-referent_deve', (select k2 from s), '{}'))->>'state', 'costed',
	'the DEVE referent can');
select is(pg_temp.err($$select pg_temp.costing('tok-instructor', 999999999, '{"version": 1}')$$),
	'{"sqlstate": "PU404", "code": "not_found"}', 'an unknown proposal is 404');
select is(api.proposal_costing('tok-instructor', (select jsonb_build_object('id', k1, 'version', 3,
		'opinion', 'favourable', 'justification', 'Revu',
		'lines', '[{"category": "investment", "label": "A", "amount_cents": 1}]'::jsonb) from s))->>'version',
	'4', 'an instructor re-costs at version 3');
select is(pg_temp.err(format($$select api.proposal_costing('tok-instructor2', %L)$$,
		(select jsonb_build_object('id', k1, 'version', 3,
		'opinion', 'favourable', 'justification', 'Revu aussi',
		'lines', '[{"category": "investment", "label": "B", "amount_cents": 2}]'::jsonb) from s))),
	(select jsonb_build_object('sqlstate', 'PU409', 'code', 'conflict',
		'details', jsonb_build_object('by', priv.agent_ref(pg_temp.fx('agent:instructor')::int),
			'at', updated_at, 'version', 4))
	from proposals, s where id = k1),
	'a second instructor at the same version gets a conflict naming the first');
select is((select label from cost_lines, s where proposal_id = k1), 'A', 'the first costing stands');
insert into r select 'cidem1', pg_temp.costing('tok-instructor', ad, '{"idempotency_key": "c-1"}') from s;
insert into r select 'cidem2', api.proposal_costing('tok-instructor', (select jsonb_build_object('id', ad,
		'version', 2, 'opinion', 'favourable', 'justification', 'Faisable en un an',
		'duration_months', 12, 'idempotency_key', 'c-1',
		'lines', '[{"category": "investment", "label": "Travaux", "amount_cents": 500000},
			{"category": "studies", "label": "Études", "amount_cents": 120000}]'::jsonb) from s));
select is((select res from r where name = 'cidem2'), (select res from r where name = 'cidem1'),
	'a retried costing gets the first answer');
select is((select count(*) from audit, s where action = 'proposal.costing' and target_id = ad),
	1::bigint, 'and is applied once');

select * from finish();
rollback;
