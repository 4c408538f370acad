import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Kusto's `parse_xml()` as JSON text, by the rules Microsoft documents:
 *
 * | XML | JSON |
 * |---|---|
 * | `<e/>` | `{"e": null}` |
 * | `<e>text</e>` | `{"e": "text"}` |
 * | `<e name="value"/>` | `{"e": {"@name": "value"}}` |
 * | `<e name="value">text</e>` | `{"e": {"@name": "value", "#text": "text"}}` |
 * | `<e><a>text</a><b>text</b></e>` | `{"e": {"a": "text", "b": "text"}}` |
 * | `<e><a>text</a><a>text</a></e>` | `{"e": {"a": ["text", "text"]}}` |
 * | `<e> text <a>text</a></e>` | `{"e": {"#text": "text", "a": "text"}}` |
 *
 * Only elements, attributes and text are translated; everything else (the XML declaration,
 * comments, processing instructions, the document type) is skipped. Invalid XML, and input longer
 * than 1 MB (1,048,576 bytes of UTF-8), give null. Values stay strings.
 *
 * Choices where the documentation is silent (docs/kql.md):
 * - Text is the character data between two tags (CDATA sections included, comments and processing
 *   instructions skipped over), trimmed of XML whitespace as in the documented mixed-content row;
 *   text that is only whitespace is no text.
 * - `<e></e>` is `<e/>` (XML makes them the same element): null.
 * - Names are written as in the document, prefixes included (`ns:e`, `@xmlns`, `@xmlns:ns`);
 *   namespace declarations are attributes like any other.
 * - Under one element, attributes come first in document order, then text and children grouped by
 *   name in the order each name first appears; a name seen twice or more is an array.
 */

export const PARSE_XML_MAX_BYTES = 1_048_576;

interface XmlElement {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  /** Children in document order: text runs and elements. */
  readonly children: (string | XmlElement)[];
}

/** The JSON text of `parse_xml(xml)`, or null. */
export function xmlToJson(xml: string | null): string | null {
  if (xml === null || utf8Length(xml) > PARSE_XML_MAX_BYTES) return null;
  const root = parseXml(xml);
  return root === undefined ? null : `{${JSON.stringify(root.name)}:${elementJson(root)}}`;
}

/** UTF-8 length, counted only when the UTF-16 length cannot decide. */
function utf8Length(text: string): number {
  if (text.length * 3 <= PARSE_XML_MAX_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * One parser, reused while documents parse cleanly (building a parser costs more than a short
 * document); a document that fails leaves it mid-state, so the next call builds a new one.
 */
interface ParseState {
  stack: XmlElement[];
  root: XmlElement | undefined;
  text: string;
}

function newParser(state: ParseState): SaxesParser<{ xmlns: true; position: false }> {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const flushText = () => {
    const top = state.stack[state.stack.length - 1];
    const trimmed = trimXmlSpace(state.text);
    if (top && trimmed !== '') top.children.push(trimmed);
    state.text = '';
  };
  parser.on('text', (t) => {
    state.text += t;
  });
  parser.on('cdata', (t) => {
    state.text += t;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    flushText();
    const element: XmlElement = {
      name: tag.name,
      attributes: Object.values(tag.attributes).map((a) => [a.name, a.value] as const),
      children: [],
    };
    const parent = state.stack[state.stack.length - 1];
    if (parent) parent.children.push(element);
    else state.root = element;
    state.stack.push(element);
  });
  parser.on('closetag', () => {
    flushText();
    state.stack.pop();
  });
  return parser;
}

const state: ParseState = { stack: [], root: undefined, text: '' };
let sharedParser: SaxesParser<{ xmlns: true; position: false }> | undefined;

/** The root element, or undefined when the text is not well-formed XML (namespaces checked). */
function parseXml(xml: string): XmlElement | undefined {
  state.stack = [];
  state.root = undefined;
  state.text = '';
  const parser = sharedParser ?? newParser(state);
  sharedParser = undefined;
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  sharedParser = parser;
  return state.root;
}

/** XML whitespace is space, tab, CR and LF (not every Unicode space). */
function trimXmlSpace(text: string): string {
  return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function elementJson(element: XmlElement): string {
  const { attributes, children } = element;
  if (attributes.length === 0 && children.length === 0) return 'null';
  if (attributes.length === 0 && children.length === 1 && typeof children[0] === 'string')
    return jsonString(children[0]);
  let out = '{';
  for (const [name, value] of attributes) {
    if (out.length > 1) out += ',';
    out += `${jsonString(`@${name}`)}:${jsonString(value)}`;
  }
  // Children grouped by name, each group at the place its name first appears.
  const keys = children.map((c) => (typeof c === 'string' ? '#text' : c.name));
  for (let i = 0; i < children.length; i++) {
    const key = keys[i]!;
    if (keys.indexOf(key) !== i) continue;
    const group: string[] = [];
    for (let j = i; j < children.length; j++) {
      if (keys[j] !== key) continue;
      const child = children[j]!;
      group.push(typeof child === 'string' ? jsonString(child) : elementJson(child));
    }
    if (out.length > 1) out += ',';
    out += `${jsonString(key)}:${group.length === 1 ? group[0] : `[${group.join(',')}]`}`;
  }
  return `${out}}`;
}

/** A JSON string literal; plain text (the usual case) needs no escaping. */
function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return JSON.stringify(text);
  }
  return `"${text}"`;
}
