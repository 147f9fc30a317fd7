// The configuration the CLI works with: the file (-c) with the flags' overrides, validated by the field table.
// Every command reads it the same way, `policy` included, so a flag or a message means the same everywhere.
import { readFileSync } from 'node:fs';
import * as l10n from '@vscode/l10n';
import { resolveConfig } from '../core/config/validate';
import type { ItsmeSetupConfig } from '../core/config/types';
import { mergeConfig, UsageError, type CliArgs } from './args';

export function loadConfig(args: CliArgs): ItsmeSetupConfig {
  let fileContent: unknown = {};
  if (args.configPath) {
    let text: string;
    try {
      text = readFileSync(args.configPath, 'utf8');
    } catch (e) {
      throw new UsageError(l10n.t('Cannot read the configuration file {0}: {1}', args.configPath, (e as NodeJS.ErrnoException).code ?? String(e)));
    }
    try {
      fileContent = JSON.parse(text);
    } catch (e) {
      throw new UsageError(l10n.t('The configuration file {0} is not valid JSON: {1}', args.configPath, (e as Error).message));
    }
  }
  const result = resolveConfig(mergeConfig(fileContent, args.overrides));
  if (!result.ok) {
    throw new UsageError([l10n.t('The configuration has {0} problem(s):', result.issues.length), ...result.issues.map((i) => `  ${i.field || l10n.t('(file)')}: ${i.message}`)].join('\n'));
  }
  return result.config;
}
