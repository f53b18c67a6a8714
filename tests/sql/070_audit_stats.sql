-- The audit log (filters, pages, who sees what, append-only) and statistics.
begin;
\i _fixture.psql
select plan(39);

-- Edition 2026: 8 proposals; 2025: one winner.
select pg_temp.make_proposal('a1', 'c1', '75011', 'admissible', 'DEVE') as a1 \gset
select pg_temp.make_proposal('a2', 'c2', '75011', 'costed', 'DEVE') as a2 \gset
select pg_temp.make_proposal('a3', 'c3', '75001', 'costed', 'DVD') as a3 \gset
select pg_temp.make_proposal('a4', 'c4', '75001', 'costing', 'DVD') as a4 \gset
select pg_temp.make_proposal('a5', 'c5', '75001', 'submitted', 'DVD') as a5 \gset
select pg_temp.make_proposal('a6', 'c6', 'PARIS', 'winner', 'DVD') as a6 \gset
select pg_temp.make_proposal('a7', 'c1', '75011') as a7 \gset
select pg_temp.make_proposal('a9', 'c2', '75011', 'submitted', 'DEVE') as a9 \gset
select pg_temp.make_proposal('old', 'c3', '75011', 'winner', 'DEVE', 2025) as a8 \gset
update proposals set state = 'merged', merged_into = :a3 where id = :a5;
update proposals set stage = 'works' where id = :a6;
update proposals set stage = 'done' where id = :a8;

-- Costings: days from deposit to costing are DEVE 10; DVD 4, 6, 12 (median 6);
-- 2025: DEVE 5.
update proposals set created_at = now() - make_interval(days => v.d)
from (values (:a2, 20), (:a3, 30), (:a5, 30), (:a6, 40), (:a8, 400)) as v (pid, d)
where id = v.pid;
insert into costings (proposal_id, opinion, justification, total_cents, costed_by, costed_at)
select v.pid, 'favourable', 'ok', v.cents, pg_temp.fx('agent:referent_dvd'),
	now() - make_interval(days => v.d)
from (values (:a2, 100000000, 10), (:a3, 30000000, 26), (:a5, 5000000, 24),
	(:a6, 200000000, 28), (:a8, 500000, 395)) as v (pid, cents, d);
insert into cost_lines (proposal_id, position, category, label, amount_cents) values
	(:a2, 1, 'investment', 'travaux', 90000000), (:a2, 2, 'studies', 'études', 10000000),
	(:a3, 1, 'investment', 'travaux', 25000000), (:a3, 2, 'operating', 'entretien', 5000000),
	(:a5, 1, 'investment', 'travaux', 5000000),	-- merged: counted in a3
	(:a6, 1, 'investment', 'travaux', 200000000),
	(:a8, 1, 'investment', 'travaux', 500000);

-- Reports: on a1 two open; on a comment of a2 one upheld, one dismissed;
-- one open on the 2025 edition.
insert into comments (proposal_id, author_id, body) values (:a2, pg_temp.fx('citizen:c4'), 'Nul')
returning id as cm \gset
insert into reports (target_type, target_id, reporter_id, reason, status) values
	('proposal', :a1, pg_temp.fx('citizen:c1'), 'spam', 'open'),
	('proposal', :a1, pg_temp.fx('citizen:c2'), 'spam', 'open'),
	('comment', :cm, pg_temp.fx('citizen:c1'), 'offensive', 'upheld'),
	('comment', :cm, pg_temp.fx('citizen:c2'), 'offensive', 'dismissed'),
	('proposal', :a8, pg_temp.fx('citizen:c1'), 'other', 'open');

-- a6 was answered after it won: of a1, a5, a6 two still need an answer
insert into answers (target_type, target_id, citizen_id, body, agent_id, batch_id)
values ('proposal', :a6, pg_temp.fx('citizen:c6'), 'Bravo', pg_temp.fx('agent:admin'), gen_random_uuid());

-- Audit rows r1..r10, each labelled in after.label.
create temporary table batch as select gen_random_uuid() as id;
grant select on batch to pupitre_app;
insert into audit (agent_id, action, target_type, target_id, after, at, batch_id)
select pg_temp.fx('agent:' || v.agent), v.action, v.ttype, v.tid,
	jsonb_build_object('label', v.label), now() - make_interval(hours => v.hours),
	case when v.batched then (select id from batch) end
from (values
	(1, 'r1', 'moderator', 'moderation.hide', 'comment', :cm, 120, false),
	(2, 'r2', null, 'moderation.auto_hide', 'comment', :cm, 0, false),
	(3, 'r3', 'frontoffice', 'report.new', 'comment', :cm, 0, false),
	(4, 'r4', 'referent_dvd', 'proposal.cost', 'proposal', :a3, 0, true),
	(5, 'r5', 'referent_deve', 'proposal.cost', 'proposal', :a2, 0, false),
	(6, 'r6', 'instructor', 'proposal.assign', 'proposal', :a4, 0, true),
	(7, 'r7', 'instructor', 'proposal.assign', 'proposal', :a1, 24, false),
	(8, 'r8', 'admin', 'template.create', 'template', 1, 0, false),
	(9, 'r9', 'moderator', 'session.login', 'agent', pg_temp.fx('agent:moderator'), 0, false),
	(10, 'r10', 'referent_dvd', 'session.login', 'agent', pg_temp.fx('agent:referent_dvd'), 0, false)
) as v (n, label, agent, action, ttype, tid, hours, batched)
order by v.n;

-- The labels of a page of the audit list.
create function pg_temp.labels(page jsonb) returns jsonb
language sql immutable as $$ select jsonb_path_query_array(page, '$.items[*].after.label') $$;

set local role pupitre_app;

-- Audit list

select is(pg_temp.labels(api.audit_list('tok-admin', '{}')),
	'["r10", "r9", "r8", "r7", "r6", "r5", "r4", "r3", "r2", "r1"]', 'newest first');
create temporary table pages as
select api.audit_list('tok-instructor', '{"limit": 4}') as p1;
alter table pages add column p2 jsonb, add column p3 jsonb;
update pages set p2 = api.audit_list('tok-instructor', jsonb_build_object('limit', 4, 'cursor', p1->'next_cursor'));
update pages set p3 = api.audit_list('tok-instructor', jsonb_build_object('limit', 4, 'cursor', p2->'next_cursor'));
select is((select jsonb_build_array(pg_temp.labels(p1), pg_temp.labels(p2), pg_temp.labels(p3)) from pages),
	'[["r10", "r9", "r8", "r7"], ["r6", "r5", "r4", "r3"], ["r2", "r1"]]',
	'pages follow one another, newest first, without overlap');
select is((select p3->'next_cursor' from pages), 'null', 'the last page has no cursor');
select is(pg_temp.labels(api.audit_list('tok-admin', '{"agent": "instructor"}')),
	'["r7", "r6"]', 'filter by agent login');
select is(pg_temp.labels(api.audit_list('tok-admin', '{"action": "proposal.cost"}')),
	'["r5", "r4"]', 'filter by exact action');
select is(pg_temp.labels(api.audit_list('tok-admin', '{"action": "moderation.*"}')),
	'["r2", "r1"]', 'filter by action prefix');
select is(pg_temp.labels(api.audit_list('tok-admin', '{"action": "moderation"}')),
	'[]', 'without a star the action is exact');
select is(pg_temp.labels(api.audit_list('tok-admin', jsonb_build_object('target_type', 'proposal',
		'target_id', :a3))), '["r4"]', 'filter by target');
select is(pg_temp.labels(api.audit_list('tok-admin', jsonb_build_object('since', now() - interval '2 days'))),
	'["r10", "r9", "r8", "r7", "r6", "r5", "r4", "r3", "r2"]', 'since is inclusive of later rows');
select is(pg_temp.labels(api.audit_list('tok-admin', jsonb_build_object('until', now() - interval '12 hours'))),
	'["r7", "r1"]', 'until keeps earlier rows');
select is(pg_temp.labels(api.audit_list('tok-admin', jsonb_build_object('batch_id', (select id from batch)))),
	'["r6", "r4"]', 'filter by batch');
select throws_ok($$select api.audit_list('tok-admin', '{"batch_id": "nope"}')$$,
	'PU400', 'invalid', 'a batch id must be a uuid');
select throws_ok($$select api.audit_list('tok-admin', '{"since": "hier"}')$$,
	'PU400', 'invalid', 'since must be a time');
select throws_ok($$select api.audit_list('tok-admin', '{"cursor": "eyJ4IjogMX0"}')$$,
	'PU400', 'invalid_cursor', 'a cursor the server did not give is refused');

select is(pg_temp.labels(api.audit_list('tok-moderator', '{}')),
	'["r9", "r3", "r2", "r1"]', 'moderators see moderation, reports and their own rows');
select is(pg_temp.labels(api.audit_list('tok-moderator', '{"action": "proposal.*"}')),
	'[]', 'filters cannot widen what a moderator sees');
select is(pg_temp.labels(api.audit_list('tok-referent_dvd', '{}')),
	'["r10", "r6", "r4"]', 'a referent sees their department''s proposals and their own rows');
select is(pg_temp.labels(api.audit_list('tok-referent_deve', '{}')),
	'["r7", "r5"]', 'another referent sees another department');
select throws_ok($$select api.audit_list('tok-frontoffice', '{}')$$,
	'PU403', 'forbidden', 'the front office does not read the audit');

-- Statistics of the current edition, as a moderator and a referent see them

create temporary table st as select api.stats('tok-moderator', '{}') as s;
select is((select s->'edition' from st), '2026', 'the latest edition by default');
select is((select (s->'proposals') - 'by_stage' from st),
	'{"total": 8, "unassigned": 1, "by_state": {"submitted": 2, "admissible": 1,
	  "inadmissible": 0, "costing": 1, "costed": 2, "merged": 1, "selected": 0,
	  "not_selected": 0, "winner": 1, "not_winner": 0, "withdrawn": 0}}',
	'proposals by state, and those not assigned');
select is((select s#>'{proposals,by_stage}' from st),
	'{"not_started": 0, "studies": 0, "procedures": 0, "works": 1, "delivery": 0,
	  "done": 0, "abandoned": 0}', 'winners by stage');
select is((select jsonb_agg(jsonb_build_array(d->>'code', d->'proposals', d->'cost_cents'))
		from st, jsonb_array_elements(s->'districts') d),
	'[["75001", 3, 30000000], ["75011", 4, 100000000], ["PARIS", 1, 200000000]]',
	'proposals and costs per district, a merged proposal''s cost left out');
select is((select jsonb_agg(jsonb_build_array(d->>'code', d->'proposals', d->'cost_cents',
		d->'workload', d->'median_days_to_costed'))
		from st, jsonb_array_elements(s->'departments') d),
	'[["DEVE", 3, 100000000, 2, 10.0], ["DVD", 4, 230000000, 1, 6.0]]',
	'per department: proposals, costs, workload and median days to costing');
select is((select s->'costs' from st),
	'{"total_cents": 330000000, "by_category": {"investment": 315000000, "operating": 5000000,
	  "studies": 10000000, "other": 0}}', 'costs in total and by category');
select is((select s->'reports' from st), '{"open": 2, "upheld": 1, "dismissed": 1}',
	'reports on the edition''s proposals and comments, by status');
select is((select s->'answers_needed' from st), '2', 'proposals waiting for an answer');
select is(api.stats('tok-referent_dvd', '{}'), (select s from st), 'referents see the same figures');
select is(api.stats('tok-instructor', '{"edition": 2025}') - 'districts' - 'departments',
	'{"edition": 2025,
	  "proposals": {"total": 1, "unassigned": 0,
		"by_state": {"submitted": 0, "admissible": 0, "inadmissible": 0, "costing": 0,
			"costed": 0, "merged": 0, "selected": 0, "not_selected": 0, "winner": 1,
			"not_winner": 0, "withdrawn": 0},
		"by_stage": {"not_started": 0, "studies": 0, "procedures": 0, "works": 0,
			"delivery": 0, "done": 1, "abandoned": 0}},
	  "costs": {"total_cents": 500000, "by_category": {"investment": 500000, "operating": 0,
		"studies": 0, "other": 0}},
	  "reports": {"open": 1, "upheld": 0, "dismissed": 0},
	  "answers_needed": 1}',
	'another edition has its own figures');
select is((select d->'median_days_to_costed' from jsonb_array_elements(
		api.stats('tok-admin', '{"edition": 2025}')->'departments') d where d->>'code' = 'DEVE'),
	'5.0', 'the median is of the edition''s proposals');
select throws_ok($$select api.stats('tok-admin', '{"edition": 2019}')$$,
	'PU400', 'unknown_edition', 'an unknown edition is refused');
select throws_ok($$select api.stats('tok-frontoffice', '{}')$$,
	'PU403', 'forbidden', 'the front office has no statistics');

-- The audit log is append-only

select throws_ok($$update audit set action = 'x'$$, '42501', 'permission denied for table audit',
	'the application cannot rewrite the audit');
select throws_ok($$delete from audit$$, '42501', 'permission denied for table audit',
	'the application cannot delete from the audit');
select throws_ok($$truncate audit$$, '42501', 'permission denied for table audit',
	'the application cannot truncate the audit');
reset role;
select throws_ok($$update audit set action = 'x'$$, 'PU403', 'the audit log is append-only',
	'the owner cannot rewrite the audit either');
select throws_ok($$delete from audit$$, 'PU403', 'the audit log is append-only',
	'the owner cannot delete from the audit');
select throws_ok($$truncate audit$$, 'PU403', 'the audit log is append-only',
	'the owner cannot truncate the audit');
select is((select count(*) from audit where action <> 'x'), 10::bigint, 'every row is still there');

select * from finish();
rollback;
