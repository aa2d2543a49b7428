import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { consoleCsp } from '../../shared/runtime/console-config.js';
import type { LocalPage } from './http-api.js';

/**
 * The built console (web/dist) at the API's root, as CloudFront will serve it in AWS: files by
 * path, any other page path answered with index.html (the console routes in the browser), security
 * headers on everything. /v1 and the issuer's paths never reach here.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// The local issuer is on the API's origin: 'self' covers it. `storage`: the origin of the signed URLs
// the console PUTs uploads to and reads protocols from (the S3 emulator's own port).

const securityHeaders = (storage?: string) => ({
  'content-security-policy': consoleCsp(storage ? [storage] : []),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

const notFound: LocalPage = { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Not Found' }) };

export function consoleFiles(dir: string, storage?: string) {
  const root = normalize(dir) + sep;
  const SECURITY_HEADERS = securityHeaders(storage);
  return async function serve(pathname: string): Promise<LocalPage> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return notFound;
    }
    const wanted = normalize(join(root, decoded));
    const asset = wanted.startsWith(root) && extname(wanted) !== '' ? wanted : join(root, 'index.html');
    try {
      const bytes = await readFile(asset);
      const immutable = asset.startsWith(join(root, 'assets') + sep);
      return {
        status: 200,
        headers: { 'content-type': TYPES[extname(asset)] ?? 'application/octet-stream', 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...SECURITY_HEADERS },
        body: bytes,
      };
    } catch {
      return notFound;
    }
  };
}
