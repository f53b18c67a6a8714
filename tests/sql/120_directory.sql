-- The directory: who may read it, and what it holds (departments, active
-- back-office agents without any secret, districts, themes).
begin;
\i _fixture.psql
select plan(11);

update agents set active = false where login = 'instructor2';

set local role pupitre_app;

select api.directory('tok-instructor', '{}') as d \gset

select is(:'d'::jsonb->'departments', '[
	{"code": "DEVE", "name": "Direction des Espaces Verts et de l''Environnement"},
	{"code": "DVD", "name": "Direction de la Voirie et des Déplacements"}]'::jsonb,
	'the departments, in code order');
select is(:'d'::jsonb->'districts', '[{"code": "75001", "name": "Paris Centre"},
	{"code": "75011", "name": "11e arrondissement"}, {"code": "PARIS", "name": "Tout Paris"}]'::jsonb,
	'the districts, the city-wide one included');
select is(:'d'::jsonb->'themes', '[{"code": "cadre_de_vie", "name": "Cadre de vie"},
	{"code": "environnement", "name": "Environnement"}]'::jsonb, 'the themes');
select is((select array_agg(a->>'login' order by ord)
	from jsonb_array_elements(:'d'::jsonb->'agents') with ordinality as t(a, ord)),
	array['admin', 'instructor', 'moderator', 'moderator2', 'referent_deve', 'referent_dvd'],
	'the active agents of the back office, in login order: not the inactive one, not the front office');
select is((select a from jsonb_array_elements(:'d'::jsonb->'agents') a
	where a->>'login' = 'referent_dvd'),
	'{"login": "referent_dvd", "display_name": "Rene Voirie", "role": "referent",
	  "department": "DVD"}'::jsonb, 'a referent with the code of their department');
select is((select a from jsonb_array_elements(:'d'::jsonb->'agents') a
	where a->>'login' = 'instructor'),
	'{"login": "instructor", "display_name": "Ines Instructrice", "role": "instructor",
	  "department": null}'::jsonb, 'an instructor with no department');
select ok(:'d'::text !~ '\$2[aby]\$' and :'d'::text !~* 'password|token',
	'no password hash, no token');

select lives_ok($$select api.directory('tok-moderator', '{}')$$, 'a moderator reads it');
select lives_ok($$select api.directory('tok-referent_dvd', '{}')$$, 'a referent reads it');
select lives_ok($$select api.directory('tok-admin', '{}')$$, 'an admin passes');
select throws_ok($$select api.directory('tok-frontoffice', '{}')$$, 'PU403', 'forbidden',
	'the front office may not');

select * from finish();
rollback;
