// Receives the user flow's response on a loopback redirect (http://localhost:<port>), so the ID token can be shown
// and checked in VS Code instead of on jwt.ms. The token arrives in the URL fragment, which browsers never send to
// a server: a small page reads it and posts it back. Only a response carrying this run's state is accepted.
import * as http from 'node:http';
import * as vscode from 'vscode';

export const DEFAULT_LOOPBACK_PORT = 53117;

export function loopbackRedirectUri(port: number): string {
  return `http://localhost:${port}`;
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>itsme sign-in</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">
</head><body><p id="status">Passing the result to VS Code…</p><script src="/receive.js"></script></body></html>`;

const SCRIPT = `fetch('/result', { method: 'POST', body: location.hash.slice(1) || location.search.slice(1) })
  .then(function (r) { document.getElementById('status').textContent = r.ok ? 'Done: the result is in VS Code. You can close this tab.' : 'VS Code did not accept this response.'; })
  .catch(function () { document.getElementById('status').textContent = 'Could not reach VS Code.'; });`;

/**
 * Waits for one response with `state` on 127.0.0.1 and ::1 (a browser may resolve localhost to either).
 * Resolves with the response's parameters (id_token or error, error_description).
 */
export async function receiveOnLoopback(port: number, state: string, token: vscode.CancellationToken, timeoutMs = 5 * 60_000): Promise<URLSearchParams> {
  const servers: http.Server[] = [];
  try {
    return await new Promise<URLSearchParams>((resolve, reject) => {
      const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
        const path = (req.url ?? '/').split('?')[0];
        if (req.method === 'GET' && path === '/receive.js') {
          res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(SCRIPT);
        } else if (req.method === 'GET' && path === '/') {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
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
