// The three key sets of a policy set, named after the configuration (keySetIds): the itsme client secret
// (uploadSecret, oct, use sig), the token signing key (generateKey RSA sig) and the refresh-token encryption key
// (generateKey RSA enc). Ownership: a key set with our id is ours when every key has the expected kty/use, or when it
// is empty (an interrupted apply made it and stopped before the key: completed now). Anything else is a clash.
import * as l10n from '@vscode/l10n';
import type { GraphTrustFrameworkKey, GraphTrustFrameworkKeySet } from '../../graph/model';
import type { GraphRequest } from '../../graph/port';
import { SECRET_MARKER } from '../desired';
import type { Clash, PlanStep } from '../types';
import type { DesiredCustomPolicy } from './desired';
import { postedKeySetId } from './desired';
import type { ObservedCustomPolicy } from './observe';

export type KeySetResource = 'itsmeSecretKeySet' | 'signingKeySet' | 'encryptionKeySet';
export const KEY_SET_RESOURCES: readonly KeySetResource[] = ['itsmeSecretKeySet', 'signingKeySet', 'encryptionKeySet'];

export interface KeySetSpec {
  resource: KeySetResource;
  id: string;
  kty: 'oct' | 'RSA';
  use: 'sig' | 'enc';
}

export function keySetSpecs(d: DesiredCustomPolicy): KeySetSpec[] {
  return [
    { resource: 'itsmeSecretKeySet', id: d.keySets.itsmeSecret, kty: 'oct', use: 'sig' },
    { resource: 'signingKeySet', id: d.keySets.tokenSigning, kty: 'RSA', use: 'sig' },
    { resource: 'encryptionKeySet', id: d.keySets.tokenEncryption, kty: 'RSA', use: 'enc' },
  ];
}

const enc = encodeURIComponent;

/** GUESS (Q4): key set ids compare case-sensitively, as the emulator's default; an exact match is what we look for. */
export function findKeySet(observed: ObservedCustomPolicy, id: string): GraphTrustFrameworkKeySet | undefined {
  return observed.keySets.find((k) => k.id === id);
}

const norm = (s: string | undefined): string => (s ?? '').toLowerCase();

/** The keys that do not fit the spec, each described (never a secret: Graph returns none). */
export function keyMismatches(spec: KeySetSpec, keys: GraphTrustFrameworkKey[]): string[] {
  return keys
    .filter((k) => norm(k.kty) !== norm(spec.kty) || norm(k.use) !== spec.use)
    .map((k) => l10n.t('key {0}: {1}/{2}, expected {3}/{4}', k.kid ?? '?', k.kty ?? '?', k.use ?? '?', spec.kty, spec.use));
}

export function isOurKeySet(spec: KeySetSpec, ks: GraphTrustFrameworkKeySet): boolean {
  return keyMismatches(spec, ks.keys ?? []).length === 0;
}

/** The write that puts the key into the set (the secret only as the marker: filled in at the last moment). */
export function keyRequest(spec: KeySetSpec): GraphRequest {
  return spec.kty === 'oct'
    ? { method: 'POST', version: 'beta', path: `/trustFramework/keySets/${enc(spec.id)}/uploadSecret`, body: { use: spec.use, k: SECRET_MARKER } }
    : { method: 'POST', version: 'beta', path: `/trustFramework/keySets/${enc(spec.id)}/generateKey`, body: { use: spec.use, kty: 'RSA' } };
}

export const createKeySetRequest = (spec: KeySetSpec): GraphRequest => ({ method: 'POST', version: 'beta', path: '/trustFramework/keySets', body: { id: postedKeySetId(spec.id) } });

const what = (spec: KeySetSpec): string =>
  spec.resource === 'itsmeSecretKeySet' ? l10n.t('the itsme client secret') : spec.use === 'sig' ? l10n.t('the token signing key') : l10n.t('the refresh-token encryption key');

export function planKeySet(spec: KeySetSpec, observed: ObservedCustomPolicy): PlanStep {
  const base = { resource: spec.resource, dependsOn: [], label: spec.id };
  const have = findKeySet(observed, spec.id);
  if (!have) {
    return {
      ...base,
      action: 'create',
      reason: l10n.t('Key set {0} ({1}) does not exist.', spec.id, what(spec)),
      requests: [createKeySetRequest(spec), keyRequest(spec)],
    };
  }
  const keys = have.keys ?? [];
  const mismatches = keyMismatches(spec, keys);
  if (mismatches.length) {
    const clash: Clash = { id: have.id, type: 'keySet', differences: mismatches };
    return {
      ...base,
      action: 'manual',
      targetId: have.id,
      requests: [],
      clashes: [clash],
      reason: l10n.t('Key set {0} exists but holds other keys than {1} ({2}/{3}); it is not this configuration\'s and is left alone.', have.id, what(spec), spec.kty, spec.use),
      manual: { text: l10n.t('Choose another policy name (customPolicy.name): the key sets are named after it.') },
    };
  }
  if (!keys.length) {
    // Made by an apply that stopped before the key was added: completed, not created again.
    return {
      ...base,
      action: 'update',
      targetId: have.id,
      changes: [spec.kty === 'oct' ? 'uploadSecret (use sig)' : `generateKey (RSA, use ${spec.use})`],
      reason: l10n.t('Key set {0} exists but holds no key (an earlier apply stopped): {1} is added.', have.id, what(spec)),
      requests: [keyRequest(spec)],
    };
  }
  return { ...base, action: 'noop', targetId: have.id, requests: [], reason: l10n.t('Key set {0} holds {1}.', have.id, what(spec)) };
}
