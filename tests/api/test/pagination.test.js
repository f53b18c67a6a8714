// Keyset pagination: walking a moderation queue of 5,000 targets page by
// page, in each sort order, gives every target once, in order, and ends
// with a null cursor. Many targets share their sort key (reports made in
// the same minute), so the order's tie-break is what keeps pages apart.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { RUN, district, get, one, sql, token } from '../lib/api.js';

const N = 5000;
const D = await district(`q-${RUN}`);
let mod;
let expected;	// "type:id" of every target of the district

before(async () => {
	mod = await token('moderator');
	// One proposal, 4,999 comments on it and the proposal itself reported:
	// each target 1 to 3 reports, at one of 40 minutes.
	const { id: author } = await one(`insert into citizens (external_id, display_name)
		values ($1, 'Auteur') returning id`, [`q-${RUN}-author`]);
	const { id: pid } = await one(`insert into proposals (edition, title, body, author_id, district_id)
		values ((select max(year) from editions), 'File', 'Beaucoup de commentaires', $1,
			(select id from districts where code = $2)) returning id`, [author, D]);
	await sql(`insert into citizens (external_id, display_name)
		select $1 || '-' || i, 'Rapporteur ' || i from generate_series(1, 3) i`, [`q-${RUN}-rep`]);
	await sql(`insert into comments (proposal_id, author_id, body)
		select $1, $2, 'commentaire ' || i from generate_series(1, $3::int - 1) i`, [pid, author, N]);
	await sql(`with t as (
			select 'comment'::target_type as type, id, row_number() over (order by id) as n
			from comments where proposal_id = $1
			union all select 'proposal', $1, 0)
		insert into reports (target_type, target_id, reporter_id, reason, created_at)
		select t.type, t.id, c.id,
			(array['spam', 'offensive', 'off_topic', 'personal_data', 'other'])[1 + (t.n + r) % 5]::report_reason,
			now() - make_interval(mins => ((t.n * 7) % 40)::int)
		from t cross join lateral generate_series(1, 1 + (t.n % 3)::int) r
		join citizens c on c.external_id = $2 || '-' || r`, [pid, `q-${RUN}-rep`]);
	expected = new Set([`proposal:${pid}`, ...(await sql('select id from comments where proposal_id = $1', [pid]))
		.map((r) => `comment:${r.id}`)]);
	assert.equal(expected.size, N);
});

async function walk(sort, limit) {
	const seen = [];
	let cursor;
	let pages = 0;
	for (;;) {
		const r = await get('/v1/moderation/queue', { token: mod, expect: 200,
			query: { district: D, sort, limit, cursor } });
		pages++;
		assert.ok(r.body.items.length <= limit);
		seen.push(...r.body.items);
		if (r.body.next_cursor === null)
			break;
		assert.equal(r.body.items.length, limit, 'only the last page is short');
		cursor = r.body.next_cursor;
		assert.ok(pages <= N / limit + 2, 'the walk ends');
	}
	return { seen, pages };
}

function key(i) {
	return `${i.target.type}:${i.target.id}`;
}

const ORDERS = {
	recent: (a, b) => Date.parse(b.last_report_at) - Date.parse(a.last_report_at),
	count: (a, b) => b.open_reports - a.open_reports,
	oldest: (a, b) => Date.parse(a.first_report_at) - Date.parse(b.first_report_at),
};

for (const [sort, limit] of [['recent', 500], ['count', 700], ['oldest', 1000]]) {
	test(`the ${sort} order, ${limit} a page: every target once, in order`, async () => {
		const { seen, pages } = await walk(sort, limit);
		const keys = seen.map(key);
		assert.equal(new Set(keys).size, keys.length, 'no target twice');
		assert.equal(keys.length, N, 'no target missing');
		assert.deepEqual(new Set(keys), expected);
		assert.equal(pages, Math.floor(N / limit) + 1);
		for (let i = 1; i < seen.length; i++)
			assert.ok(ORDERS[sort](seen[i - 1], seen[i]) <= 0, `${sort} order at ${i}`);
		const ties = seen.filter((x, i) => i > 0 && ORDERS[sort](seen[i - 1], x) === 0).length;
		assert.ok(ties > N / 2, 'most rows tie with the previous one on the sort key');
	});
}

test('the counts in the queue are those of the database', async () => {
	const r = await get('/v1/moderation/queue', { token: mod, expect: 200,
		query: { district: D, sort: 'count', limit: 5 } });
	for (const item of r.body.items) {
		const db = await one(`select count(*)::int as n from reports where target_type = $1 and target_id = $2
			and status = 'open'`, [item.target.type, item.target.id]);
		assert.equal(item.open_reports, db.n);
		assert.equal(Object.values(item.reasons).reduce((a, b) => a + b, 0), db.n);
	}
	assert.equal(r.body.items[0].open_reports, 3);
});

test('a cursor of one sort is refused by another', async () => {
	const r = await get('/v1/moderation/queue', { token: mod, expect: 200, query: { district: D, limit: 10 } });
	const bad = await get('/v1/moderation/queue', { token: mod, expect: 400,
		query: { district: D, sort: 'count', cursor: r.body.next_cursor } });
	assert.equal(bad.body.error.code, 'invalid_cursor');
});
