// Bad input: malformed JSON, wrong types, missing fields, unknown or
// repeated query parameters, bodies, strings, nesting and lists larger than
// the server accepts, unknown paths and methods. Each is refused with the
// status of its kind and changes nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { RUN, call, deposit, get, one, post, put, token } from '../lib/api.js';

let mod, ins, fo;
before(async () => {
	[mod, ins, fo] = await Promise.all([token('moderator'), token('instructor'), token('frontoffice')]);
});

test('a body that is not JSON, not an object, or has a key twice is 400 invalid_json', async () => {
	for (const raw of ['{', '{"items": [}', 'null', '[]', '"text"', '42', '{"a": 1} x',
		'{"a": 1, "a": 2}', '{"a": "\\ud800"}', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])]) {
		const r = await call('POST', '/v1/proposals/admissibility', { token: ins, raw, expect: 400 });
		assert.equal(r.body.error.code, 'invalid_json', `body ${raw}`);
	}
});

test('the JSON error says where the body went wrong', async () => {
	const r = await call('POST', '/v1/moderation/decisions', { token: mod, raw: '{"action": hide}', expect: 400 });
	assert.match(r.body.error.message, /byte \d+/);
});

test('missing fields and wrong types are 400 invalid and change nothing', async () => {
	const p = await deposit();
	const cases = [
		['POST', '/v1/proposals/admissibility', { items: [{ id: p.id, version: p.version }] }],
		['POST', '/v1/proposals/admissibility', { decision: 'admissible' }],
		['POST', '/v1/proposals/admissibility', { decision: 'admissible', items: 'all' }],
		['POST', '/v1/proposals/admissibility', { decision: 'admissible', items: [] }],
		['POST', '/v1/proposals/admissibility', { decision: 'admissible', items: [{ id: String(p.id), version: 1 }] }],
		['POST', '/v1/proposals/admissibility', { decision: 'admissible', items: [{ id: -1, version: 1 }] }],
		['POST', '/v1/proposals/admissibility', { decision: 'admissible', items: [{ id: 1.5, version: 1 }] }],
		['POST', '/v1/proposals/admissibility', { decision: 'admissible',
			items: [{ id: p.id, version: p.version }, { id: p.id, version: p.version }] }],
		['POST', '/v1/proposals/admissibility', { decision: 'maybe', items: [{ id: p.id, version: p.version }] }],
		['POST', '/v1/proposals/admissibility', { decision: 'inadmissible', items: [{ id: p.id, version: p.version }] }],
		['POST', '/v1/proposals/selection', { selected: 'yes', items: [{ id: p.id, version: p.version }] }],
		['POST', '/v1/proposals/stages', { stage: 'works', date: '2026-02-30', items: [{ id: p.id, version: p.version }] }],
		['POST', '/v1/proposals/stages', { stage: 'works', date: 20260201, items: [{ id: p.id, version: p.version }] }],
		['PUT', `/v1/proposals/${p.id}/costing`, { version: p.version, opinion: 'favourable', justification: 'ok',
			lines: [{ category: 'investment', label: 'x', amount_cents: '100' }] }],
		['PUT', `/v1/proposals/${p.id}/costing`, { version: p.version, opinion: 'favourable', justification: 'ok',
			lines: [{ category: 'investment', label: 'x', amount_cents: -5 }] }],
		['PUT', `/v1/proposals/${p.id}/costing`, { version: 'one', opinion: 'favourable', justification: 'ok',
			lines: [{ category: 'investment', label: 'x', amount_cents: 5 }] }],
		['POST', '/v1/votes', { edition: '2026', results: [] }],
		['POST', '/v1/templates', { name: 7, body: 'x' }],
		['POST', '/v1/answers/preview', { targets: [{ type: 'citizen', id: 1 }], body: 'x' }],
		['POST', '/v1/answers/preview', { targets: [{ type: 'proposal', id: p.id }], body: 'x', template_id: 1 }],
	];
	for (const [m, path, body] of cases) {
		const r = await call(m, path, { token: ins, body, expect: 400 });
		assert.equal(r.body.error.code, 'invalid', `${m} ${path} ${JSON.stringify(body)}`);
	}
	const bad = [
		['/v1/ingest/proposals', { citizen: 'me', title: 't', body: 'b' }],
		['/v1/ingest/proposals', { citizen: { external_id: 'x' }, title: 't', body: 'b' }],
		['/v1/ingest/proposals', { citizen: { external_id: `x-${RUN}`, display_name: 'X' }, title: '', body: 'b' }],
		['/v1/ingest/proposals', { citizen: { external_id: `x-${RUN}`, display_name: 'X' }, title: 't', body: 'b',
			priority_neighbourhood: 'yes' }],
		['/v1/ingest/comments', { citizen: { external_id: `x-${RUN}`, display_name: 'X' }, proposal_id: p.id }],
		['/v1/ingest/reports', { citizen: { external_id: `x-${RUN}`, display_name: 'X' },
			target: { type: 'proposal', id: p.id }, reason: 'boring' }],
		['/v1/ingest/reports', { citizen: { external_id: `x-${RUN}`, display_name: 'X' },
			target: { type: 'answer', id: 1 }, reason: 'spam' }],
	];
	for (const [path, body] of bad) {
		const r = await call('POST', path, { token: fo, body, expect: 400 });
		assert.equal(r.body.error.code, 'invalid', `${path} ${JSON.stringify(body)}`);
	}
	for (const body of [{ items: [{ id: 1, version: 1 }] }, { action: 'hide', items: [{ id: 1, version: 1 }] },
		{ action: 'block', items: [{ id: 1, version: 1 }], until: 'tomorrow', justification: 'a long enough reason' },
		{ action: 'hide', reason: 'spam', items: [{ type: 'answer', id: 1, version: 1 }] }]) {
		const r = await call('POST', '/v1/moderation/decisions', { token: mod, body, expect: 400 });
		assert.equal(r.body.error.code, 'invalid', JSON.stringify(body));
	}
	const audit = await one(`select count(*)::int as n from audit where target_type = 'proposal'
		and target_id = $1 and action <> 'proposal.deposit'`, [p.id]);
	assert.equal(audit.n, 0, 'no audit row was written');
	const cit = await one('select count(*)::int as n from citizens where external_id = $1', [`x-${RUN}`]);
	assert.equal(cit.n, 0, 'no citizen was made');
	const row = await one('select state, version from proposals where id = $1', [p.id]);
	assert.deepEqual(row, { state: 'submitted', version: p.version });
});

// A missing field makes jsonb_typeof null: the checks must refuse it, not
// let it through (an item without a version would skip the version check).
test('a bulk item without a version is 400 invalid and changes nothing', async () => {
	const p = await deposit();
	const r = await post('/v1/proposals/admissibility', { decision: 'admissible', items: [{ id: p.id }] },
		{ token: ins });
	const row = await one('select state, version from proposals where id = $1', [p.id]);
	assert.deepEqual(row, { state: 'submitted', version: p.version });
	assert.equal(r.status, 400);
});

test('a vote result without its online count is 400 invalid', async () => {
	const { year } = await one('select max(year) as year from editions where closed_at is null');
	const r = await post('/v1/votes', { edition: year, results: [{ id: 1, paper: 1 }] }, { token: ins, validate: false });
	assert.equal(r.status, 400);
});

test('an answer target without an id is 400 invalid', async () => {
	const r = await post('/v1/answers/preview', { body: 'x', targets: [{ type: 'proposal' }] },
		{ token: ins, validate: false });
	assert.equal(r.status, 400);
});

test('unknown codes are 400 with a code of their own', async () => {
	const cit = { external_id: `u-${RUN}`, display_name: 'U' };
	let r = await post('/v1/ingest/proposals', { citizen: cit, title: 't', body: 'b', district: 'nowhere' },
		{ token: fo, expect: 400 });
	assert.equal(r.body.error.code, 'unknown_district');
	r = await post('/v1/ingest/proposals', { citizen: cit, title: 't', body: 'b', theme: 'nothing' },
		{ token: fo, expect: 400 });
	assert.equal(r.body.error.code, 'unknown_theme');
	r = await post('/v1/ingest/proposals', { citizen: cit, title: 't', body: 'b', edition: 2001 },
		{ token: fo, expect: 400 });
	assert.equal(r.body.error.code, 'unknown_edition');
	r = await get('/v1/proposals', { token: ins, query: { department: 'NOPE' }, expect: 400 });
	assert.equal(r.body.error.code, 'unknown_department');
});

test('unknown, repeated and mistyped query parameters are 400', async () => {
	const cases = [
		['/v1/proposals', 'colour=red'],
		['/v1/proposals', 'limit=10&limit=20'],
		['/v1/proposals', 'limit=ten'],
		['/v1/proposals', 'limit=0'],
		['/v1/proposals', 'limit=1001'],
		['/v1/proposals', 'edition=2026.5'],
		['/v1/proposals', 'needs_answer=maybe'],
		['/v1/proposals', 'state=dreaming'],
		['/v1/proposals', 'sort=random'],
		['/v1/proposals', 'cursor=!!!'],
		['/v1/proposals', 'cursor=eyJ4IjoxfQ'],
		['/v1/me', 'verbose=1'],
		['/v1/proposals/1', 'fields=all'],
		['/v1/templates', 'limit=5'],
		['/v1/audit', 'since=not-a-date'],
		['/v1/audit', 'batch_id=42'],
		['/v1/audit', 'target_id=x'],
		['/v1/stats', 'edition=next'],
		['/v1/moderation/queue', 'hidden=yes'],
		['/v1/moderation/queue', 'sort=loudest'],
		['/v1/moderation/queue', 'min_reports=0'],
		['/v1/moderation/queue', 'type=answer'],
	];
	const tokens = { '/v1/moderation/queue': mod };
	for (const [path, q] of cases) {
		const r = await call('GET', `${path}?${q}`, { token: tokens[path] ?? ins });
		assert.equal(r.status, 400, `GET ${path}?${q}: ${r.status} ${JSON.stringify(r.body)}`);
		assert.match(r.body.error.code, /^invalid/);
	}
	const r = await call('GET', '/v1/proposals?colour=red', { token: ins });
	assert.match(r.body.error.message, /colour/);
});

test('the events stream refuses unknown query parameters too', async () => {
	const r = await call('GET', '/v1/events?since=0', { token: mod, expect: 400 });
	assert.equal(r.body.error.code, 'invalid');
});

test('a body over 1 MiB is 413 too_large', async () => {
	const big = JSON.stringify({ decision: 'admissible', items: [], pad: 'x'.repeat(1024 * 1024) });
	const r = await call('POST', '/v1/proposals/admissibility', { token: ins, raw: big, expect: 413 });
	assert.equal(r.body.error.code, 'too_large');
	// just under the limit is read (and judged on its content)
	const fits = JSON.stringify({ decision: 'admissible', items: [], pad: 'x'.repeat(200 * 1024) });
	const ok = await call('POST', '/v1/proposals/admissibility', { token: ins, raw: fits, expect: 400 });
	assert.equal(ok.body.error.code, 'invalid');
});

test('a list of more than 10,000 items is 413 too_many_items', async () => {
	const items = Array.from({ length: 10001 }, (_, i) => ({ id: i + 1, version: 1 }));
	for (const [path, body, tok] of [
		['/v1/proposals/admissibility', { decision: 'admissible', items }, ins],
		['/v1/proposals/selection', { selected: true, items }, ins],
		['/v1/moderation/decisions', { action: 'dismiss', items }, mod],
		['/v1/votes', { edition: 2026, results: items.map(({ id }) => ({ id, online: 1, paper: 0 })) }, ins],
		['/v1/answers/preview', { body: 'x', targets: items.map(({ id }) => ({ type: 'proposal', id })) }, ins],
	]) {
		const r = await post(path, body, { token: tok });
		assert.equal(r.status, 413, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
		assert.match(r.body.error.code, /^too_/);
	}
});

test('deep nesting, long strings and long query values are 413', async () => {
	const deep = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
	let r = await call('POST', '/v1/proposals/merge', { token: ins, raw: deep, expect: 413 });
	assert.equal(r.body.error.code, 'too_large');
	const deepArray = `{"items": ${'['.repeat(1000)}${']'.repeat(1000)}}`;
	r = await call('POST', '/v1/proposals/merge', { token: ins, raw: deepArray, expect: 413 });
	const longString = JSON.stringify({ name: 't', body: 'é'.repeat(140 * 1024) });
	r = await call('POST', '/v1/templates', { token: ins, raw: longString, expect: 413 });
	r = await call('GET', `/v1/proposals?q=${'a'.repeat(1001)}`, { token: ins, expect: 413 });
	assert.equal(r.body.error.code, 'too_large');
	// nesting within the bound is read
	const fine = '{"target":' + '{"a":'.repeat(20) + '1' + '}'.repeat(20) + '}';
	r = await call('POST', '/v1/proposals/merge', { token: ins, raw: fine, expect: 400 });
});

test('unknown paths are 404, known paths with another method 405, bad ids 404', async () => {
	for (const path of ['/', '/v1', '/v2/me', '/v1/me/', '/v1/proposals/0', '/v1/proposals/007',
		'/v1/proposals/abc', '/v1/proposals/1234567890123456789', '/v1/proposals/-1',
		'/v1/proposals/1/costing/x']) {
		const r = await call('GET', path, { token: ins, expect: 404 });
		assert.equal(r.body.error.code, 'not_found', path);
	}
	// a NUL does not cut the path short: "/v1/me%00x" is not "/v1/me"
	for (const path of ['/v1/me%00', '/v1/me%00x', '/v1/proposals/1%00junk', '/v1/templates%00/1'])
		await call('GET', path, { token: ins, expect: 404 });
	const r = await call('PATCH', '/v1/me', { token: ins, expect: 405 });
	assert.equal(r.body.error.code, 'method_not_allowed');
	await call('GET', '/v1/proposals/merge', { token: ins, expect: 405 });
	await call('DELETE', '/v1/proposals', { token: ins, expect: 405 });
	// a proposal that does not exist
	await call('GET', '/v1/proposals/999999999', { token: ins, expect: 404 });
});

test('a malformed Idempotency-Key header is 400', async () => {
	for (const key of ['', 'a key with spaces', 'k'.repeat(201)]) {
		const r = await post('/v1/proposals/admissibility', { decision: 'admissible', items: [{ id: 1, version: 1 }] },
			{ token: ins, headers: { 'Idempotency-Key': key } });
		assert.equal(r.status, 400, `key '${key.slice(0, 20)}': ${r.status}`);
	}
});

test('a version that is not the current one is 409 with who, when and the version', async () => {
	const p = await deposit();
	const r = await put(`/v1/proposals/${p.id}/costing`, { version: p.version + 5, opinion: 'favourable',
		justification: 'ok', lines: [{ category: 'investment', label: 'x', amount_cents: 1 }] },
	{ token: ins, expect: 409 });
	assert.equal(r.body.error.code, 'conflict');
	assert.equal(r.body.error.details.version, p.version);
});
