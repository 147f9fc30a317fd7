// Raw requests for the error-table walk: what a service answered, reduced to status, OAuth error and description
// (error_description of a redirect, a form_post or a JSON body; the visible text of an error page).
export interface Observed {
  status: number;
  /** OAuth `error`, when the answer carries one. */
  error?: string;
  /** error_description, or the visible text of a page. */
  description: string;
  /** How it came: a redirect to the app (query or fragment), a form_post, a JSON body, or a page. */
  answer: 'redirect' | 'form_post' | 'json' | 'page';
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function pageText(html: string): string {
  return unescape(html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** Reads a redirect's query or fragment. */
export function fromRedirect(url: URL, status = 302): Observed {
  const p = url.hash.length > 1 ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
  return { status, error: p.get('error') ?? undefined, description: p.get('error_description') ?? '', answer: 'redirect' };
}

/** One request, redirects not followed: a redirect elsewhere, a form_post page, JSON, or a page. */
export async function observe(url: string, init: RequestInit = {}): Promise<Observed> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const loc = res.headers.get('location');
  const body = await res.text();
  if (res.status >= 300 && res.status < 400 && loc) return fromRedirect(new URL(loc, url), res.status);
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    const j = JSON.parse(body) as { error?: string; error_description?: string };
    return { status: res.status, error: j.error, description: j.error_description ?? '', answer: 'json' };
  }
  if (/<form[^>]*method="post"/i.test(body) && /name="error"/.test(body)) {
    const get = (n: string) => unescape(new RegExp(`name="${n}"[^>]*value="([^"]*)"`).exec(body)?.[1] ?? '');
    return { status: res.status, error: get('error') || undefined, description: get('error_description'), answer: 'form_post' };
  }
  return { status: res.status, description: pageText(body), answer: 'page' };
}

export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Observed> {
  return observe(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
}

/** A message template ("… '{name}' …") as a pattern: the placeholders match any text. */
export function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[\\s\\S]*?'));
}
