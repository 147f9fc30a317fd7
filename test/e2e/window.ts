// What several e2e files set up the same way: the shared code-server's user settings changed for one file and put
// back in its after() (later files see them as they expect), and a window signed-in scenarios run in — the
// emulated B2C sign-in and itsme beside the shared Graph emulator, a loopback port, and a browser context of its own
// that accepts the emulators' certificate and keeps the tabs Run user flow opens.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startB2cLogin, type B2cLogin } from '../../emulators/b2c/server';
import { startItsmeEmulator, type ItsmeEmulator } from '../../emulators/itsme';
import { freePort } from '../../sandbox/codeServer';
import { e2e } from './env';
import type { Workbench } from './workbench';
import { WizardPage } from './wizardPage';

/** The user settings file of the shared code-server, as this file found it. */
export class UserSettings {
  readonly file = path.join(e2e().cs.userDataDir, 'User', 'settings.json');
  private readonly before = fs.readFileSync(this.file, 'utf8');

  read(): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, unknown>;
  }

  /** The settings as found, plus `extra` (for the windows opened from now on). */
  set(extra: Record<string, unknown>): void {
    fs.writeFileSync(this.file, JSON.stringify({ ...(JSON.parse(this.before) as Record<string, unknown>), ...extra }, null, 2));
  }

  restore(): void {
    fs.writeFileSync(this.file, this.before);
  }
}

export interface SignInWindow {
  b2c: B2cLogin;
  itsme: ItsmeEmulator;
  /** The loopback port Run user flow's "Show the token in VS Code" listens on. */
  port: number;
  context: BrowserContext;
  wb: Workbench;
  page: Page;
  wizard: WizardPage;
  /** Puts the settings back, closes the window and stops the two emulators; resets the shared Graph emulator. */
  close(): Promise<void>;
}

/**
 * Resets the shared Graph emulator (the tenant `e2e()` gives), starts b2clogin on it and itsme with `partner`
 * onboarded for the tenant's two redirect URIs, points the settings at them and opens a window. `permissions`:
 * more Graph application permissions for the management app (a custom policy needs the trust-framework ones).
 */
export async function openSignInWindow(o: { partner: { clientId: string; clientSecret: string; service: string }; shots: string; permissions?: string[] }): Promise<SignInWindow> {
  const { emu } = e2e();
  emu.reset();
  if (o.permissions) emu.state.grantedPermissions.push(...o.permissions);
  // What is undone on close, or at once when a later step of the set-up fails (last first).
  const undo: Array<() => Promise<unknown> | void> = [() => emu.reset()];
  const close = async () => {
    for (const u of undo.reverse()) await Promise.resolve(u()).catch(() => {});
  };
  try {
    const b2c = await startB2cLogin({ graph: emu });
    undo.push(() => b2c.stop());
    const tenantName = emu.state.tenantName;
    const itsme = await startItsmeEmulator({
      partners: [{ clientId: o.partner.clientId, clientSecret: o.partner.clientSecret, serviceCodes: [o.partner.service], redirectUris: [`${b2c.url}/${tenantName}.onmicrosoft.com/oauth2/authresp`, `${b2c.url}/${tenantName}/oauth2/authresp`] }],
    });
    undo.push(() => itsme.stop());
    const port = await freePort();
    const settings = new UserSettings();
    settings.set({ 'itsme.loginHost': b2c.host, 'itsme.loopbackPort': port });
    undo.push(() => settings.restore());
    const context = await e2e().browser.newContext({ viewport: { width: 1400, height: 900 }, ignoreHTTPSErrors: true });
    undo.push(() => context.close());
    const wb = await e2e().open({}, context, { keepPopups: true });
    return { b2c, itsme, port, context, wb, page: wb.page, wizard: new WizardPage(wb.page, o.shots), close };
  } catch (e) {
    await close();
    throw e;
  }
}
