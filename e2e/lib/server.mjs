// Starting the real Accueil server for a test file.
//
//   ACCUEIL_BIN, ACCUEIL_PLUGINS  (what `make test-e2e` sets) start that binary
//                                 with that plugins folder;
//   neither                       run `make build plugins` first.
//
// The server listens on a free loopback port with a fresh data directory.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// startAccueil starts the server with extra configuration in env (ACCUEIL_*
// variables) and extra command-line args, and waits until it is healthy.
// It returns { baseURL, log(), stop() }.
export async function startAccueil({ env: extra = {}, args: extraArgs = [] } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'accueil-e2e-data-'));
  let bin = process.env.ACCUEIL_BIN || process.env.ACCUEIL_E2E_BIN;
  let plugins = process.env.ACCUEIL_PLUGINS || process.env.ACCUEIL_E2E_PLUGINS;
  if (!bin) {
    execFileSync('make', ['build', 'plugins'], { cwd: repo, stdio: 'inherit' });
    bin = join(repo, 'bin', 'accueil');
    plugins = plugins || join(repo, 'bin', 'plugins');
  }
  const port = await freePort();
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--data', join(dataDir, 'data'), ...extraArgs];
  if (plugins) args.push('--plugins', resolve(plugins));
  // The server reads ACCUEIL_* as configuration: hand it only ours.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ACCUEIL_')));
  Object.assign(env, extra);
  let log = '';
  const server = spawn(resolve(bin), args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { log += d; });
  server.stderr.on('data', (d) => { log += d; });
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(baseURL, 60000, server, () => log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseURL, log: () => log, stop };
}

async function waitHealthy(url, ms, server, log) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url + '/health');
      if (r.ok) return;
    } catch {}
    if (server.exitCode !== null) throw new Error(`accueil exited with ${server.exitCode}:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`accueil not healthy at ${url} after ${ms} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
