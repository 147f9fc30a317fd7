// Faults on demand: throttling, server errors, dropped connections, slow responses.
//
// A fault is decided when a request arrives, before it has any effect on the tenant, except 'dropAfterEffect':
// the write is applied and then the connection is dropped without a response. That is the case that makes blind
// retries dangerous (the client cannot know whether its POST happened), so engines must re-observe before retrying.
//
// Rules without `match.path` apply to Graph requests only (/v1.0, /beta), so a rule meant for Graph does not break
// token acquisition by accident; give a path (e.g. /oauth2/) to target the token endpoint.

export type FaultStatus = 429 | 500 | 502 | 503 | 504;

export type Fault =
  | { kind: 'status'; status: FaultStatus; retryAfterSeconds?: number }
  | { kind: 'drop' }
  | { kind: 'dropAfterEffect' }
  | { kind: 'latency'; ms: number };

export interface FaultMatch {
  method?: string;
  /** A RegExp tested against the path (with version, without query), or a substring of it. */
  path?: RegExp | string;
}

export interface FaultRule {
  match?: FaultMatch;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  /** Let this many matching requests through first. */
  skip?: number;
  fault: Fault;
}

export interface FaultHandle {
  /** Requests this rule has faulted so far. */
  readonly hits: number;
  /** Faults left to inject. */
  readonly remaining: number;
  remove(): void;
}

export interface RandomScheduleOptions {
  /** Probability (0..1) that a matching request gets a fault. */
  rate: number;
  /** Faults to choose from, uniformly. Shorthands: a status code (429, 503…), 'drop', 'dropAfterEffect'. */
  kinds: Array<Fault | FaultStatus | 'drop' | 'dropAfterEffect'>;
  match?: FaultMatch;
}

export interface InjectedFault {
  seq: number;
  method: string;
  path: string;
  fault: Fault;
  source: 'rule' | 'random';
}

interface ActiveRule {
  rule: FaultRule;
  skipLeft: number;
  left: number;
  hits: number;
}

/** mulberry32: a tiny, well-distributed seeded PRNG, so a random schedule replays identically. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(m: FaultMatch | undefined, method: string, path: string, isGraph: boolean): boolean {
  if (!m?.path && !isGraph) return false;
  if (m?.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m?.path instanceof RegExp) return m.path.test(path);
  if (typeof m?.path === 'string') return path.includes(m.path);
  return true;
}

function expand(k: RandomScheduleOptions['kinds'][number]): Fault {
  if (typeof k === 'number') return { kind: 'status', status: k };
  if (k === 'drop' || k === 'dropAfterEffect') return { kind: k };
  return k;
}

export class FaultController {
  private rules: ActiveRule[] = [];
  private random?: { next: () => number; opts: RandomScheduleOptions };
  /** Every fault injected, in order: tests assert on it (and can print it when a seed misbehaves). */
  readonly injected: InjectedFault[] = [];

  add(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule, skipLeft: rule.skip ?? 0, left: rule.times ?? 1, hits: 0 };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return active.left;
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== active);
      },
    };
  }

  /** Removes every rule and the random schedule (the injected history is kept). */
  clear(): void {
    this.rules = [];
    this.random = undefined;
  }

  /**
   * Deterministic pseudo-random faults: for each matching request, in arrival order, a seeded PRNG decides
   * whether to inject one of `kinds`. Same seed + same request sequence = same faults.
   */
  randomSchedule(seed: number, opts: RandomScheduleOptions): void {
    if (!(opts.rate >= 0 && opts.rate <= 1)) throw new RangeError('rate must be within 0..1');
    if (opts.kinds.length === 0) throw new RangeError('kinds must not be empty');
    this.random = { next: seededRandom(seed), opts };
  }

  /**
   * Decides the faults for one request: any number of latency faults plus at most one terminal fault
   * (status, drop, dropAfterEffect). Rules are consulted in the order they were added, then the random schedule.
   */
  take(seq: number, method: string, path: string, isGraph: boolean): Fault[] {
    const out: Fault[] = [];
    const terminal = () => out.some((f) => f.kind !== 'latency');
    for (const r of this.rules) {
      if (r.left <= 0 || !matches(r.rule.match, method, path, isGraph)) continue;
      if (r.rule.fault.kind !== 'latency' && terminal()) continue;
      if (r.skipLeft > 0) {
        r.skipLeft--;
        continue;
      }
      r.left--;
      r.hits++;
      out.push(r.rule.fault);
      this.injected.push({ seq, method, path, fault: r.rule.fault, source: 'rule' });
    }
    if (this.random && matches(this.random.opts.match, method, path, isGraph)) {
      const { next, opts } = this.random;
      if (next() < opts.rate) {
        const fault = expand(opts.kinds[Math.floor(next() * opts.kinds.length)]!);
        if (fault.kind === 'latency' || !terminal()) {
          out.push(fault);
          this.injected.push({ seq, method, path, fault, source: 'random' });
        }
      }
    }
    return out;
  }
}
