import sanitizeHtml from 'sanitize-html';

/** How a message's HTML is shown: remote images held back unless asked, inline (cid:) images through `inlineImage`. */
export interface MailHtmlOptions {
  showImages: boolean;
  /** The address of the inline image with this Content-ID, or null when the message has none that can be shown. */
  inlineImage(contentId: string): string | null;
}

/** Sanitized HTML ready to be placed in the message box, and how many remote images were held back. */
export interface SanitizedMailHtml {
  html: string;
  blockedImages: number;
}

/** Longest HTML part sanitized, in characters; a longer one is shown as text. */
export const MAX_MAIL_HTML = 1024 * 1024;

const TEXT_TAGS = ['a', 'abbr', 'acronym', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr'];

// Dropped with everything inside: nothing of these is readable text, and some would run or fetch.
const DROPPED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'select', 'noscript', 'svg', 'math', 'template', 'title', 'head', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'xmp', 'noembed', 'noframes', 'audio', 'video', 'canvas', 'map', 'button'];

const CELL = ['colspan', 'rowspan', 'align', 'valign', 'width'];

const LINK = /^(https?:|mailto:)/i;
const REMOTE = /^https?:\/\//i;

/**
 * Makes a message's HTML inert for the message box: no script, event handler, form, frame, meta
 * refresh, base, style sheet or style attribute (so no CSS can leave the box or cover the page),
 * no class or id (the page's own styles cannot be borrowed), links only to http(s) and mailto,
 * opening apart with `rel="noopener noreferrer"`, and remote images replaced by their alt text
 * unless `showImages`; data: images and inline cid: images stay.
 */
export function sanitizeMailHtml(html: string, options: MailHtmlOptions): SanitizedMailHtml {
  let blockedImages = 0;
  const clean = sanitizeHtml(html, {
    allowedTags: TEXT_TAGS,
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    allowedAttributes: {
      '*': ['dir', 'lang', 'title', 'align'],
      a: ['href', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height'],
      font: ['color', 'face', 'size'],
      table: ['border', 'cellpadding', 'cellspacing', 'width'],
      td: CELL,
      th: CELL,
      col: ['span', 'width'],
      colgroup: ['span', 'width'],
      ol: ['start', 'type', 'reversed'],
      li: ['value'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = (attribs.href ?? '').trim();
        return { tagName, attribs: LINK.test(href) ? { href, rel: 'noopener noreferrer', target: '_blank' } : {} };
      },
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const src = (attribs.src ?? '').trim();
        const kept: Record<string, string> = { alt: attribs.alt ?? '' };
        for (const size of ['width', 'height']) if (/^\d{1,4}$/.test(attribs[size] ?? '')) kept[size] = attribs[size];
        if (/^cid:/i.test(src)) {
          const inline = options.inlineImage(src.slice(4).replace(/^<|>$/g, ''));
          return { tagName, attribs: inline ? { ...kept, src: inline } : kept };
        }
        if (REMOTE.test(src) && !options.showImages) {
          blockedImages++;
          return { tagName, attribs: kept };
        }
        return { tagName, attribs: /^data:image\/(png|jpeg|gif|webp);/i.test(src) || REMOTE.test(src) ? { ...kept, src } : kept };
      },
    },
  });
  return { html: clean, blockedImages };
}
