// Moderation through the API: reports come in from the front office, the
// queue shows them, moderators decide in bulk; a colleague who decided an
// item first makes that item a conflict and the others still apply.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { RUN, agent, citizen, comment, deposit, district, get, one, post, sql, token } from '../lib/api.js';

const D = await district(`m-${RUN}`);
let mod, mod2, fo, admin;

before(async () => {
	[mod, fo, admin] = await Promise.all([token('moderator'), token('frontoffice'), token('admin')]);
	mod2 = await agent(`mod2-${RUN}`, 'moderator');
});

async function report(target, n, reason = 'spam') {
	return post('/v1/ingest/reports', { citizen: citizen(`r${n}`), target, reason, details: 'pub' },
		{ token: fo, expect: 201 });
}

async function queue(query = {}) {
	return (await get('/v1/moderation/queue', { token: mod, query: { district: D, ...query }, expect: 200 })).body;
}

test('reports show in the queue, and the threshold hides a target pending review', async () => {
	const p = await deposit({ district: D });
	const c = await comment(p.id, { body: 'Achetez des montres sur example.invalid' });
	const target = { type: 'comment', id: c.id };
	const r1 = await report(target, 1);
	assert.deepEqual([r1.body.open_reports, r1.body.auto_hidden], [1, false]);
	await report(target, 2, 'offensive');
	const r3 = await report(target, 3);
	assert.deepEqual([r3.body.open_reports, r3.body.auto_hidden], [3, true]);
	const again = await post('/v1/ingest/reports', { citizen: citizen('r1'), target, reason: 'spam' },
		{ token: fo, expect: 409 });
	assert.equal(again.body.error.code, 'already_reported');
	await post('/v1/ingest/reports', { citizen: citizen('r9'), target: { type: 'comment', id: 999999999 },
		reason: 'spam' }, { token: fo, expect: 404 });

	const q = await queue({ type: 'comment' });
	const row = q.items.find((i) => i.target.id === c.id);
	assert.ok(row, 'the reported comment is in the queue');
	assert.equal(row.open_reports, 3);
	assert.deepEqual(row.reasons, { spam: 2, offensive: 1 });
	assert.equal(row.main_reason, 'spam');
	assert.equal(row.hidden, true);
	assert.equal(row.hidden_auto, true);
	assert.equal(row.proposal_id, p.id);
	assert.match(row.excerpt, /montres/);
	const db = await one('select hidden, hidden_auto, version from comments where id = $1', [c.id]);
	assert.deepEqual(db, { hidden: true, hidden_auto: true, version: row.version });
	// filters
	assert.ok((await queue({ hidden: 'false' })).items.every((i) => !i.hidden));
	assert.ok((await queue({ reason: 'offensive' })).items.some((i) => i.target.id === c.id));
	assert.ok(!(await queue({ min_reports: 4 })).items.some((i) => i.target.id === c.id));
	assert.ok(!(await queue({ type: 'proposal' })).items.some((i) => i.target.id === c.id));

	// dismissing the reports brings it back and empties its queue row
	const d = await post('/v1/moderation/decisions', { action: 'dismiss',
		items: [{ type: 'comment', id: c.id, version: row.version }] }, { token: mod, expect: 200 });
	assert.equal(d.body.results[0].status, 'ok');
	const after = await one(`select c.hidden, (select count(*)::int from reports r where r.target_type = 'comment'
		and r.target_id = c.id and r.status = 'dismissed') as dismissed from comments c where c.id = $1`, [c.id]);
	assert.deepEqual(after, { hidden: false, dismissed: 3 });
	assert.ok(!(await queue()).items.some((i) => i.target.id === c.id));
});

test('a bulk hide with one item decided first by a colleague: per-item results, the others applied', async () => {
	const p = await deposit({ district: D });
	const comments = [];
	for (let i = 0; i < 7; i++)
		comments.push(await comment(p.id));
	for (const [i, c] of comments.entries())
		await report({ type: 'comment', id: c.id }, 100 + i, 'offensive');
	const ids = new Set(comments.map((c) => c.id));
	const rows = (await queue({ type: 'comment', limit: 1000 })).items.filter((i) => ids.has(i.target.id));
	assert.equal(rows.length, 7);
	// the moderator's view, in the order they tagged the items
	const items = comments.map((c) => {
		const row = rows.find((r) => r.target.id === c.id);
		return { type: 'comment', id: c.id, version: row.version };
	});

	// a colleague hides the middle one first
	const middle = items[3];
	const first = await post('/v1/moderation/decisions', { action: 'hide', reason: 'insulte',
		items: [middle] }, { token: mod2, expect: 200 });
	assert.equal(first.body.results[0].status, 'ok');

	const r = await post('/v1/moderation/decisions', { action: 'hide', reason: 'propos injurieux',
		note: 'lot du matin', items }, { token: mod, expect: 200 });
	assert.deepEqual(r.body.results.map((x) => x.id), items.map((x) => x.id), 'results in request order');
	assert.deepEqual(r.body.results.map((x) => x.status), ['ok', 'ok', 'ok', 'conflict', 'ok', 'ok', 'ok']);
	assert.deepEqual(r.body.counts, { ok: 6, conflict: 1, forbidden: 0, invalid: 0 });
	const conflict = r.body.results[3];
	assert.equal(conflict.by.login, `mod2-${RUN}`, 'the conflict names who decided first');
	assert.equal(conflict.version, middle.version + 1, 'and the current version');
	assert.ok(Date.now() - Date.parse(conflict.at) < 60e3);
	for (const [i, x] of r.body.results.entries())
		if (x.status === 'ok')
			assert.equal(x.version, items[i].version + 1);

	// the database: all hidden, the middle one by the colleague with their reason
	const db = await sql(`select c.id, c.hidden, c.hidden_reason, a.login, c.version
		from comments c join agents a on a.id = c.moderated_by where c.id = any($1) order by c.id`,
	[[...ids]]);
	for (const row of db) {
		assert.equal(row.hidden, true);
		if (row.id === middle.id)
			assert.deepEqual([row.login, row.hidden_reason, row.version], [`mod2-${RUN}`, 'insulte', middle.version + 1]);
		else
			assert.deepEqual([row.login, row.hidden_reason], ['moderator', 'propos injurieux']);
	}
	const audit = await one(`select count(*)::int as n, count(distinct target_id)::int as targets
		from audit where batch_id = $1 and action = 'moderation.hide'`, [r.body.batch_id]);
	assert.deepEqual(audit, { n: 6, targets: 6 });
	const reports = await one(`select count(*) filter (where status = 'upheld')::int as upheld,
		count(*) filter (where status = 'open')::int as open
		from reports where target_type = 'comment' and target_id = any($1)`, [[...ids]]);
	assert.deepEqual(reports, { upheld: 7, open: 0 });
	const outbox = await one(`select count(*)::int as n from outbox where kind = 'hide'
		and target_type = 'comment' and target_id = any($1)`, [[...ids]]);
	assert.equal(outbox.n, 7, 'each author is told once');
	// the audit log as the moderator reads it
	const log = await get('/v1/audit', { token: mod, query: { batch_id: r.body.batch_id }, expect: 200 });
	assert.equal(log.body.items.length, 6);
	assert.ok(log.body.items.every((a) => a.action === 'moderation.hide' && a.after.hidden === true));
});

test('escalated content is for admins: a moderator gets forbidden', async () => {
	const p = await deposit({ district: D });
	const c = await comment(p.id);
	await report({ type: 'comment', id: c.id }, 200, 'personal_data');
	let row = (await queue()).items.find((i) => i.target.id === c.id);
	const e = await post('/v1/moderation/decisions', { action: 'escalate',
		items: [{ id: c.id, version: row.version }] }, { token: mod, expect: 200 });
	assert.equal(e.body.results[0].status, 'ok');
	row = (await queue({ escalated: 'true' })).items.find((i) => i.target.id === c.id);
	assert.equal(row.escalated, true);
	const f = await post('/v1/moderation/decisions', { action: 'hide', reason: 'données personnelles',
		items: [{ id: c.id, version: row.version }] }, { token: mod, expect: 200 });
	assert.equal(f.body.results[0].status, 'forbidden');
	const a = await post('/v1/moderation/decisions', { action: 'hide', reason: 'données personnelles',
		items: [{ id: c.id, version: row.version }] }, { token: admin, expect: 200 });
	assert.equal(a.body.results[0].status, 'ok');
	const db = await one('select hidden, escalated_at from comments where id = $1', [c.id]);
	assert.deepEqual(db, { hidden: true, escalated_at: null });
});

test('blocking an author: the citizen is blocked and the front office refuses them', async () => {
	const p = await deposit({ district: D });
	const c = await comment(p.id, { citizen: citizen('troll') });
	await report({ type: 'comment', id: c.id }, 300);
	const row = (await queue()).items.find((i) => i.target.id === c.id);
	const until = new Date(Date.now() + 7 * 86400e3).toISOString();
	const r = await post('/v1/moderation/decisions', { action: 'block', until, hide_all: true,
		justification: 'insultes répétées envers les autres participants',
		items: [{ id: c.id, version: row.version }] }, { token: mod, expect: 200 });
	assert.equal(r.body.results[0].status, 'ok');
	const cit = await one('select blocked_until > now() as blocked from citizens where external_id = $1',
		[citizen('troll').external_id]);
	assert.equal(cit.blocked, true);
	const refused = await post('/v1/ingest/comments', { citizen: citizen('troll'), proposal_id: p.id, body: 'encore' },
		{ token: fo, expect: 403 });
	assert.equal(refused.body.error.code, 'citizen_blocked');
	const short = await post('/v1/moderation/decisions', { action: 'block', until, justification: 'court',
		items: [{ id: c.id, version: row.version + 1 }] }, { token: mod, expect: 400 });
	assert.equal(short.body.error.code, 'invalid');
});

test('an item that does not exist is invalid, the others apply', async () => {
	const p = await deposit({ district: D });
	const c = await comment(p.id);
	await report({ type: 'comment', id: c.id }, 400);
	const row = (await queue()).items.find((i) => i.target.id === c.id);
	const r = await post('/v1/moderation/decisions', { action: 'hide', reason: 'spam', items: [
		{ type: 'comment', id: 999999999, version: 1 },
		{ type: 'comment', id: c.id, version: row.version },
	] }, { token: mod, expect: 200 });
	assert.deepEqual(r.body.results.map((x) => x.status), ['invalid', 'ok']);
	assert.match(r.body.results[0].message, /no such comment/);
});

test('the history of an author: block, hidden counts, last hidden items', async () => {
	const p = await deposit({ district: D });
	const who = citizen(`hist-${RUN}`);
	const fo2 = await token('frontoffice');
	const mk = async (body) => (await post('/v1/ingest/comments', { citizen: who, proposal_id: p.id, body },
		{ token: fo2, expect: 201 })).body;
	const [c1, c2, c3] = [await mk('Achetez des montres'), await mk('Encore des montres'), await mk('Un avis correct')];
	for (const [c, n] of [[c1, 1], [c2, 2], [c3, 3]])
		await report({ type: 'comment', id: c.id }, `h${n}`);
	const row = (await queue({ type: 'comment' })).items.find((i) => i.target.id === c1.id);
	const author = row.author.id;
	await post('/v1/moderation/decisions', { action: 'hide', reason: 'spam',
		items: [{ type: 'comment', id: c1.id, version: c1.version }] }, { token: mod, expect: 200 });
	await post('/v1/moderation/decisions', { action: 'block', until: '2100-01-01T00:00:00Z',
		justification: 'Publicité répétée pour des montres',
		items: [{ type: 'comment', id: c2.id, version: c2.version }] }, { token: mod, expect: 200 });

	const h = (await get(`/v1/moderation/authors/${author}`, { token: mod, expect: 200 })).body;
	assert.equal(h.citizen.id, author);
	assert.equal(h.citizen.display_name, who.display_name);
	assert.equal(Date.parse(h.citizen.blocked_until), Date.parse('2100-01-01T00:00:00Z'));
	assert.equal(h.citizen.block_reason, 'Publicité répétée pour des montres');
	assert.deepEqual(h.hidden, { comments: 1, proposals: 0 });
	assert.equal(h.open_reports, 1, 'the decisions closed the reports of c1 and c2, not those of c3');
	assert.deepEqual(h.items.map((i) => [i.type, i.id, i.hidden_reason, i.excerpt]),
		[['comment', c1.id, 'spam', 'Achetez des montres']]);
	assert.ok(h.items[0].moderated_at);

	await get(`/v1/moderation/authors/${author}`, { token: await token('instructor'), expect: 403 });
	await get('/v1/moderation/authors/987654321', { token: mod, expect: 404 });
});
