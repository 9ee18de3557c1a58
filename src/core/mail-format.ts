/** A size in bytes as a mail list shows it: "850 B", "12 KB", "3.4 MB". */
export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** An address as a list or header shows it: the name when there is one, else the address. */
export function addressLabel(entry: { name: string; address: string }): string {
  return entry.name.trim() || entry.address || '(unknown sender)';
}

/** An address as a header shows it in full: `Name <address>`, or the address alone. */
export function fullAddress(entry: { name: string; address: string }): string {
  const name = entry.name.trim();
  return name && entry.address ? `${name} <${entry.address}>` : name || entry.address;
}
