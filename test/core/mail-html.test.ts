import test from 'ava';
import { sanitizeMailHtml } from '../../src/core/mail-html.js';

const hidden = { showImages: false, inlineImage: (cid: string) => (cid === 'logo@x' ? '/mail/1/attachments/0?inline=1' : null) };

const INERT: [string, string, RegExp][] = [
  ['script', '<p>a</p><script>alert(1)</script>', /script|alert/i],
  ['event handler', '<b onclick="alert(1)" onmouseover=x>b</b><img src=x onerror="alert(1)">', /on\w+=/i],
  ['javascript: link', '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><a href="&#106;avascript:alert(1)">z</a>', /javascript/i],
  ['data: link', '<a href="data:text/html,<script>alert(1)</script>">x</a>', /href|script/i],
  ['relative link into the product', '<a href="/logout">x</a><a href="//evil.example/">y</a>', /href/],
  ['form', '<form action="https://evil.example"><input name="p"><button>Go</button><select><option>1</option></select><textarea>t</textarea></form>', /form|input|button|select|textarea/i],
  ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">', /meta|refresh|base/i],
  ['style sheet and style attribute', '<style>body{display:none}</style><div style="position:fixed;inset:0;z-index:99">cover</div>', /style|position|fixed/i],
  ['class and id of the product', '<p class="flash ok" id="main">spoof</p>', /class|id=/],
  ['frames and plugins', '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x"><frameset></frameset>', /iframe|object|embed|frame/i],
  ['svg with script', '<svg onload="alert(1)"><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>', /svg|script|alert/i],
  ['old remote backgrounds and srcset', '<table background="https://t.example/a.gif"><tr><td background="https://t.example/b.gif">c</td></tr></table><img srcset="https://t.example/c.png 1x">', /t\.example/],
  ['media that fetches', '<video poster="https://t.example/p.png" src="https://t.example/v.mp4"></video><audio src="https://t.example/a.mp3"></audio><link rel="stylesheet" href="https://t.example/s.css">', /t\.example|video|audio|link/i],
];

for (const [name, html, forbidden] of INERT) {
  test(`mail HTML is made inert: ${name}`, (t) => {
    const { html: clean } = sanitizeMailHtml(html, hidden);
    t.notRegex(clean, forbidden);
  });
}

test('links keep http(s) and mailto and open apart without a referrer', (t) => {
  const { html } = sanitizeMailHtml('<a href="https://example.com/a?b=1">A</a> <a href="mailto:bob@example.com">B</a>', hidden);
  t.is(html, '<a href="https://example.com/a?b=1" rel="noopener noreferrer" target="_blank">A</a> <a href="mailto:bob@example.com" rel="noopener noreferrer" target="_blank">B</a>');
});

test('remote images are held back and counted until shown; data and inline images stay; text and tables stay', (t) => {
  const html = '<h2>Hi</h2><table><tr><td colspan="2">cell</td></tr></table><img src="https://t.example/pixel.gif" alt="pixel" width="1" height="1"><img src="http://t.example/b.png"><img src="data:image/png;base64,iVBORw0KGgo="><img src="cid:logo@x"><img src="cid:unknown@x">';
  const held = sanitizeMailHtml(html, hidden);
  t.is(held.blockedImages, 2);
  t.notRegex(held.html, /t\.example/);
  t.regex(held.html, /<img alt="pixel" width="1" height="1" \/>/);
  t.regex(held.html, /src="data:image\/png;base64,iVBORw0KGgo="/);
  t.regex(held.html, /src="\/mail\/1\/attachments\/0\?inline=1"/);
  t.regex(held.html, /<h2>Hi<\/h2><table><tr><td colspan="2">cell<\/td><\/tr><\/table>/);
  const shown = sanitizeMailHtml(html, { ...hidden, showImages: true });
  t.is(shown.blockedImages, 0);
  t.regex(shown.html, /src="https:\/\/t\.example\/pixel\.gif"/);
  t.regex(shown.html, /src="http:\/\/t\.example\/b\.png"/);
});
