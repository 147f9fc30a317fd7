// The Graph emulator seen from inside the extension host: ../run.ts starts it in the test process and passes
// its address and the management app's credentials through code-server's environment (emu.env()), which the
// extension host inherits along with NODE_EXTRA_CA_CERTS (the emulator's CA). Used to check what the extension
// did to the tenant, with the same HTTPS stack the extension uses.
import * as https from 'node:https';

export function emulatorEnv() {
  const e = process.env;
  const need = (k: string) => {
    const v = e[k];
    if (!v) throw new Error(`${k} is not set in the extension host (the runner passes the emulator's env to code-server)`);
    return v;
  };
  return {
    url: need('ITSME_B2C_GRAPH_URL'),
    authorityHost: need('ITSME_B2C_AUTHORITY_HOST'),
    tenantId: need('ITSME_B2C_TENANT_ID'),
    clientId: need('ITSME_B2C_CLIENT_ID'),
    clientSecret: need('ITSME_B2C_CLIENT_SECRET'),
  };
}

export function request(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers: { ...headers, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let json: any;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

let token: string | undefined;

/** A client-credentials token for the management app from the emulator's token endpoint. */
export async function managementToken(): Promise<string> {
  if (token) return token;
  const e = emulatorEnv();
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: e.clientId, client_secret: e.clientSecret, scope: `${e.url}/.default` });
  const r = await request('POST', `${e.authorityHost}/${e.tenantId}/oauth2/v2.0/token`, form.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
  if (r.status !== 200 || !r.json?.access_token) throw new Error(`token endpoint answered ${r.status}: ${JSON.stringify(r.json)}`);
  token = r.json.access_token as string;
  return token;
}

/** GET a Graph path (e.g. '/beta/identity/identityProviders') as the management app. */
export async function graphGet(path: string): Promise<any> {
  const e = emulatorEnv();
  const r = await request('GET', `${e.url}${path}`, undefined, { Authorization: `Bearer ${await managementToken()}` });
  if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

/** PATCH a Graph path as the management app (a change made "by someone else" while the extension looks on). */
export async function graphPatch(path: string, body: unknown): Promise<void> {
  const e = emulatorEnv();
  const r = await request('PATCH', `${e.url}${path}`, JSON.stringify(body), { Authorization: `Bearer ${await managementToken()}`, 'Content-Type': 'application/json' });
  if (r.status < 200 || r.status > 299) throw new Error(`PATCH ${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
}
