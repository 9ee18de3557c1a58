import { countDomains } from '../repos/domains.js';
import type { ServiceContext } from './context.js';

/** One step of the way from a new install to a first account signing in with 2-Step Verification. */
export interface FirstStep {
  /** What to do, as a link text on WebAdmin's home. */
  title: string;
  /** Where in WebAdmin, in its menu words. */
  where: string;
  /** The WebAdmin route the link goes to. */
  route: string;
  /** The same in the CLI, when it can do it. */
  cli: string | null;
}

/** Signing in to WebAdmin: the console's first step (WebAdmin's home needs no link to itself). */
export const SIGN_IN_STEP: FirstStep = {
  title: 'Sign in to WebAdmin as "admin"',
  where: 'with the password printed at the first start, or ADMIN_PASSWORD',
  route: 'adminLogin',
  cli: 'USER admin, then the password',
};

/** The steps after signing in, in order. */
export const FIRST_STEPS: readonly FirstStep[] = [
  { title: 'Add a domain', where: 'Manage Domains → Add domain', route: 'domainNew', cli: 'CREATE Domain name example.com postmasterPassword "…"' },
  {
    title: 'Turn on 2-Step Verification for its accounts',
    where: "the domain's Account Defaults → 2-Step Verification: enabled (each user chooses) or mandatory",
    route: 'domains',
    cli: 'UPDATE Domain example.com, CONFIG accountDefaultLimits, SET twoFactorAuthEnabled enabled, DONE, COMMIT',
  },
  { title: 'Add an account', where: 'Manage Accounts → Add account; its user signs in to WebMail', route: 'accounts', cli: 'UPDATE Domain example.com, ADD Account name alice password "…", COMMIT' },
  { title: 'Protect your own WebAdmin sign-in', where: 'My account → 2-Step Verification → Turn on', route: 'adminMe', cli: null },
];

/** True while the install has no domain yet: the console and WebAdmin's home then show the first steps. */
export async function isNewInstall(ctx: ServiceContext): Promise<boolean> {
  return (await countDomains(ctx.db)) === 0;
}

/** The next-steps lines printed at start on a new install; `webmail` and `webadmin` are the base URLs. */
export function firstStepsLines(webmail: string, webadmin: string): string[] {
  const steps = [{ ...SIGN_IN_STEP, where: `${webadmin}, ${SIGN_IN_STEP.where}` }, ...FIRST_STEPS];
  return [
    'Next steps (no domain yet):',
    ...steps.map((step, i) => `  ${i + 1}. ${step.title}: ${step.where}${step.route === 'accounts' ? ` at ${webmail}` : ''}.${step.cli ? ` CLI: ${step.cli}` : ''}`),
    '  README.md, "First steps", says more.',
  ];
}
