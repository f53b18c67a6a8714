// The API tests' client: fetch with login and bearer tokens, JSON in and
// out, and every answer checked against docs/openapi.yaml for its route and
// status (a status the spec does not list for the route fails too).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import pg from 'pg';
import YAML from 'yaml';

export const BASE = process.env.PUPITRE_API_URL;
if (!BASE)
	throw new Error('PUPITRE_API_URL is not set: run tests/api/run');

export const specPath = new URL('../../../docs/openapi.yaml', import.meta.url);
export const spec = YAML.parse(readFileSync(specPath, 'utf8'));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'openapi');

// A tag of this process, so that the data a test file makes is its own.
export const RUN = randomUUID().slice(0, 8);

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

function pointer(parts) {
	return '#/' + parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

// The operations of the spec, each with the regexp of its path.
export const operations = [];
for (const [path, item] of Object.entries(spec.paths)) {
	for (const m of METHODS) {
		if (!item[m])
			continue;
		const re = new RegExp('^' + path.replace(/\{[^}]+\}/g, '[1-9][0-9]{0,17}') + '$');
		operations.push({ method: m.toUpperCase(), path, re, op: item[m] });
	}
}

export function findOperation(method, path) {
	return operations.find((o) => o.method === method && o.re.test(path));
}

const validators = new Map();
function validator(ref) {
	let v = validators.get(ref);
	if (!v) {
		v = ajv.getSchema('openapi' + ref) ?? ajv.compile({ $ref: 'openapi' + ref });
		validators.set(ref, v);
	}
	return v;
}

function resolve(obj) {
	while (obj && obj.$ref) {
		const parts = obj.$ref.replace(/^#\//, '').split('/')
			.map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
		obj = parts.reduce((o, k) => o?.[k], spec);
	}
	return obj;
}

// The JSON pointer of the schema of a response, or an error message.
function responseSchemaRef(o, status) {
	const key = String(status);
	let resp = o.op.responses[key];
	let base = ['paths', o.path, o.method.toLowerCase(), 'responses', key];
	if (!resp)
		return { error: `status ${status} is not in the spec for ${o.method} ${o.path}` };
	if (resp.$ref)
		base = resp.$ref.replace(/^#\//, '').split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
	resp = resolve(resp);
	if (!resp.content?.['application/json'])
		return { error: `${o.method} ${o.path} ${status} has no application/json content in the spec` };
	return { ref: pointer([...base, 'content', 'application/json', 'schema']) };
}

export function schemaErrors(ref, value) {
	const v = validator(ref);
	return v(value) ? null : ajv.errorsText(v.errors, { separator: '\n  ' });
}

// Checks a JSON answer against the spec; throws an AssertionError.
export function checkResponse(method, path, status, body) {
	path = path.replace(/\?.*$/, '');
	const o = findOperation(method, path);
	let ref;
	if (!o) {
		// no such route: the server's 404 / 405 errors
		assert.ok(status === 404 || status === 405,
			`${method} ${path} is in no route of the spec but answered ${status}`);
		ref = '#/components/schemas/Error';
	} else {
		const r = responseSchemaRef(o, status);
		assert.ok(!r.error, r.error + ': ' + JSON.stringify(body).slice(0, 500));
		ref = r.ref;
	}
	const errors = schemaErrors(ref, body);
	assert.equal(errors, null, `${method} ${path} ${status}: the answer does not match the spec:\n  ` +
		`${errors}\n  answer: ${JSON.stringify(body).slice(0, 2000)}`);
}

// Checks a request body the server accepted against the spec's request body.
function checkRequest(o, body) {
	if (!o?.op.requestBody || body === undefined || typeof body !== 'object')
		return;
	const ref = pointer(['paths', o.path, o.method.toLowerCase(), 'requestBody', 'content',
		'application/json', 'schema']);
	const errors = schemaErrors(ref, body);
	assert.equal(errors, null, `${o.method} ${o.path}: a request the server accepted does not match ` +
		`the spec's request body:\n  ${errors}`);
}

export function qs(query) {
	if (!query)
		return '';
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(query))
		if (v !== undefined)
			p.append(k, String(v));
	const s = p.toString();
	return s ? '?' + s : '';
}

/*
 * One request. opts: token, body (JSON-encoded), raw (a body sent as is),
 * query, headers, expect (the status it must answer), validate (false to
 * skip the spec check), signal, timeout (ms), base (another server's URL).
 * Returns {status, body, headers, ms}.
 */
export async function call(method, path, opts = {}) {
	const headers = { ...(opts.headers ?? {}) };
	if (opts.token)
		headers.Authorization = `Bearer ${opts.token}`;
	let payload;
	if (opts.raw !== undefined) {
		payload = opts.raw;
		headers['Content-Type'] ??= 'application/json';
	} else if (opts.body !== undefined) {
		payload = JSON.stringify(opts.body);
		headers['Content-Type'] = 'application/json';
	}
	const t0 = performance.now();
	const signals = [AbortSignal.timeout(opts.timeout ?? 30000)];
	if (opts.signal)
		signals.push(opts.signal);
	const res = await fetch((opts.base ?? BASE) + path + qs(opts.query), {
		method, headers, body: payload, signal: AbortSignal.any(signals),
	});
	const type = res.headers.get('content-type') ?? '';
	if (type.startsWith('text/event-stream')) {
		await res.body.cancel();
		assert.fail(`${method} ${path}${qs(opts.query)}: ${res.status}, an event stream`);
	}
	const text = await res.text();
	const ms = performance.now() - t0;
	let body;
	if (type.startsWith('application/json')) {
		try {
			body = JSON.parse(text);
		} catch {
			assert.fail(`${method} ${path}: ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`);
		}
	} else {
		assert.fail(`${method} ${path}: ${res.status} with Content-Type '${type}', not JSON: ${text.slice(0, 300)}`);
	}
	if (opts.expect !== undefined) {
		const want = [].concat(opts.expect);
		assert.ok(want.includes(res.status),
			`${method} ${path}: expected ${want.join(' or ')}, got ${res.status} ${text.slice(0, 600)}`);
	}
	if (opts.validate !== false) {
		checkResponse(method, path, res.status, body);
		if (res.status < 300)
			checkRequest(findOperation(method, path.replace(/\?.*$/, '')), opts.body);
	}
	return { status: res.status, body, headers: res.headers, ms };
}

export const get = (path, opts) => call('GET', path, opts);
export const post = (path, body, opts = {}) => call('POST', path, { ...opts, body });
export const put = (path, body, opts = {}) => call('PUT', path, { ...opts, body });
export const del = (path, opts) => call('DELETE', path, opts);

export const PASSWORD = 'demo';
export const ROLES = ['admin', 'moderator', 'referent', 'instructor', 'frontoffice'];

export async function login(name, password = PASSWORD) {
	const r = await post('/v1/sessions', { login: name, password }, { expect: 201 });
	return r.body.token;
}

const tokens = new Map();
// A token of the demo agent of that login, one per test process.
export async function token(name) {
	if (!tokens.has(name))
		tokens.set(name, await login(name));
	return tokens.get(name);
}

// The database, for setting up data and checking what the API did.
// bigint ids as numbers, as the API gives them
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
export const db = new pg.Pool({ max: 4, allowExitOnIdle: true });
// an idle connection lost while PostgreSQL is stopped is simply dropped
db.on('error', () => {});

export async function sql(text, params = []) {
	return (await db.query(text, params)).rows;
}

export async function one(text, params = []) {
	const rows = await sql(text, params);
	assert.equal(rows.length, 1, `expected one row from: ${text}`);
	return rows[0];
}

// An agent of the database (made if missing), with the demo password.
export async function agent(name, role, department = null) {
	await sql(`insert into agents (login, display_name, role, department_id, password_hash)
		values ($1, $1, $2, (select id from departments where code = $3), crypt($4, gen_salt('bf', 4)))
		on conflict (login) do nothing`, [name, role, department, PASSWORD]);
	return token(name);
}

// An edition of the tests' own (made if missing), so that winners and
// closing do not touch the demo's editions.
export async function edition(year) {
	await sql('insert into editions (year) values ($1) on conflict do nothing', [year]);
	return year;
}

// A district of the tests' own, with an envelope.
export async function district(code, envelopeCents = 100_000_000) {
	await sql(`insert into districts (code, name, envelope_cents) values ($1, $2, $3)
		on conflict (code) do nothing`, [code, `District ${code}`, envelopeCents]);
	return code;
}

export function citizen(n, districtCode = null) {
	return { external_id: `api-${RUN}-${n}`, display_name: `Citoyen ${RUN} ${n}`, district: districtCode };
}

let serial = 0;
// A proposal deposited through the front office; returns {id, version}.
export async function deposit(fields = {}) {
	const fo = await token('frontoffice');
	serial++;
	const r = await post('/v1/ingest/proposals', {
		citizen: citizen(`p${serial}`),
		title: `Proposition ${RUN} ${serial}`,
		body: `Texte de la proposition ${RUN} ${serial}`,
		...fields,
	}, { token: fo, expect: 201 });
	return { id: r.body.id, version: r.body.version };
}

export async function comment(proposalId, fields = {}) {
	const fo = await token('frontoffice');
	serial++;
	const r = await post('/v1/ingest/comments', {
		citizen: citizen(`c${serial}`), proposal_id: proposalId,
		body: `Commentaire ${RUN} ${serial}`, ...fields,
	}, { token: fo, expect: 201 });
	return { id: r.body.id, version: r.body.version };
}

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

// Reads Server-Sent Events from GET /v1/events. events: every event parsed
// so far ({id, event, data}); next(pred, ms) waits for one matching pred.
export async function openEvents(tok, { lastEventId, signal } = {}) {
	const ctl = new AbortController();
	if (signal)
		signal.addEventListener('abort', () => ctl.abort());
	const headers = { Authorization: `Bearer ${tok}` };
	if (lastEventId !== undefined)
		headers['Last-Event-ID'] = String(lastEventId);
	const res = await fetch(BASE + '/v1/events', { headers, signal: ctl.signal });
	const stream = { status: res.status, headers: res.headers, events: [], comments: [], closed: false };
	stream.close = () => ctl.abort();
	if (res.status !== 200) {
		stream.body = await res.json();
		checkResponse('GET', '/v1/events', res.status, stream.body);
		return stream;
	}
	const waiters = [];
	const wake = () => {
		for (const w of waiters.splice(0))
			w();
	};
	(async () => {
		const decoder = new TextDecoder();
		let buf = '';
		try {
			for await (const chunk of res.body) {
				buf += decoder.decode(chunk, { stream: true });
				let i;
				while ((i = buf.indexOf('\n\n')) >= 0) {
					const record = buf.slice(0, i);
					buf = buf.slice(i + 2);
					const ev = {};
					for (const line of record.split('\n')) {
						if (line.startsWith(':')) {
							stream.comments.push(line.slice(1).trim());
							continue;
						}
						const c = line.indexOf(':');
						const k = line.slice(0, c);
						const v = line.slice(c + 1).replace(/^ /, '');
						if (k === 'data')
							ev.data = ev.data === undefined ? v : ev.data + '\n' + v;
						else
							ev[k] = v;
					}
					if (ev.data !== undefined) {
						ev.data = JSON.parse(ev.data);
						stream.events.push(ev);
					}
					wake();
				}
			}
		} catch {
			// aborted
		}
		stream.closed = true;
		wake();
	})();
	stream.next = async (pred, ms = 1000) => {
		const deadline = Date.now() + ms;
		for (;;) {
			const ev = stream.events.find(pred);
			if (ev)
				return ev;
			if (stream.closed)
				return null;
			const left = deadline - Date.now();
			if (left <= 0)
				return null;
			await new Promise((r) => {
				const t = setTimeout(r, left);
				waiters.push(() => {
					clearTimeout(t);
					r();
				});
			});
		}
	};
	stream.waitComment = async (text, ms = 1000) => {
		const deadline = Date.now() + ms;
		while (!stream.comments.includes(text) && Date.now() < deadline && !stream.closed)
			await sleep(10);
		return stream.comments.includes(text);
	};
	return stream;
}
