-- The proposal's detail (a merge's sources with their versions, every
-- field kept) and the statistics' additions (committed and winners' costs
-- per district, the oldest proposal waiting for a department).
begin;
\i _fixture.psql
select plan(19);

select pg_temp.make_proposal('Source A', 'c1', '75011', 'admissible', 'DVD') as s1 \gset
select pg_temp.make_proposal('Source B', 'c2', '75011', 'costing', 'DVD') as s2 \gset
select pg_temp.make_proposal('Projet', 'c3', '75011', 'submitted', 'DVD') as t \gset
select pg_temp.make_proposal('Retenu', 'c4', '75001', 'selected', 'DVD') as sel \gset
select pg_temp.make_proposal('Lauréat', 'c5', '75001', 'winner', 'DVD') as win \gset
select pg_temp.make_proposal('Ancien', 'c6', '75001', 'winner', 'DVD', 2025) as old \gset
update proposals set created_at = '2026-01-12 09:00+01' where id = :s1;
update proposals set department_id = pg_temp.fx('department:DEVE') where id = :s1;
insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
select v.pid, 'favourable', 'ok', v.cents, pg_temp.fx('agent:referent_dvd')
from (values (:sel, 30000000), (:win, 45000000), (:old, 99900000), (:t, 1000000), (:s2, 2000000))
	as v (pid, cents);
insert into comments (proposal_id, author_id, body, hidden, hidden_reason, moderated_by,
	moderated_at)
values (:t, pg_temp.fx('citizen:c4'), 'Pub', true, 'spam', pg_temp.fx('agent:moderator'), now())
returning id as cm \gset
insert into audit (agent_id, action, target_type, target_id, before, after)
values (pg_temp.fx('agent:moderator'), 'moderation.hide', 'comment', :cm,
	'{"hidden": false}', '{"hidden": true}');

set local role pupitre_app;

select api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', jsonb_build_array(
		jsonb_build_object('id', :s1, 'version', 1),
		jsonb_build_object('id', :s2, 'version', 1)),
	'target', jsonb_build_object('id', :t, 'version', 1))) is not null as merged \gset

create temporary table d as select api.proposal_get('tok-instructor',
	jsonb_build_object('id', :t)) as p;

-- the sources, each with the version an unmerge sends
select is((select jsonb_agg((m->'source'->>'id')::bigint order by (m->'source'->>'id')::bigint)
	from d, jsonb_array_elements(p->'merged_from') m),
	jsonb_build_array(:s1, :s2), 'merged_from lists both sources');
select is((select jsonb_agg((m->'source'->>'version')::int order by (m->'source'->>'id')::bigint)
	from d, jsonb_array_elements(p->'merged_from') m),
	(select jsonb_agg(version order by id) from proposals where id in (:s1, :s2)),
	'each source carries its current version');
select is((select count(*) from d, jsonb_array_elements(p->'coauthors'))::int, 2,
	'the sources'' authors are co-authors');
select is((select p->'costing'->>'total_cents' from d), '1000000', 'the costing is there');
-- every field of the detail is still there
select is((select array_agg(k order by k) from d, jsonb_object_keys(p) k),
	array['address', 'answers', 'audit', 'author', 'body', 'coauthors', 'comments',
		'comments_total', 'costing', 'created_at', 'department', 'district', 'edition',
		'escalated_at', 'hidden', 'hidden_auto', 'hidden_reason', 'id', 'merged_from',
		'merged_into', 'merged_into_history', 'moderated_at', 'moderated_by',
		'needs_answer', 'priority_neighbourhood', 'referent', 'stage', 'stages', 'state',
		'state_changed_at', 'state_reason', 'supports', 'theme', 'title', 'updated_at',
		'updated_by', 'version', 'votes'],
	'the detail keeps every field');
select is((select jsonb_build_array(c->'hidden', c->'hidden_auto', c->'moderated_by'->>'login',
		c->'moderated_at' <> 'null')
	from d, jsonb_array_elements(p->'comments') c), '[true, false, "moderator", true]',
	'a comment tells who hid it and when');

-- audit rows name their proposal, a comment's included
select is((select x->'proposal_id' from jsonb_array_elements(api.audit_list('tok-admin',
	jsonb_build_object('action', 'moderation.hide'))->'items') x), to_jsonb(:t),
	'a comment''s row names its proposal');
select is((select jsonb_agg(distinct x->'proposal_id') from jsonb_array_elements(
	api.audit_list('tok-admin', jsonb_build_object('target_type', 'proposal',
		'target_id', :s1))->'items') x), jsonb_build_array(:s1), 'a proposal''s row names it');

-- the unmerge that version allows
select lives_ok(format($$select api.proposal_unmerge('tok-instructor', %L)$$,
	jsonb_build_object('id', :s1, 'version',
		(select (m->'source'->>'version')::int from d, jsonb_array_elements(p->'merged_from') m
		where (m->'source'->>'id')::bigint = :s1))),
	'the version read in the detail unmerges the source');
select is((select m->>'undone_at' is not null from jsonb_array_elements(
	api.proposal_get('tok-instructor', jsonb_build_object('id', :t))->'merged_from') m
	where (m->'source'->>'id')::bigint = :s1), true, 'the detail shows the merge undone');
select is((select m->'undone_by'->>'login' from jsonb_array_elements(
	api.proposal_get('tok-instructor', jsonb_build_object('id', :s1))->'merged_into_history') m),
	'instructor', 'the source tells who undid its merge');
select is((select p->'audit'->0->>'action' from (select api.proposal_get('tok-instructor',
	jsonb_build_object('id', :s1)) as p) x), 'proposal.unmerge',
	'the detail''s audit trail starts with the unmerge');

-- statistics
create temporary table st as select api.stats('tok-moderator', '{}') as s;
select is((select (x->>'committed_cents')::bigint from st, jsonb_array_elements(s->'districts') x
	where x->>'code' = '75001'), 75000000::bigint, 'committed: selected and winners');
select is((select (x->>'winners_cents')::bigint from st, jsonb_array_elements(s->'districts') x
	where x->>'code' = '75001'), 45000000::bigint, 'winners: the winner alone');
select is((select (x->>'committed_cents')::bigint from st, jsonb_array_elements(s->'districts') x
	where x->>'code' = '75011'), 0::bigint, 'nothing committed in 75011');
select is((select (x->>'oldest_waiting_at')::timestamptz from st,
	jsonb_array_elements(s->'departments') x where x->>'code' = 'DEVE'),
	'2026-01-12 09:00+01'::timestamptz, 'the oldest proposal waiting for a department');
select is((select x->'oldest_waiting_at' from st, jsonb_array_elements(s->'departments') x
	where x->>'code' = 'DVD'), 'null'::jsonb, 'a department with nothing waiting');
select is((select (x->>'winners_cents')::bigint from
	jsonb_array_elements(api.stats('tok-moderator', '{"edition": 2025}')->'districts') x
	where x->>'code' = '75001'), 99900000::bigint, 'another edition counts its own winners');
select is((select count(*) from st, jsonb_array_elements(s->'districts') x
	where x ? 'envelope_cents' and x ? 'cost_cents' and x ? 'proposals')::int, 3,
	'districts keep their other figures');

reset role;
select * from finish();
rollback;
