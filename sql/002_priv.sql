-- Helpers shared by the api functions: errors, sessions and roles, the audit
-- row, events, citizen notifications, idempotency, bulk item lists, paging.
--
-- Errors are raised with SQLSTATE 'PU' followed by the HTTP status the server
-- answers with (PU400, PU401, PU403, PU404, PU409, PU422, PU429); the message
-- is a stable code (e.g. 'invalid_transition'), the detail a sentence for
-- people, the hint optional JSON details.

create function priv.fail(status int, code text, message text, details jsonb default null)
returns void
language plpgsql as $$
begin
	raise exception using
		errcode = 'PU' || status::text,
		message = code,
		detail = message,
		hint = coalesce(details::text, '');
end
$$;

create function priv.setting(k text) returns jsonb
language sql stable as $$
	select value from settings where key = k
$$;

-- The agent behind a session token, or 401.
create function priv.session_agent(token text) returns agents
language plpgsql stable as $$
declare
	a agents;
begin
	select agents.* into a
	from sessions join agents on agents.id = sessions.agent_id
	where sessions.token_hash = digest(coalesce(token, ''), 'sha256')
	  and sessions.revoked_at is null
	  and sessions.expires_at > now()
	  and agents.active;
	if not found then
		perform priv.fail(401, 'unauthenticated', 'no valid session: log in again');
	end if;
	return a;
end
$$;

-- The agent behind a token if their role is one of roles (admins pass
-- everywhere), or 401/403.
create function priv.require(token text, variadic roles agent_role[]) returns agents
language plpgsql stable as $$
declare
	a agents := priv.session_agent(token);
begin
	if a.role <> 'admin' and a.role <> all (roles) then
		perform priv.fail(403, 'forbidden',
			format('the role %s cannot do this', a.role));
	end if;
	return a;
end
$$;

-- How an agent is named in results and conflicts.
create function priv.agent_ref(agent_id int) returns jsonb
language sql stable as $$
	select jsonb_build_object('id', id, 'login', login, 'display_name', display_name)
	from agents where id = agent_id
$$;

create function priv.agent_json(a agents) returns jsonb
language sql stable as $$
	select jsonb_build_object(
		'id', a.id, 'login', a.login, 'display_name', a.display_name,
		'role', a.role,
		'department', (select jsonb_build_object('code', d.code, 'name', d.name)
			from departments d where d.id = a.department_id))
$$;

create function priv.audit(agent_id int, action text, target_type text, target_id bigint,
	before jsonb, after jsonb, batch_id uuid default null) returns void
language sql as $$
	insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
	values (agent_id, action, target_type, target_id, before, after, batch_id)
$$;

-- Records an event and wakes the listeners; the payload stays in the table
-- (NOTIFY payloads are small), the notification carries its id and type.
create function priv.emit(type text, payload jsonb) returns bigint
language plpgsql as $$
declare
	event_id bigint;
begin
	insert into events (type, payload) values (type, payload)
	returning id into event_id;
	perform pg_notify('pupitre_events',
		jsonb_build_object('id', event_id, 'type', type)::text);
	return event_id;
end
$$;

create function priv.notify_citizen(citizen_id bigint, kind text, target_type target_type,
	target_id bigint, payload jsonb) returns void
language sql as $$
	insert into outbox (citizen_id, kind, target_type, target_id, payload)
	values (citizen_id, kind, target_type, target_id, payload)
$$;

-- Idempotent writes. A request carrying "idempotency_key" claims the key
-- before acting; a second request with the key waits for the first one's
-- transaction and then gets its response. Returns the stored response, or
-- null when this request is the first and must act, then call idem_store.
create function priv.idem_claim(agent_id int, operation text, p jsonb) returns jsonb
language plpgsql as $$
declare
	k text := p->>'idempotency_key';
	request jsonb;
	prior idempotency;
begin
	if k is null then
		return null;
	end if;
	request := p - 'idempotency_key';	-- a copy: only when a key is given
	if length(k) not between 1 and 200 then
		perform priv.fail(400, 'invalid', 'idempotency_key must be 1 to 200 characters');
	end if;
	insert into idempotency (agent_id, key, operation, request)
	values (agent_id, k, operation, request)
	on conflict do nothing;
	if found then
		return null;
	end if;
	select * into prior from idempotency i where i.agent_id = idem_claim.agent_id and i.key = k;
	if prior.operation <> operation or prior.request <> request then
		perform priv.fail(422, 'idempotency_mismatch',
			'this idempotency key was used for another request');
	end if;
	return prior.response;
end
$$;

create function priv.idem_store(agent_id int, p jsonb, response jsonb) returns jsonb
language plpgsql as $$
begin
	if p ? 'idempotency_key' then
		update idempotency i set response = idem_store.response
		where i.agent_id = idem_store.agent_id and i.key = p->>'idempotency_key';
	end if;
	return response;
end
$$;

-- The items of a bulk request: p->'items' is a list of {id, version}, at
-- most 10,000; ord keeps the order of the request for the results.
create function priv.items(p jsonb) returns table (ord int, id bigint, version int)
language plpgsql immutable as $$
declare
	n int;
begin
	if jsonb_typeof(p->'items') is distinct from 'array' then
		perform priv.fail(400, 'invalid', 'items must be a list of {id, version}');
	end if;
	n := jsonb_array_length(p->'items');
	if n = 0 then
		perform priv.fail(400, 'invalid', 'items is empty');
	end if;
	if n > 10000 then
		perform priv.fail(413, 'too_many_items', 'at most 10000 items per request');
	end if;
	if exists (select from jsonb_array_elements(p->'items') e
		where jsonb_typeof(e) is distinct from 'object'
		   or jsonb_typeof(e->'id') is distinct from 'number'
		   or jsonb_typeof(e->'version') is distinct from 'number'
		   or (e->>'id') !~ '^[0-9]{1,18}$'
		   or (e->>'version') !~ '^[0-9]{1,9}$') then
		perform priv.fail(400, 'invalid', 'each item must be {"id": integer, "version": integer}');
	end if;
	return query
		select e.ord::int, (e.v->>'id')::bigint, (e.v->>'version')::int
		from jsonb_array_elements(p->'items') with ordinality as e(v, ord);
	if (select count(distinct e->>'id') from jsonb_array_elements(p->'items') e) <> n then
		perform priv.fail(400, 'invalid', 'an item appears twice in items');
	end if;
end
$$;

-- A required text field of p, trimmed, within bounds.
create function priv.text_arg(p jsonb, field text, min_len int default 1, max_len int default 10000)
returns text
language plpgsql immutable as $$
declare
	v text;
begin
	if p->field is null or jsonb_typeof(p->field) = 'null' then
		if min_len = 0 then
			return null;
		end if;
		perform priv.fail(400, 'invalid', format('%s is required', field));
	end if;
	if jsonb_typeof(p->field) <> 'string' then
		perform priv.fail(400, 'invalid', format('%s must be a string', field));
	end if;
	v := btrim(p->>field);
	if length(v) < min_len or length(v) > max_len then
		perform priv.fail(400, 'invalid',
			format('%s must be %s to %s characters', field, min_len, max_len));
	end if;
	return v;
end
$$;

-- An optional integer field of p, within bounds; null when absent.
create function priv.int_arg(p jsonb, field text, lo bigint default 0,
	hi bigint default 9223372036854775807) returns bigint
language plpgsql immutable as $$
declare
	v bigint;
begin
	if p->field is null or jsonb_typeof(p->field) = 'null' then
		return null;
	end if;
	if jsonb_typeof(p->field) <> 'number' or (p->>field) !~ '^-?[0-9]{1,18}$' then
		perform priv.fail(400, 'invalid', format('%s must be an integer', field));
	end if;
	v := (p->>field)::bigint;
	if v < lo or v > hi then
		perform priv.fail(400, 'invalid', format('%s must be between %s and %s', field, lo, hi));
	end if;
	return v;
end
$$;

-- An optional boolean field of p; null when absent.
create function priv.bool_arg(p jsonb, field text) returns boolean
language plpgsql immutable as $$
begin
	if p->field is null or jsonb_typeof(p->field) = 'null' then
		return null;
	end if;
	if jsonb_typeof(p->field) <> 'boolean' then
		perform priv.fail(400, 'invalid', format('%s must be true or false', field));
	end if;
	return (p->field)::boolean;
end
$$;


-- Page size of a list request: p->'limit', default 50, bounded by a setting.
create function priv.page_limit(p jsonb) returns int
language sql stable as $$
	select coalesce(priv.int_arg(p, 'limit', 1, (priv.setting('page_limit_max'))::bigint), 50)::int
$$;

-- Keyset cursors are opaque to clients: base64url of the JSON sort key of the
-- last row returned.
create function priv.cursor_encode(k jsonb) returns text
language sql immutable as $$
	select translate(encode(convert_to(k::text, 'UTF8'), 'base64'), E'+/=\n', '-_')
$$;

create function priv.cursor_decode(p jsonb) returns jsonb
language plpgsql immutable as $$
declare
	c text := p->>'cursor';
	padded text;
begin
	if c is null or c = '' then
		return null;
	end if;
	if length(c) > 1000 or c !~ '^[A-Za-z0-9_-]+$' then
		perform priv.fail(400, 'invalid_cursor', 'the cursor is not one this server gave');
	end if;
	padded := translate(c, '-_', '+/') || repeat('=', (4 - length(c) % 4) % 4);
	begin
		return convert_from(decode(padded, 'base64'), 'UTF8')::jsonb;
	exception when others then
		perform priv.fail(400, 'invalid_cursor', 'the cursor is not one this server gave');
	end;
end
$$;

-- A page of rows as the lists return it.
create function priv.page(rows jsonb, next_key jsonb, lim int) returns jsonb
language sql immutable as $$
	select jsonb_build_object(
		'items', coalesce(rows, '[]'::jsonb),
		'next_cursor', case when jsonb_array_length(coalesce(rows, '[]'::jsonb)) >= lim
			and next_key is not null then priv.cursor_encode(next_key) end)
$$;
