// PostgreSQL stopped under the running server: requests get 503 at once;
// started again, the same server serves normally (every pooled connection
// included), nothing written before is lost, and the events stream picks up
// again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { deposit, district, get, one, openEvents, post, RUN, sleep, token } from '../../lib/api.js';

const TOP = process.env.PUPITRE_API_TOP;
const PGDIR = process.env.PUPITRE_API_PGDIR;
const PID = Number(process.env.PUPITRE_API_PID);

function pg(cmd) {
	execFileSync(join(TOP, 'scripts/pg'), [cmd, PGDIR], { stdio: ['ignore', 'pipe', 'pipe'] });
}

let stopped = false;
after(() => {
	if (stopped)
		pg('start');
});

test('requests get 503 while PostgreSQL is down, and service resumes when it is back', async () => {
	const D = await district(`d-${RUN}`);
	const [ins, mod] = await Promise.all([token('instructor'), token('moderator')]);
	const before = await deposit({ district: D, title: `Avant l'arrêt ${RUN}` });
	const stream = await openEvents(mod);
	try {
		await outage(ins, mod, before, stream, D);
	} finally {
		stream.close();
	}
});

async function outage(ins, mod, before, stream, D) {
	assert.ok(await stream.waitComment('connected'));

	pg('stop');
	stopped = true;
	// several at once, so that several pooled connections find the database gone
	const down = await Promise.all([
		get('/v1/me', { token: ins }),
		get('/v1/proposals', { token: ins, query: { limit: 5 } }),
		get(`/v1/proposals/${before.id}`, { token: ins }),
		post('/v1/proposals/admissibility', { decision: 'admissible', items: [before] }, { token: ins }),
		post('/v1/sessions', { login: 'instructor', password: 'demo' }),
		get('/v1/stats', { token: mod }),
	]);
	for (const r of down) {
		assert.equal(r.status, 503, JSON.stringify(r.body));
		assert.equal(r.body.error.code, 'database_unavailable');
		assert.ok(r.ms < 1000, `answered in ${r.ms.toFixed(0)} ms`);
	}
	for (let i = 0; i < 5; i++) {
		const r = await get('/v1/me', { token: ins, expect: 503 });
		assert.ok(r.ms < 1000);
	}
	const ev = await openEvents(mod);
	assert.equal(ev.status, 503);

	pg('start');
	stopped = false;
	let back = null;
	const t0 = Date.now();
	while (Date.now() - t0 < 10000) {
		const r = await get('/v1/me', { token: ins, expect: [200, 503] });
		if (r.status === 200) {
			back = Date.now() - t0;
			break;
		}
		await sleep(100);
	}
	assert.ok(back !== null, 'the server serves again without a restart');
	// every connection of the pool works again: more requests at once than workers
	const burst = await Promise.all(Array.from({ length: 24 }, (_, i) =>
		get('/v1/proposals', { token: i % 2 ? ins : mod, query: { limit: 5 } })));
	assert.deepEqual(burst.map((r) => r.status), burst.map(() => 200));

	// nothing lost
	const kept = await get(`/v1/proposals/${before.id}`, { token: ins, expect: 200 });
	assert.equal(kept.body.title, `Avant l'arrêt ${RUN}`);
	const row = await one('select title from proposals where id = $1', [before.id]);
	assert.equal(row.title, `Avant l'arrêt ${RUN}`);
	const afterwards = await deposit({ district: D });
	const decided = await post('/v1/proposals/admissibility', { decision: 'admissible', items: [before, afterwards] },
		{ token: ins, expect: 200 });
	assert.deepEqual(decided.body.counts, { ok: 2, conflict: 0, forbidden: 0, invalid: 0 });

	// the stream opened before the stop carries on with the new events
	const seen = await stream.next((e) => e.event === 'proposal.new' && e.data.payload.id === afterwards.id, 15000);
	assert.ok(seen, 'the events after the restart reach the stream opened before');
	const fresh = await openEvents(mod);
	assert.equal(fresh.status, 200);
	fresh.close();

	process.kill(PID, 0);	// the same server process, still running
}
