// oidc-provider storage adapter: in memory, one store per provider (per endpoint generation), so a code issued by
// one issuer is unknown to the other. The `Client` model is not stored: it is read from the partner registry, which
// lets addPartner() register partners while the server runs.
import { randomBytes } from 'node:crypto';

type Payload = Record<string, any>;

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export class MemoryStore {
  private readonly items = new Map<string, { payload: Payload; expiresAt: number }>();
  private readonly grantMembers = new Map<string, Set<string>>();
  private readonly sessionUids = new Map<string, string>();
  private readonly userCodes = new Map<string, string>();

  get(key: string): Payload | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    if (Date.now() >= item.expiresAt) {
      this.items.delete(key);
      return undefined;
    }
    return item.payload;
  }

  set(model: string, id: string, payload: Payload, expiresIn: number | undefined): void {
    const key = `${model}:${id}`;
    this.items.set(key, { payload, expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity });
    if (model === 'Session' && payload.uid) this.sessionUids.set(payload.uid, id);
    if (payload.userCode) this.userCodes.set(payload.userCode, id);
    if (GRANTABLE.has(model) && payload.grantId) {
      const members = this.grantMembers.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      this.grantMembers.set(payload.grantId, members);
    }
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  idForSessionUid(uid: string): string | undefined {
    return this.sessionUids.get(uid);
  }

  idForUserCode(code: string): string | undefined {
    return this.userCodes.get(code);
  }

  revokeGrant(grantId: string): void {
    for (const key of this.grantMembers.get(grantId) ?? []) this.items.delete(key);
    this.grantMembers.delete(grantId);
    this.items.delete(`Grant:${grantId}`);
  }
}

/** The adapter factory oidc-provider's `adapter` option takes (called once per model name). */
export function adapterFactory(store: MemoryStore, findClient: (id: string) => Payload | undefined) {
  return (model: string) => new EmulatorAdapter(model, store, findClient);
}

class EmulatorAdapter {
  constructor(
    private readonly model: string,
    private readonly store: MemoryStore,
    private readonly findClient: (id: string) => Payload | undefined,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    if (this.model === 'Client') return; // partners live in the registry
    this.store.set(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<Payload | undefined> {
    if (this.model === 'Client') return this.findClient(id);
    return this.store.get(this.key(id));
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const id = this.store.idForSessionUid(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    const id = this.store.idForUserCode(userCode);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeGrant(grantId);
  }
}

/** Random secret material for cookie signing. */
export function randomKey(): string {
  return randomBytes(32).toString('base64url');
}
