-- The top view's counts and the stalled projects.
begin;
\i _fixture.psql
select plan(12);

-- submitted 2; admissible/costing not costed: DVD 2 (one costed aside), DEVE 1;
-- winners: one moving, one stalled, one done long ago, one stalled with no stage update.
select pg_temp.make_proposal('s1', 'c1', '75011', 'submitted', 'DVD') as s1 \gset
select pg_temp.make_proposal('s2', 'c2', '75011', 'submitted') as s2 \gset
select pg_temp.make_proposal('a1', 'c3', '75011', 'admissible', 'DVD') as a1 \gset
select pg_temp.make_proposal('c1', 'c4', '75001', 'costing', 'DVD') as c1 \gset
select pg_temp.make_proposal('c2', 'c5', '75001', 'costing', 'DVD') as c2 \gset
select pg_temp.make_proposal('d1', 'c6', '75001', 'costing', 'DEVE') as d1 \gset
select pg_temp.make_proposal('w1', 'c1', '75001', 'winner', 'DVD') as w1 \gset
select pg_temp.make_proposal('w2', 'c2', '75001', 'winner', 'DVD') as w2 \gset
select pg_temp.make_proposal('w3', 'c3', '75001', 'winner', 'DVD') as w3 \gset
select pg_temp.make_proposal('w4', 'c4', '75001', 'winner', 'DEVE') as w4 \gset
insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
values (:c2, 'favourable', 'ok', 100, pg_temp.fx('agent:referent_dvd'));
update proposals set state_changed_at = now() - interval '200 days'
where id in (:w1, :w2, :w3, :w4);
insert into stage_updates (proposal_id, stage, stage_date) values
	(:w1, 'works', current_date - 10),	-- moving
	(:w2, 'studies', current_date - 120),	-- stalled
	(:w3, 'done', current_date - 150);	-- done: not stalled
update proposals set stage = 'works' where id = :w1;
update proposals set stage = 'studies' where id = :w2;
update proposals set stage = 'done' where id = :w3;
-- w4: no stage update, a winner for 200 days: stalled

set local role pupitre_app;

create temporary table ov as select api.overview('tok-instructor') as o;
select is((select (o->>'admissibility')::int from ov), 2, 'two proposals wait for admissibility');
select is((select (o->>'costing')::int from ov), 2,
	'an instructor sees every assigned proposal not costed yet');
select is((select (o->>'stalled')::int from ov), 2,
	'stalled: a stage 120 days old, and a winner with no stage for 200 days');
select is((select (o->>'department')::int from ov), 0, 'an instructor has no department');
select is((select (o->>'answers')::int from ov),
	(select count(*)::int from proposals pr where priv.needs_answer(pr)), 'answers follow the one rule');
select is((select (o->>'reports')::int from ov), (select count(*)::int from moderation_queue),
	'reports: the items of the moderation queue');

select is((api.overview('tok-referent_dvd')->>'costing')::int, 1,
	'a referent counts their own department''s costing only');
select is((api.overview('tok-referent_dvd')->>'department')::int, 4,
	'and their department''s proposals being studied');

select is(
	(select array_agg((x->>'id')::bigint order by (x->>'id')::bigint)
	 from jsonb_array_elements(api.proposal_list('tok-instructor', '{"stalled": true}')->'items') x),
	array[:w2, :w4]::bigint[], 'the list of stalled projects');
select is(
	jsonb_array_length(api.proposal_list('tok-instructor', '{"stalled": true, "district": "75001", "department": "DEVE"}')->'items'),
	1, 'stalled goes with the other filters');
select is(jsonb_array_length(api.proposal_list('tok-instructor', '{"stalled": false}')->'items'), 10,
	'stalled false filters nothing');
select throws_ok($$select api.overview('tok-frontoffice')$$, 'PU403', 'forbidden',
	'the front office has no top view');

select * from finish();
rollback;
