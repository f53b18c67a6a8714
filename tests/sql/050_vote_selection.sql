-- Selection of the projects put to the vote: select, leave out, undo; the
-- refused transitions, closed editions, roles, conflicts.
begin;
\i _fixture.psql
select plan(32);

-- A proposal in a state, with a costing, named by its title.
create function pg_temp.costed(title text, cents bigint, opinion text default 'favourable',
	state proposal_state default 'costed', edition int default 2026)
returns bigint
language sql as $$
	insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
	values (pg_temp.make_proposal(title, 'c1', '75011', state, 'DVD', edition), opinion,
		'Chiffrage de ' || title, cents, pg_temp.fx('agent:referent_dvd'))
	returning proposal_id
$$;
create function pg_temp.pid(t text) returns bigint
language sql stable as $$ select id from proposals where title = t $$;
create function pg_temp.st(t text) returns text
language sql stable as $$ select state::text from proposals where title = t $$;
-- {id, version} of proposals by title, at their current version.
create function pg_temp.items(variadic titles text[]) returns jsonb
language sql stable as $$
	select jsonb_agg(jsonb_build_object('id', pr.id, 'version', pr.version) order by t.ord)
	from unnest(titles) with ordinality t(title, ord) join proposals pr on pr.title = t.title
$$;
create function pg_temp.statuses(r jsonb) returns text
language sql immutable as $$
	select string_agg(e->>'status', ',' order by o) from jsonb_array_elements(r->'results')
		with ordinality x(e, o)
$$;

\o /dev/null
select pg_temp.costed('Bancs', 1000000);
select pg_temp.costed('Arbres', 2000000);
select pg_temp.costed('Fontaine', 3000000, 'unfavourable');
select pg_temp.make_proposal('Brouillon');
select pg_temp.make_proposal('Recevable', state => 'admissible');
select pg_temp.costed('Piste', 4000000);
select pg_temp.costed('Kiosque', 500000);
select pg_temp.costed('Ancien', 500000, edition => 2025);
\o
create temporary table r (name text primary key, v jsonb);
grant all on r to pupitre_app;
set local role pupitre_app;

-- selecting
insert into r select 'select', api.proposal_selection('tok-instructor',
	jsonb_build_object('items', pg_temp.items('Bancs', 'Arbres'), 'selected', true));
select is(pg_temp.statuses(v), 'ok,ok', 'favourable costed projects are selected')
from r where name = 'select';
select is((select array[state::text, version::text] from proposals where title = 'Bancs'),
	array['selected', '2'], 'the project is selected and its version bumped');
select is((select (v#>'{results,0}') - 'id' from r where name = 'select'),
	'{"status": "ok", "version": 2, "state": "selected"}',
	'its result gives the new version and state');
select is((select v->'counts' from r where name = 'select'),
	'{"ok": 2, "conflict": 0, "forbidden": 0, "invalid": 0}', 'the counts add up');
select is((select array[action, before::text, after::text, agent_id::text] from audit
	where target_type = 'proposal' and target_id = pg_temp.pid('Bancs')),
	array['proposal.select', '{"state": "costed"}', '{"state": "selected"}',
		pg_temp.fx('agent:instructor')::text],
	'one audit row says who selected it, from which state');
select is((select count(distinct batch_id) from audit where action = 'proposal.select'), 1::bigint,
	'the audit rows of the call share its batch id');
select is((select payload->'ids' from events where type = 'proposal.selection'),
	jsonb_build_array(pg_temp.pid('Bancs'), pg_temp.pid('Arbres')),
	'one event lists the selected ids');

-- refused per item
insert into r select 'refused', api.proposal_selection('tok-instructor', jsonb_build_object(
	'items', pg_temp.items('Fontaine', 'Brouillon', 'Bancs')
		|| '[{"id": 99999999, "version": 1}]', 'selected', true));
select is(pg_temp.statuses(v), 'invalid,invalid,invalid,invalid',
	'an unfavourable costing, a submitted, an already selected and an unknown project are refused')
from r where name = 'refused';
select matches((select v#>>'{results,0,message}' from r where name = 'refused'),
	'unfavourable', 'the refusal of an unfavourable costing says why');
select matches((select v#>>'{results,1,message}' from r where name = 'refused'),
	'this one is submitted', 'the refusal names the state it is in');
select is(pg_temp.st('Fontaine'), 'costed', 'the unfavourable project stays costed');
select is((select count(*) from audit where target_id = pg_temp.pid('Fontaine')), 0::bigint,
	'a refused item leaves no audit row');
select is((select count(*) from events where type = 'proposal.selection'), 1::bigint,
	'a call where nothing applied emits no event');

-- leaving out
select throws_ok($$select api.proposal_selection('tok-instructor', jsonb_build_object(
	'items', pg_temp.items('Recevable'), 'selected', false, 'reason', '  '))$$,
	'PU400', 'invalid', 'leaving projects out needs a reason');
insert into r select 'out', api.proposal_selection('tok-instructor', jsonb_build_object(
	'items', pg_temp.items('Recevable', 'Piste'), 'selected', false,
	'reason', 'Non retenu par la commission d''arrondissement'));
select is(pg_temp.statuses(v), 'ok,ok', 'admissible and costed projects are left out')
from r where name = 'out';
select is((select array_agg(array[state::text, state_reason] order by id) from proposals
	where title in ('Recevable', 'Piste')),
	array[array['not_selected', 'Non retenu par la commission d''arrondissement'],
		array['not_selected', 'Non retenu par la commission d''arrondissement']],
	'they are not_selected with the reason');
select is((select after->>'state_reason' from audit where action = 'proposal.not_select'
	and target_id = pg_temp.pid('Piste')),
	'Non retenu par la commission d''arrondissement', 'the audit keeps the reason');

-- undoing a selection
insert into r select 'undo', api.proposal_selection('tok-instructor', jsonb_build_object(
	'items', pg_temp.items('Arbres'), 'selected', false, 'reason', 'Sélectionné par erreur'));
select is((select array[state::text, version::text] from proposals where title = 'Arbres'),
	array['costed', '3'], 'a selection is undone back to costed');
select is((select after from audit where action = 'proposal.unselect'),
	'{"state": "costed", "reason": "Sélectionné par erreur"}',
	'the undoing is audited with its reason');
select is(pg_temp.statuses(api.vote_record('tok-instructor', jsonb_build_object(
	'edition', 2026, 'results', jsonb_build_array(jsonb_build_object(
		'id', pg_temp.pid('Bancs'), 'online', 10, 'paper', 5))))), 'ok',
	'vote results are recorded for a selected project');
insert into r select 'undo_voted', api.proposal_selection('tok-instructor',
	jsonb_build_object('items', pg_temp.items('Bancs'), 'selected', false, 'reason', 'Erreur'));
select is((select v#>>'{results,0,status}' || ': ' || (v#>>'{results,0,message}') from r
	where name = 'undo_voted'),
	'invalid: its vote results are recorded: its selection can no longer be undone',
	'once its votes are recorded a selection cannot be undone');
select is(pg_temp.st('Bancs'), 'selected', 'and the project stays selected');

-- two instructors, the same version
select is(api.proposal_selection('tok-instructor', jsonb_build_object(
	'items', jsonb_build_array(jsonb_build_object('id', pg_temp.pid('Kiosque'), 'version', 1)),
	'selected', true))#>>'{results,0,status}', 'ok', 'the first instructor selects');
insert into r select 'conflict', api.proposal_selection('tok-instructor2', jsonb_build_object(
	'items', jsonb_build_array(jsonb_build_object('id', pg_temp.pid('Kiosque'), 'version', 1)),
	'selected', false, 'reason', 'Trop cher'));
select is((select array[v#>>'{results,0,status}', v#>>'{results,0,version}',
	v#>>'{results,0,by,login}'] from r where name = 'conflict'),
	array['conflict', '2', 'instructor'],
	'the second, on the same version, gets a conflict naming who changed it');
select ok((select (v#>>'{results,0,at}')::timestamptz = updated_at from r, proposals
	where name = 'conflict' and title = 'Kiosque'), 'and when');
select is(pg_temp.st('Kiosque'), 'selected', 'the conflicting change is not applied');

-- closed edition
select throws_ok($$select api.proposal_selection('tok-instructor', jsonb_build_object(
	'items', pg_temp.items('Fontaine', 'Ancien'), 'selected', false, 'reason', 'Non'))$$,
	'PU422', 'edition_closed', 'a project of a closed edition cannot be selected or left out');
select is(pg_temp.st('Fontaine'), 'costed', 'nothing of the refused call applied');

-- roles
select throws_ok($$select api.proposal_selection('tok-moderator', jsonb_build_object(
	'items', pg_temp.items('Fontaine'), 'selected', false, 'reason', 'Non'))$$,
	'PU403', 'forbidden', 'moderators cannot select');
select throws_ok($$select api.proposal_selection('tok-referent_dvd', jsonb_build_object(
	'items', pg_temp.items('Fontaine'), 'selected', false, 'reason', 'Non'))$$,
	'PU403', 'forbidden', 'referents cannot select');
select throws_ok($$select api.proposal_selection('tok-frontoffice', jsonb_build_object(
	'items', pg_temp.items('Fontaine'), 'selected', false, 'reason', 'Non'))$$,
	'PU403', 'forbidden', 'the front office cannot select');
select is(api.proposal_selection('tok-admin', jsonb_build_object(
	'items', pg_temp.items('Arbres'), 'selected', true))#>>'{results,0,status}', 'ok',
	'admins can select');

select * from finish();
rollback;
