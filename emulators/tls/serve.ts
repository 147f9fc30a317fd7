// The HTTPS listener every emulator serves on: the throwaway CA's certificate, 127.0.0.1, the port asked (0 = any
// free one; a port in use rejects, so a caller that asked for a kept port hears it instead of an uncaught 'error'),
// and a stop that also ends kept-alive connections (a browser's would hold the server open).
import type { RequestListener } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CaMaterial } from './ca';

export interface HttpsListener {
  server: https.Server;
  /** https://127.0.0.1:PORT */
  origin: string;
  /** 127.0.0.1:PORT */
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function listenHttps(ca: Pick<CaMaterial, 'certPem' | 'keyPem'>, port: number | undefined, handler?: RequestListener): Promise<HttpsListener> {
  const server = https.createServer({ cert: ca.certPem, key: ca.keyPem }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    origin: `https://127.0.0.1:${actual}`,
    host: `127.0.0.1:${actual}`,
    port: actual,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
