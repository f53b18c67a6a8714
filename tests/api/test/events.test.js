// Server-Sent Events: a change made through the API reaches a connected
// console within a second; a console that reconnects with Last-Event-ID
// gets exactly the events it missed, in order.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { RUN, citizen, comment, deposit, district, openEvents, post, schemaErrors, sql, token } from '../lib/api.js';

const D = await district(`e-${RUN}`);
let mod, fo;

before(async () => {
	[mod, fo] = await Promise.all([token('moderator'), token('frontoffice')]);
});

function checkEvent(ev) {
	assert.equal(ev.event, ev.data.type, 'the SSE event name is the type');
	assert.equal(Number(ev.id), ev.data.id, 'the SSE id is the event id');
	assert.equal(schemaErrors('#/components/schemas/Event', ev.data), null);
}

test('an event arrives within a second of a change made through the API', async () => {
	const s = await openEvents(mod);
	try {
		assert.equal(s.status, 200);
		assert.match(s.headers.get('content-type'), /^text\/event-stream/);
		assert.ok(await s.waitComment('connected'), 'the stream opens with a comment');
		const p = await deposit({ district: D });
		const t0 = Date.now();
		const ev = await s.next((e) => e.event === 'proposal.new' && e.data.payload.id === p.id, 1000);
		assert.ok(ev, `no proposal.new for ${p.id} within a second`);
		assert.ok(Date.now() - t0 < 1000);
		checkEvent(ev);
		assert.equal(ev.data.payload.district, D);

		const c = await comment(p.id);
		const t1 = Date.now();
		await post('/v1/ingest/reports', { citizen: citizen('sse'), target: { type: 'comment', id: c.id },
			reason: 'off_topic' }, { token: fo, expect: 201 });
		const r = await s.next((e) => e.event === 'report.new' && e.data.payload.target.id === c.id, 1000);
		assert.ok(r, 'a new report reaches the moderators');
		assert.ok(Date.now() - t1 < 1000);
		checkEvent(r);
		const ids = s.events.map((e) => Number(e.id));
		assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in id order');
	} finally {
		s.close();
	}
});

test('reconnecting with Last-Event-ID gives exactly the events missed', async () => {
	const s = await openEvents(mod);
	const p0 = await deposit({ district: D });
	const seen = await s.next((e) => e.data.payload.id === p0.id, 1000);
	assert.ok(seen);
	s.close();
	const last = Number(seen.id);

	// three changes while the console is away
	const missed = [];
	for (let i = 0; i < 3; i++)
		missed.push((await deposit({ district: D })).id);

	const again = await openEvents(mod, { lastEventId: last });
	try {
		for (const id of missed)
			assert.ok(await again.next((e) => e.event === 'proposal.new' && e.data.payload.id === id, 1000),
				`the missed event of proposal ${id}`);
		const got = again.events.map((e) => Number(e.id));
		assert.ok(got.every((id) => id > last), 'nothing from before Last-Event-ID');
		// every event of the database after Last-Event-ID, up to the last one received: no gap, no repeat
		const upTo = Math.max(...got);
		const inDb = (await sql('select id from events where id > $1 and id <= $2 order by id', [last, upTo]))
			.map((r) => r.id);
		assert.deepEqual(got, inDb);
		for (const ev of again.events)
			checkEvent(ev);
	} finally {
		again.close();
	}
});

test('the stream wants a back-office session and a numeric Last-Event-ID', async () => {
	const none = await openEvents(undefined);
	assert.equal(none.status, 401);
	const front = await openEvents(fo);
	assert.equal(front.status, 403);
	const bad = await openEvents(mod, { lastEventId: 'yesterday' });
	assert.equal(bad.status, 400);
	assert.equal(bad.body.error.code, 'invalid');
});
