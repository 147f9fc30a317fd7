// A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost.
//
// Why TLS at all: MSAL (and therefore @azure/identity) refuses non-https authorities ("authority_uri_insecure"),
// and @microsoft/microsoft-graph-client only attaches the bearer token to https:// URLs (graph-b2c.md §0.5, §0.6,
// §8, §11). So the emulator must speak HTTPS with a certificate the client process trusts.
//
// The CA lives in a directory (default <repo>/.cache/emulator-ca/, override with an argument or the env var
// ITSME_EMULATOR_CA_DIR) and is reused when present, so a test runner can create it once, then spawn child
// processes (code-server, the CLI) with NODE_EXTRA_CA_CERTS=<dir>/ca.pem before any emulator starts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { webcrypto } from 'node:crypto';
import '../reflect-metadata'; // must precede @peculiar/x509 (tsyringe needs it at load time)
import * as x509 from '@peculiar/x509';

export interface CaMaterial {
  /** Path of the CA certificate (PEM): what NODE_EXTRA_CA_CERTS should point to. */
  caPath: string;
  caPem: string;
  /** The leaf (server) certificate for 127.0.0.1, ::1 and localhost, signed by the CA. */
  certPem: string;
  /** The leaf's private key (PKCS#8 PEM). */
  keyPem: string;
}

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'cert.pem', key: 'key.pem' } as const;
// ECDSA P-256: key generation is instant (RSA-2048 takes ~100 ms+) and every TLS stack we use accepts it.
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** <repo>/.cache/emulator-ca, where <repo> is two levels above this file (emulators/tls/ca.ts). */
export function defaultCaDir(): string {
  return process.env.ITSME_EMULATOR_CA_DIR || path.resolve(__dirname, '..', '..', '.cache', 'emulator-ca');
}

/**
 * Returns the CA and leaf certificate in `dir`, creating them first when missing (or the leaf when it is about to
 * expire). Safe to call from several processes at once: the first to publish ca.pem wins, the others read its files.
 */
export async function ensureCa(dir: string = defaultCaDir()): Promise<CaMaterial> {
  fs.mkdirSync(dir, { recursive: true });
  const p = (f: string) => path.join(dir, f);

  if (!fs.existsSync(p(FILES.ca))) {
    const ca = await createCa();
    const leaf = await createLeaf(ca.cert, ca.keys);
    const tmp = fs.mkdtempSync(path.join(dir, '.tmp-'));
    try {
      const t = (f: string) => path.join(tmp, f);
      fs.writeFileSync(t(FILES.caKey), await exportKeyPem(ca.keys.privateKey), { mode: 0o600 });
      fs.writeFileSync(t(FILES.cert), leaf.cert.toString('pem') + '\n');
      fs.writeFileSync(t(FILES.key), await exportKeyPem(leaf.keys.privateKey), { mode: 0o600 });
      fs.writeFileSync(t(FILES.ca), ca.cert.toString('pem') + '\n');
      try {
        // link() fails with EEXIST when another process published first: ca.pem is the commit point (a lock).
        fs.linkSync(t(FILES.ca), p(FILES.ca));
        for (const f of [FILES.caKey, FILES.cert, FILES.key]) fs.renameSync(t(f), p(f));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  await waitForFiles([FILES.caKey, FILES.cert, FILES.key].map(p));

  const caPem = fs.readFileSync(p(FILES.ca), 'utf8');
  let certPem = fs.readFileSync(p(FILES.cert), 'utf8');
  let keyPem = fs.readFileSync(p(FILES.key), 'utf8');

  // Renew the leaf (same CA, so NODE_EXTRA_CA_CERTS stays valid) if it expires within a day.
  if (new x509.X509Certificate(certPem).notAfter.getTime() < Date.now() + DAY) {
    const caCert = new x509.X509Certificate(caPem);
    const caKey = await importKeyPem(fs.readFileSync(p(FILES.caKey), 'utf8'));
    const leaf = await createLeaf(caCert, { privateKey: caKey, publicKey: await caCert.publicKey.export() });
    certPem = leaf.cert.toString('pem') + '\n';
    keyPem = await exportKeyPem(leaf.keys.privateKey);
    writeAtomic(p(FILES.key), keyPem);
    writeAtomic(p(FILES.cert), certPem);
  }
  return { caPath: p(FILES.ca), caPem, certPem, keyPem };
}

/**
 * Makes the CURRENT process trust `caPem` for every TLS client that uses Node's default CA list: https.request
 * (what @azure/identity's pipeline uses) and global fetch (undici, what the Graph client uses). Node >= 24.5.
 * Idempotent. Child processes still need NODE_EXTRA_CA_CERTS.
 */
export function trustCaInProcess(caPem: string): void {
  const current = tls.getCACertificates('default');
  const norm = (s: string) => s.replace(/\s+/g, '');
  if (current.some((c) => norm(c) === norm(caPem))) return;
  tls.setDefaultCACertificates([...current, caPem]);
}

async function createCa() {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=itsme-b2c emulator CA ${new Date(now).toISOString().slice(0, 10)}, O=itsme-b2c tests`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 10 * 365 * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function createLeaf(caCert: x509.X509Certificate, caKeys: CryptoKeyPair) {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=127.0.0.1',
    issuer: caCert.subject,
    notBefore: new Date(now - DAY),
    // Under 398 days: some TLS clients reject longer-lived server certificates.
    notAfter: new Date(now + 390 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return { cert, keys };
}

function randomSerial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0]! & 0x7f) | 0x01; // positive and without a leading zero byte
  return Buffer.from(b).toString('hex');
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0]!;
  return (await webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign'])) as unknown as CryptoKey;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Another process published ca.pem first and is still renaming the rest into place: wait (briefly) for it. */
async function waitForFiles(files: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!files.every((f) => fs.existsSync(f))) {
    if (Date.now() > deadline) throw new Error(`emulator CA: incomplete CA directory (missing ${files.join(', ')})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
