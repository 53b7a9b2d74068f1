/** An element of a parsed XML document: enough to check what a JUnit report says. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_:][A-Za-z0-9_:.-]*';
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A strict, small XML 1.0 parser for tests (no DTDs, no namespaces): it throws on anything a
 * conforming parser would reject (unbalanced or crossed tags, a raw `<` or `&` in text or in an
 * attribute, an unknown entity, a duplicate attribute, an illegal character, two roots) and
 * returns the element tree with entities decoded. No XML library is installed, and none is needed.
 */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (message: string): never => {
    const line = xml.slice(0, i).split('\n').length;
    throw new Error(`not well-formed XML at line ${line}: ${message}`);
  };
  if (ILLEGAL.test(xml)) {
    i = xml.search(ILLEGAL);
    fail('a character XML cannot hold');
  }
  const declaration = /^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z0-9._-]+")?(\s+standalone="(yes|no)")?\s*\?>/.exec(xml);
  if (declaration) i = declaration[0].length;
  const decode = (raw: string): string => {
    const stray = raw.replace(ENTITY, '').search(/[&<]/);
    if (stray !== -1) fail(`a raw ${raw.replace(ENTITY, '')[stray]} in ${JSON.stringify(raw.slice(0, 60))}`);
    return raw.replace(ENTITY, (_, named: string | undefined, dec: string | undefined, hex: string | undefined) =>
      named ? ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[named]! : String.fromCodePoint(Number.parseInt(dec ?? hex!, dec ? 10 : 16)),
    );
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const next = xml.indexOf('<', i);
    const text = xml.slice(i, next === -1 ? xml.length : next);
    if (stack.length === 0) {
      if (text.trim() !== '') fail('text outside the root element');
    } else stack.at(-1)!.text += decode(text);
    if (next === -1) break;
    i = next;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end === -1 || stack.length === 0) fail('CDATA outside an element or unterminated');
      stack.at(-1)!.text += xml.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    const close = new RegExp(`^</(${NAME})\\s*>`).exec(xml.slice(i));
    if (close) {
      const open = stack.pop();
      if (!open || open.name !== close[1]) fail(`</${close[1]}> closes ${open ? `<${open.name}>` : 'nothing'}`);
      i += close[0].length;
      continue;
    }
    const tag = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`).exec(xml.slice(i));
    if (!tag) fail(`a malformed tag: ${JSON.stringify(xml.slice(i, i + 40))}`);
    const element: XmlElement = { name: tag![1]!, attributes: {}, children: [], text: '' };
    for (const attribute of tag![2]!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      const name = attribute[1]!;
      if (Object.hasOwn(element.attributes, name)) fail(`attribute ${name} twice on <${element.name}>`);
      element.attributes[name] = decode(attribute[2] ?? attribute[3] ?? '');
    }
    if (stack.length > 0) stack.at(-1)!.children.push(element);
    else if (root) fail('a second root element');
    else root = element;
    if (tag![3] !== '/') stack.push(element);
    i += tag![0].length;
  }
  if (stack.length > 0) fail(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) fail('no root element');
  return root!;
}
