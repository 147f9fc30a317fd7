// Figures the extension-host tests measure (activation time, …), reported by index.ts to the runner and the bench.
// A global, because each *.test.js is its own bundle with its own copy of this module.
const g = globalThis as unknown as { __itsmeMetrics?: Record<string, number> };
export const metrics: Record<string, number> = (g.__itsmeMetrics ??= {});
