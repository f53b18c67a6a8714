-- Vote results, winners within the envelopes, recomputation, closing an
-- edition, the envelopes.
begin;
\i _fixture.psql
select plan(55);

create function pg_temp.pid(t text) returns bigint
language sql stable as $$ select id from proposals where title = t $$;
create function pg_temp.selected(title text, district text, cents bigint,
	state proposal_state default 'selected', edition int default 2026)
returns bigint
language sql as $$
	insert into costings (proposal_id, opinion, justification, total_cents, costed_by)
	values (pg_temp.make_proposal(title, 'c1', district, state, 'DVD', edition), 'favourable',
		'Chiffrage de ' || title, cents, pg_temp.fx('agent:referent_dvd'))
	returning proposal_id
$$;
-- {id, online, paper} for vote_record.
create function pg_temp.res(title text, online int, paper int) returns jsonb
language sql stable as $$
	select jsonb_build_object('id', pg_temp.pid(title), 'online', online, 'paper', paper)
$$;
create function pg_temp.record(who text, edition int, variadic results jsonb[]) returns jsonb
language sql as $$
	select api.vote_record('tok-' || who, jsonb_build_object('edition', edition,
		'results', to_jsonb(results)))
$$;
create function pg_temp.statuses(r jsonb) returns text
language sql immutable as $$
	select string_agg(e->>'status', ',' order by o) from jsonb_array_elements(r->'results')
		with ordinality x(e, o)
$$;
-- A district of a winners_compute answer, by titles, as one line to compare.
create function pg_temp.outcome(r jsonb, code text) returns text
language sql immutable as $$
	select format('winners %s; not_fitting %s; losers %s; spent %s; left %s',
		(select coalesce(string_agg(e->>'title', ',' order by o), '-')
			from jsonb_array_elements(d->'winners') with ordinality x(e, o)),
		(select coalesce(string_agg(e->>'title', ',' order by o), '-')
			from jsonb_array_elements(d->'not_fitting') with ordinality x(e, o)),
		(select coalesce(string_agg(e->>'title', ',' order by o), '-')
			from jsonb_array_elements(d->'losers') with ordinality x(e, o)),
		d->>'spent_cents', d->>'left_cents')
	from jsonb_array_elements(r->'districts') d where d->>'district' = code
$$;
create function pg_temp.district(r jsonb, code text) returns jsonb
language sql immutable as $$
	select d from jsonb_array_elements(r->'districts') d where d->>'district' = code
$$;

-- The edition computed by hand (votes, cost in euros):
-- 75011, envelope 500,000:
--   A 900 300,000  wins, 200,000 left
--   B 800 250,000  does not fit
--   C 700 150,000  wins, 50,000 left
--   D 500  80,000  does not fit
--   E   - (0) 60,000  does not fit
-- 75001, envelope 1,000,000, a tie at 400 votes (F has the lowest id):
--   G 400 600,000  wins (cheaper than F, lower id than H), 400,000 left
--   H 400 600,000  does not fit
--   F 400 700,000  does not fit
--   I 300 400,000  wins, 0 left
-- PARIS, envelope 10,000,000:
--   J 100 20,000,000  does not fit
\o /dev/null
select pg_temp.selected('A', '75011', 30000000);
select pg_temp.selected('B', '75011', 25000000);
select pg_temp.selected('C', '75011', 15000000);
select pg_temp.selected('D', '75011', 8000000);
select pg_temp.selected('E', '75011', 6000000);
select pg_temp.selected('F', '75001', 70000000);
select pg_temp.selected('G', '75001', 60000000);
select pg_temp.selected('H', '75001', 60000000);
select pg_temp.selected('I', '75001', 40000000);
select pg_temp.selected('J', 'PARIS', 2000000000);
select pg_temp.selected('Costed', '75011', 1000000, 'costed');
select pg_temp.selected('Old', '75011', 1000000, 'selected', 2025);
\o
create temporary table r (name text primary key, v jsonb);
grant all on r to pupitre_app;
set local role pupitre_app;

-- the envelopes before the vote
insert into r select 'env_before', api.envelopes('tok-instructor', '{"edition": 2026}');
select is((select pg_temp.district(v, '75011') from r where name = 'env_before'),
	'{"district": "75011", "name": "11e arrondissement", "citywide": false,
	  "envelope_cents": 50000000, "committed_cents": 84000000, "winners_cents": 0,
	  "left_cents": -34000000, "selected": 5, "winners": 0}',
	'before the vote the envelope shows what is put to the vote, beyond the envelope');
select is((select v->'districts'->-1->>'district' from r where name = 'env_before'), 'PARIS',
	'the city-wide envelope comes last');

-- vote results
insert into r select 'votes', pg_temp.record('instructor', 2026,
	pg_temp.res('A', 600, 250), pg_temp.res('B', 500, 300), pg_temp.res('C', 400, 300),
	pg_temp.res('D', 250, 250), pg_temp.res('F', 300, 100), pg_temp.res('G', 200, 200),
	pg_temp.res('H', 399, 1), pg_temp.res('I', 300, 0), pg_temp.res('J', 60, 40),
	pg_temp.res('Costed', 10, 10), pg_temp.res('Old', 10, 10));
select is((select pg_temp.statuses(v) from r where name = 'votes'),
	'ok,ok,ok,ok,ok,ok,ok,ok,ok,invalid,invalid',
	'results are recorded for the projects put to the vote, refused for the others');
select is((select jsonb_path_query_array(v, '$.results[9 to 10].message') from r
	where name = 'votes'),
	'["only projects put to the vote have results (this one is costed)",
	  "it belongs to the 2025 edition"]', 'each refusal says why');
select is((select count(*) from votes), 9::bigint, 'one row per recorded project');
select is((select v#>'{results,0}' from r where name = 'votes'),
	jsonb_build_object('id', pg_temp.pid('A'), 'status', 'ok', 'online', 600, 'paper', 250,
		'total', 850, 'recount', false), 'a result gives the counts and their total');
select is((select array[before::text, after::text] from audit where action = 'vote.record'
	and target_id = pg_temp.pid('A')),
	array[null, '{"paper": 250, "total": 850, "online": 600}'],
	'the first count is audited');

-- a recount replaces
insert into r select 'recount', pg_temp.record('instructor2', 2026, pg_temp.res('A', 600, 300));
select is((select (v#>'{results,0}') - 'id' from r where name = 'recount'),
	'{"status": "ok", "online": 600, "paper": 300, "total": 900, "recount": true}',
	'a recount is ok and says it is one');
select is((select array[online, paper, total, recorded_by] from votes
	where proposal_id = pg_temp.pid('A')),
	array[600, 300, 900, pg_temp.fx('agent:instructor2')::int],
	'a recount replaces the counts, never adds them');
select is((select array[before::text, after::text] from audit where action = 'vote.record'
	and target_id = pg_temp.pid('A') and agent_id = pg_temp.fx('agent:instructor2')),
	array['{"paper": 250, "total": 850, "online": 600}',
		'{"paper": 300, "total": 900, "online": 600}'],
	'the recount is audited with the counts before and after');
select is((select count(*) from events where type = 'vote.recorded'), 2::bigint,
	'one event per call');
select throws_ok($$select pg_temp.record('instructor', 2026, '{"id": 1, "online": -1, "paper": 0}')$$,
	'PU400', 'invalid', 'negative counts are refused');
select throws_ok($$select pg_temp.record('instructor', 2026, pg_temp.res('A', 1, 1),
	pg_temp.res('A', 2, 2))$$, 'PU400', 'invalid', 'a project twice in one call is refused');
select throws_ok($$select pg_temp.record('instructor', 2025, pg_temp.res('Old', 1, 1))$$,
	'PU422', 'edition_closed', 'no results are recorded in a closed edition');
select throws_ok($$select pg_temp.record('referent_dvd', 2026, pg_temp.res('A', 1, 1))$$,
	'PU403', 'forbidden', 'referents cannot record results');

-- a dry run
insert into r select 'dry', api.winners_compute('tok-instructor',
	'{"edition": 2026, "dry_run": true}');
select is((select count(*) from proposals where state = 'selected' and edition = 2026), 10::bigint,
	'a dry run changes no state');
select is((select count(*) from events where type = 'winners.computed')
	+ (select count(*) from audit where action like '%winners%'
		or action = 'proposal.vote_outcome'), 0::bigint, 'and leaves no trace');
select is((select v->>'tie_rule' from r where name = 'dry'),
	'most votes first; equal votes: lower total cost first, then lower id',
	'the answer states the tie rule');

-- the computation
insert into r select 'first', api.winners_compute('tok-instructor', '{"edition": 2026}');
select is((select pg_temp.outcome(v, '75011') from r where name = 'first'),
	'winners A,C; not_fitting B; losers D,E; spent 45000000; left 5000000',
	'B does not fit what A leaves, C further down does');
select is((select pg_temp.outcome(v, '75001') from r where name = 'first'),
	'winners G,I; not_fitting H,F; losers -; spent 100000000; left 0',
	'a tie goes to the cheaper then the lower id: G before H before F');
select is((select pg_temp.outcome(v, 'PARIS') from r where name = 'first'),
	'winners -; not_fitting -; losers J; spent 0; left 1000000000',
	'the city-wide envelope is computed on its own');
select is((select pg_temp.district(v, '75011')->'not_fitting'->0 from r where name = 'first'),
	jsonb_build_object('id', pg_temp.pid('B'), 'title', 'B', 'votes', 800,
		'cost_cents', 25000000, 'rank', 2, 'left_cents', 20000000),
	'a project passed over shows what was left at its turn');
select is((select pg_temp.district(v, '75011')->'losers'->1->>'votes' from r where name = 'first'),
	'0', 'a project without a vote result counts 0 votes');
select is((select pg_temp.district(v, '75001')->'winners'->0 from r where name = 'first'),
	jsonb_build_object('id', pg_temp.pid('G'), 'title', 'G', 'votes', 400,
		'cost_cents', 60000000, 'rank', 1), 'a winner with its votes and cost');
select is((select v->'districts' from r where name = 'first'),
	(select v->'districts' from r where name = 'dry'), 'the dry run foretold the same');
select is((select v->'changed' from r where name = 'first'),
	(select v->'changed' from r where name = 'dry'), 'including the projects that change');
select is((select string_agg(title || ':' || state || ':' || coalesce(stage::text, '-'), ' '
	order by title) from proposals where edition = 2026 and title <> 'Costed'),
	'A:winner:not_started B:not_winner:- C:winner:not_started D:not_winner:- E:not_winner:- '
	'F:not_winner:- G:winner:not_started H:not_winner:- I:winner:not_started J:not_winner:-',
	'winners start at not_started, the others are not_winner');
select is((select count(*) from proposals where edition = 2026 and title <> 'Costed'
	and version = 2 and updated_by = pg_temp.fx('agent:instructor')
	and state_changed_at = now()), 10::bigint, 'each changed project has its version bumped');
select is((select array[before::text, after::text] from audit where action = 'proposal.vote_outcome'
	and target_id = pg_temp.pid('A')),
	array['{"stage": null, "state": "selected"}',
		'{"rank": 1, "stage": "not_started", "state": "winner", "votes": 900}'],
	'each is audited with its votes and rank');
select is((select count(*) from audit where action = 'proposal.vote_outcome'), 10::bigint,
	'one audit row per changed project');
select is((select payload->'changed' from events where type = 'winners.computed'),
	(select jsonb_agg(id order by id) from proposals where edition = 2026 and title <> 'Costed'),
	'one event lists the changed projects');
select is((select state::text from proposals where title = 'Costed'), 'costed',
	'a project not put to the vote is left alone');

-- the envelopes after
insert into r select 'env_after', api.envelopes('tok-referent_dvd', '{"edition": 2026}');
select is((select pg_temp.district(v, '75011') - 'name' - 'citywide' from r
	where name = 'env_after'),
	'{"district": "75011", "envelope_cents": 50000000, "committed_cents": 45000000,
	  "winners_cents": 45000000, "left_cents": 5000000, "selected": 0, "winners": 2}',
	'after the computation the envelope shows what the winners leave; referents may read it');

-- recomputing with nothing changed
select is(s.stage_moved, 'ok', 'a winner moves on to studies') from (
	select api.proposal_stage('tok-instructor', jsonb_build_object('items',
		jsonb_build_array(jsonb_build_object('id', pg_temp.pid('A'), 'version', 2)),
		'stage', 'studies', 'date', '2026-11-01'))#>>'{results,0,status}' as stage_moved) s;
insert into r select 'same', api.winners_compute('tok-instructor', '{"edition": 2026}');
select is((select v->'districts' from r where name = 'same'),
	(select v->'districts' from r where name = 'first'),
	'recomputing with nothing changed gives the same winners');
select is((select v->'changed' from r where name = 'same'), '[]',
	'and changes nothing');
select is((select string_agg(title || ':' || version, ' ' order by title) from proposals
	where edition = 2026 and title <> 'Costed'),
	'A:3 B:2 C:2 D:2 E:2 F:2 G:2 H:2 I:2 J:2', 'no version is bumped');
select is((select stage::text from proposals where title = 'A'), 'studies',
	'a winner that stays one keeps its stage');

-- a recount that changes the outcome
select is(pg_temp.statuses(pg_temp.record('instructor', 2026, pg_temp.res('D', 700, 250))), 'ok',
	'D is recounted at 950 votes');
insert into r select 'second', api.winners_compute('tok-instructor', '{"edition": 2026}');
select is((select pg_temp.outcome(v, '75011') from r where name = 'second'),
	'winners D,A,E; not_fitting B,C; losers -; spent 44000000; left 6000000',
	'the recomputation follows the new votes');
select is((select string_agg(title || ':' || state || ':' || coalesce(stage::text, '-'), ' '
	order by title) from proposals where title in ('A', 'C', 'D', 'E')),
	'A:winner:studies C:not_winner:- D:winner:not_started E:winner:not_started',
	'states follow: C loses, D and E win, A stays at its stage');
select is((select v->'changed' from r where name = 'second'),
	jsonb_build_array(pg_temp.pid('C'), pg_temp.pid('D'), pg_temp.pid('E')),
	'only the projects whose outcome changed are changed');
select is((select pg_temp.outcome(v, '75001') from r where name = 'second'),
	(select pg_temp.outcome(v, '75001') from r where name = 'first'),
	'the other districts are the same');

-- refused
select throws_ok($$select api.winners_compute('tok-instructor', '{"edition": 2025}')$$,
	'PU422', 'edition_closed', 'the winners of a closed edition are frozen');
select throws_ok($$select api.winners_compute('tok-instructor', '{"edition": 2031}')$$,
	'PU400', 'unknown_edition', 'an unknown edition is refused');
select throws_ok($$select api.winners_compute('tok-moderator', '{"edition": 2026}')$$,
	'PU403', 'forbidden', 'moderators cannot compute winners');
select throws_ok($$select api.winners_compute('tok-referent_dvd', '{"edition": 2026}')$$,
	'PU403', 'forbidden', 'referents cannot compute winners');
select throws_ok($$select api.winners_compute('tok-frontoffice', '{"edition": 2026}')$$,
	'PU403', 'forbidden', 'the front office cannot compute winners');
select throws_ok($$select api.envelopes('tok-moderator', '{"edition": 2026}')$$,
	'PU403', 'forbidden', 'moderators cannot read the envelopes');

-- closing the edition
select throws_ok($$select api.edition_close('tok-instructor', '{"edition": 2026}')$$,
	'PU403', 'forbidden', 'only admins close an edition');
select is(api.edition_close('tok-admin', '{"edition": 2026}')->'states',
	'{"winner": 5, "not_winner": 5}', 'an admin closes it and sees what it ends with');
select throws_ok($$select pg_temp.record('instructor', 2026, pg_temp.res('B', 1000, 1000))$$,
	'PU422', 'edition_closed', 'then votes are frozen');
select throws_ok($$select api.winners_compute('tok-instructor', '{"edition": 2026, "dry_run": true}')$$,
	'PU422', 'edition_closed', 'and winners too');
select throws_ok($$select api.edition_close('tok-admin', '{"edition": 2026}')$$,
	'PU422', 'edition_closed', 'an edition is closed once');
select is((select array[action, agent_id::text] from audit where target_type = 'edition'
	and action = 'edition.close'), array['edition.close', pg_temp.fx('agent:admin')::text],
	'the close is audited');

select * from finish();
rollback;
