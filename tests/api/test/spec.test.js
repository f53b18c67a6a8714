// docs/openapi.yaml is a valid OpenAPI 3.1 document and describes exactly
// the routes of server/routes.c: methods, paths, roles, query parameters
// and the status of success.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Validator } from '@seriousme/openapi-schema-validator';

import { operations, spec, specPath } from '../lib/api.js';

const ROLE_SETS = {
	BACKOFFICE: ['moderator', 'referent', 'instructor'],
	INSTRUCTION: ['referent', 'instructor'],
	INSTRUCTORS: ['instructor'],
	MODERATORS: ['moderator'],
	FRONTOFFICE: ['frontoffice'],
	ADMINS: [],
	EVERYONE: ['moderator', 'referent', 'instructor', 'frontoffice'],
};

// The route table as server/routes.c writes it.
function serverRoutes() {
	const src = readFileSync(new URL('../../../server/routes.c', import.meta.url), 'utf8');
	const page = / PAGE/g;
	const re = /\{ "(GET|POST|PUT|DELETE)", "([^"]+)", (?:NULL|"\w+"), (\w+), (ARGS_\w+),\s*((?:"[^"]*"\s*(?:PAGE\s*)?)+|NULL|PAGE), (\d+) \}/g;
	const routes = [];
	for (const m of src.matchAll(re)) {
		const query = m[5] === 'NULL' ? [] : m[5].replace(page, ' "cursor:s limit:i"')
			.match(/"[^"]*"/g).join(' ').replaceAll('"', '').split(/\s+/).filter(Boolean)
			.map((p) => p.split(':')[0]);
		routes.push({
			method: m[1], path: m[2], roles: m[3] === 'NULL' ? null : ROLE_SETS[m[3]],
			query: query.sort(), ok: m[6],
		});
	}
	return routes;
}

test('the spec is a valid OpenAPI 3.1 document', async () => {
	const v = new Validator();
	const res = await v.validate(readFileSync(specPath, 'utf8'));
	assert.equal(res.valid, true, JSON.stringify(res.errors, null, 2));
	assert.equal(v.version, '3.1');
});

test('the spec has every route of the server and no other', () => {
	const routes = serverRoutes();
	assert.ok(routes.length >= 30, `read only ${routes.length} routes from server/routes.c`);
	const inSpec = operations.map((o) => `${o.method} ${o.path}`).sort();
	const inServer = routes.map((r) => `${r.method} ${r.path}`).sort();
	assert.deepEqual(inSpec, inServer);
});

test('each operation has the roles, query parameters and success status of its route', () => {
	for (const r of serverRoutes()) {
		const o = operations.find((x) => x.method === r.method && x.path === r.path);
		const name = `${r.method} ${r.path}`;
		if (r.roles === null) {
			assert.deepEqual(o.op.security, [], `${name} needs no token`);
		} else {
			assert.equal(o.op.security, undefined, `${name} uses the default bearer security`);
			assert.deepEqual([...o.op['x-roles']].sort(), [...r.roles].sort(), `${name} x-roles`);
		}
		const params = (o.op.parameters ?? []).map((p) => (p.$ref
			? spec.components.parameters[p.$ref.split('/').pop()] : p));
		const query = params.filter((p) => p.in === 'query').map((p) => p.name).sort();
		assert.deepEqual(query, r.query, `${name} query parameters`);
		const success = Object.keys(o.op.responses).filter((s) => s < '300');
		assert.deepEqual(success, [r.ok], `${name} success status`);
		// the conventions: every route says what its callers can get
		for (const s of ['400', '503'])
			assert.ok(o.op.responses[s], `${name} lists ${s}`);
		if (r.roles !== null)
			assert.ok(o.op.responses['401'], `${name} lists 401`);
		if (r.roles !== null && r.roles.length < 4)
			assert.ok(o.op.responses['403'], `${name} lists 403`);
		if (o.op.requestBody || query.length > 0)
			assert.ok(o.op.responses['413'], `${name} lists 413`);
	}
});

test('the spec uses bearer security and names the error statuses of the conventions', () => {
	assert.deepEqual(spec.components.securitySchemes.bearer, {
		type: 'http', scheme: 'bearer', description: spec.components.securitySchemes.bearer.description,
	});
	assert.deepEqual(spec.security, [{ bearer: [] }]);
	const statuses = new Set(operations.flatMap((o) => Object.keys(o.op.responses)));
	for (const s of ['400', '401', '403', '404', '409', '413', '422', '429', '503'])
		assert.ok(statuses.has(s), `no operation lists ${s}`);
	const events = operations.find((o) => o.path === '/v1/events');
	assert.ok(events.op.responses['200'].content['text/event-stream']);
});
