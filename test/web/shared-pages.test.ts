import test from 'ava';
import { gunzipSync } from 'node:zlib';
import { sharedPageGzip, sharedPageHtml } from '../../src/web/shared-pages.js';

test('a shared page is rendered once per owner and variant, each request getting its own token', (t) => {
  const owner = {};
  let renders = 0;
  const render = (slot: string) => {
    renders++;
    return `<input name="_csrf" value="${slot}"><input name="again" value="${slot}">`;
  };
  t.is(sharedPageHtml({ owner, variant: 'a' }, 'tok1', render), '<input name="_csrf" value="tok1"><input name="again" value="tok1">');
  t.is(sharedPageHtml({ owner, variant: 'a' }, 'tok2', render), '<input name="_csrf" value="tok2"><input name="again" value="tok2">');
  t.is(renders, 1);
  sharedPageHtml({ owner, variant: 'b' }, 'tok3', render);
  t.is(renders, 2, 'another variant renders again');
  sharedPageHtml({ owner: {}, variant: 'a' }, 'tok4', render);
  t.is(renders, 3, 'a new owner (a changed brand) renders again');
});

test('a shared page is gzip-compressed once, each request getting its own token spliced in', (t) => {
  const owner = {};
  let renders = 0;
  const page = (slot: string) => `<form><input name="_csrf" value="${slot}">${'<p>text</p>'.repeat(100)}<input value="${slot}"></form>`;
  const render = (slot: string) => (renders++, page(slot));
  const first = gunzipSync(sharedPageGzip({ owner, variant: 'a' }, 'tok1', render)).toString();
  const second = gunzipSync(sharedPageGzip({ owner, variant: 'a' }, 'tok2', render)).toString();
  t.is(first, page('tok1'));
  t.is(second, page('tok2'));
  t.is(sharedPageHtml({ owner, variant: 'a' }, 'tok3', render), page('tok3'));
  t.is(renders, 1);
});
