-- Moderation decisions refused, whole or per item: bad requests, roles,
-- conflicts between moderators, idempotent resends, and the threshold
-- that hides content pending review.
begin;
\i _fixture.psql
select plan(41);

select pg_temp.make_proposal('Un banc place Voltaire', 'c1', '75011') as p1 \gset
insert into comments (proposal_id, author_id, body) values
	(:p1, pg_temp.fx('citizen:c1'), 'premier'),
	(:p1, pg_temp.fx('citizen:c2'), 'second'),
	(:p1, pg_temp.fx('citizen:c2'), 'troisième');
select min(id) as k1, min(id) + 1 as k2, min(id) + 2 as k3 from comments \gset
insert into reports (target_type, target_id, reporter_id, reason)
select 'comment', k, pg_temp.fx('citizen:c5'), 'spam' from unnest(array[:k1, :k2]::bigint[]) k;

create function pg_temp.decide(tok text, p jsonb) returns text
language sql as $$ select api.moderation_decide(tok, p)::text $$;
create function pg_temp.hide_k1(extra jsonb default '{}') returns jsonb
language sql as $$
	select jsonb_build_object('action', 'hide', 'reason', 'spam',
		'items', jsonb_build_array(jsonb_build_object('id', min(id), 'version', 1))) || extra
	from comments
$$;

set local role pupitre_app;

-- the request as a whole
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1('{"action": "delete"}'))$$,
	'PU400', 'invalid', 'an unknown action');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1() - 'action')$$,
	'PU400', 'invalid', 'no action');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1() - 'reason')$$,
	'PU400', 'invalid', 'hide without a reason');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1('{"reason": "  "}'))$$,
	'PU400', 'invalid', 'hide with a blank reason');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1('{"reason": 3}'))$$,
	'PU400', 'invalid', 'hide with a reason that is not text');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1(
	'{"action": "block", "until": "2100-01-01T00:00:00Z", "justification": "trop court !!"}'))$$,
	'PU400', 'invalid', 'block with a justification under the minimum');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1(
	'{"action": "block", "until": "2001-01-01T00:00:00Z", "justification": "Insultes répétées envers les habitants"}'))$$,
	'PU400', 'invalid', 'block until a past date');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1(
	'{"action": "block", "until": "tomorrow", "justification": "Insultes répétées envers les habitants"}'))$$,
	'PU400', 'invalid', 'block until something that is not a timestamp');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1(
	'{"action": "block", "justification": "Insultes répétées envers les habitants"}'))$$,
	'PU400', 'invalid', 'block without an end');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1(
	'{"action": "block", "until": "2100-01-01T00:00:00Z", "hide_all": "yes", "justification": "Insultes répétées envers les habitants"}'))$$,
	'PU400', 'invalid', 'hide_all that is not a boolean');
select throws_ok($$select pg_temp.decide('tok-moderator', '{"action": "hide", "reason": "x", "items": {}}')$$,
	'PU400', 'invalid', 'items that are not a list');
select throws_ok($$select pg_temp.decide('tok-moderator', '{"action": "hide", "reason": "x", "items": []}')$$,
	'PU400', 'invalid', 'no items');
select throws_ok($$select pg_temp.decide('tok-moderator', '{"action": "hide", "reason": "x", "items": [{"id": "1", "version": 1}]}')$$,
	'PU400', 'invalid', 'an id that is not a number');
select throws_ok($$select pg_temp.decide('tok-moderator', '{"action": "hide", "reason": "x", "items": [{"id": 1, "version": 1.5}]}')$$,
	'PU400', 'invalid', 'a version that is not an integer');
select throws_ok($$select pg_temp.decide('tok-moderator', '{"action": "hide", "reason": "x", "items": [{"id": 1}]}')$$,
	'PU400', 'invalid', 'an item without its version');
select throws_ok($$select pg_temp.decide('tok-moderator', '{"action": "hide", "reason": "x", "items": [{"type": "answer", "id": 1, "version": 1}]}')$$,
	'PU400', 'invalid', 'an unknown type of target');
select throws_ok($$select pg_temp.decide('tok-moderator', '{"action": "hide", "reason": "x", "items": [{"id": 1, "version": 1}, {"type": "comment", "id": 1, "version": 2}]}')$$,
	'PU400', 'invalid', 'the same target twice');
select is(api.moderation_decide('tok-moderator', '{"action": "hide", "reason": "x", "items": [{"id": 999999, "version": 1}, {"type": "proposal", "id": 999999, "version": 1}]}')->'counts'->'invalid',
	'2', 'a comment and a proposal of the same id are two targets');
select throws_ok($$select pg_temp.decide('tok-moderator', jsonb_build_object('action', 'hide', 'reason', 'x',
	'items', (select jsonb_agg(jsonb_build_object('id', i, 'version', 1)) from generate_series(1, 10001) i)))$$,
	'PU413', 'too_many_items', 'more than 10,000 items');
select is((select hidden from comments where id = :k1), false, 'nothing was applied by the refused requests');

-- per item
select is(api.moderation_decide('tok-moderator', jsonb_build_object('action', 'restore',
	'items', jsonb_build_array(jsonb_build_object('id', :k1, 'version', 1))))->'results'->0,
	jsonb_build_object('type', 'comment', 'id', :k1, 'status', 'invalid', 'message', 'not hidden'),
	'restore of a visible target is invalid');
select is(api.moderation_decide('tok-moderator', jsonb_build_object('action', 'dismiss',
	'items', jsonb_build_array(jsonb_build_object('id', :k3, 'version', 1))))->'results'->0,
	jsonb_build_object('type', 'comment', 'id', :k3, 'status', 'invalid', 'message', 'no open reports'),
	'dismiss of content never reported is invalid');

-- roles
select throws_ok($$select pg_temp.decide('tok-instructor', pg_temp.hide_k1())$$,
	'PU403', 'forbidden', 'an instructor may not moderate');
select throws_ok($$select pg_temp.decide('tok-referent_deve', pg_temp.hide_k1())$$,
	'PU403', 'forbidden', 'nor a referent');
select throws_ok($$select pg_temp.decide('tok-frontoffice', pg_temp.hide_k1())$$,
	'PU403', 'forbidden', 'nor the front office');
select throws_ok($$select pg_temp.decide('tok-nobody', pg_temp.hide_k1())$$,
	'PU401', 'unauthenticated', 'nor someone logged out');

-- two moderators on the same item with the same version
select is(api.moderation_decide('tok-moderator', jsonb_build_object('action', 'hide', 'reason', 'spam',
	'items', jsonb_build_array(jsonb_build_object('id', :k2, 'version', 1))))#>>'{results,0,status}',
	'ok', 'the first moderator decides');
select is(api.moderation_decide('tok-moderator2', jsonb_build_object('action', 'dismiss',
	'items', jsonb_build_array(jsonb_build_object('id', :k2, 'version', 1))))->'results'->0,
	jsonb_build_object('type', 'comment', 'id', :k2, 'status', 'conflict', 'version', 2,
		'by', jsonb_build_object('id', pg_temp.fx('agent:moderator'), 'login', 'moderator',
			'display_name', 'Mona Moderatrice'),
		'at', now(), 'message', 'changed since you read it'),
	'the second gets a conflict naming the first and when');
select is((select (hidden, version, moderated_by)::text from comments where id = :k2),
	(true, 2, pg_temp.fx('agent:moderator'))::text, 'the first decision stands');
select is((select count(*) from audit where agent_id = pg_temp.fx('agent:moderator2')), 0::bigint,
	'the second moderator changed nothing');
-- hidden then shown again by a colleague: a dismiss on the current version
-- finds the reports already decided
select is(api.moderation_decide('tok-moderator2', jsonb_build_object('action', 'restore',
	'items', jsonb_build_array(jsonb_build_object('id', :k2, 'version', 2))))#>>'{results,0,status}',
	'ok', 'a colleague restores it');
select is(api.moderation_decide('tok-moderator2', jsonb_build_object('action', 'dismiss',
	'items', jsonb_build_array(jsonb_build_object('id', :k2, 'version', 3))))->'results'->0,
	jsonb_build_object('type', 'comment', 'id', :k2, 'status', 'conflict', 'version', 3,
		'by', priv.agent_ref(pg_temp.fx('agent:moderator')::int), 'at', now(),
		'message', 'already decided'),
	'dismissing reports already decided is a conflict "already decided"');

-- idempotent resend
create temporary table i1 as select api.moderation_decide('tok-moderator',
	pg_temp.hide_k1('{"idempotency_key": "k-42"}')) as r;
select is(api.moderation_decide('tok-moderator', pg_temp.hide_k1('{"idempotency_key": "k-42"}')),
	(select r from i1), 'a resend with the same key gets the same answer');
select is((select r#>>'{results,0,status}' from i1), 'ok', 'the first answer was ok');
select is((select count(*) from audit where action = 'moderation.hide' and target_id = :k1), 1::bigint,
	'and the decision was applied once');
select throws_ok($$select pg_temp.decide('tok-moderator', pg_temp.hide_k1('{"idempotency_key": "k-42", "reason": "autre"}'))$$,
	'PU422', 'idempotency_mismatch', 'the same key with another request is refused');

-- the threshold of the front office, then a dismiss
select is((select jsonb_agg(api.ingest_report('tok-frontoffice', jsonb_build_object(
		'citizen', jsonb_build_object('external_id', 'c' || i, 'display_name', 'Citoyen ' || i),
		'target', jsonb_build_object('type', 'comment', 'id', :k3), 'reason', 'offensive'))->'auto_hidden'
		order by i)
	from generate_series(4, 6) i), '[false, false, true]',
	'the third report through the front office reaches the threshold');
select is((select (hidden, hidden_auto, version)::text from comments where id = :k3),
	(true, true, 2)::text, 'three reports by three citizens hide the comment pending review');
select is((select jsonb_agg(jsonb_build_array(e#>'{target,id}', e->'hidden_auto', e->'open_reports'))
	from jsonb_array_elements(api.moderation_queue('tok-moderator', '{"hidden": true}')->'items') e),
	jsonb_build_array(jsonb_build_array(:k3, true, 3)),
	'the queue shows it hidden, pending review');
select is(api.moderation_decide('tok-moderator', jsonb_build_object('action', 'dismiss',
	'items', jsonb_build_array(jsonb_build_object('id', :k3, 'version', 2))))#>>'{results,0,status}',
	'ok', 'a moderator dismisses the reports');
select is((select (hidden, hidden_auto, hidden_reason, version)::text from comments where id = :k3)
	|| ' ' || (select string_agg(distinct status::text, ',') from reports where target_id = :k3)
	|| ' ' || (select count(*) from moderation_queue where target_id = :k3),
	(false, false, null, 3)::text || ' dismissed 0',
	'the comment is shown again, its reports dismissed, out of the queue');

select * from finish();
rollback;
