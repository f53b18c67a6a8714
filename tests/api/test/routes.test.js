// Every route's happy path, as a participatory budget goes: deposit,
// study, costing, merge, selection, vote, winners, stages, answers, audit,
// statistics, closing. The edition and district are the test's own, so
// that the figures it checks are exact.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';

import { RUN, citizen, del, deposit, district, edition, get, one, post, put, sql, token } from '../lib/api.js';

const YEAR = await edition(2003);
const D = await district(`h-${RUN}`, 1_000_000);
let ins, ref, fo, mod, admin, dept, refLogin;
const P = {};	// the proposals, by letter: {id, version}

before(async () => {
	[ins, ref, fo, mod, admin] = await Promise.all(['instructor', 'referent', 'frontoffice', 'moderator', 'admin']
		.map((r) => token(r)));
	const me = await get('/v1/me', { token: ref, expect: 200 });
	dept = me.body.agent.department.code;
	refLogin = me.body.agent.login;
});

function item(letter) {
	return { id: P[letter].id, version: P[letter].version };
}

// Keeps the versions the bulk results give.
function track(results) {
	for (const r of results)
		for (const p of Object.values(P))
			if (p.id === r.id && r.status === 'ok')
				p.version = r.version;
}

test('the front office deposits proposals and comments', async () => {
	for (const letter of 'ABCDEF') {
		P[letter] = await deposit({ edition: YEAR, district: D, title: `Projet ${letter} ${RUN}`,
			body: `Des arbres et des bancs, projet ${letter}.`, address: '1 place de la Mairie',
			priority_neighbourhood: letter === 'A', citizen: citizen(`author-${letter}`, D) });
	}
	const c = await post('/v1/ingest/comments', { citizen: citizen('commenter'), proposal_id: P.A.id,
		body: 'Excellente idée !' }, { token: fo, expect: 201 });
	await post('/v1/ingest/comments', { citizen: citizen('replier'), proposal_id: P.A.id, parent_id: c.body.id,
		body: 'Tout à fait.' }, { token: fo, expect: 201 });
	const row = await one('select count(*)::int as n from proposals where edition = $1 and district_id = '
		+ '(select id from districts where code = $2)', [YEAR, D]);
	assert.equal(row.n, 6);
});

test('the list filters, sorts and searches; the detail has everything', async () => {
	const all = await get('/v1/proposals', { token: ins, query: { edition: YEAR, district: D }, expect: 200 });
	assert.deepEqual(all.body.items.map((i) => i.id), 'ABCDEF'.split('').map((l) => P[l].id));
	assert.ok(all.body.items.every((i) => i.state === 'submitted' && i.district.code === D));
	assert.equal(all.body.next_cursor, null);
	const recent = await get('/v1/proposals', { token: ins, query: { edition: YEAR, district: D, sort: 'recent' },
		expect: 200 });
	assert.deepEqual(recent.body.items.map((i) => i.id), all.body.items.map((i) => i.id).reverse());
	const paged = await get('/v1/proposals', { token: mod, query: { edition: YEAR, district: D, limit: 4 }, expect: 200 });
	assert.equal(paged.body.items.length, 4);
	const rest = await get('/v1/proposals', { token: mod, query: { edition: YEAR, district: D, limit: 4,
		cursor: paged.body.next_cursor }, expect: 200 });
	assert.deepEqual(rest.body.items.map((i) => i.id), [P.E.id, P.F.id]);
	const found = await get('/v1/proposals', { token: ins, query: { q: `projet ${RUN}` }, expect: 200 });
	assert.equal(found.body.items.length, 6);
	const byId = await get('/v1/proposals', { token: ins, query: { q: String(P.C.id) }, expect: 200 });
	assert.deepEqual(byId.body.items.map((i) => i.id), [P.C.id]);

	const d = await get(`/v1/proposals/${P.A.id}`, { token: ref, expect: 200 });
	assert.equal(d.body.title, `Projet A ${RUN}`);
	assert.equal(d.body.priority_neighbourhood, true);
	assert.equal(d.body.comments_total, 2);
	assert.equal(d.body.comments[1].parent_id, d.body.comments[0].id);
	assert.equal(d.body.author.external_id, citizen('author-A').external_id);
	assert.equal(d.body.audit[0].action, 'proposal.deposit');
});

test('admissibility: in bulk, with a reason and a message for the inadmissible', async () => {
	const r = await post('/v1/proposals/admissibility', { decision: 'admissible',
		items: ['A', 'B', 'C', 'D', 'E'].map(item) }, { token: ins, expect: 200 });
	assert.deepEqual(r.body.counts, { ok: 5, conflict: 0, forbidden: 0, invalid: 0 });
	track(r.body.results);
	// a referent decides only in their department: F has none yet
	const f = await post('/v1/proposals/admissibility', { decision: 'inadmissible', reason: 'hors compétence',
		items: [item('F')] }, { token: ref, expect: 200 });
	assert.equal(f.body.results[0].status, 'forbidden');
	const g = await post('/v1/proposals/admissibility', { decision: 'inadmissible', reason: 'hors compétence',
		message: 'Votre proposition relève de l\'État.', items: [item('F')] }, { token: ins, expect: 200 });
	assert.equal(g.body.results[0].state, 'inadmissible');
	track(g.body.results);
	const ans = await one(`select count(*)::int as n from answers where target_type = 'proposal' and target_id = $1`,
		[P.F.id]);
	assert.equal(ans.n, 1, 'the message is the answer to the author');
	const again = await post('/v1/proposals/admissibility', { decision: 'admissible', items: [item('A')] },
		{ token: ins, expect: 200 });
	assert.equal(again.body.results[0].status, 'invalid', 'deciding the state it has is refused');
});

test('assignment moves admissible proposals to costing', async () => {
	const r = await post('/v1/proposals/assignment', { department: dept, referent: refLogin,
		items: ['A', 'B', 'C', 'D', 'E'].map(item) }, { token: ins, expect: 200 });
	assert.ok(r.body.results.every((x) => x.status === 'ok' && x.state === 'costing'));
	track(r.body.results);
	const mine = await get('/v1/proposals', { token: ref, query: { mine: 'true', edition: YEAR }, expect: 200 });
	assert.ok(['A', 'B', 'C', 'D', 'E'].every((l) => mine.body.items.some((i) => i.id === P[l].id)));
	const byRef = await get('/v1/proposals', { token: ins, query: { referent: refLogin, state: 'costing',
		department: dept, edition: YEAR }, expect: 200 });
	assert.equal(byRef.body.items.length, 5);
});

test('costing by the referent, with a warning for operating costs', async () => {
	const costs = { A: 400_000, B: 500_000, C: 300_000, D: 200_000, E: 100_000 };
	for (const [l, cents] of Object.entries(costs)) {
		const lines = [{ category: 'investment', label: 'Travaux', amount_cents: cents }];
		if (l === 'C')
			lines.push({ category: 'operating', label: 'Entretien annuel', amount_cents: 10_000 });
		const r = await put(`/v1/proposals/${P[l].id}/costing`, { version: P[l].version, lines,
			opinion: l === 'D' ? 'unfavourable' : 'favourable', justification: 'Chiffrage du service',
			duration_months: 6 }, { token: ref, expect: 200 });
		assert.equal(r.body.state, 'costed');
		assert.equal(r.body.total_cents, cents + (l === 'C' ? 10_000 : 0));
		assert.deepEqual(r.body.warnings, l === 'C' ? ['operating_costs'] : []);
		P[l].version = r.body.version;
	}
	const d = await get(`/v1/proposals/${P.C.id}`, { token: ins, expect: 200 });
	assert.equal(d.body.costing.lines.length, 2);
	assert.equal(d.body.costing.costed_by.login, refLogin);
	const row = await one('select total_cents from costings where proposal_id = $1', [P.C.id]);
	assert.equal(row.total_cents, 310_000);
});

test('merge E into C, then undo it', async () => {
	const m = await post('/v1/proposals/merge', { sources: [item('E')], target: item('C'),
		note: 'même square' }, { token: ins, expect: 200 });
	assert.equal(m.body.target.id, P.C.id);
	assert.equal(m.body.target.created, false);
	P.C.version = m.body.target.version;
	P.E.version = m.body.sources[0].version;
	let c = await get(`/v1/proposals/${P.C.id}`, { token: ins, expect: 200 });
	assert.deepEqual(c.body.coauthors.map((x) => x.external_id), [citizen('author-E').external_id]);
	assert.equal(c.body.merged_from[0].source.id, P.E.id);
	const e = await one('select state, merged_into from proposals where id = $1', [P.E.id]);
	assert.deepEqual(e, { state: 'merged', merged_into: P.C.id });

	const u = await post(`/v1/proposals/${P.E.id}/unmerge`, { version: P.E.version }, { token: ins, expect: 200 });
	assert.equal(u.body.state, 'costed');
	assert.equal(u.body.target.id, P.C.id);
	P.E.version = u.body.version;
	P.C.version = u.body.target.version;
	c = await get(`/v1/proposals/${P.C.id}`, { token: ins, expect: 200 });
	assert.deepEqual(c.body.coauthors, []);
	assert.ok(c.body.merged_from[0].undone_at);
	const stale = await post(`/v1/proposals/${P.E.id}/unmerge`, { version: P.E.version }, { token: ins, expect: 422 });
	assert.equal(stale.body.error.code, 'invalid_transition');
});

test('merge two proposals into a new project', async () => {
	const g = await deposit({ edition: YEAR, district: D, citizen: citizen('author-G') });
	const h = await deposit({ edition: YEAR, district: D, citizen: citizen('author-H') });
	const conflict = await post('/v1/proposals/merge', { sources: [g, { id: h.id, version: h.version + 1 }],
		target: { new: { title: `Projet commun ${RUN}`, body: 'Les deux ensemble.' } } }, { token: ins, expect: 409 });
	assert.deepEqual(conflict.body.error.details.items.map((x) => x.id), [h.id]);
	const m = await post('/v1/proposals/merge', { sources: [g, h],
		target: { new: { title: `Projet commun ${RUN}`, body: 'Les deux ensemble.' } } }, { token: ins, expect: 200 });
	assert.equal(m.body.target.created, true);
	assert.deepEqual(m.body.sources.map((x) => x.id), [g.id, h.id]);
	const t = await get(`/v1/proposals/${m.body.target.id}`, { token: ins, expect: 200 });
	assert.equal(t.body.state, 'admissible');
	assert.equal(t.body.district.code, D, 'the district the sources share');
	assert.equal(t.body.author.external_id, citizen('author-G').external_id);
	assert.deepEqual(t.body.coauthors.map((x) => x.external_id), [citizen('author-H').external_id]);
	const src = await sql('select state, merged_into from proposals where id = any($1)', [[g.id, h.id]]);
	assert.ok(src.every((x) => x.state === 'merged' && x.merged_into === m.body.target.id));
});

test('selection: favourable costed projects go to the vote', async () => {
	const r = await post('/v1/proposals/selection', { selected: true, items: ['A', 'B', 'C', 'D'].map(item) },
		{ token: ins, expect: 200 });
	assert.deepEqual(r.body.results.map((x) => x.status), ['ok', 'ok', 'ok', 'invalid']);
	assert.match(r.body.results[3].message, /unfavourable/);
	track(r.body.results);
	const out = await post('/v1/proposals/selection', { selected: false, reason: 'doublon', items: [item('E')] },
		{ token: ins, expect: 200 });
	assert.equal(out.body.results[0].state, 'not_selected');
	track(out.body.results);
	const log = await get('/v1/audit', { token: ins, query: { batch_id: r.body.batch_id }, expect: 200 });
	assert.deepEqual(log.body.items.map((a) => a.action), ['proposal.select', 'proposal.select', 'proposal.select']);
});

test('vote results, then the winners within the envelope', async () => {
	const v = await post('/v1/votes', { edition: YEAR, results: [
		{ id: P.A.id, online: 300, paper: 50 }, { id: P.B.id, online: 200, paper: 10 },
		{ id: P.C.id, online: 100, paper: 5 }, { id: P.D.id, online: 1, paper: 1 },
	] }, { token: ins, expect: 200 });
	assert.deepEqual(v.body.results.map((x) => x.status), ['ok', 'ok', 'ok', 'invalid']);
	assert.equal(v.body.results[0].total, 350);
	const recount = await post('/v1/votes', { edition: YEAR, results: [{ id: P.C.id, online: 100, paper: 6 }] },
		{ token: ins, expect: 200 });
	assert.equal(recount.body.results[0].recount, true);

	const dry = await post(`/v1/editions/${YEAR}/winners`, { dry_run: true }, { token: ins, expect: 200 });
	const mine = dry.body.districts.find((d) => d.district === D);
	assert.deepEqual(mine.winners.map((w) => w.id), [P.A.id, P.B.id]);
	assert.deepEqual(mine.losers.map((w) => w.id), [P.C.id]);
	assert.equal(mine.spent_cents, 900_000);
	assert.equal(mine.left_cents, 100_000);
	assert.deepEqual([...dry.body.changed].sort((a, b) => a - b), [P.A.id, P.B.id, P.C.id]);
	const still = await one('select count(*)::int as n from proposals where id = any($1) and state = $2',
		[[P.A.id, P.B.id, P.C.id], 'selected']);
	assert.equal(still.n, 3, 'a dry run writes nothing');

	const real = await post(`/v1/editions/${YEAR}/winners`, {}, { token: ins, expect: 200 });
	assert.equal(real.body.dry_run, false);
	const states = await sql('select id, state, stage, version from proposals where id = any($1) order by id',
		[[P.A.id, P.B.id, P.C.id]]);
	assert.deepEqual(states.map((s) => [s.state, s.stage]),
		[['winner', 'not_started'], ['winner', 'not_started'], ['not_winner', null]]);
	for (const s of states)
		Object.values(P).find((p) => p.id === s.id).version = s.version;

	const env = await get('/v1/envelopes', { token: ref, query: { edition: YEAR }, expect: 200 });
	const e = env.body.districts.find((d) => d.district === D);
	assert.deepEqual([e.envelope_cents, e.committed_cents, e.winners_cents, e.left_cents, e.winners],
		[1_000_000, 900_000, 900_000, 100_000, 2]);
});

test('realisation stages of the winners', async () => {
	const today = new Date().toISOString().slice(0, 10);
	const r = await post('/v1/proposals/stages', { stage: 'studies', date: today, note: 'bureau d\'études',
		items: [item('A'), item('C')] }, { token: ins, expect: 200 });
	assert.deepEqual(r.body.results.map((x) => x.status), ['ok', 'invalid']);
	assert.equal(r.body.results[0].stage, 'studies');
	track(r.body.results);
	const noNote = await post('/v1/proposals/stages', { stage: 'abandoned', date: today, items: [item('B')] },
		{ token: ins, expect: 400 });
	assert.equal(noNote.body.error.code, 'invalid');
	const d = await get(`/v1/proposals/${P.A.id}`, { token: ins, expect: 200 });
	assert.deepEqual(d.body.stages.map((s) => [s.stage, s.stage_date]), [['studies', today]]);
	const list = await get('/v1/proposals', { token: ins, query: { stage: 'studies', edition: YEAR }, expect: 200 });
	assert.deepEqual(list.body.items.map((i) => i.id), [P.A.id]);
});

test('templates: create, list, read, change, refuse a stale version, delete', async () => {
	const name = `Lauréat ${RUN}`;
	const t = await post('/v1/templates', { name, body: 'Bonjour {{citizen_name}}, votre projet {{ proposal_title }} est {{state}}.' },
		{ token: ins, expect: 201 });
	assert.deepEqual(t.body.variables, ['citizen_name', 'proposal_title', 'state']);
	const dup = await post('/v1/templates', { name, body: 'x' }, { token: ins, expect: 409 });
	assert.equal(dup.body.error.code, 'name_taken');
	const unknown = await post('/v1/templates', { name: `${name} 2`, body: 'Cher {{prenom}}' }, { token: ins, expect: 422 });
	assert.equal(unknown.body.error.code, 'unknown_variable');
	const list = await get('/v1/templates', { token: ins, expect: 200 });
	assert.ok(list.body.items.some((x) => x.id === t.body.id));
	assert.ok(list.body.variables.some((v) => v.name === 'total_cost'));
	const g = await get(`/v1/templates/${t.body.id}`, { token: ins, expect: 200 });
	assert.deepEqual(g.body, t.body);
	const u = await put(`/v1/templates/${t.body.id}`, { version: t.body.version, name: `${name} (v2)` },
		{ token: ins, expect: 200 });
	assert.equal(u.body.version, t.body.version + 1);
	assert.equal(u.body.body, t.body.body);
	const stale = await put(`/v1/templates/${t.body.id}`, { version: t.body.version, body: 'Bonjour.' },
		{ token: ins, expect: 409 });
	assert.equal(stale.body.error.details.version, u.body.version);
	const extra = await post('/v1/templates', { name: `Extra ${RUN}`, body: 'Merci.' }, { token: ins, expect: 201 });
	const gone = await del(`/v1/templates/${extra.body.id}`, { token: ins, query: { version: extra.body.version },
		expect: 200 });
	assert.deepEqual(gone.body, { id: extra.body.id, deleted: true });
	await get(`/v1/templates/${extra.body.id}`, { token: ins, expect: 404 });
	P.template = { id: u.body.id, version: u.body.version };
});

test('answers: preview, send, and the proposals still waiting for one', async () => {
	const waiting = await get('/v1/answers/needed', { token: ins, query: { district: D, limit: 100 }, expect: 200 });
	const ids = waiting.body.items.map((i) => i.id);
	for (const l of ['A', 'B', 'C', 'E'])
		assert.ok(ids.includes(P[l].id), `${l} waits for an answer`);
	assert.ok(!ids.includes(P.F.id), 'F was answered with its decision');
	assert.equal(waiting.body.count, ids.length);

	const targets = [{ type: 'proposal', id: P.A.id }, { type: 'proposal', id: 999999999 }];
	const pre = await post('/v1/answers/preview', { template_id: P.template.id, targets }, { token: ins, expect: 200 });
	assert.deepEqual(pre.body.counts, { ok: 1, invalid: 1 });
	assert.equal(pre.body.results[0].body,
		`Bonjour Citoyen ${RUN} author-A, votre projet Projet A ${RUN} est lauréate.`);
	const sent = await post('/v1/answers', { template_id: P.template.id,
		targets: ['A', 'B'].map((l) => ({ type: 'proposal', id: P[l].id })) },
	{ token: ins, headers: { 'Idempotency-Key': randomUUID() }, expect: 201 });
	assert.deepEqual(sent.body.counts, { ok: 2, invalid: 0 });
	const after = await get('/v1/answers/needed', { token: ins, query: { district: D, state: 'winner' }, expect: 200 });
	assert.deepEqual(after.body.items, [], 'the winners were answered');
	const out = await one(`select count(*)::int as n from outbox where kind = 'answer' and target_id = any($1)`,
		[[P.A.id, P.B.id]]);
	assert.equal(out.n, 2);
});

test('the audit log, filtered', async () => {
	const a = await get('/v1/audit', { token: ins, query: { target_type: 'proposal', target_id: P.A.id, limit: 3 },
		expect: 200 });
	assert.equal(a.body.items.length, 3);
	assert.ok(a.body.next_cursor);
	const b = await get('/v1/audit', { token: ins, query: { target_type: 'proposal', target_id: P.A.id,
		cursor: a.body.next_cursor, limit: 100 }, expect: 200 });
	const ids = [...a.body.items, ...b.body.items].map((x) => x.id);
	assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first, no repeat');
	assert.equal(ids.at(-1), (await one(`select min(id) as id from audit where target_type = 'proposal'
		and target_id = $1`, [P.A.id])).id);
	const costings = await get('/v1/audit', { token: ins, query: { action: 'proposal.cost*', agent: refLogin,
		since: new Date(Date.now() - 3600e3).toISOString() }, expect: 200 });
	assert.ok(costings.body.items.filter((x) => x.target_id === P.A.id).length === 1);
	// a referent reads what their department's proposals went through
	const r = await get('/v1/audit', { token: ref, query: { target_type: 'proposal', target_id: P.B.id }, expect: 200 });
	assert.ok(r.body.items.length > 3);
});

test('statistics of the edition', async () => {
	const s = await get('/v1/stats', { token: mod, query: { edition: YEAR }, expect: 200 });
	const rows = await one(`select count(*)::int as total,
		count(*) filter (where state = 'winner')::int as winners from proposals where edition = $1`, [YEAR]);
	assert.equal(s.body.proposals.total, rows.total);
	assert.equal(s.body.proposals.by_state.winner, rows.winners);
	assert.ok(s.body.proposals.by_state.winner >= 2);
	const dist = s.body.districts.find((d) => d.code === D);
	assert.equal(dist.proposals, rows.total, 'all of them are in the test district');
	assert.equal(s.body.proposals.by_state.merged, 2);
	const latest = await get('/v1/stats', { token: ref, expect: 200 });
	assert.notEqual(latest.body.edition, YEAR, 'by default the latest edition');
});

test('the top view\'s counts, and the stalled projects', async () => {
	const o = await get('/v1/overview', { token: ins, expect: 200 });
	const rows = await one(`select count(*) filter (where state = 'submitted')::int as submitted,
		count(*) filter (where priv.needs_answer(p))::int as answers from proposals p`);
	assert.equal(o.body.admissibility, rows.submitted);
	assert.equal(o.body.answers, rows.answers);
	// a winner of the test whose stage has not moved for 100 days is stalled
	const w = (await one(`select id from proposals where edition = $1 and state = 'winner'
		and stage not in ('done', 'abandoned') order by id limit 1`, [YEAR])).id;
	await sql(`update proposals set state_changed_at = now() - interval '100 days' where id = $1`, [w]);
	await sql(`update stage_updates set stage_date = current_date - 100 where proposal_id = $1`, [w]);
	const stalled = await get('/v1/proposals', { token: ins, query: { stalled: true, edition: YEAR }, expect: 200 });
	assert.ok(stalled.body.items.some((x) => x.id === w), 'the list has it');
	const after = await get('/v1/overview', { token: ins, expect: 200 });
	assert.ok(after.body.stalled >= 1);
});

test('closing the edition freezes its selection and votes', async () => {
	const c = await post(`/v1/editions/${YEAR}/close`, {}, { token: admin, expect: 200 });
	assert.equal(c.body.edition, YEAR);
	assert.ok(c.body.states.winner >= 2);
	const again = await post(`/v1/editions/${YEAR}/close`, {}, { token: admin, expect: 422 });
	assert.equal(again.body.error.code, 'edition_closed');
	const sel = await post('/v1/proposals/selection', { selected: false, reason: 'trop tard', items: [item('A')] },
		{ token: ins, expect: 422 });
	assert.equal(sel.body.error.code, 'edition_closed');
	const env = await get('/v1/envelopes', { token: ins, query: { edition: YEAR }, expect: 200 });
	assert.equal(env.body.closed, true);
	// stages still move
	const today = new Date().toISOString().slice(0, 10);
	const st = await post('/v1/proposals/stages', { stage: 'works', date: today, items: [item('A')] },
		{ token: ins, expect: 200 });
	assert.equal(st.body.results[0].status, 'ok');
});
