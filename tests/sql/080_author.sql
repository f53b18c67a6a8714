-- The history of an author of reported content: the block, the counts of
-- hidden content, the open reports and the last hidden items.
begin;
\i _fixture.psql
select plan(17);

select pg_temp.make_proposal('Un banc place Voltaire', 'c1', '75011') as p1 \gset
select pg_temp.make_proposal('Achetez des montres', 'c2', '75011') as p2 \gset
-- c2: 25 hidden comments (more than a page), one visible, one auto-hidden
-- pending review; its proposal hidden by a moderator, a day ago.
insert into comments (proposal_id, author_id, body, hidden, hidden_reason, moderated_at,
	created_at)
select :p1, pg_temp.fx('citizen:c2'), 'spam n°' || i || ' ' || repeat('x', 300), true, 'spam',
	now() - interval '10 days' + i * interval '1 hour', now() - interval '20 days'
from generate_series(1, 25) i;
insert into comments (proposal_id, author_id, body) values
	(:p1, pg_temp.fx('citizen:c2'), 'un avis correct'),
	(:p1, pg_temp.fx('citizen:c1'), 'un avis de c1');
select max(id) - 1 as visible, max(id) as c1_comment from comments \gset
insert into comments (proposal_id, author_id, body, hidden, hidden_auto, hidden_reason)
values (:p1, pg_temp.fx('citizen:c2'), 'en attente', true, true, 'pending review')
returning id as auto \gset
update proposals set hidden = true, hidden_reason = 'spam', moderated_at = now() - interval '1 day'
where id = :p2;
insert into reports (target_type, target_id, reporter_id, reason) values
	('comment', :visible, pg_temp.fx('citizen:c3'), 'spam'),
	('comment', :auto, pg_temp.fx('citizen:c3'), 'spam'),
	('comment', :auto, pg_temp.fx('citizen:c4'), 'offensive'),
	('comment', :c1_comment, pg_temp.fx('citizen:c4'), 'spam');
update citizens set blocked_until = '2100-01-01T00:00:00Z',
	block_reason = 'Publicité répétée pour des montres'
where id = pg_temp.fx('citizen:c2');

set local role pupitre_app;

select api.moderation_author('tok-moderator', jsonb_build_object('id', pg_temp.fx('citizen:c2')))
	as h \gset

select is(:'h'::jsonb->'citizen', jsonb_build_object('id', pg_temp.fx('citizen:c2'),
	'display_name', 'Citoyen 2', 'district', '{"code": "75011", "name": "11e arrondissement"}'::jsonb,
	'blocked_until', '2100-01-01T00:00:00Z'::timestamptz,
	'block_reason', 'Publicité répétée pour des montres'),
	'a blocked author: until when and why');
select is(:'h'::jsonb->'hidden', '{"comments": 26, "proposals": 1}',
	'the hidden comments (auto-hidden included) and proposals are counted');
select is((:'h'::jsonb->>'open_reports')::int, 3,
	'the open reports on the author''s content, not on others''');
select is(jsonb_array_length(:'h'::jsonb->'items'), 20, 'at most 20 items');
select is(:'h'::jsonb->'items'->0, jsonb_build_object('type', 'comment', 'id', :auto,
	'hidden_reason', 'pending review', 'hidden_auto', true, 'moderated_at', null,
	'excerpt', 'en attente'),
	'newest first: the comment hidden pending review, dated by its creation');
select is((:'h'::jsonb->'items'->1) - 'moderated_at'::text, jsonb_build_object('type', 'proposal',
	'id', :p2, 'hidden_reason', 'spam', 'hidden_auto', false,
	'excerpt', 'Achetez des montres: Texte de Achetez des montres'),
	'then the proposal hidden a day ago, its title and body');
select is((select array_agg(e->>'excerpt' ~ '^spam n°' order by o) from
	jsonb_array_elements(:'h'::jsonb->'items') with ordinality x (e, o) where o > 2),
	array_fill(true, array[18]), 'then the latest hidden comments');
select is(:'h'::jsonb->'items'->2->>'excerpt', 'spam n°25 ' || repeat('x', 190),
	'the latest moderated first; excerpts cut at 200 characters');
select ok(not exists (select from jsonb_array_elements(:'h'::jsonb->'items') e
	where (e->>'id')::bigint in (:visible, :c1_comment) and e->>'type' = 'comment'),
	'neither visible content nor others'' content is listed');

-- an author with nothing hidden and no block
select is(api.moderation_author('tok-moderator', jsonb_build_object('id', pg_temp.fx('citizen:c5'))),
	jsonb_build_object('citizen', jsonb_build_object('id', pg_temp.fx('citizen:c5'),
		'display_name', 'Citoyen 5',
		'district', '{"code": "75011", "name": "11e arrondissement"}'::jsonb,
		'blocked_until', null, 'block_reason', null),
	'hidden', '{"comments": 0, "proposals": 0}'::jsonb, 'open_reports', 0,
	'items', '[]'::jsonb),
	'an author with a clean history');

-- roles
select lives_ok($$select api.moderation_author('tok-admin', jsonb_build_object('id', pg_temp.fx('citizen:c2')))$$,
	'an admin may read it');
select throws_ok($$select api.moderation_author('tok-instructor', jsonb_build_object('id', pg_temp.fx('citizen:c2')))$$,
	'PU403', 'forbidden', 'an instructor may not');
select throws_ok($$select api.moderation_author('tok-referent_dvd', jsonb_build_object('id', pg_temp.fx('citizen:c2')))$$,
	'PU403', 'forbidden', 'a referent may not');
select throws_ok($$select api.moderation_author('tok-frontoffice', jsonb_build_object('id', pg_temp.fx('citizen:c2')))$$,
	'PU403', 'forbidden', 'the front office may not');
select throws_ok($$select api.moderation_author('nope', jsonb_build_object('id', pg_temp.fx('citizen:c2')))$$,
	'PU401', 'unauthenticated', 'no session');

-- unknown or bad ids
select throws_ok($$select api.moderation_author('tok-moderator', '{"id": 999999999}')$$,
	'PU404', 'not_found', 'an unknown citizen');
select throws_ok($$select api.moderation_author('tok-moderator', '{"id": "abc"}')$$,
	'PU400', 'invalid', 'an id that is not an integer');

select * from finish();
rollback;
