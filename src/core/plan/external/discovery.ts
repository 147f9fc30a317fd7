// Pre-flight on the itsme side for an External ID tenant: External ID reads itsme's discovery document itself, and
// refuses a provider whose document lacks what it needs (external-id.md §2.4: issuer, authorization_endpoint,
// token_endpoint, token_endpoint_auth_methods_supported, response_types_supported, subject_types_supported,
// jwks_uri; client_secret_post among the auth methods, "code" among the response types; an https issuer that is not
// a microsoftonline.com host). The provider's `issuer` is taken from this document, so the plan needs it read.
// checkDiscoveryDocument is pure; fetchDiscovery is the one network read (a port, so hosts and tests choose it).
import * as l10n from '@vscode/l10n';

export interface DiscoveryCheck {
  url: string;
  /** True when the document answered and carries everything External ID needs. */
  ok: boolean;
  /** The document's issuer (what the provider's `issuer` is set to), when it has a usable one. */
  issuer?: string;
  /** What is wrong, in words, each saying what External ID needs. */
  problems: string[];
  /** What was checked and held, in words (for the review page). */
  passed: string[];
}

/** Reads a discovery document: the parsed JSON, or throws with a message in words. */
export type DiscoveryFetcher = (url: string, signal?: AbortSignal) => Promise<unknown>;

const REQUIRED = ['issuer', 'authorization_endpoint', 'token_endpoint', 'token_endpoint_auth_methods_supported', 'response_types_supported', 'subject_types_supported', 'jwks_uri'] as const;

function issuerProblem(issuer: string): string | undefined {
  let u: URL;
  try {
    u = new URL(issuer);
  } catch {
    return l10n.t('The issuer "{0}" is not a URL: External ID needs an https URL without query or fragment.', issuer);
  }
  if (u.protocol !== 'https:') return l10n.t('The issuer "{0}" is not https: External ID accepts only an https issuer.', issuer);
  if (u.search || u.hash) return l10n.t('The issuer "{0}" has a query or fragment: External ID refuses it.', issuer);
  if (/(^|\.)microsoftonline\.com$/i.test(u.hostname)) return l10n.t('The issuer "{0}" is a microsoftonline.com host, which External ID does not accept for an OpenID Connect provider.', issuer);
  return undefined;
}

/** Checks a discovery document (already parsed) against what External ID requires. Pure. */
export function checkDiscoveryDocument(url: string, doc: unknown): DiscoveryCheck {
  const problems: string[] = [];
  const passed: string[] = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return { url, ok: false, problems: [l10n.t('itsme\'s discovery document {0} is not a JSON object.', url)], passed };
  }
  const d = doc as Record<string, unknown>;
  const missing = REQUIRED.filter((k) => d[k] === undefined || d[k] === null || d[k] === '');
  if (missing.length) problems.push(l10n.t('itsme\'s discovery document lacks {0}, which External ID requires.', missing.join(', ')));
  else passed.push(l10n.t('It carries issuer, authorization_endpoint, token_endpoint, token_endpoint_auth_methods_supported, response_types_supported, subject_types_supported and jwks_uri.'));
  const list = (k: string): string[] => (Array.isArray(d[k]) ? (d[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  if (d['token_endpoint_auth_methods_supported'] !== undefined) {
    if (list('token_endpoint_auth_methods_supported').includes('client_secret_post')) passed.push(l10n.t('itsme accepts client_secret_post (how External ID sends the client secret).'));
    else problems.push(l10n.t('itsme\'s discovery document does not list client_secret_post among token_endpoint_auth_methods_supported: External ID sends the client secret that way.'));
  }
  if (d['response_types_supported'] !== undefined) {
    if (list('response_types_supported').includes('code')) passed.push(l10n.t('itsme supports response type code (the only one External ID uses).'));
    else problems.push(l10n.t('itsme\'s discovery document does not list "code" among response_types_supported: External ID supports only the code flow.'));
  }
  let issuer: string | undefined;
  if (typeof d['issuer'] === 'string' && d['issuer']) {
    const p = issuerProblem(d['issuer']);
    if (p) problems.push(p);
    else {
      issuer = d['issuer'];
      passed.push(l10n.t('Its issuer {0} is an https URL External ID accepts.', issuer));
    }
  }
  return { url, ok: problems.length === 0, issuer, problems, passed };
}

/** The default fetcher: an HTTPS GET with a timeout (Node's fetch; NODE_EXTRA_CA_CERTS is honoured). */
export const fetchDiscovery: DiscoveryFetcher = async (url, signal) => {
  const timeout = AbortSignal.timeout(10_000);
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  if (!res.ok) throw new Error(l10n.t('HTTP {0}', res.status));
  return res.json();
};

/** Reads and checks the document; an unreachable document is a problem in the check, never a throw. */
export async function preflightDiscovery(url: string, fetcher: DiscoveryFetcher = fetchDiscovery, signal?: AbortSignal): Promise<DiscoveryCheck> {
  let doc: unknown;
  try {
    doc = await fetcher(url, signal);
  } catch (e) {
    if (signal?.aborted) throw e;
    const why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
    return { url, ok: false, problems: [l10n.t('itsme\'s discovery document {0} did not answer ({1}): External ID reads it at sign-in, so it must be reachable.', url, why)], passed: [] };
  }
  return checkDiscoveryDocument(url, doc);
}
