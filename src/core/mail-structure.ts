/** The part of an IMAP BODYSTRUCTURE node this module reads. */
export interface StructureNode {
  type: string;
  disposition?: string;
  childNodes?: StructureNode[];
}

/**
 * True when a message structure holds an attachment: a part marked `attachment`, or a leaf that is
 * neither text nor marked `inline` (a PDF sent without a disposition counts; an inline image does not).
 */
export function hasAttachmentPart(node: StructureNode | undefined): boolean {
  if (!node) return false;
  const type = node.type.toLowerCase();
  const disposition = node.disposition?.toLowerCase();
  if (disposition === 'attachment') return true;
  if (node.childNodes?.length) return node.childNodes.some(hasAttachmentPart);
  return !type.startsWith('text/') && !type.startsWith('multipart/') && type !== 'message/delivery-status' && disposition !== 'inline';
}
