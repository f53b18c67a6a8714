-- Sessions: log in with a login and a password, log out, who am I.

-- Seconds a login must still wait after repeated failures (0: may try).
create function priv.login_wait(login_name text) returns int
language sql stable as $$
	select coalesce(greatest(0, ceil(extract(epoch from
		f.last_failure_at
		+ make_interval(secs => least(
			(priv.setting('login_max_delay_seconds'))::int,
			power(2, f.failures - (priv.setting('login_free_failures'))::int))::float8)
		- now())))::int, 0)
	from login_failures f
	where f.login = login_name
	  and f.failures >= (priv.setting('login_free_failures'))::int
$$;

-- Logs in. Errors are returned, not raised, so that the failure count
-- survives: {"error": {"status", "code", "message"}}.
create function api.login(p jsonb) returns jsonb
language plpgsql as $$
declare
	login_name text := lower(btrim(coalesce(p->>'login', '')));
	password text := coalesce(p->>'password', '');
	a agents;
	wait int;
	token text;
	expires timestamptz;
begin
	if jsonb_typeof(p->'login') is distinct from 'string'
	   or jsonb_typeof(p->'password') is distinct from 'string'
	   or length(login_name) > 64 or length(password) > 200 then
		return jsonb_build_object('error', jsonb_build_object('status', 400,
			'code', 'invalid', 'message', 'login and password are required strings'));
	end if;
	wait := coalesce(priv.login_wait(login_name), 0);
	if wait > 0 then
		return jsonb_build_object('error', jsonb_build_object('status', 429,
			'code', 'too_many_attempts',
			'message', format('too many failed logins: try again in %s s', wait),
			'details', jsonb_build_object('retry_after', wait)));
	end if;
	select * into a from agents where agents.login = login_name and active;
	if not found or crypt(password, a.password_hash) <> a.password_hash then
		if a.id is null then
			-- as costly as a real check: timing does not tell which logins exist
			perform crypt(password, gen_salt('bf', 10));
		end if;
		insert into login_failures (login, failures, last_failure_at)
		values (login_name, 1, now())
		on conflict (login) do update
			set failures = login_failures.failures + 1, last_failure_at = now();
		return jsonb_build_object('error', jsonb_build_object('status', 401,
			'code', 'bad_credentials', 'message', 'unknown login or wrong password'));
	end if;
	delete from login_failures where login = login_name;
	token := encode(gen_random_bytes(32), 'hex');
	expires := now() + make_interval(hours => (priv.setting('session_hours'))::int);
	insert into sessions (token_hash, agent_id, expires_at)
	values (digest(token, 'sha256'), a.id, expires);
	perform priv.audit(a.id, 'session.login', 'agent', a.id, null, null);
	return jsonb_build_object('token', token, 'expires_at', expires,
		'agent', priv.agent_json(a));
end
$$;

create function api.logout(token text, p jsonb default '{}') returns jsonb
language plpgsql as $$
declare
	a agents := priv.session_agent(token);
begin
	update sessions set revoked_at = now()
	where token_hash = digest(token, 'sha256');
	perform priv.audit(a.id, 'session.logout', 'agent', a.id, null, null);
	return jsonb_build_object('ok', true);
end
$$;

create function api.whoami(token text, p jsonb default '{}') returns jsonb
language plpgsql stable as $$
begin
	return jsonb_build_object('agent', priv.agent_json(priv.session_agent(token)));
end
$$;
