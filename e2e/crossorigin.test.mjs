// The widget embedded in the business's own site, on another origin than
// the Accueil server, as docs/web.md tells a business to do: Chromium loads
// the page from http://127.0.0.2:<port> and the widget from the server at
// http://127.0.0.1:<port>, which lists the site in allowed_origins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch } from './lib/browser.mjs';
import { openChat, say, waitForReply } from './lib/chat.mjs';
import { freePort, startAccueil } from './lib/server.mjs';

let accueil = null, browser = null, siteURL = '', strangerURL = '';
const sites = [];

// servePage serves a page embedding the widget from src, on host:port.
async function servePage(host, port, src) {
  const page = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Salon Lumière</title></head>
<body><h1>Salon Lumière</h1><p>Coiffure, 12 rue des Lilas.</p><script src="${src}/widget.js" defer></script></body></html>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  sites.push(server);
  return `http://${host}:${port}`;
}

before(async () => {
  // The site's origin must be known before the server starts, to allow it.
  const sitePort = await freePort();
  accueil = await startAccueil({ env: { ACCUEIL_PLUGINS_WEB_ALLOWED_ORIGINS: `http://127.0.0.2:${sitePort}` } });
  siteURL = await servePage('127.0.0.2', sitePort, accueil.baseURL);
  strangerURL = await servePage('127.0.0.3', await freePort(), accueil.baseURL);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of sites) await new Promise((r) => s.close(r));
  await accueil?.stop();
});

// onPage opens url in a new page, runs fn on it, and closes it; a failure
// carries the end of the server's log.
async function onPage(url, fn) {
  const page = await browser.context.newPage();
  try {
    await page.goto(url);
    return await fn(page);
  } catch (e) {
    if (accueil) e.message += `\n--- server log ---\n${accueil.log().slice(-4000)}`;
    throw e;
  } finally {
    await page.close();
  }
}

test('on the business\'s site, the widget greets and answers a question', () => onPage(siteURL, async (page) => {
  await openChat(page);
  await waitForReply(page, 0); // the greeting
  const reply = await say(page, 'Quels sont vos horaires ?');
  assert.match(await reply.innerText(), /mardi|9h/i);
}));

test('on the business\'s site, a refusal is readable with its reason', () => onPage(siteURL, async (page) => {
  const got = await page.evaluate(async (api) => {
    const r = await fetch(api + '/messages', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ conversation: '3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f', id: 'm1', text: '   ' }),
    });
    const wrong = await fetch(api + '/messages');
    return { status: r.status, body: await r.json(), wrong: wrong.status, wrongBody: await wrong.json() };
  }, accueil.baseURL + '/api/web');
  assert.equal(got.status, 400);
  assert.match(got.body.error, /text is empty/);
  assert.equal(got.wrong, 405);
  assert.match(got.wrongBody.error, /use POST/);
}));

test('a site that is not allowed cannot talk to the server', () => onPage(strangerURL, async (page) => {
  const err = await page.evaluate(async (api) => {
    try {
      await fetch(api + '/messages', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ conversation: '3f2b6c1e-8d4a-4b7e-9c1f-2a3b4c5d6e7f', id: 'm2', text: 'bonjour' }),
      });
      return 'answered';
    } catch (e) {
      return e.name;
    }
  }, accueil.baseURL + '/api/web');
  assert.equal(err, 'TypeError', 'the browser must refuse the cross-origin answer');
}));
