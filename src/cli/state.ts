import type { TwoFactorSetting } from '../core/policy.js';
import type { AccountClassChange } from '../services/account-classes.js';
import type { AccountChange } from '../services/accounts.js';
import type { Actor, ServiceContext } from '../services/context.js';
import { requireDomain, type DomainChange, type DomainRecord } from '../services/domains.js';
import type { CommandSpec } from './grammar.js';

/** The domain context: changes staged for the domain's COMMIT. */
export interface DomainFrame {
  kind: 'domain';
  domain: string;
  changes: DomainChange[];
}

/** The Account Defaults Limits sub-context of a domain; DONE hands its value to the domain. */
export interface DefaultsFrame {
  kind: 'accountDefaultLimits';
  value?: TwoFactorSetting;
  /** Staged days allowed to set up 2-Step Verification. */
  graceDays?: number;
  /** Staged days a browser may be trusted to skip the code. */
  trustDays?: number;
}

/** An account class being added (`isNew`) or updated. */
export interface ClassFrame {
  kind: 'accountClass';
  name: string;
  isNew: boolean;
  changes: AccountClassChange[];
}

/** An account being added (`isNew`, with its password) or updated. */
export interface AccountFrame {
  kind: 'account';
  name: string;
  isNew: boolean;
  password: string | null;
  changes: AccountChange[];
}

/** The Limits sub-context of a class or an account; null means inherited again. */
export interface LimitsFrame {
  kind: 'limits';
  value?: TwoFactorSetting | null;
  /** Staged days allowed to set up 2-Step Verification; null means inherited again. */
  graceDays?: number | null;
  /** Staged days a browser may be trusted; null means inherited again. */
  trustDays?: number | null;
}

/** One level of the context stack. */
export type Frame = DomainFrame | DefaultsFrame | ClassFrame | AccountFrame | LimitsFrame;

/** Which command table applies. */
export type ContextName = 'root' | 'domain' | 'accountDefaultLimits' | 'accountClass' | 'accountClassLimits' | 'account' | 'accountLimits';

/** What a command answers: lines before the status line, the status text, and whether to hang up. */
export interface Reply {
  body?: string[];
  ok: string;
  close?: boolean;
}

/** A refusal of a command with a message for the operator; nothing was changed. */
export class CliError extends Error {}

/** A command of one context: its syntax and what it does. */
export interface CliCommand extends CommandSpec {
  run(state: CliState, values: Record<string, string>): Promise<Reply>;
}

/** The logged-in part of a CLI session: who acts, and the stack of open contexts with their staged changes. */
export class CliState {
  readonly frames: Frame[] = [];

  /** A session acting as `actor` over `services`; `commands` lists what the current context offers (for HELP). */
  constructor(
    readonly services: ServiceContext,
    public actor: Actor,
    readonly commands: () => readonly CliCommand[],
  ) {}

  /** The name of the current context. */
  get context(): ContextName {
    const top = this.frames[this.frames.length - 1];
    if (!top) return 'root';
    if (top.kind !== 'limits') return top.kind;
    return this.frames[this.frames.length - 2]?.kind === 'account' ? 'accountLimits' : 'accountClassLimits';
  }

  /** The prompt of the current context: `<#> `, `<domain-account-limits#> `, … */
  prompt(): string {
    return `<${this.frames.map((frame) => frame.kind).join('-')}#> `;
  }

  /** The innermost frame, which the current context's commands work on. */
  top<K extends Frame['kind']>(kind: K): Extract<Frame, { kind: K }> {
    const frame = this.frames[this.frames.length - 1];
    if (frame?.kind !== kind) throw new Error(`CLI context is ${frame?.kind ?? 'root'}, not ${kind}`);
    return frame as Extract<Frame, { kind: K }>;
  }

  /** The frame just below the innermost one (the object a Limits context belongs to). */
  parent(): Frame | undefined {
    return this.frames[this.frames.length - 2];
  }

  /** The open domain's frame. */
  domainFrame(): DomainFrame {
    const frame = this.frames[0];
    if (frame?.kind !== 'domain') throw new Error('CLI context has no domain');
    return frame;
  }

  /** The open domain as stored now (a refusal when it was removed meanwhile). */
  domain(): Promise<DomainRecord> {
    return requireDomain(this.services, this.domainFrame().domain);
  }

  /** Opens a nested context. */
  push(frame: Frame): void {
    this.frames.push(frame);
  }

  /** Leaves the current context (its staged changes go with it). */
  pop(): Frame | undefined {
    return this.frames.pop();
  }

  /** Leaves every context, discarding what was staged. */
  reset(): void {
    this.frames.length = 0;
  }
}
