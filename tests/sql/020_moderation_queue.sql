-- The moderation queue: one row per reported target, its counts, filters,
-- sort orders, keyset pages, and the summary table kept right by triggers.
begin;
\i _fixture.psql
select plan(41);

select pg_temp.make_proposal('Un banc place Voltaire', 'c1', '75011') as p1 \gset
select pg_temp.make_proposal('Des arbres rue de Rivoli', 'c2', '75001') as p2 \gset
insert into comments (proposal_id, author_id, body) values
	(:p1, pg_temp.fx('citizen:c1'), 'Achetez des montres sur http://spam.example'),
	(:p1, pg_temp.fx('citizen:c2'), 'Rien à voir avec le sujet'),
	(:p2, pg_temp.fx('citizen:c3'), 'Mon voisin habite au 3 rue X ' || repeat('é', 300)),
	(:p2, pg_temp.fx('citizen:c1'), 'Un avis tout à fait correct');

-- Names of the targets, to read the order of a page at a glance.
create temporary table names (name text primary key, type target_type, id bigint);
insert into names
select 'k' || row_number() over (order by id), 'comment', id from comments;
insert into names values ('P1', 'proposal', :p1), ('P2', 'proposal', :p2);
grant select on names to pupitre_app;

create function pg_temp.n(kind text) returns bigint
language sql stable as $$ select id from names where name = kind $$;

-- The targets of a page, in order: 'k3,P1,k1'.
create function pg_temp.order_of(page jsonb) returns text
language sql stable as $$
	select coalesce(string_agg(n.name, ',' order by e.ord), '')
	from jsonb_array_elements(page->'items') with ordinality e (v, ord)
	join names n on n.type = (e.v#>>'{target,type}')::target_type
		and n.id = (e.v#>>'{target,id}')::bigint
$$;

-- Walks every page of a sort with a small limit; returns the targets in
-- order and the number of pages.
create function pg_temp.walk(q jsonb, lim int) returns text
language plpgsql as $$
declare
	cursor text;
	page jsonb;
	acc text := '';
	pages int := 0;
begin
	loop
		page := api.moderation_queue('tok-moderator', q || jsonb_build_object('limit', lim)
			|| coalesce(jsonb_build_object('cursor', cursor), '{}'));
		pages := pages + 1;
		acc := acc || case when acc <> '' and pg_temp.order_of(page) <> '' then ',' else '' end
			|| pg_temp.order_of(page);
		cursor := page->>'next_cursor';
		exit when cursor is null or pages > 1000;
	end loop;
	return acc || ' /' || pages;
end
$$;

-- The times of the reports, so that the orders are known.
insert into reports (target_type, target_id, reporter_id, reason, created_at, status) values
	('comment', pg_temp.n('k1'), pg_temp.fx('citizen:c2'), 'spam', now() - interval '50 min', 'open'),
	('comment', pg_temp.n('k1'), pg_temp.fx('citizen:c3'), 'spam', now() - interval '40 min', 'open'),
	('comment', pg_temp.n('k1'), pg_temp.fx('citizen:c4'), 'offensive', now() - interval '10 min', 'open'),
	('comment', pg_temp.n('k2'), pg_temp.fx('citizen:c1'), 'off_topic', now() - interval '30 min', 'open'),
	('comment', pg_temp.n('k3'), pg_temp.fx('citizen:c1'), 'personal_data', now() - interval '60 min', 'open'),
	('comment', pg_temp.n('k3'), pg_temp.fx('citizen:c2'), 'personal_data', now() - interval '5 min', 'open'),
	('proposal', :p2, pg_temp.fx('citizen:c3'), 'other', now() - interval '20 min', 'open'),
	('proposal', :p2, pg_temp.fx('citizen:c4'), 'spam', now() - interval '20 min', 'open'),
	('proposal', :p1, pg_temp.fx('citizen:c5'), 'spam', now() - interval '10 min', 'open'),
	('comment', pg_temp.n('k4'), pg_temp.fx('citizen:c5'), 'spam', now() - interval '1 min', 'dismissed');

set local role pupitre_app;

-- one row per target, with its counts
create temporary table q1 as
	select api.moderation_queue('tok-moderator', '{}') as page;
select is((select jsonb_array_length(page->'items') from q1), 5,
	'one row per target with open reports; a target whose reports were all decided is not there');
create temporary table k1 as
	select e as row from q1, jsonb_array_elements(page->'items') e
	where e#>>'{target,id}' = pg_temp.n('k1')::text and e#>>'{target,type}' = 'comment';
select is((select row->'open_reports' from k1), '3', 'the open reports of a target are counted');
select is((select row->'reasons' from k1), '{"spam": 2, "offensive": 1}',
	'the counts per reason');
select is((select row->>'main_reason' from k1), 'spam', 'the main reason is the most reported');
select is((select (row->>'first_report_at')::timestamptz from k1), now() - interval '50 min',
	'the first report time');
select is((select (row->>'last_report_at')::timestamptz from k1), now() - interval '10 min',
	'the last report time');
select is((select row->'author' from k1),
	jsonb_build_object('id', pg_temp.fx('citizen:c1'), 'display_name', 'Citoyen 1'),
	'the author with id and name');
select is((select (row->>'proposal_id')::bigint from k1), :p1::bigint,
	'a comment names its proposal');
select is((select row->>'excerpt' from k1), 'Achetez des montres sur http://spam.example',
	'the excerpt is the body');
select is((select row->'version' from k1), '1', 'the version to decide with');
select is((select length(e->>'excerpt') from q1, jsonb_array_elements(page->'items') e
	where e#>>'{target,id}' = pg_temp.n('k3')::text and e#>>'{target,type}' = 'comment'), 200,
	'a long body is cut to 200 characters');

-- sorts, with ties broken on (type, id)
select is(pg_temp.order_of((select page from q1)), 'k3,P1,k1,P2,k2',
	'recent (default): last report first; a tie puts the proposal before the comment');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"sort": "count"}')),
	'k1,P2,k3,P1,k2', 'count: most open reports first');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"sort": "oldest"}')),
	'k3,k1,k2,P2,P1', 'oldest: first report first');

-- filters
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"type": "proposal"}')),
	'P1,P2', 'filter on the type of target');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"reason": "personal_data"}')),
	'k3', 'filter on a reason');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"district": "75001"}')),
	'k3,P2', 'filter on the district of the proposal (a comment: of its proposal)');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"min_reports": 2, "sort": "oldest"}')),
	'k3,k1,P2', 'filter on the least number of open reports');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator',
	'{"type": "comment", "reason": "spam", "district": "75011"}')),
	'k1', 'filters combine');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"escalated": true}')),
	'', 'nothing escalated yet');

-- pages
select is(pg_temp.walk('{}', 2), 'k3,P1,k1,P2,k2 /3', 'recent, 2 a page: every target once');
select is(pg_temp.walk('{"sort": "count"}', 2), 'k1,P2,k3,P1,k2 /3', 'count, 2 a page');
select is(pg_temp.walk('{"sort": "oldest"}', 1), 'k3,k1,k2,P2,P1 /6', 'oldest, 1 a page');
select is(pg_temp.walk('{"type": "comment", "sort": "count"}', 2), 'k1,k3,k2 /2',
	'pages of a filtered list');
select is(api.moderation_queue('tok-moderator', '{"limit": 6}')->'next_cursor', 'null',
	'no cursor after a short page');

-- many ties: 40 comments reported at the same instant, 1 or 2 times
reset role;
insert into comments (proposal_id, author_id, body)
select :p1, pg_temp.fx('citizen:c6'), 'bulk ' || i from generate_series(1, 40) i;
insert into names
select 'b' || row_number() over (order by id), 'comment', id from comments where body like 'bulk %';
insert into reports (target_type, target_id, reporter_id, reason, created_at)
select 'comment', c.id, pg_temp.fx('citizen:c' || r), 'spam', now() - interval '15 min'
from comments c, generate_series(1, 2) r
where c.body like 'bulk %' and (r = 1 or c.id % 2 = 0);
set local role pupitre_app;
create temporary table full_orders as
select s, pg_temp.order_of(api.moderation_queue('tok-moderator',
	jsonb_build_object('sort', s, 'limit', 1000))) as all_rows
from unnest(array['recent', 'count', 'oldest']) s;
select is((select count(*) from full_orders where all_rows ~ '^([kbP][0-9]+,){44}[kbP][0-9]+$'), 3::bigint,
	'45 targets in each order');
select is((select string_agg(s, ',') from full_orders
	where pg_temp.walk(jsonb_build_object('sort', s), 7) <> all_rows || ' /7'), null,
	'walking 7 at a time through ties gives each order whole, without repeats or gaps');

-- refusals
select throws_ok($$select api.moderation_queue('tok-moderator', '{"cursor": "nope!"}')$$,
	'PU400', 'invalid_cursor', 'a cursor not given by the server');
select throws_ok(format('select api.moderation_queue(%L, %L)', 'tok-moderator',
	jsonb_build_object('sort', 'oldest', 'cursor',
		api.moderation_queue('tok-moderator', '{"limit": 1}')->>'next_cursor')),
	'PU400', 'invalid_cursor', 'a cursor of another sort');
select throws_ok($$select api.moderation_queue('tok-moderator', '{"sort": "random"}')$$,
	'PU400', 'invalid', 'an unknown sort');
select throws_ok($$select api.moderation_queue('tok-moderator', '{"type": "answer"}')$$,
	'PU400', 'invalid', 'an unknown type');
select throws_ok($$select api.moderation_queue('tok-moderator', '{"hidden": "yes"}')$$,
	'PU400', 'invalid', 'a filter of the wrong type');
select throws_ok($$select api.moderation_queue('tok-moderator', '{"district": "99999"}')$$,
	'PU400', 'unknown_district', 'an unknown district');

-- roles
select throws_ok($$select api.moderation_queue('tok-instructor', '{}')$$,
	'PU403', 'forbidden', 'an instructor does not see the queue');
select throws_ok($$select api.moderation_queue('tok-referent_dvd', '{}')$$,
	'PU403', 'forbidden', 'nor does a referent');
select throws_ok($$select api.moderation_queue('tok-frontoffice', '{}')$$,
	'PU403', 'forbidden', 'nor the front office');
select is(jsonb_array_length(api.moderation_queue('tok-admin', '{"limit": 3}')->'items'), 3,
	'an admin does');

-- the summary against a recount, after plain writes to reports
create function pg_temp.summary_is_right() returns boolean
language sql stable as $$
	select not exists (
		select from (
			select target_type, target_id, count(*)::int as n,
				count(*) filter (where reason = 'spam')::int as spam,
				min(created_at) as first_at, max(created_at) as last_at
			from reports where status = 'open' group by 1, 2) r
		full join moderation_queue q using (target_type, target_id)
		where (q.open_count, q.n_spam, q.first_report_at, q.last_report_at)
			is distinct from (r.n, r.spam, r.first_at, r.last_at))
$$;
select ok(pg_temp.summary_is_right(), 'the summary matches a recount of the open reports');
insert into reports (target_type, target_id, reporter_id, reason, created_at) values
	('comment', pg_temp.n('k2'), pg_temp.fx('citizen:c3'), 'spam', now() - interval '90 min'),
	('comment', pg_temp.n('k2'), pg_temp.fx('citizen:c4'), 'spam', now() - interval '2 min'),
	('comment', pg_temp.n('k4'), pg_temp.fx('citizen:c2'), 'offensive', now() - interval '3 min');
select is(pg_temp.order_of(api.moderation_queue('tok-moderator', '{"limit": 2}')), 'k2,k4',
	'reports inserted directly move their targets up and bring new ones in');
update reports set status = 'dismissed'
where target_type = 'comment' and target_id = pg_temp.n('k3')
  and created_at = now() - interval '5 min';
select is((select jsonb_build_array(e->'open_reports', e->>'last_report_at')
	from jsonb_array_elements(api.moderation_queue('tok-moderator', '{"reason": "personal_data"}')->'items') e),
	jsonb_build_array(1, to_jsonb(now() - interval '60 min')#>>'{}'),
	'a report decided directly leaves the count and the times of its target');
delete from reports where target_type = 'comment' and target_id = pg_temp.n('k4');
update reports set reason = 'other' where target_type = 'proposal' and target_id = :p1;
select ok(pg_temp.summary_is_right(), 'the summary still matches after updates and deletes');

select * from finish();
rollback;
