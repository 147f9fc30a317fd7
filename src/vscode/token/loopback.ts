// Receives the user flow's response on a loopback redirect (http://localhost:<port>), so the ID token can be shown
// and checked in VS Code instead of on jwt.ms. The token arrives in the URL fragment, which browsers never send to
// a server: a small page (core/token/loopbackPage.ts) reads it, removes it from the URL and history, and posts it back.
// Only a response carrying this run's state is accepted.
import * as http from 'node:http';
import * as vscode from 'vscode';
import { LOOPBACK_CSP, loopbackPage } from '../../core/token/loopbackPage';

export const DEFAULT_LOOPBACK_PORT = 53117;

export function loopbackRedirectUri(port: number): string {
  return `http://localhost:${port}`;
}

/**
 * Waits for one response with `state` on 127.0.0.1 and ::1 (a browser may resolve localhost to either).
 * Resolves with the response's parameters (id_token or error, error_description).
 */
export async function receiveOnLoopback(port: number, state: string, token: vscode.CancellationToken, timeoutMs = 5 * 60_000): Promise<URLSearchParams> {
  const servers: http.Server[] = [];
  const page = loopbackPage(vscode.env.language);
  try {
    return await new Promise<URLSearchParams>((resolve, reject) => {
      const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
        const path = (req.url ?? '/').split('?')[0];
        if (req.method === 'GET' && path === '/') {
          // no-store: the page is not kept with its URL; no-referrer: nothing of it leaves with a later link.
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': LOOPBACK_CSP, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).end(page);
        } else if (req.method === 'POST' && path === '/result') {
          let body = '';
          req.setEncoding('utf8');
          req.on('data', (d: string) => {
            body += d;
            if (body.length > 64_000) req.destroy();
          });
          req.on('end', () => {
            const params = new URLSearchParams(body);
            if (params.get('state') !== state) {
              res.writeHead(400).end();
              return;
            }
            res.writeHead(204).end();
            resolve(params);
          });
        } else {
          res.writeHead(404).end();
        }
      };
      for (const host of ['127.0.0.1', '::1']) {
        const s = http.createServer(handler);
        servers.push(s);
        s.on('error', (e: NodeJS.ErrnoException) => {
          // ::1 may not exist on the machine; one listener is enough.
          if (host === '::1' && (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT')) return;
          reject(new Error(vscode.l10n.t('Cannot listen on localhost:{0} ({1}); set itsme.loopbackPort to a free port.', port, e.code ?? e.message)));
        });
        s.listen(port, host);
      }
      const timer = setTimeout(() => reject(new vscode.CancellationError()), timeoutMs);
      token.onCancellationRequested(() => {
        clearTimeout(timer);
        reject(new vscode.CancellationError());
      });
    });
  } finally {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  }
}
