// SIGTERM during a large bulk action: the request in flight finishes and
// applies whole, new connections are refused, event streams end, and the
// server exits 0.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';

import { RUN, db, district, one, post, sleep, sql, token } from '../../lib/api.js';
import { startServer } from '../../lib/server.js';

const N = 5000;

// A proposal with N fresh comments; returns the hide request for all of them.
async function comments(tag) {
	const D = await district(`${tag}-${RUN}`);
	const { id: author } = await one(`insert into citizens (external_id, display_name)
		values ($1, 'Auteur') returning id`, [`${tag}-${RUN}-author`]);
	const { id: pid } = await one(`insert into proposals (edition, title, body, author_id, district_id)
		values ((select max(year) from editions), 'Fil', 'Texte', $1, (select id from districts where code = $2))
		returning id`, [author, D]);
	const rows = await sql(`insert into comments (proposal_id, author_id, body)
		select $1, $2, 'commentaire ' || i from generate_series(1, $3::int) i returning id, version`, [pid, author, N]);
	return { pid, ids: rows.map((r) => r.id), items: rows.map((r) => ({ type: 'comment', id: r.id, version: r.version })) };
}

async function waitFor(cond, ms, what) {
	const deadline = Date.now() + ms;
	while (!(await cond())) {
		if (Date.now() > deadline)
			assert.fail(`timed out waiting for ${what}`);
		await sleep(5);
	}
}

async function hidden(ids) {
	return (await one(`select count(*) filter (where hidden)::int as hidden,
		(select count(*)::int from audit where action = 'moderation.hide' and target_type = 'comment'
			and target_id = any($1)) as audit from comments where id = any($1)`, [ids]));
}

test('SIGTERM while a 5,000-item hide runs: it finishes whole, then the server exits 0', async () => {
	const mod = await token('moderator');
	const { ids, items } = await comments('t1');
	const server = await startServer('sigterm1');
	let lock;
	try {
		// hold one of the comments, so that the decision is surely in flight at the signal
		lock = await db.connect();
		await lock.query('begin');
		await lock.query('select 1 from comments where id = $1 for update', [ids[N - 1]]);

		const events = await fetch(`${server.url}/v1/events`, { headers: { Authorization: `Bearer ${mod}` } });
		assert.equal(events.status, 200);
		const reading = (async () => {
			let text = '';
			for await (const chunk of events.body)
				text += Buffer.from(chunk).toString();
			return text;
		})();

		const answer = post('/v1/moderation/decisions', { action: 'hide', reason: 'spam en masse', items },
			{ token: mod, base: server.url, timeout: 60000 });
		await waitFor(async () => (await sql(`select 1 from pg_stat_activity where wait_event_type = 'Lock'
			and query like '%moderation_decide%'`)).length > 0, 10000, 'the decision to wait for the lock');

		server.proc.kill('SIGTERM');
		await sleep(300);
		assert.equal(server.proc.exitCode, null, 'still running while a request is in flight');
		// a new connection is refused at once, not left waiting in a backlog
		const refused = await new Promise((resolve) => {
			const sock = net.connect(Number(new URL(server.url).port), '127.0.0.1');
			sock.on('error', (e) => resolve(e.code));
			sock.on('connect', () => {
				sock.destroy();
				resolve('connected');
			});
		});
		assert.equal(refused, 'ECONNREFUSED');
		assert.deepEqual(await hidden(ids), { hidden: 0, audit: 0 }, 'nothing applied yet');

		await lock.query('commit');
		lock.release();
		lock = null;
		const r = await answer;
		assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
		assert.deepEqual(r.body.counts, { ok: N, conflict: 0, forbidden: 0, invalid: 0 });
		assert.deepEqual(await hidden(ids), { hidden: N, audit: N }, 'all applied');

		const exit = await Promise.race([server.exited, sleep(10000).then(() => null)]);
		assert.deepEqual(exit, { code: 0, signal: null });
		const stream = await reading;
		assert.match(stream, /^: connected/, 'the event stream ended when the server stopped');
	} finally {
		if (lock) {
			await lock.query('rollback');
			lock.release();
		}
		server.proc.kill('SIGKILL');
	}
});

test('SIGTERM while a request body is still arriving: that request is served too', async () => {
	const mod = await token('moderator');
	const { ids, items } = await comments('t2');
	const server = await startServer('sigterm2');
	try {
		const body = Buffer.from(JSON.stringify({ action: 'hide', reason: 'spam en masse', items }));
		const url = new URL(server.url);
		const answer = new Promise((resolve, reject) => {
			const req = http.request({ host: url.hostname, port: url.port, method: 'POST',
				path: '/v1/moderation/decisions', headers: { Authorization: `Bearer ${mod}`,
					'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => {
				let text = '';
				res.on('data', (c) => { text += c; });
				res.on('end', () => resolve({ status: res.statusCode, body: text }));
			});
			req.on('error', reject);
			req.write(body.subarray(0, body.length >> 1));
			setTimeout(() => {
				server.proc.kill('SIGTERM');
				setTimeout(() => req.end(body.subarray(body.length >> 1)), 300);
			}, 300);
		});
		const r = await answer;
		assert.equal(r.status, 200, r.body.slice(0, 300));
		assert.equal(JSON.parse(r.body).counts.ok, N);
		assert.deepEqual(await hidden(ids), { hidden: N, audit: N });
		const exit = await Promise.race([server.exited, sleep(10000).then(() => null)]);
		assert.deepEqual(exit, { code: 0, signal: null });
	} finally {
		server.proc.kill('SIGKILL');
	}
});
