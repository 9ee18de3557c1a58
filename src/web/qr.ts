import QRCode from 'qrcode';

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/**
 * The QR code of `uri` (an otpauth:// URI) as inline SVG markup named by `accessibleName`
 * (role="img", aria-label and a title), safe to embed under the strict CSP: no script, no style
 * attributes, only escaped text of ours.
 */
export async function qrSvg(uri: string, accessibleName: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const name = escapeXml(accessibleName);
  return svg
    .replace(/\sstyle="[^"]*"/g, '')
    .replace(/^<svg\s/, `<svg role="img" aria-label="${name}" focusable="false" `)
    .replace(/(<svg[^>]*>)/, `$1<title>${name}</title>`)
    .trim();
}
