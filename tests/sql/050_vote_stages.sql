-- Realisation stages of the winning projects: forward only, abandoned with a
-- note, nothing out of done or abandoned; citizens told; resends; roles.
begin;
\i _fixture.psql
select plan(35);

create function pg_temp.pid(t text) returns bigint
language sql stable as $$ select id from proposals where title = t $$;
create function pg_temp.items(variadic titles text[]) returns jsonb
language sql stable as $$
	select jsonb_agg(jsonb_build_object('id', pr.id, 'version', pr.version) order by t.ord)
	from unnest(titles) with ordinality t(title, ord) join proposals pr on pr.title = t.title
$$;
-- One stage call by an agent on projects named by title, at their current versions.
create function pg_temp.stage(who text, stage text, day text, note text,
	variadic titles text[]) returns jsonb
language sql as $$
	select api.proposal_stage('tok-' || who, jsonb_strip_nulls(jsonb_build_object(
		'items', pg_temp.items(variadic titles), 'stage', stage, 'date', day, 'note', note)))
$$;
create function pg_temp.statuses(r jsonb) returns text
language sql immutable as $$
	select string_agg(e->>'status', ',' order by o) from jsonb_array_elements(r->'results')
		with ordinality x(e, o)
$$;

\o /dev/null
select pg_temp.make_proposal('Jardin partagé', 'c1', state => 'winner');
select pg_temp.make_proposal('Préau', 'c4', state => 'winner');
select pg_temp.make_proposal('Fresque', 'c5', state => 'winner');
select pg_temp.make_proposal('Bancs', state => 'selected');
select pg_temp.make_proposal('Kiosque', state => 'not_winner');
select pg_temp.make_proposal('Ancien', state => 'winner', edition => 2025);
\o
insert into proposal_coauthors (proposal_id, citizen_id)
values (pg_temp.pid('Jardin partagé'), pg_temp.fx('citizen:c2')),
	(pg_temp.pid('Jardin partagé'), pg_temp.fx('citizen:c3'));
create temporary table r (name text primary key, v jsonb);
grant all on r to pupitre_app;
set local role pupitre_app;

-- a step forward
insert into r select 'studies', pg_temp.stage('instructor', 'studies', '2026-03-01',
	'Études confiées au bureau d''études', 'Jardin partagé');
select is((select v#>'{results,0}' from r where name = 'studies'),
	jsonb_build_object('id', pg_temp.pid('Jardin partagé'), 'status', 'ok', 'version', 2,
		'stage', 'studies'), 'a winner moves to studies');
select is((select array[stage::text, version::text, updated_by::text] from proposals
	where title = 'Jardin partagé'),
	array['studies', '2', pg_temp.fx('agent:instructor')::text],
	'its stage is set, its version bumped, by whom');
select is((select array[stage::text, stage_date::text, note, agent_id::text] from stage_updates
	where proposal_id = pg_temp.pid('Jardin partagé')),
	array['studies', '2026-03-01', 'Études confiées au bureau d''études',
		pg_temp.fx('agent:instructor')::text],
	'a stage update is recorded with its date and note');
select is((select array_agg(c.external_id order by c.external_id) from outbox o
	join citizens c on c.id = o.citizen_id
	where o.kind = 'stage' and o.target_id = pg_temp.pid('Jardin partagé')),
	array['c1', 'c2', 'c3'], 'the author and each co-author are told');
select is((select payload - 'proposal_id' from outbox where kind = 'stage' limit 1),
	'{"title": "Jardin partagé", "stage": "studies", "date": "2026-03-01",
	  "note": "Études confiées au bureau d''études"}',
	'what they are told: the project, its stage, date and note');
select is((select array[before::text, after->>'stage'] from audit
	where action = 'proposal.stage'),
	array['{"stage": "not_started"}', 'studies'], 'the change is audited');
select is((select payload->'ids' from events where type = 'proposal.stage'),
	jsonb_build_array(pg_temp.pid('Jardin partagé')), 'one event lists the ids');

-- a resend with the same idempotency key applies once
create temporary table k as select jsonb_build_object('items', pg_temp.items('Jardin partagé'),
	'stage', 'procedures', 'date', '2026-06-15', 'idempotency_key', 'stage-jardin-1') as p;
insert into r select 'first', api.proposal_stage('tok-instructor', p) from k;
insert into r select 'resend', api.proposal_stage('tok-instructor', p) from k;
select is((select v from r where name = 'resend'), (select v from r where name = 'first'),
	'a resend gets the first answer');
select is((select count(*) from stage_updates where proposal_id = pg_temp.pid('Jardin partagé')),
	2::bigint, 'and records the stage once');
select is((select version from proposals where title = 'Jardin partagé'), 3,
	'and bumps the version once');
select is((select count(*) from outbox where kind = 'stage'), 6::bigint,
	'and tells each citizen once');
select is((select api.proposal_stage('tok-instructor', p - 'idempotency_key')
	#>>'{results,0,status}' from k), 'conflict',
	'the same request without the key is a conflict: its version is stale');

-- refused
select is(pg_temp.stage('instructor', 'studies', '2026-07-01', null, 'Jardin partagé')
	#>>'{results,0,message}',
	'stages move forward only: the project is at procedures, studies does not come after it',
	'a stage never moves backwards');
select is(pg_temp.stage('instructor', 'procedures', '2026-07-01', null, 'Jardin partagé')
	#>>'{results,0,status}', 'invalid', 'nor stays where it is');
insert into r select 'losers', pg_temp.stage('instructor', 'studies', '2026-07-01', null,
	'Bancs', 'Kiosque');
select is((select jsonb_path_query_array(v, '$.results[*].message') from r where name = 'losers'),
	'["only winning projects have stages", "only winning projects have stages"]',
	'only winners have stages');
select is((select count(*) from proposals where title in ('Bancs', 'Kiosque') and stage is null
	and version = 1), 2::bigint, 'the others are left untouched');
select throws_ok($$select pg_temp.stage('instructor', 'abandoned', '2026-07-01', null,
	'Jardin partagé')$$, 'PU400', 'invalid', 'abandoning needs a note');
select throws_ok($$select pg_temp.stage('instructor', 'abandoned', '2026-07-01', ' ',
	'Jardin partagé')$$, 'PU400', 'invalid', 'a blank note is no note');
select throws_ok($$select pg_temp.stage('instructor', 'finished', '2026-07-01', null,
	'Jardin partagé')$$, 'PU400', 'invalid', 'an unknown stage is refused');
select throws_ok($$select pg_temp.stage('instructor', 'works', '2026-02-30', null,
	'Jardin partagé')$$, 'PU400', 'invalid', 'a date that does not exist is refused');

-- abandoned, from any stage, then frozen
select is(pg_temp.stage('instructor', 'abandoned', '2026-07-01',
	'Le terrain n''appartient pas à la Ville', 'Jardin partagé')#>>'{results,0,status}', 'ok',
	'a project in procedures is abandoned with a note');
select is((select array[pr.stage::text, su.note] from proposals pr
	join stage_updates su on su.proposal_id = pr.id and su.stage = 'abandoned'
	where pr.title = 'Jardin partagé'),
	array['abandoned', 'Le terrain n''appartient pas à la Ville'], 'with its note');
select is(pg_temp.stage('instructor', 'works', '2026-08-01', null, 'Jardin partagé')
	#>>'{results,0,message}', 'the project is abandoned: its stage no longer moves',
	'nothing moves out of abandoned');
select is(pg_temp.stage('instructor', 'abandoned', '2026-08-01', 'Encore', 'Jardin partagé')
	#>>'{results,0,status}', 'invalid', 'not even to abandoned again');

-- straight to done, then frozen
select is(pg_temp.stage('instructor', 'done', '2026-09-01', null, 'Préau')
	#>>'{results,0,status}', 'ok', 'a project may skip stages forward');
select is(pg_temp.stage('instructor', 'delivery', '2026-09-02', null, 'Préau')
	#>>'{results,0,message}', 'the project is done: its stage no longer moves',
	'nothing moves out of done');
select is(pg_temp.stage('instructor', 'abandoned', '2026-09-02', 'Trop tard', 'Préau')
	#>>'{results,0,status}', 'invalid', 'a done project cannot be abandoned');

-- dates follow the stages
select is(pg_temp.stage('instructor', 'studies', '2026-05-01', null, 'Fresque')
	#>>'{results,0,status}', 'ok', 'Fresque starts its studies');
select matches(pg_temp.stage('instructor', 'works', '2026-04-01', null, 'Fresque')
	#>>'{results,0,message}', 'before that of the current stage',
	'a stage cannot be dated before the current one');

-- two instructors, the same version
create temporary table same as select pg_temp.items('Fresque') as items;
select is(api.proposal_stage('tok-instructor', jsonb_build_object('items', items,
	'stage', 'procedures', 'date', '2026-06-01'))#>>'{results,0,status}', 'ok',
	'the first instructor moves it') from same;
select is((api.proposal_stage('tok-instructor2', jsonb_build_object('items', items,
	'stage', 'works', 'date', '2026-06-02'))#>'{results,0}') - 'at',
	jsonb_build_object('id', pg_temp.pid('Fresque'), 'status', 'conflict', 'version', 3,
		'by', priv.agent_ref(pg_temp.fx('agent:instructor')::int)),
	'the second gets a conflict naming the first') from same;

-- realisation outlives the edition
select is(pg_temp.stage('instructor', 'works', '2026-01-10', null, 'Ancien')
	#>>'{results,0,status}', 'ok', 'a winner of a closed edition still moves');

-- roles
select throws_ok($$select pg_temp.stage('moderator', 'works', '2026-10-01', null, 'Fresque')$$,
	'PU403', 'forbidden', 'moderators cannot move stages');
select throws_ok($$select pg_temp.stage('referent_deve', 'works', '2026-10-01', null,
	'Fresque')$$, 'PU403', 'forbidden', 'referents cannot move stages');
select throws_ok($$select pg_temp.stage('frontoffice', 'works', '2026-10-01', null,
	'Fresque')$$, 'PU403', 'forbidden', 'the front office cannot move stages');

select * from finish();
rollback;
