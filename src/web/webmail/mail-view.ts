import { addressLabel, describeSize, fullAddress } from '../../core/mail-format.js';
import type { MessageDisplay } from '../../services/mail-store/message-display.js';
import type { FolderSummary, MessagePage, MessageSummary } from '../../services/mail-store/types.js';
import { MAIL_TEXT } from './mail-strings.js';

/** A folder of the folder list, with whether it is the one shown. */
export interface FolderItem extends FolderSummary {
  current: boolean;
}

/** One line of the message list, with its words ready. */
export interface MessageRow extends MessageSummary {
  fromLabel: string;
  subjectLabel: string;
  sizeLabel: string;
}

/** The folder list with `current` marked. */
export function folderItems(folders: FolderSummary[], current: string): FolderItem[] {
  return folders.map((folder) => ({ ...folder, current: folder.name === current }));
}

/** The rows of a message list. */
export function messageRows(page: MessagePage): MessageRow[] {
  return page.messages.map((message) => ({
    ...message,
    fromLabel: addressLabel({ name: message.fromName, address: message.fromAddress }),
    subjectLabel: message.subject.trim() || MAIL_TEXT.noSubject,
    sizeLabel: describeSize(message.size),
  }));
}

/** The header lines of an open message, in order, without empty ones. */
export function headerLines(message: MessageDisplay): { label: string; value: string }[] {
  const join = (list: { name: string; address: string }[]) => list.map(fullAddress).join(', ');
  return [
    { label: MAIL_TEXT.from, value: join(message.from) },
    { label: MAIL_TEXT.to, value: join(message.to) },
    { label: MAIL_TEXT.cc, value: join(message.cc) },
  ].filter((line) => line.value);
}

/** The attachments of an open message with their size words. */
export function attachmentItems(message: MessageDisplay) {
  return message.attachments.map((file) => ({ ...file, sizeLabel: describeSize(file.size) }));
}
