// A retried write with the same Idempotency-Key applies once and returns
// the first answer, even when the retry races the first request.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';

import { RUN, citizen, comment, deposit, district, get, one, post, sql, token } from '../lib/api.js';

const D = await district(`i-${RUN}`);
let mod, fo, ins;

before(async () => {
	[mod, fo, ins] = await Promise.all([token('moderator'), token('frontoffice'), token('instructor')]);
});

async function reported(n) {
	const p = await deposit({ district: D });
	const items = [];
	for (let i = 0; i < n; i++) {
		const c = await comment(p.id);
		await post('/v1/ingest/reports', { citizen: citizen(`ir${i}`), target: { type: 'comment', id: c.id },
			reason: 'spam' }, { token: fo, expect: 201 });
		items.push({ type: 'comment', id: c.id, version: c.version });
	}
	return items;
}

test('a moderation decision retried with the same key applies once and answers the same', async () => {
	const items = await reported(3);
	const key = randomUUID();
	const body = { action: 'hide', reason: 'spam', items };
	const first = await post('/v1/moderation/decisions', body, { token: mod, headers: { 'Idempotency-Key': key }, expect: 200 });
	assert.equal(first.body.counts.ok, 3);
	const second = await post('/v1/moderation/decisions', body, { token: mod, headers: { 'Idempotency-Key': key }, expect: 200 });
	assert.deepEqual(second.body, first.body, 'the first answer, batch_id included');
	// without the key, the same request is judged anew: the versions moved on
	const third = await post('/v1/moderation/decisions', body, { token: mod, expect: 200 });
	assert.deepEqual(third.body.results.map((r) => r.status), ['conflict', 'conflict', 'conflict']);

	const ids = items.map((i) => i.id);
	const rows = await sql('select version from comments where id = any($1)', [ids]);
	assert.ok(rows.every((r) => r.version === items[0].version + 1), 'one version step each');
	const audit = await one(`select count(*)::int as n, count(distinct batch_id)::int as batches from audit
		where action = 'moderation.hide' and target_type = 'comment' and target_id = any($1)`, [ids]);
	assert.deepEqual(audit, { n: 3, batches: 1 });
	const outbox = await one(`select count(*)::int as n from outbox where kind = 'hide'
		and target_type = 'comment' and target_id = any($1)`, [ids]);
	assert.equal(outbox.n, 3, 'the authors are told once');
});

test('two requests with the same key at the same time apply once', async () => {
	const items = await reported(4);
	const key = `race-${RUN}`;
	const body = { action: 'hide', reason: 'spam', items };
	const answers = await Promise.all([1, 2, 3].map(() => post('/v1/moderation/decisions', body,
		{ token: mod, headers: { 'Idempotency-Key': key }, expect: 200 })));
	assert.deepEqual(answers[1].body, answers[0].body);
	assert.deepEqual(answers[2].body, answers[0].body);
	assert.equal(answers[0].body.counts.ok, 4);
	const audit = await one(`select count(*)::int as n from audit where action = 'moderation.hide'
		and target_id = any($1)`, [items.map((i) => i.id)]);
	assert.equal(audit.n, 4);
});

test('the same key with another request is 422 idempotency_mismatch', async () => {
	const items = await reported(2);
	const key = randomUUID();
	await post('/v1/moderation/decisions', { action: 'hide', reason: 'spam', items: [items[0]] },
		{ token: mod, headers: { 'Idempotency-Key': key }, expect: 200 });
	const r = await post('/v1/moderation/decisions', { action: 'hide', reason: 'spam', items: [items[1]] },
		{ token: mod, headers: { 'Idempotency-Key': key }, expect: 422 });
	assert.equal(r.body.error.code, 'idempotency_mismatch');
	const row = await one('select hidden from comments where id = $1', [items[1].id]);
	assert.equal(row.hidden, false, 'the second request did nothing');
});

test('a retried deposit gives the same proposal, deposited once', async () => {
	const key = `shared-${RUN}`;
	const a = await post('/v1/ingest/proposals', { citizen: citizen('k1'), title: 'Un banc', body: 'Un banc.',
		district: D }, { token: fo, headers: { 'Idempotency-Key': key }, expect: 201 });
	const b = await post('/v1/ingest/proposals', { citizen: citizen('k1'), title: 'Un banc', body: 'Un banc.',
		district: D }, { token: fo, headers: { 'Idempotency-Key': key }, expect: 201 });
	assert.deepEqual(b.body, a.body, 'a retried deposit gives the same proposal');
	const n = await one('select count(*)::int as n from proposals where title = $1 and author_id = $2',
		['Un banc', a.body.citizen_id]);
	assert.equal(n.n, 1, 'deposited once');
	// the header and the field are the same key
	const c = await post('/v1/ingest/proposals', { citizen: citizen('k1'), title: 'Un banc', body: 'Un banc.',
		district: D, idempotency_key: key }, { token: fo, expect: 201 });
	assert.deepEqual(c.body, a.body);
});

test('sending answers requires a key, and a resend sends nothing', async () => {
	const p = await deposit({ district: D });
	const body = { targets: [{ type: 'proposal', id: p.id }], body: 'Bonjour {{citizen_name}}, merci.' };
	const none = await post('/v1/answers', body, { token: ins, expect: 400 });
	assert.match(none.body.error.message, /idempotency_key/);
	const key = randomUUID();
	const a = await post('/v1/answers', body, { token: ins, headers: { 'Idempotency-Key': key }, expect: 201 });
	const b = await post('/v1/answers', body, { token: ins, headers: { 'Idempotency-Key': key }, expect: 201 });
	assert.deepEqual(b.body, a.body);
	const sent = await one(`select count(*)::int as answers,
		(select count(*)::int from outbox where kind = 'answer' and target_type = 'proposal' and target_id = $1) as outbox
		from answers where target_type = 'proposal' and target_id = $1`, [p.id]);
	assert.deepEqual(sent, { answers: 1, outbox: 1 });
	const detail = await get(`/v1/proposals/${p.id}`, { token: ins, expect: 200 });
	assert.equal(detail.body.answers.length, 1);
	assert.match(detail.body.answers[0].body, /^Bonjour Citoyen /);
});
