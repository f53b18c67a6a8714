// The directory the console completes names from: every back-office role
// reads it, the front office does not; it lists the departments, the
// active agents of the back office (never a secret, never an inactive one),
// the districts and the themes, as the spec says.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RUN, agent, get, sql, token } from '../lib/api.js';

test('every back-office role reads the directory; the front office may not', async () => {
	for (const role of ['moderator', 'referent', 'instructor', 'admin']) {
		const r = await get('/v1/directory', { token: await token(role), expect: 200 });
		assert.ok(r.body.departments.length > 0, `${role}: departments`);
	}
	const fo = await get('/v1/directory', { token: await token('frontoffice'), expect: 403 });
	assert.equal(fo.body.error.code, 'forbidden');
	await get('/v1/directory', { query: { limit: 3 }, token: await token('instructor'), expect: 400 });
});

test('the directory holds what the database holds, and no secret', async () => {
	const dept = (await sql('select code from departments order by code limit 1'))[0].code;
	await agent(`dir-ref-${RUN}`, 'referent', dept);
	await agent(`dir-gone-${RUN}`, 'instructor');
	await sql('update agents set active = false where login = $1', [`dir-gone-${RUN}`]);
	const r = await get('/v1/directory', { token: await token('instructor'), expect: 200 });
	const d = r.body;

	const depts = await sql('select code, name from departments order by code collate "C"');
	assert.deepEqual(d.departments, depts);
	const districts = await sql('select code, name from districts order by code collate "C"');
	assert.deepEqual(d.districts, districts);
	const themes = await sql('select code, name from themes order by code collate "C"');
	assert.deepEqual(d.themes, themes);

	const mine = d.agents.find((a) => a.login === `dir-ref-${RUN}`);
	assert.deepEqual(mine, { login: `dir-ref-${RUN}`, display_name: `dir-ref-${RUN}`, role: 'referent',
		department: dept });
	assert.equal(d.agents.find((a) => a.login === `dir-gone-${RUN}`), undefined, 'an inactive agent');
	assert.equal(d.agents.find((a) => a.role === 'frontoffice'), undefined, 'the front office');
	const instructor = d.agents.find((a) => a.login === 'instructor');
	assert.equal(instructor.department, null);
	const logins = d.agents.map((a) => a.login);
	assert.deepEqual(logins, [...logins].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
	const text = JSON.stringify(d);
	assert.ok(!/password|token|\$2[aby]\$/.test(text), 'no password hash nor token');
});
