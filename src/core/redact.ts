// Defence in depth for secrets: whatever leaves the process (stdout, stderr, logs, error text) passes through a
// Redactor that knows the secrets in play and replaces them. The primary rule stays: secrets are never put there.

export const REDACTED = '[redacted]';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; very short values are ignored (they would redact ordinary text). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    // A JSON-escaped form of the secret (quotes, backslashes) could slip past the plain match.
    for (const s of this.secrets) {
      const escaped = JSON.stringify(s).slice(1, -1);
      if (escaped !== s) out = out.split(escaped).join(REDACTED);
    }
    return out;
  }
}
