import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { branch, leaf, readXml, writeXml, XmlReadError, type XmlElement } from './xml.ts';

function strip(element: XmlElement): unknown {
  return { name: element.name, text: element.text, children: element.children.map(strip) };
}

test('a written document reads back to the same elements, whatever text the leaves hold', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('SWENo', 'OtherAllowances', 'QualInst'), fc.string({ unit: 'binary' })), { maxLength: 8 }), (leaves) => {
      // Characters XML 1.0 cannot carry are written as U+FFFD; leading and trailing text is kept.
      const root = branch('Message', [
        branch(
          'CSWWWorker',
          leaves.map(([name, text]) => leaf(name, text)),
        ),
      ]);
      const read = readXml(writeXml(root));
      const expected = leaves.map(([name, text]) => ({ name, text: text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD'), children: [] }));
      const got = (strip(read) as { children: Array<{ children: unknown[] }> }).children[0]!.children;
      assert.deepEqual(
        got.map((c) => (c as { name: string }).name),
        expected.map((e) => e.name),
      );
      assert.deepEqual(got, expected);
    }),
  );
});

test('text is escaped on the way out and entities, CDATA and character references decoded on the way in', () => {
  const xml = writeXml(branch('Message', [leaf('OtherAllowances', 'Travel & <car> "allowance"'), leaf('Empty', '')]));
  assert.match(xml, /<OtherAllowances>Travel &amp; &lt;car&gt; "allowance"<\/OtherAllowances>/);
  assert.match(xml, /<Empty\/>/);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const read = readXml(
    '\uFEFF<?xml version="1.0"?>\n<!-- made by hand -->\n<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" a=\'1\'><A>&lt;&#65;&#x42;&amp;&quot;&apos;&gt;</A><B><![CDATA[<raw & text>]]></B><C/></Message>\n',
  );
  assert.deepEqual(strip(read), {
    name: 'Message',
    text: '',
    children: [
      { name: 'A', text: '<AB&"\'>', children: [] },
      { name: 'B', text: '<raw & text>', children: [] },
      { name: 'C', text: '', children: [] },
    ],
  });
});

test('a badly formed file is refused with the line and column of the fault', () => {
  const refused = (xml: string, pattern: RegExp) => {
    assert.throws(
      () => readXml(xml),
      (error: unknown) => error instanceof XmlReadError && pattern.test(error.message),
      xml,
    );
  };
  refused('<Message>\n  <A>1</B>\n</Message>', /^line 2, column 7: <\/B> closes <A>/);
  refused('<Message><A>1</A>', /<Message> is not closed/);
  refused('<!DOCTYPE Message [<!ENTITY x "boom">]><Message>&x;</Message>', /DOCTYPE is not allowed/);
  refused('<Message>R&D</Message>', /bare "&"/);
  refused('<Message>&nbsp;</Message>', /unknown entity &nbsp;/);
  refused('<Message>&#1;</Message>', /not a character XML allows/);
  refused('<Message/><Other/>', /content after the root/);
  refused('', /the file is empty/);
  refused('just text', /expected the root element/);
  refused('<Message a=1/>', /not quoted/);
});
