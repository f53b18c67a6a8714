// --tls-cert and --tls-key: the same API over HTTPS, and plain HTTP refused
// on that port.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';

import { startServer, TMP } from '../../lib/server.js';

function request(mod, url, options = {}) {
	return new Promise((resolve, reject) => {
		const req = mod.request(url, { method: 'POST', rejectUnauthorized: false, ...options }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c) => { body += c; });
			res.on('end', () => resolve({ status: res.statusCode, body }));
		});
		req.on('error', reject);
		req.end(JSON.stringify({ login: 'moderator', password: 'demo' }));
	});
}

test('the server speaks HTTPS with the certificate it is given', async () => {
	const cert = join(TMP, 'tls-cert.pem');
	const key = join(TMP, 'tls-key.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
		'-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
	const s = await startServer('tls', ['--tls-cert', cert, '--tls-key', key]);
	try {
		const url = s.url.replace('http:', 'https:');
		const r = await request(https, `${url}/v1/sessions`);
		assert.equal(r.status, 201);
		assert.match(JSON.parse(r.body).token, /^[0-9a-f]{64}$/);
		// plain HTTP on the TLS port gets no answer
		await assert.rejects(request(http, `${s.url}/v1/sessions`));
	} finally {
		s.proc.kill('SIGTERM');
		assert.deepEqual(await s.exited, { code: 0, signal: null });
	}
});

test('a certificate that cannot be read stops the start with a message', () => {
	const bin = process.env.PUPITRED_BIN || join(process.env.PUPITRE_API_TOP, 'pupitred');
	const nope = join(TMP, 'nope.pem');
	let failure;
	try {
		execFileSync(bin, ['serve', '--db', process.env.PUPITRE_API_DB, '--listen', '127.0.0.1:1',
			'--tls-cert', nope, '--tls-key', nope], { stdio: 'pipe' });
	} catch (e) {
		failure = e;
	}
	assert.ok(failure, 'the server started without its certificate');
	assert.equal(failure.status, 1);
	assert.match(failure.stderr.toString(), /cannot read .*nope\.pem/);
});
