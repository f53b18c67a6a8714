// Sessions: log in, who am I, log out, bad credentials, slowing down
// guessers, tokens that are not (or no longer) valid.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RUN, call, del, get, login, one, post, sql, PASSWORD } from '../lib/api.js';

test('an agent logs in and the token says who they are', async () => {
	const r = await post('/v1/sessions', { login: 'instructor', password: PASSWORD }, { expect: 201 });
	assert.equal(r.body.agent.login, 'instructor');
	assert.equal(r.body.agent.role, 'instructor');
	assert.ok(Date.parse(r.body.expires_at) > Date.now() + 3600e3, 'the session lasts hours');
	const me = await get('/v1/me', { token: r.body.token, expect: 200 });
	assert.deepEqual(me.body.agent, r.body.agent);
	// only the token's hash is stored
	const row = await one(`select count(*)::int as n from sessions
		where token_hash = digest($1, 'sha256')`, [r.body.token]);
	assert.equal(row.n, 1);
	const plain = await one(`select count(*)::int as n from sessions
		where encode(token_hash, 'hex') = $1`, [r.body.token]);
	assert.equal(plain.n, 0);
});

test('login names are case-insensitive and the referent has a department', async () => {
	const r = await post('/v1/sessions', { login: ' Referent ', password: PASSWORD }, { expect: 201 });
	assert.equal(r.body.agent.role, 'referent');
	assert.ok(r.body.agent.department?.code, 'a referent has a department');
});

test('a wrong password or an unknown login is 401 bad_credentials, alike', async () => {
	const a = await post('/v1/sessions', { login: 'moderator', password: 'not the password' }, { expect: 401 });
	const b = await post('/v1/sessions', { login: `nobody-${RUN}`, password: 'x' }, { expect: 401 });
	assert.equal(a.body.error.code, 'bad_credentials');
	assert.deepEqual(a.body, b.body);
	// the failure under the real login is forgotten at the next success
	await login('moderator');
	const f = await sql('select failures from login_failures where login = $1', ['moderator']);
	assert.equal(f.length, 0);
});

test('repeated failed logins are slowed down with 429 and retry_after', async () => {
	const name = `guess-${RUN}`;
	const codes = [];
	for (let i = 0; i < 5; i++) {
		const r = await post('/v1/sessions', { login: name, password: `guess${i}` }, { expect: [401, 429] });
		codes.push(r.status);
		if (r.status === 429) {
			assert.equal(r.body.error.code, 'too_many_attempts');
			assert.ok(r.body.error.details.retry_after >= 1);
		}
	}
	assert.deepEqual(codes.slice(0, 3), [401, 401, 401], 'the first failures are free');
	assert.equal(codes[4], 429);
	const f = await one('select failures from login_failures where login = $1', [name]);
	assert.ok(f.failures >= 3);
});

test('login wants login and password as strings', async () => {
	for (const body of [{}, { login: 'admin' }, { login: 1, password: 'demo' },
		{ login: 'admin', password: null }]) {
		const r = await post('/v1/sessions', body, { expect: 400 });
		assert.equal(r.body.error.code, 'invalid');
	}
});

test('logging out revokes the token and only that one', async () => {
	const a = await login('moderator');
	const b = await login('moderator');
	const r = await del('/v1/sessions/current', { token: a, expect: 200 });
	assert.deepEqual(r.body, { ok: true });
	const after = await get('/v1/me', { token: a, expect: 401 });
	assert.equal(after.body.error.code, 'unauthenticated');
	await get('/v1/me', { token: b, expect: 200 });
	const row = await one(`select revoked_at is not null as revoked from sessions
		where token_hash = digest($1, 'sha256')`, [a]);
	assert.equal(row.revoked, true);
	// and a second logout with it is refused
	await del('/v1/sessions/current', { token: a, expect: 401 });
});

test('no token, an unknown token, an expired token, or another scheme is 401', async () => {
	const t = await login('moderator');
	await sql(`update sessions set expires_at = now() - interval '1 second'
		where token_hash = digest($1, 'sha256')`, [t]);
	for (const headers of [{}, { Authorization: 'Bearer' }, { Authorization: 'Bearer 00' },
		{ Authorization: `Basic ${Buffer.from('moderator:demo').toString('base64')}` },
		{ Authorization: `Bearer ${t}` }]) {
		const r = await call('GET', '/v1/me', { headers, expect: 401 });
		assert.equal(r.body.error.code, 'unauthenticated');
	}
});

test('an agent made inactive loses their sessions at once', async () => {
	const name = `gone-${RUN}`;
	await sql(`insert into agents (login, display_name, role, password_hash)
		values ($1, $1, 'moderator', crypt($2, gen_salt('bf', 4)))`, [name, PASSWORD]);
	const t = await login(name);
	await get('/v1/me', { token: t, expect: 200 });
	await sql('update agents set active = false where login = $1', [name]);
	await get('/v1/me', { token: t, expect: 401 });
	await post('/v1/sessions', { login: name, password: PASSWORD }, { expect: 401 });
});
