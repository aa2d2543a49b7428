import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { AUDIENCE } from './naming.js';

/**
 * The local OIDC issuer standing in for ЕСИА: one RS256 key pair kept under `<dataDir>/issuer/`,
 * so tokens minted before a restart stay valid. The API server publishes its discovery document
 * and JWKS; `mintToken` signs tokens for demo users without the stack running.
 */

export const DEFAULT_ISSUER = 'http://127.0.0.1:3000';

const dir = (dataDir: string) => join(dataDir, 'issuer');
const keyFile = (dataDir: string) => join(dir(dataDir), 'signing-key.jwk.json');
const urlFile = (dataDir: string) => join(dir(dataDir), 'issuer-url.txt');

export interface IssuerKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function readKey(dataDir: string): Promise<IssuerKey | undefined> {
  try {
    return JSON.parse(await readFile(keyFile(dataDir), 'utf8')) as IssuerKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The signing key, created on first use. Two racing creators: the first write wins, both read it. */
export async function issuerKey(dataDir: string): Promise<IssuerKey> {
  const existing = await readKey(dataDir);
  if (existing) return existing;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const key: IssuerKey = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
  await mkdir(dir(dataDir), { recursive: true });
  try {
    await writeFile(keyFile(dataDir), JSON.stringify(key), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readKey(dataDir))!;
}

export async function jwks(dataDir: string): Promise<{ keys: JWK[] }> {
  return { keys: [(await issuerKey(dataDir)).publicJwk] };
}

/** The running stack records its issuer URL so tokens minted offline carry the right `iss`. */
export async function recordIssuerUrl(dataDir: string, issuer: string): Promise<void> {
  await mkdir(dir(dataDir), { recursive: true });
  await writeFile(urlFile(dataDir), issuer);
}

export async function issuerUrl(dataDir: string): Promise<string> {
  try {
    return (await readFile(urlFile(dataDir), 'utf8')).trim() || DEFAULT_ISSUER;
  } catch {
    return DEFAULT_ISSUER;
  }
}

export function openIdConfiguration(issuer: string) {
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'snils'],
  };
}

export interface TokenRequest {
  /** `FOMS`, a region code (TFOMS), a 6-digit MO code or a 5-digit SMO code. */
  org: string;
  /** Seed 003 authority: A (registry notifications) or B (user requests). */
  authority?: string;
  role?: string;
  sub?: string;
  snils?: string;
  ttlSeconds?: number;
  /** Defaults to the URL recorded by the last stack start, else http://127.0.0.1:3000. */
  issuer?: string;
  audience?: string;
}

export async function mintToken(request: TokenRequest, dataDir: string): Promise<string> {
  const key = await issuerKey(dataDir);
  // Like ЕСИА, the token identifies the person only; organization, authorities and roles are
  // looked up in omsflow's own tables on every call.
  const claims: Record<string, string> = {};
  if (request.snils) claims.snils = request.snils;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(request.issuer ?? (await issuerUrl(dataDir)))
    .setAudience(request.audience ?? AUDIENCE)
    .setSubject(request.sub ?? `local-${request.org}-${request.role ?? 'user'}`)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (request.ttlSeconds ?? 3600))
    .setJti(randomUUID())
    .sign(await importJWK(key.privateJwk, 'RS256'));
}
