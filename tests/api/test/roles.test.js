// The route/role matrix: every route, called by every role and without a
// token. The table below is the policy, written out; admins pass
// everywhere. A right role may still get 400/404/422 for the empty request
// sent here, never 401 or 403.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ROLES, call, login, openEvents, operations, token } from '../lib/api.js';

const M = 'moderator', R = 'referent', I = 'instructor', F = 'frontoffice';
const MATRIX = [
	['DELETE', '/v1/sessions/current', [M, R, I, F]],
	['GET', '/v1/me', [M, R, I, F]],
	['POST', '/v1/ingest/proposals', [F]],
	['POST', '/v1/ingest/comments', [F]],
	['POST', '/v1/ingest/reports', [F]],
	['GET', '/v1/moderation/queue', [M]],
	['POST', '/v1/moderation/decisions', [M]],
	['GET', '/v1/moderation/authors/{id}', [M]],
	['GET', '/v1/proposals', [M, R, I]],
	['GET', '/v1/proposals/{id}', [M, R, I]],
	['POST', '/v1/proposals/admissibility', [R, I]],
	['POST', '/v1/proposals/assignment', [I]],
	['PUT', '/v1/proposals/{id}/costing', [R, I]],
	['POST', '/v1/proposals/merge', [I]],
	['POST', '/v1/proposals/{id}/unmerge', [I]],
	['POST', '/v1/proposals/selection', [I]],
	['POST', '/v1/proposals/stages', [I]],
	['POST', '/v1/votes', [I]],
	['POST', '/v1/editions/{edition}/winners', [I]],
	['POST', '/v1/editions/{edition}/close', []],
	['GET', '/v1/envelopes', [R, I]],
	['GET', '/v1/directory', [M, R, I]],
	['GET', '/v1/templates', [I]],
	['GET', '/v1/templates/{id}', [I]],
	['POST', '/v1/templates', [I]],
	['PUT', '/v1/templates/{id}', [I]],
	['DELETE', '/v1/templates/{id}', [I]],
	['POST', '/v1/answers/preview', [I]],
	['POST', '/v1/answers', [I]],
	['GET', '/v1/answers/needed', [I]],
	['GET', '/v1/audit', [M, R, I]],
	['GET', '/v1/stats', [M, R, I]],
	['GET', '/v1/overview', [M, R, I]],
	['GET', '/v1/events', [M, R, I]],
];

// Ids that name nothing: an allowed call changes nothing.
function concrete(path) {
	return path.replace('{id}', '987654321').replace('{edition}', '2001');
}

async function request(method, path, tok) {
	const url = concrete(path);
	if (path === '/v1/events') {
		const s = await openEvents(tok);
		s.close();
		if (s.status !== 200)
			return { status: s.status, body: s.body };
		return { status: 200 };
	}
	const hasBody = method === 'POST' || method === 'PUT';
	return call(method, url, { token: tok, body: hasBody ? {} : undefined });
}

test('the matrix covers every route of the spec but login', () => {
	const listed = MATRIX.map(([m, p]) => `${m} ${p}`).sort();
	const all = operations.filter((o) => o.path !== '/v1/sessions').map((o) => `${o.method} ${o.path}`).sort();
	assert.deepEqual(listed, all);
	for (const [m, p, roles] of MATRIX) {
		const o = operations.find((x) => x.method === m && x.path === p);
		assert.deepEqual([...o.op['x-roles']].sort(), [...roles].sort(), `x-roles of ${m} ${p}`);
	}
});

test('without a token every route but login is 401', async () => {
	await Promise.all(MATRIX.map(async ([m, p]) => {
		const r = await request(m, p, undefined);
		assert.equal(r.status, 401, `${m} ${p} without a token: ${JSON.stringify(r.body)}`);
		assert.equal(r.body.error.code, 'unauthenticated');
	}));
});

test('login needs no token', async () => {
	const r = await call('POST', '/v1/sessions', { body: { login: 'nobody', password: 'x' } });
	assert.equal(r.status, 401);
	assert.equal(r.body.error.code, 'bad_credentials');
});

for (const role of ROLES) {
	test(`the routes of ${role}: 403 for the others, never 401 or 403 for its own`, async () => {
		const tok = await token(role);
		await Promise.all(MATRIX.map(async ([m, p, roles]) => {
			const allowed = role === 'admin' || roles.includes(role);
			// logging out would end the shared token: a token of its own
			const t = p === '/v1/sessions/current' && allowed ? await login(role) : tok;
			const r = await request(m, p, t);
			if (allowed) {
				assert.ok(r.status !== 401 && r.status !== 403,
					`${role} ${m} ${p} is allowed but got ${r.status} ${JSON.stringify(r.body)}`);
				assert.ok(r.status < 500, `${role} ${m} ${p}: ${r.status} ${JSON.stringify(r.body)}`);
			} else {
				assert.equal(r.status, 403, `${role} ${m} ${p} is not allowed but got ${r.status}`);
				assert.equal(r.body.error.code, 'forbidden');
				assert.match(r.body.error.message, new RegExp(role));
			}
		}));
	});
}
