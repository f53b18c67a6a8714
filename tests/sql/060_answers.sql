-- Answers: templates, preview, batch send with idempotency, needs-answer.
begin;
\i _fixture.psql
select plan(59);

-- The error a statement raises, as {sqlstate, message, detail, hint}.
create function pg_temp.error_of(q text) returns jsonb
language plpgsql as $$
declare
	st text;
	msg text;
	det text;
	hin text;
begin
	execute q;
	return null;
exception when others then
	get stacked diagnostics st = returned_sqlstate, msg = message_text,
		det = pg_exception_detail, hin = pg_exception_hint;
	return jsonb_build_object('sqlstate', st, 'message', msg, 'detail', det, 'hint', hin);
end
$$;

create function pg_temp.tg(t text, i bigint) returns jsonb
language sql immutable as $$ select jsonb_build_object('type', t, 'id', i) $$;

update citizens set display_name = 'Hélène Dupré' where external_id = 'c1';
update citizens set display_name = 'Élodie Bérénice' where external_id = 'c6';

-- Decided proposals waiting for an answer, oldest decision first.
select pg_temp.make_proposal('Un jardin partagé', 'c1', '75011', 'admissible', 'DEVE') as p_adm \gset
select pg_temp.make_proposal('Fontaine à eau', 'c2', '75001', 'inadmissible') as p_inad \gset
select pg_temp.make_proposal('Jardin bis', 'c3', '75011', 'admissible', 'DEVE') as p_merged \gset
select pg_temp.make_proposal('Pistes cyclables', 'c4', '75011', 'winner', 'DVD') as p_win \gset
select pg_temp.make_proposal('Bancs publics', 'c5', '75001', 'selected', 'DVD') as p_old \gset
-- answered after its decision: nothing to do; still submitted: nothing yet
select pg_temp.make_proposal('Kiosque', 'c5', '75001', 'selected', 'DVD') as p_answered \gset
select pg_temp.make_proposal('Titre {{agent_name}} piégé', 'c2', '75011') as p_sub \gset

update proposals set state_reason = 'hors compétence de la Ville' where id = :p_inad;
update proposals set state = 'merged', merged_into = :p_adm where id = :p_merged;
update proposals set state_changed_at = now() - make_interval(days => 10 - n)
from (values (:p_adm, 1), (:p_inad, 2), (:p_merged, 3), (:p_win, 4), (:p_old, 5),
	(:p_answered, 6)) as v (pid, n)
where id = v.pid;
insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
values (:p_adm, 'favourable', 'faisable', 250000000, pg_temp.fx('agent:referent_deve'));
insert into comments (proposal_id, author_id, body)
values (:p_adm, pg_temp.fx('citizen:c6'), 'Très bonne idée') returning id as cm \gset
-- an answer older than the decision does not count, a later one does
insert into answers (target_type, target_id, citizen_id, body, agent_id, batch_id, created_at)
select 'proposal', pid, pg_temp.fx('citizen:c5'), 'Reçu', pg_temp.fx('agent:admin'),
	gen_random_uuid(), now() - make_interval(days => d)
from (values (:p_old, 6), (:p_answered, 1)) as v (pid, d);

set local role pupitre_app;

-- Templates

create temporary table tpl as
select api.template_create('tok-instructor', '{"name": "Recevable",
	"body": "Bonjour {{citizen_name}}, « {{ proposal_title }} » est {{state}}."}') as r;
select is((select r->'variables' from tpl), '["citizen_name", "proposal_title", "state"]',
	'a new template lists the variables it uses');
select is((select (r->>'version')::int from tpl), 1, 'a new template is at version 1');
select throws_ok($$select api.template_create('tok-instructor',
	'{"name": "Faux", "body": "Coût : {{montant}} pour {{citizen_name}}"}')$$,
	'PU422', 'unknown_variable', 'a template with an unknown variable is refused');
select is(pg_temp.error_of($$select api.template_create('tok-instructor',
	'{"name": "Faux", "body": "Coût : {{montant}} pour {{citizen_name}}"}')$$)->>'hint',
	'{"variable": "montant"}', 'the error names the unknown variable');
select throws_ok($$select api.template_create('tok-admin',
	'{"name": "Recevable", "body": "Autre"}')$$,
	'PU409', 'name_taken', 'two templates cannot share a name');

select is((select jsonb_agg(v->>'name') from jsonb_array_elements(
		api.template_list('tok-admin')->'variables') v),
	'["citizen_name", "proposal_id", "proposal_title", "state", "state_reason", "district",
	  "department", "stage", "merged_into", "total_cost", "edition", "agent_name"]',
	'the list gives the variables a template may use');
select is(api.template_list('tok-instructor')#>>'{items,0,name}', 'Recevable',
	'the list shows the template');
select is(api.template_get('tok-instructor', jsonb_build_object('id', (select r->'id' from tpl)))->>'body',
	'Bonjour {{citizen_name}}, « {{ proposal_title }} » est {{state}}.',
	'get returns the body as written');

select is(api.template_update('tok-admin', jsonb_build_object('id', (select r->'id' from tpl),
		'version', 1, 'name', 'Recevabilité'))->>'version', '2',
	'an update with the current version bumps it');
select throws_ok(format('select api.template_update(%L, %L)', 'tok-instructor',
		jsonb_build_object('id', (select r->'id' from tpl), 'version', 1, 'body', 'Nouveau')),
	'PU409', 'conflict', 'an update with a stale version is a conflict');
select is((pg_temp.error_of(format('select api.template_update(%L, %L)', 'tok-instructor',
		jsonb_build_object('id', (select r->'id' from tpl), 'version', 1, 'body', 'Nouveau')))->>'hint')::jsonb
		- 'at',
	jsonb_build_object('version', 2, 'by', priv.agent_ref(pg_temp.fx('agent:admin')::int)),
	'the conflict says who changed the template and its current version');
select throws_ok(format('select api.template_update(%L, %L)', 'tok-instructor',
		jsonb_build_object('id', (select r->'id' from tpl), 'version', 2, 'body', 'Hello {{nom}}')),
	'PU422', 'unknown_variable', 'an update bringing an unknown variable is refused');
select is(api.template_get('tok-instructor', jsonb_build_object('id', (select r->'id' from tpl)))
		- 'updated_at' - 'created_by' - 'updated_by' - 'id',
	'{"name": "Recevabilité", "version": 2,
	  "body": "Bonjour {{citizen_name}}, « {{ proposal_title }} » est {{state}}.",
	  "variables": ["citizen_name", "proposal_title", "state"]}',
	'refused updates leave the template as it was');
select is((select jsonb_build_object('before', before, 'after', after) from audit
		where action = 'template.update' and target_id = (select (r->>'id')::bigint from tpl)),
	'{"before": {"name": "Recevable"}, "after": {"name": "Recevabilité"}}',
	'the audit of an update holds only what changed');

select throws_ok(format('select api.template_delete(%L, %L)', 'tok-instructor',
		jsonb_build_object('id', (select r->'id' from tpl), 'version', 1)),
	'PU409', 'conflict', 'a delete with a stale version is a conflict');
select is(api.template_delete('tok-instructor',
		jsonb_build_object('id', (select r->'id' from tpl), 'version', 2))->>'deleted', 'true',
	'a delete with the current version deletes');
select throws_ok(format('select api.template_get(%L, %L)', 'tok-instructor',
		jsonb_build_object('id', (select r->'id' from tpl))),
	'PU404', 'not_found', 'a deleted template is gone');
select is(api.template_list('tok-instructor')->'items', '[]', 'and out of the list');
select is((select count(*) from audit where target_type = 'template'
		and target_id = (select (r->>'id')::bigint from tpl)
		and action in ('template.create', 'template.update', 'template.delete')), 3::bigint,
	'create, update and delete are audited');

-- the template used below
create temporary table tpl2 as
select api.template_create('tok-instructor', jsonb_build_object('name', 'Recevabilité',
	'body', 'Bonjour {{citizen_name}}, votre projet n° {{proposal_id}} « {{proposal_title}} » '
		|| '({{district}}) est {{state}}. Coût : {{total_cost}}.{{ state_reason }} — {{agent_name}}'))
	as r;
select is((select r->>'name' from tpl2), 'Recevabilité', 'the name of a deleted template is free again');

select throws_ok($$select api.template_create('tok-moderator', '{"name": "x", "body": "y"}')$$,
	'PU403', 'forbidden', 'moderators cannot write templates');
select throws_ok($$select api.template_list('tok-referent_dvd')$$,
	'PU403', 'forbidden', 'referents cannot read templates');

-- Preview

create temporary table pv as
select api.answer_preview('tok-instructor', jsonb_build_object(
	'template_id', (select r->'id' from tpl2),
	'targets', jsonb_build_array(pg_temp.tg('proposal', :p_adm), pg_temp.tg('comment', :cm),
		pg_temp.tg('proposal', 999999), pg_temp.tg('proposal', :p_inad)))) as r;
select is((select r#>>'{results,0,body}' from pv),
	format('Bonjour Hélène Dupré, votre projet n° %s « Un jardin partagé » (11e arrondissement) '
		|| 'est recevable. Coût : 2 500 000 €. — Ines Instructrice', :p_adm),
	'a proposal target gets its author, title, district, state and cost');
select is((select r#>>'{results,1,body}' from pv),
	format('Bonjour Élodie Bérénice, votre projet n° %s « Un jardin partagé » (11e arrondissement) '
		|| 'est recevable. Coût : 2 500 000 €. — Ines Instructrice', :p_adm),
	'a comment target gets its own author and its proposal''s fields');
select is((select r#>>'{results,3,body}' from pv),
	format('Bonjour Citoyen 2, votre projet n° %s « Fontaine à eau » (Paris Centre) '
		|| 'est irrecevable. Coût : .hors compétence de la Ville — Ines Instructrice', :p_inad),
	'missing values render empty, the reason of a refusal is given');
select is((select r#>'{results,2}' from pv),
	'{"type": "proposal", "id": 999999, "status": "invalid", "message": "no such proposal"}',
	'an unknown target is reported on its own');
select is((select jsonb_build_object('ids', jsonb_path_query_array(r, '$.results[*].id'),
		'counts', r->'counts') from pv),
	jsonb_build_object('ids', jsonb_build_array(:p_adm, :cm, 999999, :p_inad),
		'counts', '{"ok": 3, "invalid": 1}'::jsonb),
	'results come in the order of the targets, with counts');
select is(api.answer_preview('tok-admin', jsonb_build_object(
		'body', '{{proposal_title}} / {{citizen_name}} / {{agent_name}}',
		'targets', jsonb_build_array(pg_temp.tg('proposal', :p_sub))))#>>'{results,0,body}',
	'Titre {{agent_name}} piégé / Citoyen 2 / Ada Admin',
	'a value that looks like a variable is not expanded');
select is((select jsonb_agg(e->>'body') from jsonb_array_elements(api.answer_preview('tok-admin',
		jsonb_build_object('body', '{{stage}}|{{merged_into}}|{{edition}}|{{department}}',
		'targets', jsonb_build_array(pg_temp.tg('proposal', :p_win), pg_temp.tg('proposal', :p_merged))))
		-> 'results') e),
	jsonb_build_array('non commencé||2026|Direction de la Voirie et des Déplacements',
		format('|%s|2026|Direction des Espaces Verts et de l''Environnement', :p_adm)),
	'stage, merged_into, edition and department render');
select throws_ok(format('select api.answer_preview(%L, %L)', 'tok-instructor',
		jsonb_build_object('body', 'Bonjour {{prenom}}', 'targets', jsonb_build_array(pg_temp.tg('proposal', :p_adm)))),
	'PU422', 'unknown_variable', 'a preview with an unknown variable is refused');
select throws_ok(format('select api.answer_preview(%L, %L)', 'tok-instructor',
		jsonb_build_object('body', 'x', 'targets',
			(select jsonb_agg(pg_temp.tg('proposal', i)) from generate_series(1, 10001) i))),
	'PU413', 'too_many_items', 'at most 10,000 targets');
select throws_ok(format('select api.answer_preview(%L, %L)', 'tok-instructor',
		jsonb_build_object('body', 'x', 'targets',
			jsonb_build_array(pg_temp.tg('proposal', :p_adm), pg_temp.tg('proposal', :p_adm)))),
	'PU400', 'invalid', 'a target given twice is refused');
select is((select count(*) from answers), 2::bigint, 'a preview sends nothing');
select throws_ok($$select api.answer_preview('tok-frontoffice', '{"body": "x", "targets": []}')$$,
	'PU403', 'forbidden', 'the front office cannot preview answers');

-- Needs-answer, then send

select is(api.answers_needed('tok-instructor', '{}')->'count', '5',
	'five decided proposals wait for an answer');
select is(jsonb_path_query_array(api.answers_needed('tok-instructor', '{}'), '$.items[*].id'),
	jsonb_build_array(:p_adm, :p_inad, :p_merged, :p_win, :p_old),
	'the longest waiting come first; an answer older than the decision does not count');

create temporary table sent as
select api.answer_send('tok-instructor', jsonb_build_object(
	'template_id', (select r->'id' from tpl2), 'idempotency_key', 'send-1',
	'targets', jsonb_build_array(pg_temp.tg('proposal', :p_adm), pg_temp.tg('comment', :cm),
		pg_temp.tg('proposal', 999999), pg_temp.tg('proposal', :p_inad)))) as r;
select is((select r->'counts' from sent), '{"ok": 3, "invalid": 1}',
	'the send reports 3 sent and 1 unknown target');
select is((select jsonb_agg(jsonb_build_array(a.target_type, a.target_id, a.citizen_id, a.template_id,
		a.agent_id) order by a.id)
		from answers a, sent where a.batch_id = (sent.r->>'batch_id')::uuid),
	jsonb_build_array(
		jsonb_build_array('proposal', :p_adm, pg_temp.fx('citizen:c1'), (select r->'id' from tpl2), pg_temp.fx('agent:instructor')),
		jsonb_build_array('comment', :cm, pg_temp.fx('citizen:c6'), (select r->'id' from tpl2), pg_temp.fx('agent:instructor')),
		jsonb_build_array('proposal', :p_inad, pg_temp.fx('citizen:c2'), (select r->'id' from tpl2), pg_temp.fx('agent:instructor'))),
	'one answer per target, to its author, with template, agent and one batch id');
select is((select body from answers where target_type = 'comment' and target_id = :cm),
	(select r#>>'{results,1,body}' from pv), 'the answer is stored as previewed');
select is((select jsonb_agg(jsonb_build_array(o.citizen_id, o.target_type, o.target_id,
		o.payload->>'body' = a.body) order by o.id)
		from outbox o join answers a on a.id = (o.payload->>'answer_id')::bigint
		where o.kind = 'answer'),
	jsonb_build_array(
		jsonb_build_array(pg_temp.fx('citizen:c1'), 'proposal', :p_adm, true),
		jsonb_build_array(pg_temp.fx('citizen:c6'), 'comment', :cm, true),
		jsonb_build_array(pg_temp.fx('citizen:c2'), 'proposal', :p_inad, true)),
	'one outbox answer per target, to its author, with the text');
select is((select count(*) from audit, sent where action = 'answer.send'
		and batch_id = (sent.r->>'batch_id')::uuid), 3::bigint, 'each answer is audited in the batch');
select is((select payload - 'batch_id' from events where type = 'answers.sent'),
	jsonb_build_object('count', 3, 'proposals', jsonb_build_array(:p_adm, :p_inad),
		'comments', jsonb_build_array(:cm)),
	'one answers.sent event lists what was answered');
select is(jsonb_path_query_array(api.answers_needed('tok-instructor', '{}'), '$.items[*].id'),
	jsonb_build_array(:p_merged, :p_win, :p_old), 'the answered proposals leave the list');
select is(api.answers_needed('tok-admin', '{}')->'count', '3', 'and the count shrinks');

select is(api.answer_send('tok-instructor', jsonb_build_object(
	'template_id', (select r->'id' from tpl2), 'idempotency_key', 'send-1',
	'targets', jsonb_build_array(pg_temp.tg('proposal', :p_adm), pg_temp.tg('comment', :cm),
		pg_temp.tg('proposal', 999999), pg_temp.tg('proposal', :p_inad)))),
	(select r from sent), 'a resend with the same key returns the first response, batch id included');
select is((select count(*) from answers where batch_id is not null), 5::bigint,
	'and sends nothing again');
select is((select count(*) from outbox where kind = 'answer'), 3::bigint, 'nor queues anything');
select throws_ok(format('select api.answer_send(%L, %L)', 'tok-instructor', jsonb_build_object(
		'template_id', (select r->'id' from tpl2), 'idempotency_key', 'send-1',
		'targets', jsonb_build_array(pg_temp.tg('proposal', :p_win)))),
	'PU422', 'idempotency_mismatch', 'the same key with other targets is refused');
select throws_ok(format('select api.answer_send(%L, %L)', 'tok-instructor', jsonb_build_object(
		'body', 'Bonjour', 'targets', jsonb_build_array(pg_temp.tg('proposal', :p_win)))),
	'PU400', 'invalid', 'a send needs an idempotency key');
select throws_ok(format('select api.answer_send(%L, %L)', 'tok-referent_dvd', jsonb_build_object(
		'body', 'Bonjour', 'idempotency_key', 'r1', 'targets', jsonb_build_array(pg_temp.tg('proposal', :p_win)))),
	'PU403', 'forbidden', 'referents cannot answer citizens');
select throws_ok($$select api.answers_needed('tok-moderator', '{}')$$,
	'PU403', 'forbidden', 'moderators do not see the needs-answer list');

-- a body without template, and a comment alone does not answer its proposal
select is(api.answer_send('tok-admin', jsonb_build_object('body', 'Merci {{citizen_name}} !',
		'idempotency_key', 'send-2', 'targets', jsonb_build_array(pg_temp.tg('proposal', :p_win)))) #>> '{counts,ok}',
	'1', 'a body can be sent without a template');
select is((select jsonb_build_array(body, template_id) from answers where target_id = :p_win
		and target_type = 'proposal'),
	'["Merci Citoyen 4 !", null]', 'stored as rendered, with no template');

-- Pages and filters of the needs-answer list
select is(jsonb_path_query_array(api.answers_needed('tok-instructor', '{"limit": 1}'), '$.items[*].id'),
	jsonb_build_array(:p_merged), 'a page holds limit items');
select is(jsonb_path_query_array(api.answers_needed('tok-instructor', jsonb_build_object('limit', 1,
		'cursor', api.answers_needed('tok-instructor', '{"limit": 1}')->'next_cursor')), '$.items[*].id'),
	jsonb_build_array(:p_old), 'the cursor gives the next page');
select is(api.answers_needed('tok-instructor', jsonb_build_object('limit', 1,
		'cursor', api.answers_needed('tok-instructor', jsonb_build_object('limit', 1,
			'cursor', api.answers_needed('tok-instructor', '{"limit": 1}')->'next_cursor'))->'next_cursor'))
		- 'count',
	'{"items": [], "next_cursor": null}', 'past the last page: no items, no cursor');
select is(jsonb_path_query_array(api.answers_needed('tok-instructor', '{"district": "75001"}'), '$.items[*].id'),
	jsonb_build_array(:p_old), 'filter by district');
select is(api.answers_needed('tok-instructor', '{"state": "merged"}') - 'next_cursor'
		- 'items', '{"count": 1}', 'filter by state, counted');

-- The rule itself: a later decision needs a new answer
reset role;
update proposals set state = 'selected', state_changed_at = now() + interval '1 minute'
where id = :p_adm;
set local role pupitre_app;
select ok(priv.needs_answer(p) and not priv.needs_answer(s)
		and not priv.needs_answer(i) and priv.needs_answer(m),
	'a decision after the last answer needs an answer; submitted or answered ones do not')
from proposals p, proposals s, proposals i, proposals m
where p.id = :p_adm and s.id = :p_sub and i.id = :p_inad and m.id = :p_merged;

select * from finish();
rollback;
