/** What a folder is for; null for the user's own folders. */
export type FolderRole = 'inbox' | 'drafts' | 'sent' | 'junk' | 'trash';

/** The folders every mailbox has, in the order they are listed (names as Dovecot creates them). */
export const STANDARD_FOLDERS: readonly { name: string; role: FolderRole; label: string }[] = [
  { name: 'INBOX', role: 'inbox', label: 'Inbox' },
  { name: 'Drafts', role: 'drafts', label: 'Drafts' },
  { name: 'Sent', role: 'sent', label: 'Sent' },
  { name: 'Junk', role: 'junk', label: 'Junk' },
  { name: 'Trash', role: 'trash', label: 'Trash' },
];

/** The IMAP special-use flag of each role (RFC 6154; INBOX has none). */
export const SPECIAL_USE: Readonly<Record<string, FolderRole>> = { '\\Drafts': 'drafts', '\\Sent': 'sent', '\\Junk': 'junk', '\\Trash': 'trash' };

/** Longest folder name accepted from a request, in characters. */
export const MAX_FOLDER_NAME = 200;

/** True when `name` can be a folder name: not empty, not too long, no control characters. */
export function isFolderName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_FOLDER_NAME && !/[\x00-\x1f\x7f]/.test(name);
}

/** Sorts folders: the standard ones in their order, then the user's own alphabetically. */
export function sortFolders<T extends { name: string; role: FolderRole | null }>(folders: T[]): T[] {
  const rank = (folder: T) => {
    const index = STANDARD_FOLDERS.findIndex((standard) => standard.role === folder.role);
    return index === -1 ? STANDARD_FOLDERS.length : index;
  };
  return [...folders].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** The label a folder is shown with: the standard label of its role, else its own name. */
export function folderLabel(name: string, role: FolderRole | null): string {
  return STANDARD_FOLDERS.find((standard) => standard.role === role)?.label ?? name;
}
