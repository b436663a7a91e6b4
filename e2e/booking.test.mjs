// The full flow against the real Accueil server: the demo page, the widget,
// the web plugin, the engine and the store.
//
//   ACCUEIL_E2E_URL           test a server that is already running;
//   ACCUEIL_BIN, ACCUEIL_PLUGINS  (what `make test-e2e` sets) start that binary
//                             with that plugins folder on a free loopback port
//                             and a fresh data directory;
//   none of them              run `make build plugins` first, then as above.
// ACCUEIL_E2E_BUSINESS passes --business (default: the demo salon).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { launch } from './lib/browser.mjs';
import { scenario } from './lib/chat.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
let server = null, dataDir = null, browser = null, baseURL = process.env.ACCUEIL_E2E_URL;
let serverLog = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitHealthy(url, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url + '/health');
      if (r.ok) return;
    } catch {}
    if (server && server.exitCode !== null) throw new Error(`accueil exited with ${server.exitCode}:\n${serverLog}`);
    if (Date.now() > deadline) throw new Error(`accueil not healthy at ${url} after ${ms} ms:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  if (!baseURL) {
    dataDir = await mkdtemp(join(tmpdir(), 'accueil-e2e-data-'));
    let bin = process.env.ACCUEIL_BIN || process.env.ACCUEIL_E2E_BIN;
    let plugins = process.env.ACCUEIL_PLUGINS || process.env.ACCUEIL_E2E_PLUGINS;
    if (!bin) {
      execFileSync('make', ['build', 'plugins'], { cwd: repo, stdio: 'inherit' });
      bin = join(repo, 'bin', 'accueil');
      plugins = plugins || join(repo, 'bin', 'plugins');
    }
    const port = await freePort();
    const args = ['serve', '--addr', `127.0.0.1:${port}`, '--data', join(dataDir, 'data')];
    if (plugins) args.push('--plugins', resolve(plugins));
    if (process.env.ACCUEIL_E2E_BUSINESS) args.push('--business', resolve(process.env.ACCUEIL_E2E_BUSINESS));
    // The server reads ACCUEIL_* as configuration: do not hand it ours.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ACCUEIL_')));
    server = spawn(resolve(bin), args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => { serverLog += d; });
    server.stderr.on('data', (d) => { serverLog += d; });
    baseURL = `http://127.0.0.1:${port}`;
    await waitHealthy(baseURL, 60000);
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('book a men\'s cut in French on the demo page, reload, and HTML stays text', async () => {
  const page = await browser.context.newPage();
  try {
    const { reference, confirmation } = await scenario(page, baseURL, join(here, 'output', 'booking.png'));
    assert.match(reference, /^[A-Z0-9][A-Z0-9-]{3,}$/);
    console.log(`confirmed: ${confirmation}`);

    // The same customer writes on WhatsApp from the phone number given in
    // the widget (06 39 98 00 12): the booking made on the web is theirs.
    const form = new URLSearchParams({
      MessageSid: 'SM' + Date.now().toString().padStart(32, '0'), NumMedia: '0', ProfileName: 'Jeanne Martin',
      MessageType: 'text', WaId: '33639980012', SmsStatus: 'received', Body: 'Quels sont mes rendez-vous ?',
      To: 'whatsapp:+33639980000', From: 'whatsapp:+33639980012', AccountSid: 'AC5e2b7d90c41f836a2d0e9b71c53f8a46',
      ApiVersion: '2010-04-01',
    });
    const r = await fetch(baseURL + '/api/whatsapp/webhook', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
    const twiml = await r.text();
    assert.equal(r.status, 200, twiml);
    assert.match(r.headers.get('content-type'), /^text\/xml/);
    assert.ok(twiml.includes(reference), `the WhatsApp answer does not list ${reference}:\n${twiml}`);
    console.log(`on WhatsApp: ${twiml}`);
  } catch (e) {
    if (serverLog) e.message += `\n--- server log ---\n${serverLog.slice(-4000)}`;
    throw e;
  }
});
