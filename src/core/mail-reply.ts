/** How a new message starts: from scratch, or as a reply, a reply to all, or a forward of another. */
export type ComposeMode = 'new' | 'reply' | 'all' | 'forward';

/** An address with its display name. */
export interface Party {
  name: string;
  address: string;
}

/** The facts of the message answered or forwarded that a draft is built from. */
export interface OriginalMessage {
  subject: string;
  from: Party[];
  to: Party[];
  cc: Party[];
  replyTo: Party[];
  /** ms since the epoch. */
  date: number;
  text: string;
}

/** A draft's recipients and words, before the user edits them. */
export interface DraftText {
  to: string;
  cc: string;
  subject: string;
  body: string;
}

const PREFIX = { reply: /^\s*(re|aw|sv|antw)\s*:/i, forward: /^\s*(fwd?|wg|tr)\s*:/i };

function listOf(parties: Party[]): string {
  return parties.map((party) => (party.name ? `${party.name.replace(/["\\]/g, '')} <${party.address}>` : party.address)).join(', ');
}

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** The text quoted line by line with "> ", under a line saying who wrote it and when. */
export function quoted(original: OriginalMessage): string {
  const who = original.from[0] ? listOf(original.from.slice(0, 1)) : 'someone';
  const lines = original.text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  return `\n\nOn ${when(original.date)}, ${who} wrote:\n${lines.map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`)).join('\n')}\n`;
}

/**
 * The draft of a reply, reply to all or forward of `original` by `self`: "Re:"/"Fwd:" added once,
 * the reply going to Reply-To else From, reply-all adding the other recipients without `self`, and
 * the original text quoted (a forward carries its headers too).
 */
export function draftFrom(mode: Exclude<ComposeMode, 'new'>, original: OriginalMessage, self: string): DraftText {
  const subject = original.subject.trim();
  if (mode === 'forward') {
    const head = ['', '', '---------- Forwarded message ----------', `From: ${listOf(original.from)}`, `Date: ${when(original.date)}`, `Subject: ${subject}`, `To: ${listOf(original.to)}`];
    if (original.cc.length) head.push(`Cc: ${listOf(original.cc)}`);
    return { to: '', cc: '', subject: PREFIX.forward.test(subject) ? subject : `Fwd: ${subject}`, body: `${head.join('\n')}\n\n${original.text}` };
  }
  const me = self.toLowerCase();
  const replyTo = original.replyTo.length ? original.replyTo : original.from;
  const to = replyTo.filter((party) => party.address.toLowerCase() !== me);
  const seen = new Set([...to.map((party) => party.address.toLowerCase()), me]);
  const cc: Party[] = [];
  if (mode === 'all') {
    for (const party of [...original.to, ...original.cc]) {
      const key = party.address.toLowerCase();
      if (!party.address || seen.has(key)) continue;
      seen.add(key);
      cc.push(party);
    }
  }
  // Replying to one's own message goes to its recipients.
  const recipients = to.length ? to : mode === 'all' ? cc.splice(0, cc.length) : original.to.slice(0, 1);
  return { to: listOf(recipients), cc: listOf(cc), subject: PREFIX.reply.test(subject) ? subject : `Re: ${subject}`, body: quoted(original) };
}
