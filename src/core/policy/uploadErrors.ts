// The service's answer to a policy it refuses (code AADB2C, "Validation failed: N validation error(s) found in
// policy "<ID>" of tenant "<t>".<msg1><msg2>…", the messages run together; b2c-custom-policy.md §6 step 7), told in
// plain words: which policy, how many problems, each problem on its own line, and for a schema error the line of our
// generated file it points at (with that line's text, so nobody has to open the file to see it).
import * as l10n from '@vscode/l10n';
import { GraphRequestError } from '../graph/errors';

export interface PolicyProblem {
  message: string;
  line?: number;
  col?: number;
  /** The text of that line in the file we sent (trimmed). */
  lineText?: string;
}

const HEADER = /^Validation failed:\s*(\d+)\s+validation error\(s\) found in policy\s+"([^"]+)"(?: of tenant "[^"]*")?\.?/i;
/** The beginnings of the documented messages, where one message ends and the next starts (no separator). */
const STARTS = /(?=Schema validation error found at line|Policy with 'policyId'|Policy "[^"]+" of tenant|Tenant "[^"]+" does not have|Claim type "|User journey "|TechnicalProfile "|TenantId in the policy xml|The policy id '|The PolicyId ')/g;
const SCHEMA = /^Schema validation error found at line (\d+) col (\d+) in policy "[^"]*"(?: of tenant "[^"]*")?:\s*(.*)$/s;

/** Splits the service's message into its problems; undefined when it is not a policy validation failure. */
export function parsePolicyValidation(message: string, xml: string): { count: number; problems: PolicyProblem[] } | undefined {
  const head = HEADER.exec(message);
  if (!head) return undefined;
  const rest = message.slice(head[0].length).trim();
  const parts = rest ? rest.split(STARTS).map((p) => p.trim()).filter(Boolean) : [];
  const lines = xml.split(/\r?\n/);
  const problems = parts.map((p): PolicyProblem => {
    const m = SCHEMA.exec(p);
    if (!m) return { message: p };
    const line = Number(m[1]);
    const lineText = lines[line - 1]?.trim();
    return { message: m[3]!.trim(), line, col: Number(m[2]), ...(lineText ? { lineText } : {}) };
  });
  return { count: Number(head[1]), problems };
}

/** The plain-words account of a refused upload (or the error itself when it is something else). */
export function explainPolicyUploadError(e: unknown, policyId: string, xml: string): unknown {
  if (!(e instanceof GraphRequestError) || (e.code !== 'AADB2C' && !/^Validation failed:/i.test(e.graphMessage ?? ''))) return e;
  const parsed = parsePolicyValidation(e.graphMessage ?? '', xml);
  const problems = parsed?.problems.length ? parsed.problems : [{ message: e.graphMessage ?? e.code ?? String(e.status) }];
  const text = [
    l10n.t('The service refused policy {0}: {1} problem(s) found in the file.', policyId, parsed?.count ?? problems.length),
    ...problems.map((p) =>
      p.line !== undefined
        ? l10n.t('Line {0}, column {1}: {2}', p.line, p.col ?? 0, p.message) + (p.lineText ? `\n      ${p.lineText}` : '')
        : `  ${p.message}`,
    ).map((s) => (s.startsWith('  ') ? s : `  ${s}`)),
    l10n.t('The file is generated: check the configuration (customPolicy, itsme) and that the key sets exist, or write the files with `itsme-b2c policy` to look at them. Nothing after this policy was uploaded.'),
  ].join('\n');
  return new GraphRequestError({ kind: 'badRequest', status: e.status, code: e.code, graphMessage: e.graphMessage, requestId: e.requestId, method: e.method, path: e.path, hint: text });
}
