-- Sessions: login, logout, who-am-i, slowing down repeated failures.
begin;
\i _fixture.psql
select plan(18);
set local role pupitre_app;

select ok(api.login('{"login": "admin", "password": "pw"}') ? 'token',
	'the right password gives a token');
select is(api.login('{"login": "Admin ", "password": "pw"}')#>>'{agent,role}', 'admin',
	'the login is case- and space-insensitive, the agent comes back');
select is(length(api.login('{"login": "admin", "password": "pw"}')->>'token'), 64,
	'a token is 256 random bits in hex');
create temporary table t as
	select api.login('{"login": "instructor2", "password": "pw"}')->>'token' as tok;
select is((select count(*) from sessions, t where token_hash = digest(t.tok, 'sha256')), 1::bigint,
	'the session is stored under the hash of its token');
select is((select count(*) from sessions, t
	where position(t.tok in encode(token_hash, 'hex')) > 0
	   or token_hash = convert_to(t.tok, 'UTF8')), 0::bigint,
	'the token itself is stored nowhere');

select is(api.login('{"login": "admin", "password": "nope"}')->'error',
	api.login('{"login": "nobody", "password": "nope"}')->'error',
	'a wrong password and an unknown login give the same error');
select is(api.login('{"login": "moderator", "password": "bad"}')#>>'{error,status}', '401',
	'a wrong password is 401');
select is(api.login('{"login": 3}')#>>'{error,code}', 'invalid',
	'a login of the wrong type is invalid');

-- the free failures are spent: moderator failed once above
select api.login('{"login": "moderator", "password": "bad"}');
select api.login('{"login": "moderator", "password": "bad"}');
select is(api.login('{"login": "moderator", "password": "pw"}')#>>'{error,code}', 'too_many_attempts',
	'after repeated failures even the right password must wait');
select ok((api.login('{"login": "moderator", "password": "pw"}')#>>'{error,details,retry_after}')::int > 0,
	'the wait is given in seconds');
select is((select failures from login_failures where login = 'nobody'), 1,
	'failures on unknown logins are counted too');

reset role;
update login_failures set last_failure_at = now() - interval '1 hour';
set local role pupitre_app;
select ok(api.login('{"login": "moderator", "password": "pw"}') ? 'token',
	'once the wait is over the right password works');
select is((select count(*) from login_failures where login = 'moderator'), 0::bigint,
	'a successful login forgets the failures');

select is(api.whoami('tok-referent_dvd')#>>'{agent,department,code}', 'DVD',
	'who-am-i names the agent and their department');
select throws_ok($$select api.whoami('tok-unknown')$$, 'PU401', 'unauthenticated',
	'an unknown token is refused');
select is(api.logout('tok-instructor')->>'ok', 'true', 'logout answers ok');
select throws_ok($$select api.whoami('tok-instructor')$$, 'PU401', 'unauthenticated',
	'a revoked token is refused');

reset role;
update sessions set expires_at = now() - interval '1 second'
where agent_id = pg_temp.fx('agent:moderator2');
set local role pupitre_app;
select throws_ok($$select api.whoami('tok-moderator2')$$, 'PU401', 'unauthenticated',
	'an expired token is refused');

select * from finish();
rollback;
