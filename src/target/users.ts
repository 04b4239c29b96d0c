import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'customer' | 'admin' | 'manager' | 'owner';

export interface DemoUser {
  email: string;
  password: string;
  role: Role;
  id: string;
}

/** The accounts the demo API accepts at /api/v1/auth/login; published so scenarios can use them. */
export const DEMO_USERS: ReadonlyArray<DemoUser> = Object.freeze([
  { email: 'customer@example.com', password: 'customer-pass', role: 'customer', id: 'usr_customer' },
  { email: 'admin@example.com', password: 'admin-pass', role: 'admin', id: 'usr_admin' },
  { email: 'manager@example.com', password: 'manager-pass', role: 'manager', id: 'usr_manager' },
  { email: 'owner@example.com', password: 'owner-pass', role: 'owner', id: 'usr_owner' },
] as const);

/** Roles allowed to read /api/v1/analytics/overview. */
export const ANALYTICS_ROLES: ReadonlySet<Role> = new Set<Role>(['admin', 'manager', 'owner']);

export function isRole(value: unknown): value is Role {
  return value === 'customer' || value === 'admin' || value === 'manager' || value === 'owner';
}

// Digests make the comparison constant-time regardless of the guessed password's length.
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The user whose email and password match, or undefined. Emails compare case-insensitively. */
export function authenticate(email: string, password: string): DemoUser | undefined {
  const user = DEMO_USERS.find((u) => u.email === email.trim().toLowerCase());
  if (!user) return undefined;
  return timingSafeEqual(digest(user.password), digest(password)) ? user : undefined;
}
