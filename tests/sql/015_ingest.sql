-- Ingest from the front office: proposals, comments, reports, auto-hide.
begin;
\i _fixture.psql
select plan(27);
set local role pupitre_app;

create temporary table r as
select api.ingest_proposal('tok-frontoffice', '{
	"citizen": {"external_id": "ext-42", "display_name": "Zoé Martin", "district": "75011"},
	"title": "Des arbres rue Oberkampf", "body": "Planter douze arbres.",
	"district": "75011", "theme": "environnement", "address": "rue Oberkampf"}') as v;

select is((select state::text from proposals where id = (select (v->>'id')::bigint from r)),
	'submitted', 'a deposited proposal is submitted');
select is((select display_name from citizens where external_id = 'ext-42'), 'Zoé Martin',
	'the citizen is created on first sight');
select is((select count(*) from audit where action = 'proposal.deposit'
	and target_id = (select (v->>'id')::bigint from r)), 1::bigint,
	'the deposit is audited');
select is((select count(*) from events where type = 'proposal.new'), 1::bigint,
	'the deposit is an event');

select is((api.ingest_proposal('tok-frontoffice', '{
	"citizen": {"external_id": "ext-42", "display_name": "Zoé M.", "district": "75011"},
	"title": "Tout Paris à vélo", "body": "Des pistes partout."}')->>'citizen_id')::bigint,
	(select id from citizens where external_id = 'ext-42'),
	'a known citizen is found again by external id');
select is((select d.code from proposals p join districts d on d.id = p.district_id
	where p.title = 'Tout Paris à vélo'), 'PARIS', 'without a district the scale is city-wide');

select throws_ok($$select api.ingest_proposal('tok-frontoffice', '{
	"citizen": {"external_id": "x", "display_name": "X"}, "title": "", "body": "b"}')$$,
	'PU400', 'invalid', 'an empty title is refused');
select throws_ok($$select api.ingest_proposal('tok-frontoffice', '{
	"citizen": {"external_id": "x", "display_name": "X"}, "title": "t", "body": "b",
	"district": "99999"}')$$, 'PU400', 'unknown_district', 'an unknown district is refused');
select throws_ok($$select api.ingest_proposal('tok-frontoffice', '{
	"citizen": {"external_id": "x", "display_name": "X"}, "title": "t", "body": "b",
	"edition": 2025}')$$, 'PU422', 'edition_closed', 'a closed edition takes no proposal');
select throws_ok($$select api.ingest_proposal('tok-moderator', '{}')$$,
	'PU403', 'forbidden', 'a moderator cannot ingest');
select throws_ok($$select api.ingest_proposal('tok-frontoffice', '{"citizen": "ext-1", "title": "t", "body": "b"}')$$,
	'PU400', 'invalid', 'a citizen must be an object');

-- idempotent deposit
select is(api.ingest_proposal('tok-frontoffice', '{"idempotency_key": "k1",
	"citizen": {"external_id": "ext-7", "display_name": "Sept"}, "title": "Bancs", "body": "Des bancs."}'),
	api.ingest_proposal('tok-frontoffice', '{"idempotency_key": "k1",
	"citizen": {"external_id": "ext-7", "display_name": "Sept"}, "title": "Bancs", "body": "Des bancs."}'),
	'a retried deposit with its key answers the same');
select is((select count(*) from proposals where title = 'Bancs'), 1::bigint,
	'and deposits once');
select throws_ok($$select api.ingest_proposal('tok-frontoffice', '{"idempotency_key": "k1",
	"citizen": {"external_id": "ext-7", "display_name": "Sept"}, "title": "Autre", "body": "x"}')$$,
	'PU422', 'idempotency_mismatch', 'the same key for another request is refused');

-- comments
create temporary table c as
select api.ingest_comment('tok-frontoffice', jsonb_build_object(
	'citizen', '{"external_id": "c1", "display_name": "Citoyen 1"}'::jsonb,
	'proposal_id', (select (v->>'id')::bigint from r), 'body', 'Bonne idée !')) as v;
select is((select body from comments where id = (select (v->>'id')::bigint from c)), 'Bonne idée !',
	'a comment is stored as written');
select ok((api.ingest_comment('tok-frontoffice', jsonb_build_object(
	'citizen', '{"external_id": "c2", "display_name": "Citoyen 2"}'::jsonb,
	'proposal_id', (select (v->>'id')::bigint from r), 'parent_id', (select (v->>'id')::bigint from c),
	'body', 'Je réponds.')) ->> 'id') is not null, 'a reply names its parent');
select throws_ok($$select api.ingest_comment('tok-frontoffice', '{
	"citizen": {"external_id": "c1", "display_name": "C"}, "proposal_id": 999999, "body": "x"}')$$,
	'PU404', 'not_found', 'a comment on no proposal is refused');

reset role;
update citizens set blocked_until = now() + interval '1 day', block_reason = 'insultes répétées'
where external_id = 'c3';
set local role pupitre_app;
select throws_ok(format($$select api.ingest_comment('tok-frontoffice', '{
	"citizen": {"external_id": "c3", "display_name": "C3"}, "proposal_id": %s, "body": "x"}')$$,
	(select v->>'id' from r)), 'PU403', 'citizen_blocked', 'a blocked citizen cannot comment');

-- reports and the auto-hide threshold
create function pg_temp.report(reporter text, reason text default 'spam') returns jsonb
language sql as $$
	select api.ingest_report('tok-frontoffice', jsonb_build_object(
		'citizen', jsonb_build_object('external_id', reporter, 'display_name', reporter),
		'target', jsonb_build_object('type', 'comment', 'id', (select (v->>'id')::bigint from c)),
		'reason', reason, 'details', 'pub'))
$$;
select is(pg_temp.report('c4')->>'open_reports', '1', 'a first report is counted');
select throws_ok($$select pg_temp.report('c4')$$, 'PU409', 'already_reported',
	'a citizen reports a target once');
select is(pg_temp.report('c5', 'offensive')->>'auto_hidden', 'false', 'two reports do not hide');
select is((select version from comments where id = (select (v->>'id')::bigint from c)), 1,
	'a report does not change the content''s version');
select is(pg_temp.report('c6', 'offensive')->>'auto_hidden', 'true', 'the third report hides');
select is((select hidden_auto from comments where id = (select (v->>'id')::bigint from c)), true,
	'the comment is hidden pending review');
select is((select count(*) from audit where action = 'moderation.auto_hide'), 1::bigint,
	'the auto-hide is audited');
select is((select count(*) from events where type = 'report.new'), 3::bigint,
	'each report is an event');
select throws_ok($$select api.ingest_report('tok-frontoffice', '{
	"citizen": {"external_id": "c1", "display_name": "C"}, "target": {"type": "comment", "id": 1},
	"reason": "boring"}')$$, 'PU400', 'invalid', 'an unknown reason is refused');

select * from finish();
rollback;
