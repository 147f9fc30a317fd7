// A minimal XML element tree and its writer: every text and attribute value is escaped here, in one place, so no
// caller ever builds markup from strings (a partner code or a claims JSON with quotes stays data).

export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  children?: Array<XmlElement | undefined>;
  text?: string;
}

export function el(name: string, attrs?: XmlElement['attrs'], children?: XmlElement['children'] | string): XmlElement {
  return typeof children === 'string' ? { name, attrs, text: children } : { name, attrs, children };
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function attrsOf(attrs: XmlElement['attrs']): string {
  if (!attrs) return '';
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function write(node: XmlElement, indent: string, lines: string[]): void {
  const open = `${indent}<${node.name}${attrsOf(node.attrs)}`;
  const children = (node.children ?? []).filter((c): c is XmlElement => c !== undefined);
  if (node.text !== undefined) {
    lines.push(`${open}>${escapeXml(node.text)}</${node.name}>`);
  } else if (children.length === 0) {
    lines.push(`${open} />`);
  } else {
    lines.push(`${open}>`);
    for (const c of children) write(c, indent + '  ', lines);
    lines.push(`${indent}</${node.name}>`);
  }
}

/** The document with an XML declaration, two-space indentation and a final newline. */
export function toXml(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  write(root, '', lines);
  return lines.join('\n') + '\n';
}
