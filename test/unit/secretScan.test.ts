// The secret scan's matcher (test/e2e/secretScan.ts): every form of a secret the scan promises to find is found
// where a real store would put it (inside binary noise, inside a larger base64 blob at any alignment, inside a
// gzip member, a Snappy-compressed LevelDB block, a LevelDB log split over 32 KiB blocks), with the right form and
// offset; a near miss is not a hit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { findInBuffer, needlesFor, scanRoots, secretForms, snappyUncompress, type Secret } from '../e2e/secretScan';

/** Deterministic "binary noise" (xorshift), never containing a secret by construction of the checks below. */
function noise(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

// Characters that make every encoding differ from the plain text: a quote and a backslash (JSON), space, "~", "&"
// and "+" (URL forms), and "???"/">>>" whose base64 contains "/" and "+" (standard vs url-safe).
const TRICKY: Secret = { name: 'tricky', value: 'Se"cr\\et ~&+ ???>>>-0123456789' };
const PLAIN: Secret = { name: 'plain', value: 'itsme-unit-Secret-4242-DO-NOT-LEAK' };

function hitsFor(buf: Buffer, secret: Secret = TRICKY) {
  return findInBuffer(buf, needlesFor([secret]));
}

describe('secret scan: the matcher', () => {
  it('knows the forms: plain, JSON (once and twice escaped), URL (component and form), base64 and base64url at 3 alignments, UTF-16LE', () => {
    const forms = secretForms(TRICKY.value).map((f) => f.form);
    for (const f of ['plain', 'json', 'json2', 'uri', 'form', 'base64@0', 'base64@1', 'base64@2', 'base64url@0', 'base64url@1', 'base64url@2', 'utf16le']) {
      assert.ok(forms.some((g) => g.split('|').includes(f)), `form ${f} missing from ${forms.join(', ')}`);
    }
    const byName = new Map(secretForms(TRICKY.value).flatMap((f) => f.form.split('|').map((n) => [n, f.bytes.toString('latin1')] as const)));
    assert.equal(byName.get('json'), JSON.stringify(TRICKY.value).slice(1, -1));
    assert.equal(byName.get('uri'), encodeURIComponent(TRICKY.value));
    assert.equal(byName.get('form'), new URLSearchParams({ x: TRICKY.value }).toString().slice(2));
  });

  for (const [form, encode] of [
    ['plain', (s: string) => Buffer.from(s)],
    ['json', (s: string) => Buffer.from(JSON.stringify({ k: s }))],
    ['json2', (s: string) => Buffer.from(JSON.stringify({ state: JSON.stringify({ k: s }) }))],
    ['uri', (s: string) => Buffer.from(`https://x/?a=1&secret=${encodeURIComponent(s)}&b=2`)],
    ['form', (s: string) => Buffer.from(new URLSearchParams({ client_secret: s, grant_type: 'x' }).toString())],
    ['utf16le', (s: string) => Buffer.from(`{"v":"${s}"}`, 'utf16le')],
  ] as const) {
    it(`finds the ${form} form inside binary noise, at its offset`, () => {
      const before = noise(1000, 3);
      const payload = encode(TRICKY.value);
      const hits = hitsFor(Buffer.concat([before, payload, noise(777, 5)]));
      const hit = hits.find((h) => h.form.split('|').includes(form));
      assert.ok(hit, `no ${form} hit in ${JSON.stringify(hits)}`);
      assert.equal(hit.secret, 'tricky');
      assert.equal(hit.view, 'raw');
      assert.ok(hit.offset >= 1000 && hit.offset < 1000 + payload.length, `offset ${hit.offset}`);
    });
  }

  for (const variant of ['base64', 'base64url'] as const) {
    for (let lead = 0; lead < 6; lead++) {
      it(`finds the secret inside a larger ${variant} blob, ${lead} bytes in (alignment ${lead % 3})`, () => {
        const blob = Buffer.concat([noise(lead + 300, 11 + lead).subarray(300), Buffer.from(TRICKY.value), noise(50, 13)]).toString(variant);
        const hits = hitsFor(Buffer.concat([noise(64, 17), Buffer.from(`"data":"${blob}"`), noise(64, 19)]));
        const hit = hits.find((h) => h.form.split('|').includes(`${variant}@${lead % 3}`));
        assert.ok(hit, `no ${variant}@${lead % 3} hit in ${JSON.stringify(hits)}`);
      });
    }
  }

  it('finds the plain form inside a gzip member followed by other bytes', () => {
    const gz = zlib.gzipSync(Buffer.from(`{"a":"${PLAIN.value}","b":"${PLAIN.value.slice(0, 10)}"}`.repeat(3)));
    const hits = hitsFor(Buffer.concat([noise(100, 23), gz, noise(100, 29)]), PLAIN);
    assert.ok(hits.some((h) => h.form.split('|')[0] === 'plain' && /^gzip@100$/.test(h.view)), JSON.stringify(hits));
  });

  it('undoes Snappy: a secret split by a back-reference is found in a compressed LevelDB table block', () => {
    // "clientSecret":"itsme-unit-Secret-…": the second "Secret" is a copy of the first, as Snappy writes it.
    const text = `"clientSecret":"${PLAIN.value}"`;
    const at = text.indexOf('Secret', text.indexOf('itsme'));
    const from = text.indexOf('Secret');
    const compressed = Buffer.concat([varint(text.length), literal(text.slice(0, at)), copy2(at - from, 6), literal(text.slice(at + 6))]);
    assert.equal(snappyUncompress(compressed).toString(), text);
    assert.ok(!compressed.includes(PLAIN.value), 'the compressed block does not hold the secret as such');
    const table = leveldbTable(compressed, 1);
    const hits = hitsFor(table, PLAIN);
    assert.ok(hits.some((h) => h.form.split('|')[0] === 'plain' && /^leveldb-block@0$/.test(h.view)), JSON.stringify(hits));
  });

  it('reassembles a LevelDB log: a secret split over two 32 KiB blocks by a record header is found', () => {
    const record = Buffer.concat([noise(32_768 - 7 - 10, 31), Buffer.from(PLAIN.value), noise(100, 37)]);
    const log = leveldbLog(record);
    assert.ok(!log.includes(PLAIN.value), 'the log splits the secret');
    const hits = findInBuffer(log, needlesFor([PLAIN]), '000003.log');
    assert.ok(hits.some((h) => h.form.split('|')[0] === 'plain' && h.view === 'leveldb-log'), JSON.stringify(hits));
  });

  it('a near miss is not a hit (one character changed, a prefix, another case, a shifted base64)', () => {
    const v = PLAIN.value;
    const near = [
      v.slice(0, -1) + 'l',
      v.slice(0, -2),
      v.toLowerCase(),
      Buffer.from(v.replace('4242', '4243')).toString('base64'),
      encodeURIComponent(v.replace('Secret', 'secret')),
      Buffer.from(v.slice(1), 'utf16le').toString('latin1'),
    ];
    const buf = Buffer.concat([noise(500, 41), ...near.map((s) => Buffer.from(`${s}\n`, 'latin1')), noise(500, 43)]);
    assert.deepEqual(hitsFor(buf, PLAIN), []);
    assert.deepEqual(hitsFor(noise(200_000, 47), PLAIN), []);
  });

  it('scanRoots reads every file (binary too) and reports file, form, offset and figures', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-scan-'));
    try {
      fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'a', 'b', 'state.vscdb'), Buffer.concat([noise(4096, 51), Buffer.from(PLAIN.value, 'utf16le')]));
      fs.writeFileSync(path.join(dir, 'clean.bin'), noise(10_000, 53));
      const r = scanRoots([{ label: 'test', dir }], [PLAIN, { name: 'other', value: 'not-there-at-all-123' }]);
      assert.equal(r.files, 2);
      assert.equal(r.bytes, 4096 + PLAIN.value.length * 2 + 10_000);
      assert.deepEqual(r.hits.map((h) => [path.relative(dir, h.file), h.secret, h.form, h.offset]), [[path.join('a', 'b', 'state.vscdb'), 'plain', 'utf16le', 4096]]);
      assert.ok(r.ms >= 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

function literal(s: string): Buffer {
  const b = Buffer.from(s);
  assert.ok(b.length <= 60);
  return Buffer.concat([Buffer.from([(b.length - 1) << 2]), b]);
}

function copy2(offset: number, len: number): Buffer {
  return Buffer.from([((len - 1) << 2) | 2, offset & 0xff, offset >> 8]);
}

/** A LevelDB table holding one data block (its bytes as stored, with `type` 0 = raw, 1 = Snappy) and its index. */
function leveldbTable(dataBlock: Buffer, type: number): Buffer {
  const trailer = (t: number) => Buffer.from([t, 0, 0, 0, 0]);
  const handle = (off: number, size: number) => Buffer.concat([varint(off), varint(size)]);
  const dataHandle = handle(0, dataBlock.length);
  // Index block: one entry (shared 0, key "k", the data block's handle), restarts [0], 1 restart.
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  const index = Buffer.concat([varint(0), varint(1), varint(dataHandle.length), Buffer.from('k'), dataHandle, u32(0), u32(1)]);
  const meta = Buffer.concat([u32(0), u32(1)]);
  const indexOff = dataBlock.length + 5;
  const metaOff = indexOff + index.length + 5;
  const handles = Buffer.concat([handle(metaOff, meta.length), handle(indexOff, index.length)]);
  const footer = Buffer.concat([handles, Buffer.alloc(40 - handles.length), Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb])]);
  return Buffer.concat([dataBlock, trailer(type), index, trailer(0), meta, trailer(0), footer]);
}

/** A LevelDB log holding one record, fragmented over 32 KiB blocks (FIRST, MIDDLE…, LAST) as LevelDB writes it. */
function leveldbLog(record: Buffer): Buffer {
  const parts: Buffer[] = [];
  let left = record;
  let first = true;
  let blockUsed = 0;
  while (left.length) {
    const room = 32_768 - blockUsed - 7;
    const n = Math.min(room, left.length);
    const last = n === left.length;
    const type = first && last ? 1 : first ? 2 : last ? 4 : 3;
    const h = Buffer.alloc(7);
    h.writeUInt16LE(n, 4);
    h[6] = type;
    parts.push(h, left.subarray(0, n));
    left = left.subarray(n);
    blockUsed = (blockUsed + 7 + n) % 32_768;
    first = false;
  }
  return Buffer.concat(parts);
}
