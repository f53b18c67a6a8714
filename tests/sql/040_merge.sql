-- Merging proposals into one project and undoing a merge.
begin;
\i _fixture.psql
select plan(50);

create temporary table m as select
	pg_temp.make_proposal('Vélos rue A', 'c1', '75011', 'admissible', 'DVD') as s1,
	pg_temp.make_proposal('Vélos rue B', 'c2', '75011', 'costing', 'DVD') as s2,
	pg_temp.make_proposal('Vélos rue D', 'c5', '75011', 'submitted') as s3,
	pg_temp.make_proposal('Vélos rue C', 'c3', '75011', 'submitted') as t1,
	pg_temp.make_proposal('Bancs square', 'c4', '75011', 'submitted') as n1,
	pg_temp.make_proposal('Bancs place', 'c5', '75001', 'inadmissible') as n2,
	pg_temp.make_proposal('Jardin nord', 'c1', '75011', 'submitted') as j1,
	pg_temp.make_proposal('Jardin sud', 'c2', '75011', 'submitted') as j2,
	pg_temp.make_proposal('Ancien', 'c6', '75011', 'submitted', null, 2025) as old,
	pg_temp.make_proposal('Retenu', 'c6', '75011', 'selected') as sel,
	pg_temp.make_proposal('Lauréat', 'c6', '75011', 'winner') as win,
	pg_temp.make_proposal('Non retenu', 'c6', '75011', 'not_selected') as nsel,
	pg_temp.make_proposal('Non lauréat', 'c6', '75011', 'not_winner') as nwin,
	pg_temp.make_proposal('Irrecevable', 'c4', '75011', 'inadmissible') as inad,
	pg_temp.make_proposal('Retirée', 'c4', '75011', 'withdrawn') as wd,
	pg_temp.make_proposal('Préau', 'c1', '75011', 'submitted') as p1,
	pg_temp.make_proposal('Préau bis', 'c2', '75011', 'submitted') as p2,
	pg_temp.make_proposal('Fontaine', 'c3', '75011', 'submitted') as q1,
	pg_temp.make_proposal('Fontaine bis', 'c4', '75011', 'admissible') as q2,
	pg_temp.make_proposal('Kiosque', 'c5', '75011', 'submitted') as k1,
	pg_temp.make_proposal('Kiosque bis', 'c6', '75011', 'costing', 'DVD') as k2;
grant select on m to pupitre_app;
-- s2 has co-authors c4 and c5; c2 already co-authors the target t1
insert into proposal_coauthors (proposal_id, citizen_id)
select s2, pg_temp.fx('citizen:c4') from m union all
select s2, pg_temp.fx('citizen:c5') from m union all
select t1, pg_temp.fx('citizen:c2') from m;
create temporary table r (name text primary key, res jsonb);
grant select, insert on r to pupitre_app;

-- [{id, version}] of proposals at their current version
create function pg_temp.refs(variadic ids bigint[]) returns jsonb
language sql as $$
	select jsonb_agg(jsonb_build_object('id', i.id, 'version', coalesce(pr.version, 1))
		order by i.ord)
	from unnest(ids) with ordinality as i(id, ord) left join proposals pr on pr.id = i.id
$$;

create function pg_temp.ref(id bigint) returns jsonb
language sql as $$ select pg_temp.refs(id)->0 $$;

create function pg_temp.err(q text) returns jsonb
language plpgsql as $$
declare
	st text;
	msg text;
	h text;
begin
	execute q;
	return null;
exception when others then
	get stacked diagnostics st = returned_sqlstate, msg = message_text, h = pg_exception_hint;
	return jsonb_build_object('sqlstate', st, 'code', msg) || case when h <> ''
		then jsonb_build_object('details', h::jsonb) else '{}' end;
end
$$;

create function pg_temp.merge_err(tok text, p jsonb) returns jsonb
language sql as $$
	select pg_temp.err(format('select api.proposal_merge(%L, %L)', tok, p))
$$;

-- the co-authors of a proposal: external id and the source whose merge brought them
create function pg_temp.coauthors(pid bigint) returns text[]
language sql as $$
	select array_agg(c.external_id || ':' || coalesce(mg.source_id::text, '-') order by c.external_id)
	from proposal_coauthors pc join citizens c on c.id = pc.citizen_id
	left join merges mg on mg.id = pc.via_merge
	where pc.proposal_id = pid
$$;

set local role pupitre_app;

-- a merge into an existing proposal
insert into r select 'merge', api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', pg_temp.refs(s1, s2, s3), 'target', pg_temp.ref(t1),
	'note', 'Trois pistes cyclables voisines')) from m;
select is((select res->'target' from r where name = 'merge'),
	(select jsonb_build_object('id', t1, 'version', 2, 'created', false) from m),
	'the target is named with its new version');
select is((select jsonb_agg(e - 'merge_id') from r, jsonb_array_elements(res->'sources') e
		where name = 'merge'),
	(select jsonb_build_array(jsonb_build_object('id', s1, 'version', 2),
		jsonb_build_object('id', s2, 'version', 2), jsonb_build_object('id', s3, 'version', 2))
	from m), 'each source is named with its new version, in the order given');
select is((select array_agg(row(state, merged_into = m.t1, updated_by)::text order by id)
		from proposals, m where id in (s1, s2, s3)),
	array_fill(row('merged', true, pg_temp.fx('agent:instructor'))::text, array[3]),
	'the sources are merged into the target');
select is((select array_agg(row(source_id, prior_state, note, merged_by)::text order by mg.id)
		from merges mg, m where target_id = t1),
	(select array[row(s1, 'admissible', 'Trois pistes cyclables voisines', pg_temp.fx('agent:instructor'))::text,
		row(s2, 'costing', 'Trois pistes cyclables voisines', pg_temp.fx('agent:instructor'))::text,
		row(s3, 'submitted', 'Trois pistes cyclables voisines', pg_temp.fx('agent:instructor'))::text]
	from m), 'a merges row per source keeps the state it had');
select is((select array_agg(mg.id::text order by mg.id) from merges mg, m where target_id = t1),
	(select array_agg(e->>'merge_id' order by o) from r,
		jsonb_array_elements(res->'sources') with ordinality x(e, o) where name = 'merge'),
	'the answer names the merges rows');
select is(pg_temp.coauthors((select t1 from m)),
	(select array['c1:' || s1, 'c2:-', 'c4:' || s2, 'c5:' || s2] from m),
	'authors and co-authors of the sources co-author the target; a co-author already there stays as is');
select is((select array_agg(row(c.external_id, o.kind, o.payload#>>'{merged_into,title}',
			o.payload->>'note')::text order by o.id)
		from outbox o join citizens c on c.id = o.citizen_id),
	array['(c1,merge,"Vélos rue C","Trois pistes cyclables voisines")',
		'(c2,merge,"Vélos rue C","Trois pistes cyclables voisines")',
		'(c5,merge,"Vélos rue C","Trois pistes cyclables voisines")'],
	'each source author is told in the outbox');
select is((select array_agg(jsonb_build_array(before, after) order by au.id) from audit au, m
		where action = 'proposal.merge' and target_id in (s1, s2)),
	(select array[jsonb_build_array(jsonb_build_object('state', 'admissible', 'merged_into', null),
			jsonb_build_object('state', 'merged', 'merged_into', t1, 'merge_id',
				(select id from merges where source_id = s1))),
		jsonb_build_array(jsonb_build_object('state', 'costing', 'merged_into', null),
			jsonb_build_object('state', 'merged', 'merged_into', t1, 'merge_id',
				(select id from merges where source_id = s2)))] from m),
	'an audit row per source');
select is((select jsonb_build_array(before, after) from audit au, m
		where action = 'proposal.merge_target' and target_id = t1),
	(select jsonb_build_array(jsonb_build_object('coauthors', jsonb_build_array(pg_temp.fx('citizen:c2'))),
		jsonb_build_object('coauthors', (select jsonb_agg(pg_temp.fx('citizen:' || c) order by c)
				from unnest(array['c1', 'c2', 'c4', 'c5']) c),
			'merged_from', jsonb_build_array(s1, s2, s3))) from m),
	'an audit row for the target tells its co-authors before and after');
select is((select array_agg(payload) from events where type = 'proposal.merged'),
	(select array[jsonb_build_object('target', t1, 'created', false,
		'sources', jsonb_build_array(s1, s2, s3))] from m), 'one event for the merge');
select is((select jsonb_build_array(
			api.proposal_get('tok-moderator', jsonb_build_object('id', t1))#>'{merged_from,1,source,id}',
			api.proposal_get('tok-moderator', jsonb_build_object('id', s1))#>'{merged_into_history,0,target,id}',
			api.proposal_get('tok-moderator', jsonb_build_object('id', s1))#>'{merged_into_history,0,note}')
		from m),
	(select jsonb_build_array(s2, t1, 'Trois pistes cyclables voisines') from m),
	'the detail shows the merge from both sides');
select is((select priv.needs_answer(p) from proposals p, m where p.id = m.s1), true,
	'a merged source needs an answer');

-- a merge into a new project
insert into r select 'new', api.proposal_merge('tok-admin', jsonb_build_object(
	'sources', pg_temp.refs(n1, n2),
	'target', jsonb_build_object('new', jsonb_build_object('title', 'Des bancs',
		'body', 'Des bancs dans les squares et sur les places')))) from m;
select is((select row(p.edition, c.external_id, d.code, p.state, p.title, p.version, p.theme_id)::text
		from r join proposals p on p.id = (r.res#>>'{target,id}')::bigint
		join citizens c on c.id = p.author_id join districts d on d.id = p.district_id
		where r.name = 'new'),
	'(2026,c4,PARIS,admissible,"Des bancs",1,)',
	'a new target: same edition, first author, city-wide for several districts, admissible');
select is((select pg_temp.coauthors((res#>>'{target,id}')::bigint) from r where name = 'new'),
	(select array['c5:' || n2] from m), 'the other authors co-author it, not its own author');
select is((select res#>'{target,created}' from r where name = 'new'), 'true',
	'the answer says the target was created');
select is((select count(*) from audit, r where r.name = 'new'
		and action = 'proposal.merge_target' and target_id = (res#>>'{target,id}')::bigint
		and before is null and after->>'title' = 'Des bancs'), 1::bigint,
	'the creation of the target is audited');
insert into r select 'new2', api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', pg_temp.refs(j1, j2),
	'target', jsonb_build_object('new', jsonb_build_object('title', 'Jardins',
		'body', 'Deux jardins', 'theme', 'environnement')))) from m;
select is((select row(d.code, t.code)::text from r join proposals p on p.id = (r.res#>>'{target,id}')::bigint
		join districts d on d.id = p.district_id join themes t on t.id = p.theme_id
		where r.name = 'new2'),
	'(75011,environnement)', 'sources of one district give it theirs; the theme is the one given');

-- refused merges leave everything as it was
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', pg_temp.refs(old), 'target', pg_temp.ref(p1)) from m)),
	(select jsonb_build_object('sqlstate', 'PU422', 'code', 'invalid_merge', 'details',
		jsonb_build_object('reason', 'editions', 'ids', jsonb_build_array(
			jsonb_build_object('id', old, 'edition', 2025),
			jsonb_build_object('id', p1, 'edition', 2026)))) from m),
	'a merge across editions is refused');
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', pg_temp.refs(sel, win, nsel, nwin, wd, p2), 'target', pg_temp.ref(p1)) from m)),
	(select jsonb_build_object('sqlstate', 'PU422', 'code', 'invalid_merge', 'details',
		jsonb_build_object('reason', 'source_state', 'ids', jsonb_build_array(
			jsonb_build_object('id', sel, 'state', 'selected'),
			jsonb_build_object('id', win, 'state', 'winner'),
			jsonb_build_object('id', nsel, 'state', 'not_selected'),
			jsonb_build_object('id', nwin, 'state', 'not_winner'),
			jsonb_build_object('id', wd, 'state', 'withdrawn')))) from m),
	'sources through the selection or withdrawn are refused, each named');
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', pg_temp.refs(s1, p2), 'target', pg_temp.ref(p1)) from m)),
	(select jsonb_build_object('sqlstate', 'PU422', 'code', 'invalid_merge', 'details',
		jsonb_build_object('reason', 'source_state', 'ids', jsonb_build_array(
			jsonb_build_object('id', s1, 'state', 'merged')))) from m),
	'a source already merged is refused');
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', pg_temp.refs(p1, p2), 'target', pg_temp.ref(p1)) from m)),
	(select jsonb_build_object('sqlstate', 'PU422', 'code', 'invalid_merge', 'details',
		jsonb_build_object('reason', 'target_in_sources', 'ids', jsonb_build_array(p1))) from m),
	'the target cannot be among the sources');
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', pg_temp.refs(p2), 'target', pg_temp.ref(inad)) from m))#>>'{details,reason}',
	'target_state', 'an inadmissible target is refused');
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', pg_temp.refs(p2), 'target', pg_temp.ref(sel)) from m))#>>'{details,reason}',
	'target_state', 'a selected target is refused');
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', pg_temp.refs(p2, 999999999), 'target', pg_temp.ref(p1)) from m)),
	'{"sqlstate": "PU404", "code": "not_found", "details": {"ids": [999999999]}}',
	'an unknown source is 404');
select is(pg_temp.merge_err('tok-referent_dvd', (select jsonb_build_object(
		'sources', pg_temp.refs(p2), 'target', pg_temp.ref(p1)) from m))->>'sqlstate',
	'PU403', 'a referent cannot merge');
select is(pg_temp.merge_err('tok-moderator', (select jsonb_build_object(
		'sources', pg_temp.refs(p2), 'target', pg_temp.ref(p1)) from m))->>'sqlstate',
	'PU403', 'a moderator cannot merge');
select is(pg_temp.merge_err('tok-instructor', (select jsonb_build_object(
		'sources', jsonb_build_array(jsonb_build_object('id', p2, 'version', 7)),
		'target', jsonb_build_object('id', t1, 'version', 1)) from m)),
	(select jsonb_build_object('sqlstate', 'PU409', 'code', 'conflict', 'details', jsonb_build_object(
		'items', jsonb_build_array(
			jsonb_build_object('id', p2, 'version', 1, 'by', null, 'at', p.updated_at),
			jsonb_build_object('id', t1, 'version', 2, 'at', t.updated_at,
				'by', priv.agent_ref(pg_temp.fx('agent:instructor')::int)))))
	from m join proposals p on p.id = m.p2 join proposals t on t.id = m.t1),
	'stale versions are a conflict listing each item with who changed it last');
select is((select array_agg(row(state, version)::text order by id) from proposals, m
		where id in (p1, p2)),
	array['(submitted,1)', '(submitted,1)'], 'refused merges changed nothing');

-- two instructors merge the same proposals
insert into r select 'first', api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', jsonb_build_array(jsonb_build_object('id', p2, 'version', 1)),
	'target', jsonb_build_object('id', p1, 'version', 1))) from m;
select is(pg_temp.merge_err('tok-instructor2', (select jsonb_build_object(
		'sources', jsonb_build_array(jsonb_build_object('id', p2, 'version', 1)),
		'target', jsonb_build_object('id', p1, 'version', 1)) from m)),
	(select jsonb_build_object('sqlstate', 'PU409', 'code', 'conflict', 'details', jsonb_build_object(
		'items', jsonb_build_array(
			jsonb_build_object('id', p2, 'version', 2, 'at', s.updated_at,
				'by', priv.agent_ref(pg_temp.fx('agent:instructor')::int)),
			jsonb_build_object('id', p1, 'version', 2, 'at', t.updated_at,
				'by', priv.agent_ref(pg_temp.fx('agent:instructor')::int)))))
	from m join proposals s on s.id = m.p2 join proposals t on t.id = m.p1),
	'the second instructor gets a conflict naming the first');
select is((select count(*) from merges, m where source_id = p2), 1::bigint, 'the merge happened once');

-- a retried merge applies once
insert into r select 'idem1', api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', pg_temp.refs(q2), 'target', pg_temp.ref(q1), 'idempotency_key', 'mk-1')) from m;
insert into r select 'idem2', api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', jsonb_build_array(jsonb_build_object('id', q2, 'version', 1)),
	'target', jsonb_build_object('id', q1, 'version', 1), 'idempotency_key', 'mk-1')) from m;
select is((select res from r where name = 'idem2'), (select res from r where name = 'idem1'),
	'a retried merge gets the first answer');
select is((select count(*) from merges, m where source_id = q2), 1::bigint, 'and applies once');

-- unmerge
insert into r select 'un', api.proposal_unmerge('tok-instructor2', pg_temp.ref(s2)) from m;
select is((select res - 'merge_id' from r where name = 'un'),
	(select jsonb_build_object('id', s2, 'version', 3, 'state', 'costing',
		'target', jsonb_build_object('id', t1, 'version', 3)) from m),
	'unmerge answers the source back in its state and the target');
select is((select row(state, merged_into, version, updated_by)::text from proposals, m where id = s2),
	row('costing', null, 3, pg_temp.fx('agent:instructor2'))::text,
	'the source is back in the state it had before the merge');
select is((select row(undone_by, undone_at is not null)::text from merges, m where source_id = s2),
	row(pg_temp.fx('agent:instructor2'), true)::text, 'the merges row is marked undone');
select is(pg_temp.coauthors((select t1 from m)),
	(select array['c1:' || s1, 'c2:-', 'c5:' || s3] from m),
	'the co-authors it brought leave, unless already there or brought by another merge');
select is((select jsonb_build_array(before, after) from audit au, m
		where action = 'proposal.unmerge' and target_id = s2),
	(select jsonb_build_array(jsonb_build_object('state', 'merged', 'merged_into', t1),
		jsonb_build_object('state', 'costing', 'merged_into', null, 'merge_id',
			(select id from merges where source_id = s2))) from m),
	'the unmerge of the source is audited');
select is((select after->'unmerged' from audit au, m
		where action = 'proposal.unmerge_target' and target_id = t1),
	(select to_jsonb(s2) from m), 'and so is the change to the target');
select is((select row(c.external_id, o.payload#>>'{unmerged_from,title}')::text
		from outbox o join citizens c on c.id = o.citizen_id
		where o.payload ? 'unmerged_from'),
	'(c2,"Vélos rue C")', 'the author of the source is told');
select is((select payload from events where type = 'proposal.unmerged'),
	(select jsonb_build_object('source', s2, 'target', t1, 'state', 'costing') from m),
	'an event tells the unmerge');
select is(pg_temp.err(format('select api.proposal_unmerge(%L, %L)', 'tok-instructor',
		(select pg_temp.ref(s2) from m))),
	'{"sqlstate": "PU422", "code": "invalid_transition"}', 'a proposal that is not merged is refused');
select is(pg_temp.err(format('select api.proposal_unmerge(%L, %L)', 'tok-instructor',
		(select jsonb_build_object('id', s1, 'version', 1) from m)))->>'sqlstate',
	'PU409', 'a stale version is a conflict');
select is(pg_temp.err($$select api.proposal_unmerge('tok-instructor', '{"id": 999999999, "version": 1}')$$),
	'{"sqlstate": "PU404", "code": "not_found"}', 'an unknown proposal is 404');
select is(pg_temp.err(format('select api.proposal_unmerge(%L, %L)', 'tok-referent_dvd',
		(select pg_temp.ref(s1) from m)))->>'sqlstate',
	'PU403', 'a referent cannot unmerge');

-- a merge and its undoing, twice: the latest merge is the one undone
insert into r select 'km1', api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', pg_temp.refs(k2), 'target', pg_temp.ref(k1))) from m;
insert into r select 'ku1', api.proposal_unmerge('tok-instructor', pg_temp.ref(k2)) from m;
insert into r select 'km2', api.proposal_merge('tok-instructor', jsonb_build_object(
	'sources', pg_temp.refs(k2), 'target', pg_temp.ref(q1))) from m;
select is((select pg_temp.coauthors(q1) from m), array['c4:' || (select q2 from m), 'c6:' || (select k2 from m)],
	'a proposal unmerged can be merged elsewhere');
insert into r select 'ku2', api.proposal_unmerge('tok-instructor', pg_temp.ref(k2)) from m;
select is((select res->>'merge_id' from r where name = 'ku2'),
	(select res#>>'{sources,0,merge_id}' from r where name = 'km2'), 'the latest merge is undone');
select is((select row(p.state, p.merged_into, pg_temp.coauthors(q1))::text from proposals p, m where p.id = k2),
	row('costing', null, array['c4:' || (select q2 from m)])::text,
	'the source is back in costing and has left the second target');

-- no unmerge once the target went through the selection
reset role;
update proposals set state = 'selected' where id = (select q1 from m);
set local role pupitre_app;
select is(pg_temp.err(format('select api.proposal_unmerge(%L, %L)', 'tok-instructor',
		(select pg_temp.ref(q2) from m))),
	'{"sqlstate": "PU422", "code": "invalid_transition"}',
	'a merge into a selected project stands');

-- a retried unmerge applies once
insert into r select 'uidem1', api.proposal_unmerge('tok-instructor',
	pg_temp.ref(s1) || '{"idempotency_key": "u-1"}') from m;
insert into r select 'uidem2', api.proposal_unmerge('tok-instructor',
	jsonb_build_object('id', s1, 'version', 2, 'idempotency_key', 'u-1')) from m;
select is((select res from r where name = 'uidem2'), (select res from r where name = 'uidem1'),
	'a retried unmerge gets the first answer');
select is((select row(state, version)::text from proposals, m where id = s1), '(admissible,3)',
	'and applies once');

select * from finish();
rollback;
