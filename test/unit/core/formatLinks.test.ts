import { strict as assert } from 'node:assert';
import { formatForLanguage, formatLinks, languageForFormat, LINK_FORMATS, type LinkItem } from '../../../src/core/links/formatLinks';

const items: LinkItem[] = [
  { fileName: 'beach 01.jpg', links: { imageUrl: 'https://h/i/1.jpg', thumbnailUrl: 'https://h/t/1.jpg', viewerUrl: 'https://h/v/1', deleteUrl: 'https://h/d/1' } },
  { fileName: 'b[2].png', links: { imageUrl: 'https://h/i/2.png' } },
];

describe('formatLinks', () => {
  it('writes Markdown images with the file stem as alt text, escaping brackets', () => {
    assert.equal(formatLinks(items, { format: 'markdown' }), '![beach 01](https://h/i/1.jpg)\n![b\\[2\\]](https://h/i/2.png)');
  });

  it('links BBCode thumbnails to the viewer page, falling back to the image', () => {
    assert.equal(
      formatLinks(items, { format: 'bbcode' }),
      '[url=https://h/v/1][img]https://h/t/1.jpg[/img][/url]\n[url=https://h/i/2.png][img]https://h/i/2.png[/img][/url]',
    );
  });

  it('escapes HTML attributes', () => {
    const out = formatLinks([{ fileName: 'a"b<c.png', links: { imageUrl: 'https://h/i' } }], { format: 'html' });
    assert.equal(out, '<a href="https://h/i"><img src="https://h/i" alt="a&quot;b&lt;c"></a>');
  });

  it('keeps Markdown targets with spaces intact', () => {
    assert.equal(formatLinks([{ fileName: 'x.png', links: { imageUrl: 'https://h/a b.png' } }], { format: 'markdown' }), '![x](<https://h/a b.png>)');
  });

  it('fills custom templates, groups rows and wraps the batch', () => {
    const out = formatLinks([...items, ...items], {
      format: 'plain',
      template: '${index}:${name}:${thumb}:${delete}',
      perRow: 3,
      wrapper: '[spoiler]\n${links}\n[/spoiler]',
    });
    assert.equal(
      out,
      '[spoiler]\n1:beach 01.jpg:https://h/t/1.jpg:https://h/d/1 2:b[2].png:https://h/i/2.png: 3:beach 01.jpg:https://h/t/1.jpg:https://h/d/1\n4:b[2].png:https://h/i/2.png:\n[/spoiler]',
    );
  });

  it('follows the document language', () => {
    assert.equal(formatForLanguage('markdown'), 'markdown');
    assert.equal(formatForLanguage('bbcode'), 'bbcode');
    assert.equal(formatForLanguage('html'), 'html');
    assert.equal(formatForLanguage('plaintext'), undefined);
  });

  it('opens a new document of links in the language of their format', () => {
    assert.deepEqual(
      LINK_FORMATS.map((format) => languageForFormat(format)),
      ['markdown', 'markdown', 'bbcode', 'bbcode', 'html', 'plaintext'],
    );
  });
});
