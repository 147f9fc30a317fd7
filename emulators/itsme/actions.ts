// Actions waiting in the "itsme app" (itsme.md §5 steps 5–7): created when a known phone number is entered on the
// "Identify yourself" page, then confirmed or rejected in the app (the /app page, or confirm()/reject() in tests).
import { randomBytes } from 'node:crypto';
import { ITSME_CLAIM } from './identities';
import type { Generation } from './partners';

export type ActionStatus = 'pending' | 'confirmed' | 'rejected' | 'expired' | 'cancelled';

export interface ItsmeAction {
  id: string;
  status: ActionStatus;
  /** E.164 phone number the action was sent to. */
  phone: string;
  identityId: string;
  /** The person's name, as the app greets them. */
  displayName: string;
  partner: { clientId: string; name: string };
  serviceCode: string;
  generation: Generation;
  /** The OIDC scopes granted on confirmation (openid + the optional ones requested; no service scope). */
  scopes: string[];
  /** Individual claims requested through the `claims` parameter. */
  claims: string[];
  /** The assurance level asked (acr_values): the full itsme acr URI, acr_basic when none was asked. */
  acr: string;
  /** Human-readable list of what the partner receives. */
  shares: string[];
  /** oidc-provider interaction uid of the sign-in page waiting for this action. */
  interactionUid: string;
  createdAt: number;
  expiresAt: number;
  decidedAt?: number;
}

/** acr may be left out: itsme's default level, acr_basic. */
export type NewAction = Omit<ItsmeAction, 'id' | 'status' | 'createdAt' | 'expiresAt' | 'acr'> & { acr?: string };

export class ActionStore {
  private readonly actions = new Map<string, ItsmeAction>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly onChange: (a: ItsmeAction) => void = () => {},
  ) {}

  create(fields: NewAction): ItsmeAction {
    // A new request for the same sign-in page replaces the previous one ("use another number").
    for (const a of this.actions.values()) {
      if (a.interactionUid === fields.interactionUid && a.generation === fields.generation && a.status === 'pending') {
        this.settle(a, 'cancelled');
      }
    }
    const now = Date.now();
    const action: ItsmeAction = {
      ...fields,
      acr: fields.acr ?? `${ITSME_CLAIM}acr_basic`,
      id: randomBytes(9).toString('base64url'),
      status: 'pending',
      createdAt: now,
      expiresAt: now + this.ttlSeconds * 1000,
    };
    this.actions.set(action.id, action);
    this.onChange(action);
    return action;
  }

  get(id: string): ItsmeAction | undefined {
    const a = this.actions.get(id);
    if (a) this.expire(a);
    return a;
  }

  /** The latest action of a sign-in page. */
  forInteraction(generation: Generation, uid: string): ItsmeAction | undefined {
    let latest: ItsmeAction | undefined;
    for (const a of this.actions.values()) {
      if (a.interactionUid === uid && a.generation === generation && (!latest || a.createdAt >= latest.createdAt)) latest = a;
    }
    if (latest) this.expire(latest);
    return latest;
  }

  pending(phone?: string): ItsmeAction[] {
    return [...this.actions.values()]
      .filter((a) => (this.expire(a), a.status === 'pending') && (phone === undefined || a.phone === phone))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((a) => structuredClone(a));
  }

  decide(id: string, decision: 'confirmed' | 'rejected'): ItsmeAction {
    const a = this.get(id);
    if (!a) throw new Error(`itsme emulator: no action '${id}'`);
    if (a.status !== 'pending') throw new Error(`itsme emulator: action '${id}' is ${a.status}, not pending`);
    this.settle(a, decision);
    return a;
  }

  cancel(a: ItsmeAction): void {
    if (a.status === 'pending') this.settle(a, 'cancelled');
  }

  private expire(a: ItsmeAction): void {
    if (a.status === 'pending' && Date.now() >= a.expiresAt) this.settle(a, 'expired');
  }

  private settle(a: ItsmeAction, status: ActionStatus): void {
    a.status = status;
    a.decidedAt = Date.now();
    this.onChange(a);
  }
}
