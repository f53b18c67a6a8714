-- Moderation decisions, each action's happy path: what changes on the
-- target, its reports, the author, the audit log, the outbox, the events
-- and the queue.
begin;
\i _fixture.psql
select plan(49);

select pg_temp.make_proposal('Un banc place Voltaire', 'c1', '75011') as p1 \gset
select pg_temp.make_proposal('Une piste cyclable', 'c3', '75011') as p3 \gset
insert into comments (proposal_id, author_id, body) values
	(:p1, pg_temp.fx('citizen:c1'), 'Achetez des montres'),	-- k1
	(:p1, pg_temp.fx('citizen:c2'), 'Hors sujet'),		-- k2
	(:p1, pg_temp.fx('citizen:c2'), 'Déjà masqué'),		-- k3
	(:p1, pg_temp.fx('citizen:c3'), 'Insulte'),		-- k4
	(:p1, pg_temp.fx('citizen:c3'), 'Autre message'),	-- k5
	(:p1, pg_temp.fx('citizen:c4'), 'Limite');		-- k6
create temporary table names as
select 'k' || row_number() over (order by id) as name, id from comments;
grant select on names to pupitre_app;
create function pg_temp.k(n text) returns bigint
language sql stable as $$ select id from names where name = n $$;

-- k2 hidden by the threshold pending review, k3 hidden by a moderator
update comments set hidden = true, hidden_auto = true, hidden_reason = 'pending review', version = 2
where id = pg_temp.k('k2');
update comments set hidden = true, hidden_reason = 'spam', version = 2 where id = pg_temp.k('k3');
insert into reports (target_type, target_id, reporter_id, reason)
select 'comment', pg_temp.k(k), pg_temp.fx('citizen:c' || r), 'spam'
from (values ('k1', 5), ('k1', 6), ('k2', 4), ('k2', 5), ('k2', 6), ('k3', 5), ('k4', 5), ('k4', 6),
	('k6', 5)) as v (k, r);
insert into reports (target_type, target_id, reporter_id, reason)
values ('proposal', :p1, pg_temp.fx('citizen:c5'), 'off_topic');

create function pg_temp.reports_of(t target_type, target bigint) returns text
language sql stable as $$
	select string_agg(status || coalesce(':' || a.login, ''), ',' order by r.id)
	from reports r left join agents a on a.id = r.decided_by
	where r.target_type = t and r.target_id = target
$$;

set local role pupitre_app;

-- hide
create temporary table h as select api.moderation_decide('tok-moderator', jsonb_build_object(
	'action', 'hide', 'reason', 'publicité', 'note', 'lien commercial',
	'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k1'), 'version', 1),
		jsonb_build_object('type', 'proposal', 'id', :p1, 'version', 1)))) as r;
select is((select r->'results' from h), jsonb_build_array(
	jsonb_build_object('type', 'comment', 'id', pg_temp.k('k1'), 'status', 'ok', 'version', 2),
	jsonb_build_object('type', 'proposal', 'id', :p1, 'status', 'ok', 'version', 2)),
	'hide: one ok result per item, in order, with the new version');
select is((select r->'counts' from h), '{"ok": 2, "invalid": 0, "conflict": 0, "forbidden": 0}',
	'hide: the counts');
select is((select (hidden, hidden_auto, hidden_reason, version, moderated_by)::text from comments
	where id = pg_temp.k('k1')),
	(true, false, 'publicité', 2, pg_temp.fx('agent:moderator'))::text,
	'hide: the comment is hidden for good, with the reason, by the moderator');
select is((select (hidden, hidden_reason, version)::text from proposals where id = :p1),
	(true, 'publicité', 2)::text, 'hide: a proposal is hidden the same way');
select is(pg_temp.reports_of('comment', pg_temp.k('k1')), 'upheld:moderator,upheld:moderator',
	'hide: the open reports are upheld, by the moderator');
select is((select count(*) from audit where action = 'moderation.hide'
	and batch_id = (select (r->>'batch_id')::uuid from h)), 2::bigint,
	'hide: one audit row per target, with the batch id');
select is((select jsonb_build_array(before, after) from audit where action = 'moderation.hide'
	and target_type = 'comment' and target_id = pg_temp.k('k1')),
	jsonb_build_array(
		'{"hidden": false, "version": 1, "open_reports": 2, "hidden_reason": null}'::jsonb,
		'{"hidden": true, "version": 2, "open_reports": 0, "hidden_reason": "publicité", "note": "lien commercial"}'::jsonb),
	'hide: the audit row holds what changed, before and after');
select is((select jsonb_agg(jsonb_build_array(citizen_id, target_type, target_id, payload->>'reason')
	order by id) from outbox where kind = 'hide'),
	jsonb_build_array(
		jsonb_build_array(pg_temp.fx('citizen:c1'), 'comment', pg_temp.k('k1'), 'publicité'),
		jsonb_build_array(pg_temp.fx('citizen:c1'), 'proposal', :p1, 'publicité')),
	'hide: each author is told why');
select is((select jsonb_agg(payload) from events where type = 'moderation.decided'),
	jsonb_build_array(jsonb_build_object('action', 'hide',
		'batch_id', (select r->>'batch_id' from h),
		'targets', jsonb_build_array(
			jsonb_build_object('type', 'comment', 'id', pg_temp.k('k1')),
			jsonb_build_object('type', 'proposal', 'id', :p1)))),
	'hide: one event for the call, listing the targets');
select is((select count(*) from moderation_queue
	where (target_type, target_id) in (('comment', pg_temp.k('k1')), ('proposal', :p1))), 0::bigint,
	'hide: the targets leave the queue');

-- dismiss
create temporary table d as select api.moderation_decide('tok-moderator', jsonb_build_object(
	'action', 'dismiss', 'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k2'), 'version', 2),
		jsonb_build_object('id', pg_temp.k('k3'), 'version', 2)))) as r;
select is((select r->'counts'->'ok' from d), '2', 'dismiss: both ok');
select is((select (hidden, hidden_auto, hidden_reason, version)::text from comments
	where id = pg_temp.k('k2')), (false, false, null, 3)::text,
	'dismiss: content hidden by the threshold pending review is shown again');
select is((select (hidden, hidden_reason, version)::text from comments where id = pg_temp.k('k3')),
	(true, 'spam', 3)::text, 'dismiss: content a moderator hid stays hidden');
select is(pg_temp.reports_of('comment', pg_temp.k('k2')),
	'dismissed:moderator,dismissed:moderator,dismissed:moderator',
	'dismiss: the open reports are dismissed');
select is((select count(*) from audit where action = 'moderation.dismiss'
	and batch_id = (select (r->>'batch_id')::uuid from d)), 2::bigint, 'dismiss: audited');
select is((select count(*) from outbox where target_type = 'comment'
	and target_id in (pg_temp.k('k2'), pg_temp.k('k3'))),
	0::bigint, 'dismiss: nobody is notified');
select is((select payload->'targets' from events where type = 'moderation.decided'
	and payload->>'action' = 'dismiss'), jsonb_build_array(
		jsonb_build_object('type', 'comment', 'id', pg_temp.k('k2')),
		jsonb_build_object('type', 'comment', 'id', pg_temp.k('k3'))),
	'dismiss: one event');
select is((select count(*) from moderation_queue where target_type = 'comment'
	and target_id in (pg_temp.k('k2'), pg_temp.k('k3'))), 0::bigint, 'dismiss: out of the queue');

-- restore
select is(api.moderation_decide('tok-moderator2', jsonb_build_object(
	'action', 'restore', 'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k1'), 'version', 2))))#>>'{results,0,status}', 'ok',
	'restore: ok');
select is((select (hidden, hidden_auto, hidden_reason, version, moderated_by)::text from comments
	where id = pg_temp.k('k1')), (false, false, null, 3, pg_temp.fx('agent:moderator2'))::text,
	'restore: the comment is shown again, by the second moderator');
select is((select jsonb_build_array(before->'hidden', after->'hidden', agent_id) from audit
	where action = 'moderation.restore'),
	jsonb_build_array(true, false, pg_temp.fx('agent:moderator2')), 'restore: audited');
select is(pg_temp.reports_of('comment', pg_temp.k('k1')), 'upheld:moderator,upheld:moderator',
	'restore: the decided reports stay as they were');

-- block, with every other content of the author hidden
create temporary table b as select api.moderation_decide('tok-moderator', jsonb_build_object(
	'action', 'block', 'until', to_char(now() + interval '7 days', 'YYYY-MM-DD"T"HH24:MI:SSOF'),
	'justification', 'Insultes répétées envers les habitants', 'hide_all', true,
	'items', jsonb_build_array(jsonb_build_object('id', pg_temp.k('k4'), 'version', 1)))) as r;
select is((select r->'results' from b), jsonb_build_array(
	jsonb_build_object('type', 'comment', 'id', pg_temp.k('k4'), 'status', 'ok', 'version', 2)),
	'block: the item is ok');
select is((select (date_trunc('second', blocked_until) = date_trunc('second', now() + interval '7 days'),
	block_reason)::text from citizens where id = pg_temp.fx('citizen:c3')),
	(true, 'Insultes répétées envers les habitants')::text,
	'block: the author is blocked until the date given, with the justification');
select is(pg_temp.reports_of('comment', pg_temp.k('k4')), 'upheld:moderator,upheld:moderator',
	'block: the open reports are upheld');
select is((select jsonb_agg(jsonb_build_array(target_type, target_id, hidden, hidden_reason)
	order by target_type, target_id) from (
		select 'comment' as target_type, id as target_id, hidden, hidden_reason from comments
		where author_id = pg_temp.fx('citizen:c3')
		union all
		select 'proposal', id, hidden, hidden_reason from proposals
		where author_id = pg_temp.fx('citizen:c3')) x),
	jsonb_build_array(
		jsonb_build_array('comment', pg_temp.k('k4'), true, 'author blocked'),
		jsonb_build_array('comment', pg_temp.k('k5'), true, 'author blocked'),
		jsonb_build_array('proposal', :p3, true, 'author blocked')),
	'block with hide_all: all the content of the author is hidden');
select is((select string_agg(action || ' ' || target_type, ', ' order by id) from audit
	where batch_id = (select (r->>'batch_id')::uuid from b)),
	'moderation.block comment, moderation.hide comment, moderation.hide proposal, citizen.block citizen',
	'block: audit rows for the item, the content hidden with it and the author');
select is((select jsonb_build_array(citizen_id, payload->>'justification', payload->'hide_all')
	from outbox where kind = 'block'),
	jsonb_build_array(pg_temp.fx('citizen:c3'), 'Insultes répétées envers les habitants', true),
	'block: the author is told, once');
select is((select jsonb_array_length(payload->'targets') from events
	where payload->>'action' = 'block'), 3, 'block: one event naming the three targets');
select throws_ok(format('select api.ingest_proposal(%L, %L)', 'tok-frontoffice',
	jsonb_build_object('title', 'Encore', 'body', 'Encore moi', 'district', '75011',
		'citizen', jsonb_build_object('external_id', 'c3', 'display_name', 'Citoyen 3'))),
	'PU403', 'citizen_blocked', 'block: the front office refuses the blocked author');

-- escalate
select is(api.moderation_decide('tok-moderator', jsonb_build_object(
	'action', 'escalate', 'note', 'menace ?', 'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k6'), 'version', 1))))#>>'{results,0,status}', 'ok',
	'escalate: ok');
select ok((select escalated_at = now() and version = 2 from comments where id = pg_temp.k('k6')),
	'escalate: the comment is escalated, its version bumped');
select is(pg_temp.reports_of('comment', pg_temp.k('k6')), 'open',
	'escalate: the reports stay open');
select is((select jsonb_agg(e#>'{target,id}') from jsonb_array_elements(
	api.moderation_queue('tok-moderator', '{"escalated": true}')->'items') e),
	jsonb_build_array(pg_temp.k('k6')), 'escalate: the queue shows it as escalated');
select is((select jsonb_build_array(after->'escalated_at' is not null, after->>'note') from audit
	where action = 'moderation.escalate'), '[true, "menace ?"]', 'escalate: audited');
select is(api.moderation_decide('tok-moderator', jsonb_build_object(
	'action', 'hide', 'reason', 'menace', 'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k6'), 'version', 2))))->'results',
	jsonb_build_array(jsonb_build_object('type', 'comment', 'id', pg_temp.k('k6'),
		'status', 'forbidden', 'message', 'escalated: an admin decides')),
	'escalated: a moderator is forbidden to decide');
select is((select (hidden, version)::text from comments where id = pg_temp.k('k6')),
	(false, 2)::text, 'escalated: a forbidden item is left untouched');
select is(api.moderation_decide('tok-moderator2', jsonb_build_object(
	'action', 'escalate', 'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k6'), 'version', 2))))#>>'{results,0,status}', 'forbidden',
	'escalated: nor may a moderator escalate it again');
select is(api.moderation_decide('tok-admin', jsonb_build_object(
	'action', 'hide', 'reason', 'menace', 'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k6'), 'version', 2))))#>>'{results,0,status}', 'ok',
	'escalated: an admin decides');
select is((select (hidden, escalated_at, moderated_by)::text from comments where id = pg_temp.k('k6')),
	(true, null, pg_temp.fx('agent:admin'))::text, 'escalated: the decision ends the escalation');

-- a mixed batch: results in request order, only the ok ones applied
insert into comments (proposal_id, author_id, body)
values (:p3, pg_temp.fx('citizen:c5'), 'Nouveau'), (:p3, pg_temp.fx('citizen:c6'), 'Vu');
create temporary table m as select api.moderation_decide('tok-moderator2', jsonb_build_object(
	'action', 'restore', 'items', jsonb_build_array(
		jsonb_build_object('id', pg_temp.k('k3'), 'version', 3),
		jsonb_build_object('id', (select max(id) from comments), 'version', 1),
		jsonb_build_object('id', 999999, 'version', 1),
		jsonb_build_object('type', 'proposal', 'id', :p3, 'version', 1)))) as r;
select is((select jsonb_agg(e->>'status') from m, jsonb_array_elements(r->'results') e),
	'["ok", "invalid", "invalid", "conflict"]', 'a mixed batch: one result per item, in order');
select is((select jsonb_agg(e->>'message') from m, jsonb_array_elements(r->'results') e),
	'[null, "not hidden", "no such comment", "changed since you read it"]',
	'a mixed batch: why each item was refused');
select is((select r->'counts' from m), '{"ok": 1, "invalid": 2, "conflict": 1, "forbidden": 0}',
	'a mixed batch: the counts');
select is((select jsonb_agg(e - 'type' - 'id') from m, jsonb_array_elements(r->'results') e
	where e->>'status' = 'conflict'),
	jsonb_build_array(jsonb_build_object('status', 'conflict', 'version', 2,
		'by', priv.agent_ref(pg_temp.fx('agent:moderator')::int), 'at', now(),
		'message', 'changed since you read it')),
	'a conflict names who changed the target last, when, and its version');
select is((select (hidden, version)::text from comments where id = pg_temp.k('k3')),
	(false, 4)::text, 'a mixed batch: the ok item is applied');
select is((select count(*) from audit where batch_id = (select (r->>'batch_id')::uuid from m)),
	1::bigint, 'a mixed batch: one audit row, for the ok item only');

select is((select count(*) from events where type = 'moderation.decided'), 7::bigint,
	'one event per call that changed something');

-- the queue kept by the decisions themselves, and by the trigger after them
insert into reports (target_type, target_id, reporter_id, reason)
values ('comment', pg_temp.k('k5'), pg_temp.fx('citizen:c6'), 'other');
update reports set status = 'dismissed', decided_at = now()
where target_type = 'comment' and target_id = pg_temp.k('k5');
select is((select count(*) from moderation_queue
	where target_type = 'comment' and target_id = pg_temp.k('k5')), 0::bigint,
	'a plain update of reports after a decision still keeps the queue');
select is((select jsonb_agg(jsonb_build_array(target_type, target_id, open_count)
		order by target_type, target_id) from moderation_queue),
	(select jsonb_agg(jsonb_build_array(target_type, target_id, n) order by target_type, target_id)
		from (select target_type, target_id, count(*)::int as n from reports
			where status = 'open' group by target_type, target_id) r),
	'the queue agrees with a recount of the open reports');

select * from finish();
rollback;
