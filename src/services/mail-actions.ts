import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { checkFolderName } from './mailbox.js';
import { noSuchFolder } from './mail-store/errors.js';
import type { FolderSummary, MailUser } from './mail-store/types.js';

/** What a user can do to selected messages. */
export const MESSAGE_ACTIONS = ['read', 'unread', 'flag', 'unflag', 'move', 'delete'] as const;

/** One of MESSAGE_ACTIONS. */
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

/** Most messages one action may name. */
export const MAX_SELECTED = 200;

/** The folder of `role` in `folders`, or null when the mailbox has none. */
export function folderWithRole(folders: FolderSummary[], role: FolderSummary['role']): FolderSummary | null {
  return folders.find((folder) => folder.role === role) ?? null;
}

/**
 * Applies `action` to the user's messages `ids` of `folder`: read/unread, flag/unflag, move to
 * `target`, or delete — to Trash, or for good when they are in Trash already (or there is none).
 * Answers where the messages went for a move or a delete to Trash.
 */
export async function actOnMessages(ctx: ServiceContext, user: MailUser, request: { folder: string; ids: number[]; action: MessageAction; target?: string }): Promise<{ count: number; movedTo: FolderSummary | null }> {
  const folder = checkFolderName(request.folder);
  if (request.ids.length === 0) throw new ServiceError('invalid', 'Select at least one message first.', 'ids');
  if (request.ids.length > MAX_SELECTED) throw new ServiceError('invalid', `Select at most ${MAX_SELECTED} messages at a time.`, 'ids');
  const ids = [...new Set(request.ids)];
  const done = await act(ctx, user, folder, ids, request);
  if (done.count === 0) throw new ServiceError('not_found', `${ids.length === 1 ? 'That message is' : 'Those messages are'} not in this folder.`, 'ids');
  return done;
}

async function act(ctx: ServiceContext, user: MailUser, folder: string, ids: number[], request: { action: MessageAction; target?: string }): Promise<{ count: number; movedTo: FolderSummary | null }> {
  switch (request.action) {
    case 'read':
    case 'unread':
      return { count: await ctx.mail.setFlags(user, folder, ids, { seen: request.action === 'read' }), movedTo: null };
    case 'flag':
    case 'unflag':
      return { count: await ctx.mail.setFlags(user, folder, ids, { flagged: request.action === 'flag' }), movedTo: null };
    case 'move': {
      const target = checkFolderName(request.target ?? '');
      if (target === folder) throw new ServiceError('invalid', 'The messages are in that folder already.', 'target');
      const found = (await ctx.mail.folders(user)).find((one) => one.name === target);
      if (!found) throw noSuchFolder(target, 'target');
      return { count: await ctx.mail.move(user, folder, ids, target), movedTo: found };
    }
    case 'delete': {
      const trash = folderWithRole(await ctx.mail.folders(user), 'trash');
      if (!trash || trash.name === folder) return { count: await ctx.mail.destroy(user, folder, ids), movedTo: null };
      return { count: await ctx.mail.move(user, folder, ids, trash.name), movedTo: trash };
    }
  }
}

/** Deletes every message in the user's Trash for good. */
export async function emptyTrash(ctx: ServiceContext, user: MailUser): Promise<void> {
  const trash = folderWithRole(await ctx.mail.folders(user), 'trash');
  if (!trash) throw new ServiceError('not_found', 'Your mailbox has no Trash folder.', 'folder');
  await ctx.mail.empty(user, trash.name);
}
