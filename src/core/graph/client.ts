// The real GraphPort, on @microsoft/microsoft-graph-client with an @azure/identity TokenCredential.
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import * as l10n from '@vscode/l10n';
import { shareCredential } from '../auth/sharedCredential';
import type { SignInContext } from '../auth/signInErrors';
import { authError, CancelledError, GraphRequestError, networkError, parseGraphError } from './errors';
import type { GraphPort, GraphRequest, GraphResponse } from './port';
import { fullUrl } from './port';
import { DEFAULT_RETRY, backoffMs, shouldRetryNetwork, shouldRetryStatus, sleep, type RetryPolicy } from './retry';

export const PUBLIC_GRAPH_URL = 'https://graph.microsoft.com';

/** Known Graph hosts of the national clouds; the client attaches tokens to these without customHosts. */
const KNOWN_GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'graph.microsoft.de',
  'microsoftgraph.chinacloudapi.cn',
  'canary.graph.microsoft.com',
]);

export interface GraphEvent {
  type: 'request' | 'response' | 'retry';
  method: string;
  path: string;
  status?: number;
  waitMs?: number;
  reason?: string;
}

export interface GraphClientOptions {
  credential: TokenCredential;
  /** Graph root, default https://graph.microsoft.com (national clouds, the emulator). */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout; a hung connection counts as a network failure. */
  timeoutMs?: number;
  /** Progress and retry notices (e.g. "throttled, waiting 4 s"), for logs and the UI. */
  onEvent?: (e: GraphEvent) => void;
  /** The tenant and client id signed in with, so a sign-in failure can name them (never the secret). */
  signIn?: SignInContext;
}

function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    out[k.toLowerCase()] = v;
  });
  return out;
}

async function bodyOf(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createGraphClient(options: GraphClientOptions): GraphPort {
  const baseUrl = (options.baseUrl ?? PUBLIC_GRAPH_URL).replace(/\/+$/, '');
  const host = new URL(baseUrl).hostname;
  if (new URL(baseUrl).protocol !== 'https:') {
    throw new Error(l10n.t('The Graph URL must use https: the Graph client only sends tokens over https ({0}).', baseUrl));
  }
  // Shared: the first round's parallel requests wait for one token instead of each fetching its own.
  const authProvider = new TokenCredentialAuthenticationProvider(shareCredential(options.credential), {
    scopes: [`${baseUrl}/.default`],
  });
  // No RetryHandler in the chain: retries live in send() below (cancellable waits, reported to the user).
  const client = Client.initWithMiddleware({
    middleware: [new AuthenticationHandler(authProvider), new HTTPMessageHandler()],
    baseUrl: `${baseUrl}/`,
    // The client only attaches the bearer token to known Graph hosts or customHosts (graph-b2c.md §8).
    customHosts: KNOWN_GRAPH_HOSTS.has(host) ? undefined : new Set([host]),
  });
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const emit = options.onEvent ?? (() => undefined);

  async function attempt(req: GraphRequest, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let r = client
      .api(fullUrl(baseUrl, req))
      .responseType(ResponseType.RAW)
      .option('signal', combined);
    for (const [k, v] of Object.entries(req.headers ?? {})) r = r.header(k, v);
    switch (req.method) {
      case 'GET':
        return (await r.get()) as Response;
      case 'POST':
        return (await r.post(req.body ?? {})) as Response;
      case 'PATCH':
        return (await r.patch(req.body ?? {})) as Response;
      case 'PUT':
        // A string body (a policy's XML) is sent as is, with the Content-Type the request names.
        return (await r.put(req.body ?? {})) as Response;
      case 'DELETE':
        return (await r.delete()) as Response;
    }
  }

  async function send<T>(req: GraphRequest, signal?: AbortSignal): Promise<GraphResponse<T>> {
    for (let n = 1; ; n++) {
      if (signal?.aborted) throw new CancelledError();
      emit({ type: 'request', method: req.method, path: req.path });
      let res: Response;
      try {
        res = await attempt(req, signal);
      } catch (e) {
        if (signal?.aborted) throw new CancelledError();
        if (e instanceof GraphRequestError) throw e;
        if (isAuthFailure(e)) throw authError(req, e, options.signIn);
        if (shouldRetryNetwork(req.method) && n < policy.maxAttempts) {
          const waitMs = backoffMs(policy, n);
          emit({ type: 'retry', method: req.method, path: req.path, waitMs, reason: 'network' });
          await sleep(waitMs, signal);
          continue;
        }
        throw networkError(req, e);
      }
      const headers = headersOf(res);
      const body = await bodyOf(res);
      emit({ type: 'response', method: req.method, path: req.path, status: res.status });
      if (res.ok) return { status: res.status, body: body as T, headers };
      const err = parseGraphError(req, res.status, body, headers);
      if (shouldRetryStatus(res.status, req.method) && n < policy.maxAttempts) {
        const waitMs = backoffMs(policy, n, err.retryAfterSeconds);
        emit({ type: 'retry', method: req.method, path: req.path, status: res.status, waitMs, reason: err.kind });
        await sleep(waitMs, signal);
        continue;
      }
      throw err;
    }
  }

  return { baseUrl, send };
}

/** @azure/identity failures surface through the auth middleware; they are sign-in problems, not Graph ones. */
function isAuthFailure(e: unknown): boolean {
  // The Graph client wraps middleware errors in a GraphError whose `code` is the original error's name.
  const names = `${(e as { name?: string })?.name ?? ''} ${(e as { code?: string })?.code ?? ''}`;
  return /AuthenticationError|CredentialUnavailableError|AuthenticationRequiredError/.test(names);
}
