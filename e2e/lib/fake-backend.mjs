// A small stand-in for the Accueil host, used to test the widget in a real
// browser without the Go server: it serves webui/static and implements the
// web chat API of docs/web.md (messages, start, config, history, events)
// with a scripted conversation. It follows the same rules as plugins/web
// and runtime/webchat: ids, dedupe, validation, SSE.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const CONV = /^[A-Za-z0-9_-]{16,64}$/;
const CLIENT = /^[A-Za-z0-9_-]{1,64}$/;

export async function startFakeBackend({ staticDir }) {
  const conversations = new Map(); // id -> {history: [], turns: Map(eventID -> replies), state, seq}
  const streams = new Map(); // id -> Set(res)
  const stats = { messages: 0, starts: 0 };

  function conv(id) {
    if (!conversations.has(id)) conversations.set(id, { history: [], turns: new Map(), state: 'idle', seq: 0 });
    return conversations.get(id);
  }
  function record(id, msgs) {
    const c = conv(id);
    for (const m of msgs) {
      if (c.history.some((h) => h.id === m.id)) continue;
      const stored = { ...m, at: new Date().toISOString(), seq: ++c.seq };
      c.history.push(stored);
      for (const res of streams.get(id) || []) {
        res.write(`id: ${stored.id}\nevent: message\ndata: ${JSON.stringify(stored)}\n\n`);
      }
    }
  }
  function engine(c, text, choice) {
    if (c.state === 'idle' && /coupe homme/i.test(text)) {
      c.state = 'slot';
      return [{ text: 'Hugo peut vous recevoir samedi 6 mars à :', choices: [
        { id: 'slot:2027-03-06T10:00', label: '10:00' }, { id: 'slot:2027-03-06T10:30', label: '10:30' }, { id: 'slot:2027-03-06T14:00', label: '14:00' }] }];
    }
    if (c.state === 'slot' && choice.startsWith('slot:')) {
      c.slot = text;
      c.state = 'name';
      return [{ text: `C'est noté pour samedi 6 mars à ${text}. À quel nom dois-je réserver ?` }];
    }
    if (c.state === 'name') {
      c.name = text;
      c.state = 'confirm';
      return [{ text: `Je récapitule : coupe homme avec Hugo, samedi 6 mars à ${c.slot}, au nom de ${text}. Je confirme ?`,
        choices: [{ id: 'yes', label: 'Oui' }, { id: 'no', label: 'Non' }] }];
    }
    if (c.state === 'confirm' && /^(oui|yes)$/i.test(text.trim())) {
      c.state = 'idle';
      return [{ text: 'C’est confirmé ! Votre rendez-vous est réservé. Référence : LUM-7K2Q.' }];
    }
    return [{ text: `Je n'ai pas compris « ${text} ». Pouvez-vous reformuler ?` }];
  }

  function send(res, status, body, type = 'application/json') {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  }
  async function json(req) {
    let body = '';
    for await (const chunk of req) body += chunk;
    try { return JSON.parse(body); } catch { return null; }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    try {
      if (p === '/' || p === '/index.html' || p === '/widget.js') {
        const file = p === '/widget.js' ? 'widget.js' : 'index.html';
        return send(res, 200, await readFile(join(staticDir, file)), file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8');
      }
      if (p === '/api/web/config') {
        return send(res, 200, { name: 'Salon Lumière', language: 'fr', languages: ['fr', 'en'], greeting: 'Bonjour, Salon Lumière, que puis-je faire pour vous ?', phone: '+33199001234' });
      }
      if (p === '/api/web/history') {
        const id = url.searchParams.get('conversation') || '';
        if (!CONV.test(id)) return send(res, 400, { error: 'conversation must be 16 to 64 characters of A-Z, a-z, 0-9, _ and -' });
        return send(res, 200, { conversation: id, messages: conversations.get(id)?.history || [] });
      }
      if (p === '/api/web/events') {
        const id = url.searchParams.get('conversation') || '';
        if (!CONV.test(id)) return send(res, 400, { error: 'bad conversation' });
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
        res.write('retry: 3000\n: connected\n\n');
        if (!streams.has(id)) streams.set(id, new Set());
        streams.get(id).add(res);
        req.on('close', () => streams.get(id)?.delete(res));
        return;
      }
      if ((p === '/api/web/messages' || p === '/api/web/start') && req.method === 'POST') {
        const b = await json(req);
        if (!b || typeof b !== 'object') return send(res, 400, { error: 'body must be a JSON object' });
        if (!CONV.test(b.conversation || '')) return send(res, 400, { error: 'conversation must be 16 to 64 characters of A-Z, a-z, 0-9, _ and -' });
        const c = conv(b.conversation);
        if (p === '/api/web/start') {
          stats.starts++;
          const key = b.conversation + ':start';
          if (!c.turns.has(key)) {
            const replies = [{ id: 'g.0', role: 'assistant', text: 'Bonjour, Salon Lumière, que puis-je faire pour vous ?' }];
            c.turns.set(key, replies);
            record(b.conversation, replies);
          }
          return send(res, 200, { conversation: b.conversation, replies: c.turns.get(key) });
        }
        if (!CLIENT.test(b.id || '')) return send(res, 400, { error: 'id must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -' });
        const text = String(b.text || '').trim() || String(b.choice || '');
        if (!text) return send(res, 400, { error: 'text is empty: write a message' });
        if ([...text].length > 1000) return send(res, 413, { error: 'message too long: at most 1000 characters' });
        stats.messages++;
        const key = b.conversation + ':' + b.id;
        if (!c.turns.has(key)) {
          const replies = engine(c, text, String(b.choice || '')).map((r, i) => ({ id: `r.${b.id}.${i}`, role: 'assistant', ...r }));
          c.turns.set(key, replies);
          record(b.conversation, [{ id: b.id, role: 'customer', text }, ...replies]);
        }
        return send(res, 200, { conversation: b.conversation, id: b.id, replies: c.turns.get(key) });
      }
      return send(res, 404, { error: 'not found: ' + p });
    } catch (e) {
      return send(res, 500, { error: String(e) });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    conversations,
    subscribers(id) { return streams.get(id)?.size || 0; },
    // push delivers a message outside a turn, as runtime/webchat Service.Push does.
    push(id, text) { record(id, [{ id: 'p.' + Date.now(), role: 'staff', text }]); },
    async close() {
      for (const set of streams.values()) for (const r of set) r.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
