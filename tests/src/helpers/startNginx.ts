import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from './tempDir.js';
import { registerTeardown } from './teardown.js';
import { waitFor } from './waitFor.js';

export interface TlsFiles {
  cert: string;
  key: string;
  /** The certificate's PEM text (to trust it). */
  certPem: string;
}

/** A self-signed certificate for localhost and 127.0.0.1, made with the openssl command. */
export async function selfSignedCertificate(): Promise<TlsFiles> {
  const dir = await makeTempDir('tandem-tls-');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert],
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  return { cert, key, certPem: readFileSync(cert, 'utf8') };
}

/**
 * nginx in the foreground with `httpBlock` (the directives of an `http {}` block, e.g. the README's
 * example) in a configuration of its own: pid, logs and temporary files in a temp dir. Resolves once
 * it answers on `probePort` (any HTTP answer); stopped after the test (or file).
 */
export async function startNginx(httpBlock: string, probePort: number): Promise<{ output: () => string }> {
  const dir = await makeTempDir('tandem-nginx-');
  // Its workers run as another user when nginx starts as root: they must reach the temp files.
  chmodSync(dir, 0o755);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  const file = join(dir, 'nginx.conf');
  writeFileSync(
    file,
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${httpBlock}
}
`,
  );
  const child = spawn('nginx', ['-e', 'stderr', '-p', dir, '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  registerTeardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output}`);
      return new Promise<boolean>((resolve) => {
        const socket = connect(probePort, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    },
    { timeout: 10_000, message: `nginx listening on ${probePort}` },
  );
  return { output: () => output };
}
