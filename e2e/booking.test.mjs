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
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { launch } from './lib/browser.mjs';
import { scenario } from './lib/chat.mjs';
import { startAccueil } from './lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let server = null, browser = null, baseURL = process.env.ACCUEIL_E2E_URL;
// The WhatsApp webhook checks Twilio's signature with this token (for a
// server already running: ACCUEIL_E2E_TWILIO_TOKEN, its auth_token).
const twilioToken = process.env.ACCUEIL_E2E_TWILIO_TOKEN || (baseURL ? '' : 'e2e-twilio-auth-token');
const serverLog = () => (server ? server.log() : '');

before(async () => {
  if (!baseURL) {
    const args = process.env.ACCUEIL_E2E_BUSINESS ? ['--business', resolve(process.env.ACCUEIL_E2E_BUSINESS)] : [];
    server = await startAccueil({ args, env: { ACCUEIL_PLUGINS_WHATSAPP_AUTH_TOKEN: twilioToken } });
    baseURL = server.baseURL;
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
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
    // Signed as Twilio signs (a number in an unsigned request proves
    // nothing and would open no bookings).
    const url = baseURL + '/api/whatsapp/webhook';
    const signed = url + [...form.keys()].sort().map((k) => k + form.get(k)).join('');
    const signature = createHmac('sha1', twilioToken).update(signed).digest('base64');
    const r = await fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      body: form.toString(),
    });
    const twiml = await r.text();
    assert.equal(r.status, 200, twiml);
    assert.match(r.headers.get('content-type'), /^text\/xml/);
    assert.ok(twiml.includes(reference), `the WhatsApp answer does not list ${reference}:\n${twiml}`);
    console.log(`on WhatsApp: ${twiml}`);
  } catch (e) {
    if (serverLog()) e.message += `\n--- server log ---\n${serverLog().slice(-4000)}`;
    throw e;
  }
});
