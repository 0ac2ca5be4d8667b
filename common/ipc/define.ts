// Helpers that give each domain file its shape: method names are '<domain>.<verb>', each with a zod request
// and response schema; events are '<domain>.<event>' with a zod payload schema.
import type { z } from 'zod';

export interface MethodSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly req: Req;
  readonly res: Res;
}

export type MethodMap = Readonly<Record<string, MethodSpec>>;
export type EventMap = Readonly<Record<string, z.ZodType>>;

/** Only `<domain>.<verb>` keys are accepted, so two domain files cannot define the same name. */
type Namespaced<D extends string, T> = { readonly [K in keyof T]: K extends `${D}.${string}` ? T[K] : never };

/** Declares the methods of one domain. `domain` is checked against every key at compile time and run time. */
export function defineMethods<const D extends string, const T extends Record<string, MethodSpec>>(
  domain: D,
  methods: T & Namespaced<D, T>,
): T {
  assertNamespaced(domain, Object.keys(methods));
  return Object.freeze(methods);
}

/** Declares the events main sends to the renderer for one domain. */
export function defineEvents<const D extends string, const T extends Record<string, z.ZodType>>(
  domain: D,
  events: T & Namespaced<D, T>,
): T {
  assertNamespaced(domain, Object.keys(events));
  return Object.freeze(events);
}

// `on` is the subscription function on window.tessera, so it cannot also be a domain.
const reservedDomains = new Set(['on']);
const namePattern = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;

function assertNamespaced(domain: string, names: string[]): void {
  if (reservedDomains.has(domain)) throw new Error(`"${domain}" is reserved and cannot be an IPC domain`);
  for (const name of names) {
    if (!namePattern.test(name) || !name.startsWith(`${domain}.`)) {
      throw new Error(`IPC name "${name}" must be "${domain}.<camelCaseVerb>"`);
    }
  }
}
