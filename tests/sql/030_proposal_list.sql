-- The proposal list (filters, search, keyset pages) and the proposal detail.
begin;
\i _fixture.psql
select plan(45);

-- 24 plain proposals with ties on supports and on dates, so that the
-- tie-breaks of the sorts matter.
create temporary table plain as
select pg_temp.make_proposal('Projet ' || i, 'c' || (1 + i % 6),
	case when i % 3 = 0 then '75001' else '75011' end) as id
from generate_series(1, 24) i;
update proposals set supports = (id * 7) % 5,
	created_at = now() - make_interval(days => (id % 4)::int);

create temporary table v as select
	pg_temp.make_proposal('Un vélo cargo pour le quartier', 'c1', '75001', 'costing', 'DVD') as cargo,
	pg_temp.make_proposal('Des vélos partout', 'c2', '75011', 'admissible', 'DEVE') as velos,
	pg_temp.make_proposal('Jardin partagé', 'c3', '75011', 'winner', 'DEVE', 2025) as jardin,
	pg_temp.make_proposal('Aire de jeux', 'c4', '75011', 'inadmissible') as aire,
	pg_temp.make_proposal('Fontaine', 'c5', '75011', 'inadmissible') as fontaine;
grant select on v to pupitre_app;
update proposals set theme_id = (select id from themes where code = 'environnement'),
	referent_id = pg_temp.fx('agent:referent_dvd'), supports = 40
where id = (select cargo from v);
update proposals set stage = 'works' where id = (select jardin from v);
insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
select cargo, 'favourable', 'faisable', 1234500, pg_temp.fx('agent:referent_dvd') from v;
insert into cost_lines (proposal_id, position, category, label, amount_cents)
select cargo, 1, 'investment'::cost_category, 'Vélos', 1000000 from v union all
select cargo, 2, 'studies', 'Étude', 234500 from v;
-- the Aire de jeux was answered after its decision, the Fontaine before it
insert into answers (target_type, target_id, citizen_id, body, agent_id, batch_id)
select 'proposal'::target_type, aire, pg_temp.fx('citizen:c4'), 'Non recevable', pg_temp.fx('agent:admin'),
	gen_random_uuid() from v union all
select 'proposal', fontaine, pg_temp.fx('citizen:c5'), 'Bien reçu', pg_temp.fx('agent:admin'),
	gen_random_uuid() from v;
update answers set created_at = now() - interval '1 day'
where target_id = (select fontaine from v);

-- Every id of a list, page after page, following next_cursor.
create function pg_temp.walk(tok text, p jsonb) returns bigint[]
language plpgsql as $$
declare
	page jsonb := api.proposal_list(tok, p);
	ids bigint[] := '{}';
	n int := 0;
begin
	loop
		if jsonb_array_length(page->'items') > (p->>'limit')::int then
			raise exception 'a page is longer than its limit';
		end if;
		ids := ids || array(select (i->>'id')::bigint
			from jsonb_array_elements(page->'items') with ordinality e(i, o) order by o);
		exit when page->>'next_cursor' is null;
		n := n + 1;
		if n > 100 then
			raise exception 'the pages never end';
		end if;
		page := api.proposal_list(tok, p || jsonb_build_object('cursor', page->>'next_cursor'));
	end loop;
	return ids;
end
$$;

create function pg_temp.ids(tok text, p jsonb) returns bigint[]
language sql as $$
	select coalesce(array_agg((i->>'id')::bigint order by (i->>'id')::bigint), '{}')
	from jsonb_array_elements(api.proposal_list(tok, p)->'items') i
$$;

create function pg_temp.err(q text) returns jsonb
language plpgsql as $$
declare
	st text;
	msg text;
begin
	execute q;
	return null;
exception when others then
	get stacked diagnostics st = returned_sqlstate, msg = message_text;
	return jsonb_build_object('sqlstate', st, 'code', msg);
end
$$;

set local role pupitre_app;

-- keyset pages: every proposal once, in order, for each sort
select is(pg_temp.walk('tok-moderator', '{"limit": 4}'),
	(select array_agg(id order by id) from proposals),
	'sorted by id, the pages walk every proposal once and in order');
select is(pg_temp.walk('tok-moderator', '{"limit": 4, "sort": "recent"}'),
	(select array_agg(id order by created_at desc, id desc) from proposals),
	'sorted by recent, ties on the date broken by id, no duplicate nor gap');
select is(pg_temp.walk('tok-referent_dvd', '{"limit": 3, "sort": "supports"}'),
	(select array_agg(id order by supports desc, id desc) from proposals),
	'sorted by supports, ties broken by id, no duplicate nor gap');
select is(pg_temp.walk('tok-instructor', '{"limit": 5, "sort": "supports", "district": "75001"}'),
	(select array_agg(id order by supports desc, id desc) from proposals
	 where district_id = pg_temp.fx('district:75001')),
	'a filtered list walks its pages too');
select is(pg_temp.walk('tok-instructor', '{"limit": 29}'),
	(select array_agg(id order by id) from proposals),
	'a last page exactly full ends the walk with an empty page');
select is(jsonb_array_length(api.proposal_list('tok-admin', '{}')->'items'), 29,
	'without a limit a page holds up to 50 rows');

-- search in French
select is(pg_temp.ids('tok-moderator', '{"q": "vélos"}'),
	(select array[cargo, velos] from v), '"vélos" finds "vélo" and "vélos"');
select is(pg_temp.ids('tok-moderator', '{"q": "vélo"}'),
	(select array[cargo, velos] from v), '"vélo" finds "vélos" too');
select is(pg_temp.ids('tok-moderator', '{"q": "jardins partagés"}'),
	(select array[jardin] from v), 'words of the search are stemmed');
select is(pg_temp.ids('tok-moderator', '{"q": "vélo -cargo"}'),
	(select array[velos] from v), 'websearch syntax excludes a word');
select ok((select aire from v) = any (pg_temp.ids('tok-moderator',
		jsonb_build_object('q', (select aire from v)::text))),
	'a number finds the proposal of that id');

-- filters
select is(pg_temp.ids('tok-moderator', '{"state": "inadmissible"}'),
	(select array[aire, fontaine] from v), 'filter by state');
select is(pg_temp.ids('tok-moderator', '{"state": ["costing", "winner"]}'),
	(select array[cargo, jardin] from v), 'filter by a list of states');
select is(pg_temp.ids('tok-moderator', '{"stage": "works"}'),
	(select array[jardin] from v), 'filter by stage');
select is(pg_temp.ids('tok-moderator', '{"department": "DEVE"}'),
	(select array[velos, jardin] from v), 'filter by department');
select is(pg_temp.ids('tok-moderator', '{"theme": "environnement"}'),
	(select array[cargo] from v), 'filter by theme');
select is(pg_temp.ids('tok-moderator', '{"referent": "referent_dvd"}'),
	(select array[cargo] from v), 'filter by referent');
select is(pg_temp.ids('tok-moderator', '{"edition": 2025}'),
	(select array[jardin] from v), 'filter by edition');
select is(pg_temp.ids('tok-moderator', '{"district": "75001", "state": "costing"}'),
	(select array[cargo] from v), 'filters combine');
select is(pg_temp.ids('tok-moderator', '{"needs_answer": true}'),
	(select array[velos, jardin, fontaine] from v),
	'needs an answer: decided and not answered since the decision');
select is(array_length(pg_temp.ids('tok-moderator', '{"needs_answer": false}'), 1), 26,
	'needs_answer false lists the others');
select is(pg_temp.ids('tok-referent_deve', '{"mine": true}'),
	(select array[velos, jardin] from v), 'mine, for a referent: the proposals of their department');
reset role;
update proposals set referent_id = pg_temp.fx('agent:instructor2') where id = (select aire from v);
set local role pupitre_app;
select is(pg_temp.ids('tok-instructor2', '{"mine": true}'),
	(select array[aire] from v), 'mine: the proposals I am the referent of');

-- the fields of a row
select is((select array_agg(k order by k) from jsonb_object_keys(
		api.proposal_list('tok-moderator', '{"department": "DVD"}')#>'{items,0}') k),
	array['created_at', 'department', 'district', 'edition', 'hidden', 'id', 'needs_answer',
		'priority_neighbourhood', 'referent', 'stage', 'state', 'state_changed_at', 'supports',
		'theme', 'title', 'total_cents', 'version'],
	'a row has the list fields only: no body');
select is((api.proposal_list('tok-moderator', '{"department": "DVD"}')#>'{items,0}')
		- 'created_at' - 'state_changed_at' - 'id',
	'{"version": 1, "title": "Un vélo cargo pour le quartier", "edition": 2026,
	  "district": {"code": "75001", "name": "Paris Centre"}, "theme": "environnement",
	  "department": "DVD", "referent": "referent_dvd", "state": "costing", "stage": null,
	  "total_cents": 1234500, "supports": 40, "priority_neighbourhood": false,
	  "hidden": false, "needs_answer": false}'::jsonb,
	'a row carries its codes, referent and the total of its costing');

-- refused requests
select is(pg_temp.err($$select api.proposal_list('tok-frontoffice', '{}')$$),
	'{"sqlstate": "PU403", "code": "forbidden"}', 'the front office cannot list');
select is(pg_temp.err($$select api.proposal_list('tok-moderator', '{"district": "99999"}')$$),
	'{"sqlstate": "PU400", "code": "unknown_district"}', 'an unknown district is refused');
select is(pg_temp.err($$select api.proposal_list('tok-moderator', '{"state": "lost"}')$$),
	'{"sqlstate": "PU400", "code": "invalid"}', 'an unknown state is refused');
select is(pg_temp.err($$select api.proposal_list('tok-moderator', '{"sort": "title"}')$$),
	'{"sqlstate": "PU400", "code": "invalid"}', 'an unknown sort is refused');
select is(pg_temp.err(format($$select api.proposal_list('tok-moderator', %L)$$,
		jsonb_build_object('sort', 'recent', 'cursor',
			api.proposal_list('tok-moderator', '{"limit": 2}')->>'next_cursor'))),
	'{"sqlstate": "PU400", "code": "invalid_cursor"}',
	'a cursor of another sort is refused');
select is(pg_temp.err($$select api.proposal_list('tok-moderator', '{"cursor": "e30"}')$$),
	'{"sqlstate": "PU400", "code": "invalid_cursor"}', 'a cursor this server never gave is refused');

-- the detail
reset role;
insert into comments (proposal_id, author_id, body)
select cargo, pg_temp.fx('citizen:c' || (1 + i % 6)), 'Commentaire ' || i
from v, generate_series(1, 501) i;
update comments set hidden = true, hidden_reason = 'spam'
where id = (select min(id) from comments);
update comments set parent_id = (select min(id) from comments)
where id = (select min(id) + 1 from comments);
insert into audit (agent_id, action, target_type, target_id, after)
select pg_temp.fx('agent:instructor'), 'proposal.note', 'proposal', cargo, jsonb_build_object('n', i)
from v, generate_series(1, 205) i;
insert into proposal_coauthors (proposal_id, citizen_id) select cargo, pg_temp.fx('citizen:c6') from v;
insert into votes (proposal_id, online, paper, recorded_by)
select jardin, 120, 30, pg_temp.fx('agent:admin') from v;
insert into stage_updates (proposal_id, stage, stage_date, note, agent_id)
select jardin, 'works', '2026-03-01', 'travaux', pg_temp.fx('agent:instructor') from v;
create temporary table d as
	select api.proposal_get('tok-moderator', jsonb_build_object('id', cargo)) as cargo,
		api.proposal_get('tok-referent_deve', jsonb_build_object('id', jardin)) as jardin,
		api.proposal_get('tok-instructor', jsonb_build_object('id', aire)) as aire
	from v;
grant select on d to pupitre_app;
set local role pupitre_app;

select is((select cargo->>'body' from d), 'Texte de Un vélo cargo pour le quartier',
	'the detail has the text');
select is((select jsonb_build_array(cargo#>>'{author,external_id}', cargo#>>'{coauthors,0,external_id}') from d),
	'["c1", "c6"]', 'the detail names the author and the co-authors');
select is((select jsonb_array_length(cargo->'comments') from d), 500,
	'the comments are bounded to the first 500');
select is((select (cargo->>'comments_total')::int from d), 501, 'and their total is told');
select is((select (cargo#>'{comments,0}') - 'id' - 'created_at' - 'author' from d),
	'{"parent_id": null, "body": "Commentaire 1", "hidden": true, "hidden_reason": "spam",
	  "hidden_auto": false, "moderated_by": null, "moderated_at": null}',
	'a comment shows its moderation (hidden here by hand, outside the API: by nobody)');
select is((select (cargo#>>'{comments,1,parent_id}')::bigint = (cargo#>>'{comments,0,id}')::bigint from d),
	true, 'a reply names its parent');
select is((select cargo#>'{costing,lines}' from d),
	'[{"category": "investment", "label": "Vélos", "amount_cents": 1000000},
	  {"category": "studies", "label": "Étude", "amount_cents": 234500}]',
	'the costing comes with its lines in order');
select is((select jsonb_array_length(cargo->'audit') from d), 200,
	'the audit is bounded to the last 200 rows');
select is((select cargo#>>'{audit,0,after,n}' from d), '205', 'the newest audit row comes first');
select is((select (jardin->'votes') - 'recorded_at' - 'recorded_by' from d),
	'{"online": 120, "paper": 30, "total": 150}', 'the detail has the votes');
select is((select (jardin#>'{stages,0}') - 'id' - 'created_at' - 'agent' from d),
	'{"stage": "works", "stage_date": "2026-03-01", "note": "travaux"}',
	'the detail has the stage history');
select is((select aire#>>'{answers,0,body}' from d), 'Non recevable',
	'the detail has the answers sent');
select is((select jsonb_build_array(aire->'needs_answer', d.jardin->'needs_answer') from d),
	'[false, true]', 'the detail tells whether an answer is due');
select is(pg_temp.err($$select api.proposal_get('tok-moderator', '{"id": 999999}')$$),
	'{"sqlstate": "PU404", "code": "not_found"}', 'an unknown proposal is 404');

select * from finish();
rollback;
