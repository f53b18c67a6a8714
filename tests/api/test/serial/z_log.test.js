// The server's log: one line per request (time, agent, method, path,
// status, duration), never a token or a password, and a path cannot forge
// lines or send escape sequences to whoever reads the log. Runs last, so
// that it reads the log of the whole suite.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { RUN, agent, call, get, login, post, sleep, sql } from '../../lib/api.js';

const LOG = process.env.PUPITRE_API_LOG;
const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (-|[a-z0-9._-]{1,64}) [A-Z]+ \/\S{0,800} \d{3} \d+\.\dms$/;

async function logLines() {
	await sleep(100);	// the line is written as the answer goes
	return readFileSync(LOG, 'utf8').split('\n').filter(Boolean);
}

test('one line per request with the agent, and no token or password', async () => {
	const name = `logged-${RUN}`;
	const secret = `Correct-Horse-${RUN}`;
	await agent(name, 'instructor');
	await sql(`update agents set password_hash = crypt($2, gen_salt('bf', 4)) where login = $1`, [name, secret]);
	const tok = await login(name, secret);
	await post('/v1/sessions', { login: name, password: `${secret}-wrong` }, { expect: 401 });
	await get('/v1/me', { token: tok, expect: 200 });
	await call('GET', `/v1/proposals?access_token=${tok}`, { token: tok, expect: 400 });
	await call('GET', '/v1/me', { headers: { Authorization: `Bearer ${tok}x` }, expect: 401 });

	const lines = await logLines();
	const text = lines.join('\n');
	assert.ok(!text.includes(tok), 'the token is not in the log');
	assert.ok(!text.includes(secret), 'the password is not in the log');
	assert.ok(!/[0-9a-f]{64}/.test(text), 'no token of the whole suite is in the log');
	assert.ok(!/bearer/i.test(text));
	assert.ok(lines.some((l) => new RegExp(` ${name} GET /v1/me 200 `).test(l)), 'the agent is named');
	assert.ok(lines.some((l) => new RegExp(` ${name} POST /v1/sessions 201 `).test(l)), 'logins are named');
	assert.ok(lines.some((l) => / - POST \/v1\/sessions 401 /.test(l)), 'a failed login names nobody');
	for (const l of lines)
		if (!l.startsWith('pupitred: '))
			assert.match(l, LINE);
	// the logs of the servers the other tests started and stopped
	const dir = process.env.PUPITRE_TEST_TMP;
	for (const f of readdirSync(dir).filter((x) => /^api-.*\.log$/.test(x))) {
		const other = readFileSync(join(dir, f), 'utf8');
		assert.ok(!/[0-9a-f]{64}/.test(other), `no token in ${f}`);
	}
});

test('a path cannot forge a log line or send escape sequences', async () => {
	const forged = `2020-01-01T00:00:00Z admin POST /v1/editions/2026/close 200 1.0ms`;
	await call('GET', `/v1/me%0A${encodeURIComponent(forged)}`, { expect: 404 });
	await call('GET', '/v1/me%0D%1B%5B2J%1B%5D0;pwned%07', { expect: 404 });
	const lines = await logLines();
	assert.ok(!lines.some((l) => l.startsWith('2020-01-01')), 'no forged line');
	assert.ok(lines.some((l) => l.includes('/v1/me\\x0a2020-01-01T00:00:00Z')), 'the newline is shown escaped');
	const raw = readFileSync(LOG);
	assert.ok(!raw.includes(0x1b), 'no ESC byte in the log');
	assert.ok(!raw.includes(0x0d) && !raw.includes(0x07), 'no CR or BEL in the log');
});
