// The error-table walk: one `it` per row of a table, each provoked with a real request (a row without a
// provocation fails, and so does a provocation whose row is gone).
import { strict as assert } from 'node:assert';
import type { Observed } from './observe';

export type Provoke = () => Promise<Observed>;

/** Registers one `it` per row, and one that checks every provocation has a row. */
export function walk<R>(label: string, rows: () => Array<[string, R]>, provocations: Record<string, Provoke>, check: (row: R, seen: Observed) => void, keys: string[]): void {
  for (const key of keys) {
    it(`${label}: ${key}`, async () => {
      const row = rows().find(([k]) => k === key)?.[1];
      assert.ok(row, `no row ${key}`);
      const provoke = provocations[key];
      assert.ok(provoke, `no provocation for the row ${key}: add one to test/conformance/error-tables.test.ts`);
      check(row, await provoke());
    });
  }
  it(`${label}: every row has a provocation and every provocation a row`, () => {
    const names = rows().map(([k]) => k);
    assert.deepEqual(names.filter((k) => !provocations[k]), [], 'rows without a provocation');
    assert.deepEqual(Object.keys(provocations).filter((k) => !names.includes(k)), [], 'provocations without a row');
  });
}

