import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { UserRole } from '../db/schema.ts';

/**
 * Who may reach a route. `public`: anyone, signed in or not. A role: that role or a higher one
 * (viewer < analyst < admin), so `viewer` means "any signed-in user".
 */
export type Access = 'public' | UserRole;

export const ROLES: readonly UserRole[] = ['viewer', 'analyst', 'admin'];

export const ROLE_NAMES: Record<UserRole, string> = {
  viewer: 'Viewer',
  analyst: 'Analyst',
  admin: 'Admin',
};

export const ROLE_DESCRIPTIONS: Record<UserRole, string> = {
  viewer: 'Sees dashboards, published comparisons and scrutiny reviews, with small numbers suppressed; never sees names or staff numbers. For service leaders and scrutiny members.',
  analyst: 'Imports files and sees all data, including the workforce register; runs scrutiny reviews as an officer.',
  admin: 'Everything an analyst can do, plus users, settings and the audit log, for every authority.',
};

export function roleAllows(role: UserRole | undefined, access: Access): boolean {
  if (access === 'public') return true;
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(access);
}

/** Viewers see figures only: never worker names, staff numbers or other personal data. */
export function canSeePersonalData(user: { role: UserRole } | null | undefined): boolean {
  return user != null && user.role !== 'viewer';
}

export function hashPassword(password: string): Promise<string> {
  // argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Costs as much as a real check, so response times do not reveal which emails have accounts. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(newSecret());
  await verifyPassword(await dummyHash, password);
  return false;
}

/** A random secret, URL-safe. 32 bytes = 256 bits. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A password to give a new user once: 4 groups of 5 letters and digits, about 100 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (let i = 0; i < 20; i++) {
    if (i > 0 && i % 5 === 0) out += '-';
    out += alphabet[bytes[i]! % alphabet.length];
  }
  return out;
}

export const MIN_PASSWORD_LENGTH = 12;

/** API tokens: `retain_` then 32 random bytes. Stored as SHA-256: they are long random secrets, so a slow hash adds nothing. */
export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `retain_${newSecret()}`;
  return { token, hash: sha256(token), prefix: token.slice(0, 12) };
}

const NEXT_BASE = 'http://retain.invalid';

/**
 * Only paths on this site, so a crafted `next` cannot send a user to another site after signing
 * in. Browsers drop tabs and line breaks from a URL and read `\` as `/`, so `/\t/evil.example`
 * and `/\evil.example` would both reach `//evil.example`, another site: any control character or
 * backslash refuses the whole value (and a line break can no longer reach the Location header).
 * What is left is resolved against a dummy origin and must stay on it; the normalised path is
 * returned (percent-encoded, dot segments resolved), never the raw text. `/a/..//evil.example`
 * normalises to `//evil.example` and is refused too.
 */
export function safeNextPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 2048) return undefined;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return undefined;
  if (!next.startsWith('/') || next.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== NEXT_BASE) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : undefined;
}
