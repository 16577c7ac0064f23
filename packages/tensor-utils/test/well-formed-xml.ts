// Test helper (not exported by the package): a strict check that a figure is well-formed XML.

/**
 * A small well-formedness check: every character belongs to a tag with quoted attributes or to
 * text without '<', '&' only starts entities, tags nest properly and there is exactly one root.
 */
export function expectWellFormedXml(xml: string): void {
  const token = /<(\/)?([A-Za-z][\w.:-]*)((?:\s+[A-Za-z_:][\w.:-]*="[^"<]*")*)\s*(\/)?>|[^<]+/y;
  const bareAmpersand = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const open: string[] = [];
  let roots = 0;
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const match = token.exec(xml);
    if (!match) throw new Error(`malformed markup at ${at}: ${xml.slice(at, at + 40)}`);
    const [whole, closing, name, attributes, selfClosing] = match;
    if (bareAmpersand.test(whole)) throw new Error(`bare & at ${at}: ${whole}`);
    if (!name) {
      if (open.length === 0 && whole.trim()) throw new Error(`text outside the root element at ${at}`);
    } else if (closing) {
      const expected = open.pop();
      if (attributes || selfClosing || expected !== name) throw new Error(`</${name}> at ${at} closes <${expected}>`);
    } else {
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(name);
    }
  }
  if (open.length > 0) throw new Error(`unclosed elements: ${open.join(', ')}`);
  if (roots !== 1) throw new Error(`expected one root element; got ${roots}`);
}
