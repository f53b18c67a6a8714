// A pupitred of a test's own, on a free port, for the tests that stop it.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sleep } from './api.js';

export const TOP = process.env.PUPITRE_API_TOP;
export const TMP = process.env.PUPITRE_TEST_TMP;

// Starts `pupitred serve` on a random port, trying others until one
// listens. Returns {url, proc, log, exited: Promise<{code, signal}>}.
export async function startServer(name, extra = []) {
	const log = join(TMP, `api-${name}.log`);
	for (let tries = 0; tries < 20; tries++) {
		const port = 20000 + Math.floor(Math.random() * 30000);
		const fd = openSync(log, 'a');
		const proc = spawn(process.env.PUPITRED_BIN || join(TOP, 'pupitred'), ['serve', '--db', process.env.PUPITRE_API_DB,
			'--listen', `127.0.0.1:${port}`, ...extra], { stdio: ['ignore', fd, fd] });
		const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
		let gone = false;
		exited.then(() => { gone = true; });
		for (let i = 0; i < 200 && !gone; i++) {
			if (readFileSync(log, 'utf8').includes(`listening on 127.0.0.1:${port}`))
				return { url: `http://127.0.0.1:${port}`, proc, log, exited };
			await sleep(25);
		}
		if (!gone) {
			proc.kill('SIGKILL');
			throw new Error(`pupitred did not start; see ${log}`);
		}
	}
	throw new Error(`pupitred could not listen; see ${log}`);
}
