// Reads that report failure as a value, so observe() can send every GET at once and decide afterwards
// which failures matter (a 404 means "absent"; a 403 on an optional read is tolerated).
import { GraphRequestError } from './errors';
import type { GraphCollection, GraphPort, GraphRequest } from './port';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: GraphRequestError };

export async function read<T>(graph: GraphPort, req: GraphRequest, signal?: AbortSignal): Promise<Outcome<T>> {
  try {
    const res = await graph.send<T>(req, signal);
    return { ok: true, value: res.body as T };
  } catch (e) {
    if (e instanceof GraphRequestError) return { ok: false, error: e };
    throw e;
  }
}

/** Follows @odata.nextLink so large tenants are read whole (rare here: filters keep lists short). */
export async function readAll<T>(graph: GraphPort, req: GraphRequest, signal?: AbortSignal): Promise<Outcome<T[]>> {
  const first = await read<GraphCollection<T>>(graph, req, signal);
  if (!first.ok) return first;
  const items = [...(first.value?.value ?? [])];
  let next = first.value?.['@odata.nextLink'];
  const prefix = `${graph.baseUrl}/${req.version}`;
  while (next && next.startsWith(prefix)) {
    const page = await read<GraphCollection<T>>(graph, { ...req, path: next.slice(prefix.length) }, signal);
    if (!page.ok) return page;
    items.push(...(page.value?.value ?? []));
    next = page.value?.['@odata.nextLink'];
  }
  return { ok: true, value: items };
}

/** The value, null for 404, or the error thrown. */
export function orNull<T>(o: Outcome<T>): T | null {
  if (o.ok) return o.value;
  if (o.error.kind === 'notFound') return null;
  throw o.error;
}
