// Partial updates arrive with absent fields as `undefined`; spreading them would overwrite a value with nothing.

/** Drops keys whose value is undefined, so "not given" never overwrites a value. */
export function definedOnly<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
