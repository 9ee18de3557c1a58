import { applyAccountClassChanges, createAccountClass, requireAccountClass } from '../../services/account-classes.js';
import { countClassRepair } from '../../services/class-repair.js';
import { facts } from '../format.js';
import type { CliCommand } from '../state.js';
import { S } from '../strings.js';
import { configLimits } from './limits.js';
import { classFacts, pendingFacts } from '../views.js';

/** Commands of `<domain-accountClass#>`. */
export const CLASS_COMMANDS: readonly CliCommand[] = [
  configLimits('class'),
  {
    words: ['SHOW'],
    help: 'shows the account class',
    async run(state) {
      const frame = state.top('accountClass');
      const shown = frame.isNew ? facts([['name', frame.name]]) : await classFacts(state.services, await state.domain(), frame.name);
      return { body: [...shown, ...pendingFacts(frame.changes.length + (frame.isNew ? 1 : 0))], ok: S.shown };
    },
  },
  {
    words: ['RESET', 'all', 'twoFactorSecretKeys'],
    help: 'stages requiring everyone in this class to pair again: each account with a key gets a new one at COMMIT',
    async run(state) {
      const frame = state.top('accountClass');
      if (frame.isNew) return { ok: S.stagedClassRepair(0) };
      const accountClass = await requireAccountClass(state.services, await state.domain(), frame.name);
      frame.changes.push({ op: 'resetAllKeys' });
      return { ok: S.stagedClassRepair(await countClassRepair(state.services, accountClass)) };
    },
  },
  {
    words: ['COMMIT'],
    help: 'creates or changes the class with the staged changes at once and returns to the domain',
    async run(state) {
      const frame = state.top('accountClass');
      const domain = await state.domain();
      if (frame.isNew) await createAccountClass(state.services, state.actor, domain, frame.name, frame.changes);
      else await applyAccountClassChanges(state.services, state.actor, domain, frame.name, frame.changes);
      state.pop();
      return { ok: frame.isNew ? S.classCreated(frame.name) : S.classSaved(frame.name, frame.changes.length) };
    },
  },
];
