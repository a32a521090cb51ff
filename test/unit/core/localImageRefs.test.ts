import { strict as assert } from 'node:assert';
import { findLocalImageRefs } from '../../../src/core/links/localImageRefs';
import { failedMarkerText, findMarker, findMarkers, newPlaceholderId, placeholderText } from '../../../src/core/links/placeholders';

describe('local image references', () => {
  it('finds Markdown, HTML and BBCode references and the exact span of each path', () => {
    const text = [
      '![a](images/a.png) ![b](<images/my b.png> "Title") ![web](https://x.example/c.png)',
      '<p><img alt="c" src="images/c.png"> <img src=\'d.png\'> <img src=e%20f.png></p>',
      '[img]images/g.png[/img] [IMG] h.jpg [/IMG] [img]data:image/png;base64,AAAA[/img]',
    ].join('\n');
    const refs = findLocalImageRefs(text);
    assert.deepEqual(refs.map((r) => r.target), ['images/a.png', 'images/my b.png', 'images/c.png', 'd.png', 'e f.png', 'images/g.png', 'h.jpg']);
    for (const ref of refs) assert.equal(decodeURI(text.slice(ref.start, ref.end)), ref.target);
    assert.equal(text.slice(refs[1].start, refs[1].end), 'images/my b.png');
    assert.equal(text.slice(refs[4].start, refs[4].end), 'e%20f.png');
  });
});

describe('upload placeholders', () => {
  it('are found by id wherever they are, and carry file name and reason safely', () => {
    const id = newPlaceholderId();
    const other = newPlaceholderId();
    const text = `intro\n${placeholderText(id, 'my {weird}\nname.png')} and ${failedMarkerText(other, 'b.png', 'The host said {no}\nreally')}`;
    const found = findMarkers(text);
    assert.deepEqual(found.map((m) => [m.id, m.kind]), [[id, 'uploading'], [other, 'failed']]);
    const marker = findMarker(text, other)!;
    assert.match(text.slice(marker.start, marker.end), /^\{\{upload failed: b\.png \(The host said no really\) imagehost:[a-z0-9]{10}\}\}$/);
    assert.equal(findMarker(text, 'zzzzzzzzzz'), undefined);
  });
});
