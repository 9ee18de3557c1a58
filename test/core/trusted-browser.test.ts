import test from 'ava';
import { describeBrowser, hashTrustToken, isTrustTokenShape, newTrustToken, trustEndsAt } from '../../src/core/trusted-browser.js';

const UA: [string, string | undefined, string][] = [
  ['Firefox on Linux', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
  ['Chrome on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on Windows'],
  ['Edge on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge on Windows'],
  ['Safari on macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari on macOS'],
  ['Safari on iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 'Safari on iPhone'],
  ['Chrome on iPad', 'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1', 'Chrome on iPad'],
  ['Samsung Internet on Android', 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36', 'Samsung Internet on Android'],
  ['Chrome on Android', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
  ['Headless Chromium on Linux', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', 'A browser on Linux'],
  ['curl', 'curl/8.5.0', 'An unknown browser'],
  ['no header', undefined, 'An unknown browser'],
];

for (const [name, ua, expected] of UA) {
  test(`describeBrowser: ${name}`, (t) => {
    t.is(describeBrowser(ua), expected);
  });
}

test('a trust token is 256 random bits in base64url, and its hash is a SHA-256 that does not reveal it', (t) => {
  const a = newTrustToken();
  const b = newTrustToken();
  t.not(a, b);
  t.true(isTrustTokenShape(a));
  t.is(Buffer.from(a, 'base64url').length, 32);
  t.regex(hashTrustToken(a), /^[0-9a-f]{64}$/);
  t.not(hashTrustToken(a), hashTrustToken(b));
  t.false(hashTrustToken(a).includes(a));
});

const SHAPES: [string, string, boolean][] = [
  ['43 base64url characters', 'A'.repeat(43), true],
  ['42 characters', 'A'.repeat(42), false],
  ['a plus sign', `${'A'.repeat(42)}+`, false],
  ['a hash instead', 'a'.repeat(64), false],
  ['empty', '', false],
];
for (const [name, value, ok] of SHAPES) {
  test(`isTrustTokenShape: ${name}`, (t) => {
    t.is(isTrustTokenShape(value), ok);
  });
}

const DAY = 86_400_000;
const ENDS: [string, number, number, number, number][] = [
  ['the setting unchanged', 0, 30 * DAY, 30, 30 * DAY],
  ['the setting lowered to 7 days', 0, 30 * DAY, 7, 7 * DAY],
  ['the setting lowered to 0', 5, 30 * DAY, 0, 5],
  ['the setting raised: the trust keeps its own end', 0, 7 * DAY, 30, 7 * DAY],
];
for (const [name, created, expires, days, expected] of ENDS) {
  test(`trustEndsAt: ${name}`, (t) => {
    t.is(trustEndsAt(created, expires, days), expected);
  });
}
