// The full secret scan (issue 12 §4): every file a UI run leaves behind — code-server's user data (settings, state,
// logs), its extensions, the workspace, the browser profile(s) and the code-server log — read as raw bytes and
// searched for each secret in every form a store or a transport could give it. Pure matcher and file walk here;
// `scanE2eForSecrets` ties it to the e2e environment (test/e2e/env.ts). This module must not import ./env (that
// registers the suite's root hooks): the unit test (test/unit/secretScan.test.ts) imports it too.
//
// Forms (test/unit/secretScan.test.ts plants each): plain UTF-8/Latin-1, JSON-escaped once and twice (a JSON
// string inside a JSON string, as webview state is), encodeURIComponent and form encoding, base64 and base64url
// with the secret at byte offset 0, 1 or 2 mod 3 (so it is found as a substring of any larger base64 blob),
// UTF-16LE (Chromium's two-byte strings, V8 serialisation, SNSS session files).
// Containers a raw search cannot see through, decoded first: gzip members anywhere in a file, LevelDB tables
// (Snappy-compressed blocks: Chromium's Local Storage, IndexedDB, Session Storage), LevelDB logs and manifests
// (records split over 32 KiB blocks), Blink's Snappy-compressed IndexedDB values (FF 11 02 + raw Snappy), and
// SQLite files' pages laid end to end (overflow chains of sequentially allocated pages).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { E2e } from './env';

export interface Secret {
  /** What the report calls it (never the value). */
  name: string;
  value: string;
}

export interface Needle {
  secret: string;
  /** Form name(s); forms with identical bytes are merged as "plain|json|uri". */
  form: string;
  bytes: Buffer;
}

export interface Hit {
  secret: string;
  form: string;
  /** Offset of the match in `view`. */
  offset: number;
  /** 'raw' (the file's bytes) or the decoded container the match was in, e.g. 'leveldb-block@4096', 'gzip@12'. */
  view: string;
}

export interface FileHit extends Hit {
  file: string;
  root: string;
}

export interface ScanRoot {
  label: string;
  /** A directory (walked recursively) or a single file. */
  dir: string;
}

export interface ScanReport {
  hits: FileHit[];
  files: number;
  bytes: number;
  /** Decoded containers searched besides the raw bytes (gzip members, LevelDB blocks/logs, Snappy values, SQLite). */
  views: Record<string, number>;
  ms: number;
  perRoot: Record<string, { files: number; bytes: number }>;
  /** Not regular files (symlinks, sockets) and files that vanished or could not be read. */
  skipped: string[];
  excluded: Array<{ file: string; why: string }>;
  needles: number;
}

/** Every form of one secret the scan looks for, identical byte strings merged. */
export function secretForms(value: string): Array<{ form: string; bytes: Buffer }> {
  const json = JSON.stringify(value).slice(1, -1);
  const forms: Array<[string, Buffer]> = [
    ['plain', Buffer.from(value, 'utf8')],
    ['json', Buffer.from(json, 'utf8')],
    ['json2', Buffer.from(JSON.stringify(json).slice(1, -1), 'utf8')],
    ['uri', Buffer.from(encodeURIComponent(value))],
    ['form', Buffer.from(new URLSearchParams({ x: value }).toString().slice(2))],
  ];
  const raw = Buffer.from(value, 'utf8');
  for (const variant of ['base64', 'base64url'] as const) {
    for (let k = 0; k < 3; k++) {
      // The secret k bytes into a 3-byte group: only the characters made of its bits alone are stable whatever
      // surrounds it — from bit 8k (rounded up to a character) to its last whole 6-bit character.
      const enc = Buffer.concat([Buffer.alloc(k), raw]).toString(variant).replace(/=+$/, '');
      const stable = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + raw.length)) / 6));
      forms.push([`${variant}@${k}`, Buffer.from(stable, 'latin1')]);
    }
  }
  forms.push(['utf16le', Buffer.from(value, 'utf16le')]);
  const merged: Array<{ form: string; bytes: Buffer }> = [];
  for (const [form, bytes] of forms) {
    const same = merged.find((m) => m.bytes.equals(bytes));
    if (same) same.form += `|${form}`;
    else merged.push({ form, bytes });
  }
  return merged;
}

export function needlesFor(secrets: Secret[]): Needle[] {
  for (const s of secrets) if (s.value.length < 8) throw new Error(`secret "${s.name}" is too short to scan for meaningfully`);
  return secrets.flatMap((s) => secretForms(s.value).map((f) => ({ secret: s.name, ...f })));
}

// ---------------------------------------------------------------------------------------------------------------
// Decoders: raw Snappy, LevelDB tables and logs, gzip members, Blink IndexedDB values, SQLite pages.

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new Error('varint past end');
    const b = buf[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
  }
  throw new Error('varint too long');
}

/** Raw Snappy (no framing), as LevelDB blocks and Blink's IndexedDB values store it. Throws on malformed input. */
export function snappyUncompress(src: Buffer, maxLength = 256 * 1024 * 1024): Buffer {
  const [len, start] = readVarint(src, 0);
  if (len > maxLength) throw new Error(`snappy: length ${len} too large`);
  const out = Buffer.alloc(len);
  let o = 0;
  let p = start;
  while (p < src.length) {
    const tag = src[p++]!;
    const type = tag & 3;
    if (type === 0) {
      let n = tag >> 2;
      if (n >= 60) {
        const extra = n - 59;
        if (p + extra > src.length) throw new Error('snappy: literal length past end');
        n = src.readUIntLE(p, extra);
        p += extra;
      }
      n += 1;
      if (p + n > src.length || o + n > len) throw new Error('snappy: literal past end');
      src.copy(out, o, p, p + n);
      p += n;
      o += n;
      continue;
    }
    let n: number;
    let offset: number;
    if (type === 1) {
      n = ((tag >> 2) & 7) + 4;
      if (p >= src.length) throw new Error('snappy: copy past end');
      offset = ((tag >> 5) << 8) | src[p++]!;
    } else if (type === 2) {
      n = (tag >> 2) + 1;
      if (p + 2 > src.length) throw new Error('snappy: copy past end');
      offset = src.readUInt16LE(p);
      p += 2;
    } else {
      n = (tag >> 2) + 1;
      if (p + 4 > src.length) throw new Error('snappy: copy past end');
      offset = src.readUInt32LE(p);
      p += 4;
    }
    if (offset === 0 || offset > o || o + n > len) throw new Error('snappy: bad copy');
    for (let i = 0; i < n; i++, o++) out[o] = out[o - offset]!;
  }
  if (o !== len) throw new Error('snappy: short output');
  return out;
}

const LEVELDB_MAGIC = Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]);

/** The entries of a LevelDB block (key deltas, values), restart array dropped. */
function blockEntries(block: Buffer): Array<{ key: Buffer; value: Buffer }> {
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - 4 * restarts;
  if (end < 0) throw new Error('leveldb: bad restarts');
  const out: Array<{ key: Buffer; value: Buffer }> = [];
  let p = 0;
  let key = Buffer.alloc(0);
  while (p < end) {
    let shared: number;
    let unshared: number;
    let vlen: number;
    [shared, p] = readVarint(block, p);
    [unshared, p] = readVarint(block, p);
    [vlen, p] = readVarint(block, p);
    if (p + unshared + vlen > end || shared > key.length) throw new Error('leveldb: bad entry');
    key = Buffer.concat([key.subarray(0, shared), block.subarray(p, p + unshared)]);
    p += unshared;
    out.push({ key, value: block.subarray(p, p + vlen) });
    p += vlen;
  }
  return out;
}

function tableBlock(file: Buffer, offset: number, size: number): Buffer {
  if (offset + size + 5 > file.length) throw new Error('leveldb: block past end');
  const data = file.subarray(offset, offset + size);
  const type = file[offset + size];
  if (type === 0) return data;
  if (type === 1) return snappyUncompress(data);
  throw new Error(`leveldb: compression ${type}`);
}

/** The data blocks of a LevelDB table (.ldb/.sst), decompressed; [] when `file` is not one. */
export function leveldbTableBlocks(file: Buffer): Array<{ offset: number; data: Buffer; compressed: boolean }> {
  if (file.length < 48 || !file.subarray(file.length - 8).equals(LEVELDB_MAGIC)) return [];
  try {
    const footer = file.subarray(file.length - 48);
    // Footer: the metaindex block's handle (skipped), then the index block's handle (offset, size varints).
    const [, p1] = readVarint(footer, 0);
    const [, p2] = readVarint(footer, p1);
    const [indexOff, p3] = readVarint(footer, p2);
    const [indexSize] = readVarint(footer, p3);
    const out: Array<{ offset: number; data: Buffer; compressed: boolean }> = [];
    for (const { value } of blockEntries(tableBlock(file, indexOff, indexSize))) {
      const [off, q] = readVarint(value, 0);
      const [size] = readVarint(value, q);
      out.push({ offset: off, data: tableBlock(file, off, size), compressed: file[off + size] === 1 });
    }
    return out;
  } catch {
    return [];
  }
}

/** A LevelDB log (or MANIFEST): the records' payloads joined, 32 KiB block headers removed; undefined if malformed. */
export function leveldbLogPayload(file: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  for (let block = 0; block < file.length; block += 32_768) {
    let p = block;
    const end = Math.min(block + 32_768, file.length);
    while (p + 7 <= end) {
      const len = file.readUInt16LE(p + 4);
      const type = file[p + 6]!;
      if (type === 0 && len === 0) break; // zero padding (preallocated tail)
      if (type < 1 || type > 4 || p + 7 + len > end) return undefined;
      parts.push(file.subarray(p + 7, p + 7 + len));
      p += 7 + len;
    }
  }
  return Buffer.concat(parts);
}

/** Each gzip member (1f 8b 08 …) anywhere in `buf`, inflated (trailing bytes after a member are fine). */
function gzipMembers(buf: Buffer): Array<{ offset: number; data: Buffer }> {
  const out: Array<{ offset: number; data: Buffer }> = [];
  const magic = Buffer.from([0x1f, 0x8b, 0x08]);
  for (let i = buf.indexOf(magic); i >= 0 && out.length < 1000; i = buf.indexOf(magic, i + 1)) {
    try {
      const flags = buf[i + 3]!;
      let p = i + 10;
      if (flags & 4) p += 2 + buf.readUInt16LE(p);
      if (flags & 8) p = buf.indexOf(0, p) + 1;
      if (flags & 16) p = buf.indexOf(0, p) + 1;
      if (flags & 2) p += 2;
      if (p <= i) continue;
      const data = zlib.inflateRawSync(buf.subarray(p), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      if (data.length) out.push({ offset: i, data });
    } catch {
      /* not a gzip member after all */
    }
  }
  return out;
}

/** Blink IndexedDB values compressed with Snappy: FF 11 02 then raw Snappy (idb_value_wrapping.cc). */
function blinkSnappyValues(buf: Buffer): Array<{ offset: number; data: Buffer }> {
  const out: Array<{ offset: number; data: Buffer }> = [];
  const marker = Buffer.from([0xff, 0x11, 0x02]);
  for (let i = buf.indexOf(marker); i >= 0 && out.length < 10_000; i = buf.indexOf(marker, i + 1)) {
    try {
      // The compressed value runs to the end of its LevelDB value; Snappy stops at its own length, so a few
      // trailing bytes are tolerated by trying the longest prefix that decodes.
      out.push({ offset: i, data: snappyPrefix(buf.subarray(i + 3)) });
    } catch {
      /* not one */
    }
  }
  return out;
}

/** Decodes Snappy from the start of `buf`, stopping once the announced length is produced. */
function snappyPrefix(buf: Buffer): Buffer {
  const [len, start] = readVarint(buf, 0);
  if (len > 64 * 1024 * 1024) throw new Error('too large');
  // Walk the elements to find where the stream ends, then decode exactly that.
  let p = start;
  let o = 0;
  while (o < len) {
    if (p >= buf.length) throw new Error('truncated');
    const tag = buf[p++]!;
    const type = tag & 3;
    if (type === 0) {
      let n = tag >> 2;
      if (n >= 60) {
        n = buf.readUIntLE(p, n - 59);
        p += (tag >> 2) - 59;
      }
      p += n + 1;
      o += n + 1;
    } else if (type === 1) {
      p += 1;
      o += ((tag >> 2) & 7) + 4;
    } else {
      p += type === 2 ? 2 : 4;
      o += (tag >> 2) + 1;
    }
  }
  return snappyUncompress(buf.subarray(0, p));
}

/** A SQLite database's pages with each page's first 4 bytes (an overflow page's next-pointer) dropped, joined. */
function sqlitePages(buf: Buffer): Buffer | undefined {
  if (buf.length < 100 || buf.toString('latin1', 0, 16) !== 'SQLite format 3\0') return undefined;
  let size = buf.readUInt16BE(16);
  if (size === 1) size = 65_536;
  if (size < 512 || (size & (size - 1)) !== 0) return undefined;
  const parts: Buffer[] = [];
  for (let p = 0; p < buf.length; p += size) parts.push(buf.subarray(p + 4, Math.min(p + size, buf.length)));
  return Buffer.concat(parts);
}

/** The byte strings to search in one file: its raw bytes and every container decoded from it. */
function views(buf: Buffer, fileName: string): Array<{ view: string; data: Buffer }> {
  const out: Array<{ view: string; data: Buffer }> = [{ view: 'raw', data: buf }];
  const base = path.basename(fileName);
  if (/^\d+\.log$/.test(base) || /^MANIFEST-\d+$/.test(base)) {
    const payload = leveldbLogPayload(buf);
    if (payload) out.push({ view: 'leveldb-log', data: payload });
  }
  for (const b of leveldbTableBlocks(buf)) if (b.compressed) out.push({ view: `leveldb-block@${b.offset}`, data: b.data });
  const sqlite = sqlitePages(buf);
  if (sqlite) out.push({ view: 'sqlite-pages', data: sqlite });
  for (const v of [...out]) {
    for (const g of gzipMembers(v.data)) out.push({ view: `${v.view === 'raw' ? '' : `${v.view}/`}gzip@${g.offset}`, data: g.data });
    for (const s of blinkSnappyValues(v.data)) out.push({ view: `${v.view === 'raw' ? '' : `${v.view}/`}idb-snappy@${s.offset}`, data: s.data });
  }
  return out;
}

/** Every needle in `buf` and in the containers decoded from it. `fileName` selects name-based decoders (LevelDB logs). */
export function findInBuffer(buf: Buffer, needles: Needle[], fileName = '', viewCounts?: Record<string, number>): Hit[] {
  const hits: Hit[] = [];
  for (const { view, data } of views(buf, fileName)) {
    if (viewCounts && view !== 'raw') {
      const kind = view.replace(/@\d+/g, '');
      viewCounts[kind] = (viewCounts[kind] ?? 0) + 1;
    }
    for (const n of needles) {
      let count = 0;
      for (let i = data.indexOf(n.bytes); i >= 0 && count < 20; i = data.indexOf(n.bytes, i + 1), count++) {
        hits.push({ secret: n.secret, form: n.form, offset: i, view });
      }
    }
  }
  return hits;
}

function walk(dir: string, out: string[], skipped: string[]): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return;
  }
  if (st.isFile()) {
    out.push(dir);
    return;
  }
  if (!st.isDirectory()) {
    skipped.push(dir);
    return;
  }
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, d.name);
    if (d.isDirectory()) walk(f, out, skipped);
    else if (d.isFile()) out.push(f);
    else skipped.push(f); // symlinks (Chromium's SingletonLock …), sockets: not file contents of their own
  }
}

/**
 * Scans every regular file under `roots` (a file reached from two roots is scanned once, under the first).
 * `exclude` may name a reason to leave a file out; it is then listed in the report, never silently skipped.
 */
export function scanRoots(roots: ScanRoot[], secrets: Secret[], opts: { exclude?: (file: string) => string | undefined } = {}): ScanReport {
  const t0 = performance.now();
  const needles = needlesFor(secrets);
  const report: ScanReport = { hits: [], files: 0, bytes: 0, views: {}, ms: 0, perRoot: {}, skipped: [], excluded: [], needles: needles.length };
  const seen = new Set<string>();
  for (const root of roots) {
    const files: string[] = [];
    walk(root.dir, files, report.skipped);
    const figures = (report.perRoot[root.label] ??= { files: 0, bytes: 0 });
    for (const f of files) {
      if (seen.has(f)) continue;
      seen.add(f);
      const why = opts.exclude?.(f);
      if (why) {
        report.excluded.push({ file: f, why });
        continue;
      }
      let buf: Buffer;
      try {
        buf = fs.readFileSync(f);
      } catch {
        report.skipped.push(f);
        continue;
      }
      report.files++;
      report.bytes += buf.length;
      figures.files++;
      figures.bytes += buf.length;
      for (const h of findInBuffer(buf, needles, f, report.views)) report.hits.push({ ...h, file: f, root: root.label });
    }
  }
  report.ms = performance.now() - t0;
  return report;
}

/** The report's figures and hits in a few lines (never a secret's value). */
export function describeScan(r: ScanReport, label = 'secret scan'): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const lines = [
    `${label}: ${r.files} files, ${mb(r.bytes)}, ${r.needles} needles, ${Math.round(r.ms)} ms; ` +
      `decoded: ${Object.entries(r.views).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}; ` +
      `${r.skipped.length} not regular files/unreadable, ${r.excluded.length} excluded; ${r.hits.length} hits`,
    ...Object.entries(r.perRoot).map(([k, v]) => `  ${k}: ${v.files} files, ${mb(v.bytes)}`),
    ...r.excluded.map((e) => `  excluded ${e.file}: ${e.why}`),
    ...r.hits.slice(0, 50).map((h) => `  HIT ${h.secret} as ${h.form} in ${h.file} (${h.root}) ${h.view} offset ${h.offset}`),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The e2e environment.

/** Chromium profile dirs (--user-data-dir) of browsers started by this process (chromium.launch's temp profile). */
export function browserProfileDirs(): string[] {
  const parent = new Map<number, number>();
  const cmd = new Map<number, string[]>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(e), fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0'));
    } catch {
      /* gone */
    }
  }
  const mine = (pid: number) => {
    for (let p: number | undefined = pid, i = 0; p && i < 50; p = parent.get(p), i++) if (p === process.pid) return true;
    return false;
  };
  const dirs = new Set<string>();
  for (const [pid, args] of cmd) {
    if (!mine(pid)) continue;
    for (const a of args) if (a.startsWith('--user-data-dir=')) dirs.add(a.slice('--user-data-dir='.length));
  }
  return [...dirs].filter((d) => fs.existsSync(d));
}

/**
 * The roots of a UI run: code-server's user data (settings, globalState/workspace state in state.vscdb, logs,
 * the SecretStorage server key half), extensions, workspace, the browser profiles (the persistent one under the
 * code-server root and the temporary profile(s) of the Chromium this process launched), then everything else
 * under the code-server root (code-server.log, HOME with Chromium's and code-server's config/cache, TMPDIR).
 */
export function e2eScanRoots(env: Pick<E2e, 'cs'>): ScanRoot[] {
  const { cs } = env;
  return [
    { label: 'user-data', dir: cs.userDataDir },
    { label: 'extensions', dir: cs.extensionsDir },
    { label: 'workspace', dir: cs.workspace },
    { label: 'browser-profile', dir: path.join(cs.root, 'profile') },
    ...browserProfileDirs().map((dir) => ({ label: 'browser-profile (chromium.launch temp)', dir })),
    { label: 'logs (code-server.log)', dir: path.join(cs.root, 'code-server.log') },
    { label: 'code-server root (home, tmp, rest)', dir: cs.root },
  ];
}

/**
 * Scans the e2e environment for `secrets` plus the service principal's secret the harness signs in with, prints
 * the figures and returns the report. The fuzz test calls this after its storm; the wizard test after its flow.
 */
export function scanE2eForSecrets(env: Pick<E2e, 'cs' | 'emu'>, secrets: Secret[], label = 'secret scan'): ScanReport {
  const all = [...secrets, { name: 'service principal secret', value: env.emu.management.clientSecret }];
  const r = scanRoots(e2eScanRoots(env), all);
  console.log(describeScan(r, label));
  return r;
}

/** Throws with every hit (file, form, view, offset) when the report has any. */
export function assertNoSecretHits(r: ScanReport, root?: string): void {
  if (!r.hits.length) return;
  const rel = (f: string) => (root ? path.relative(root, f) : f);
  throw new Error(`secrets found on disk:\n${r.hits.map((h) => `  ${h.secret} as ${h.form} in ${rel(h.file)} (${h.view} offset ${h.offset})`).join('\n')}`);
}

// ---------------------------------------------------------------------------------------------------------------
// code-server's SecretStorage, read the way its workbench does (a positive control: it shows where the service
// principal's secret really is, and why the byte scan cannot see it there).
//
// code-server 4.139's web workbench keeps SecretStorage in the browser's localStorage under "secrets.provider":
// base64(client key half (32 bytes) ‖ IV (12) ‖ AES-256-GCM ciphertext+tag) of a JSON object of all secrets. The
// AES key is client half XOR server half; the server half is minted by POST <base>/mint-key and kept in plain in
// <user-data-dir>/serve-web-key-half (code-server out/node/routes/vscode.js). Whoever has both the browser profile
// and the user-data dir can decrypt it; neither alone holds a secret's bytes.

/** The decrypted SecretStorage records found in the browser profile(s) (keys and values), newest copy last. */
export function readCodeServerSecretStorage(userDataDir: string, profileDirs: string[]): Array<Record<string, string>> {
  const keyFile = path.join(userDataDir, 'serve-web-key-half');
  if (!fs.existsSync(keyFile)) return [];
  const server = fs.readFileSync(keyFile);
  const out: Array<Record<string, string>> = [];
  const seen = new Set<string>();
  for (const dir of profileDirs) {
    const files: string[] = [];
    walk(dir, files, []);
    for (const f of files.filter((x) => x.includes(`${path.sep}Local Storage${path.sep}`))) {
      let buf: Buffer;
      try {
        buf = fs.readFileSync(f);
      } catch {
        continue;
      }
      for (const { data } of views(buf, f)) {
        const text = data.toString('latin1');
        for (const m of text.matchAll(/secrets\.provider[\s\S]{1,6}?\x01([A-Za-z0-9+/]{80,}={0,2})/g)) {
          const b64 = m[1]!;
          if (seen.has(b64)) continue;
          seen.add(b64);
          try {
            const raw = Buffer.from(b64, 'base64');
            const key = Buffer.alloc(32);
            for (let i = 0; i < 32; i++) key[i] = raw[i]! ^ server[i]!;
            const iv = raw.subarray(32, 44);
            const body = raw.subarray(44);
            const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
            d.setAuthTag(body.subarray(body.length - 16));
            const plain = Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString('utf8');
            out.push(JSON.parse(plain) as Record<string, string>);
          } catch {
            /* an older or partial copy */
          }
        }
      }
    }
  }
  return out;
}
