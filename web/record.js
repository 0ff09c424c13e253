// The record being edited, kept as an XML document shaped by the schema the worker serves
// (GET /v1/schema): the form reads and writes it, and the draft saved is its text.

import { nfc } from './text.js';

export const LEAF_TYPES = new Set(['string', 'text', 'date', 'datetime', 'integer']);

// Whether a rule's element holds a value (no element children of its own).
export function isLeaf(rule) {
  return LEAF_TYPES.has(rule.type) && rule.children.length === 0;
}

// The columns of a rule shown as a table (rows of attendees, recipients, programme steps):
// a repeated element whose attributes, own value and children are all plain values; null when
// it is not such a rule (or it has a single column, better typed as a paragraph).
export function tableColumns(rule) {
  if (!rule.repeated) return null;
  if (rule.children.some((c) => !isLeaf(c) || c.repeated || c.attributes.length)) return null;
  const cols = rule.attributes.map((a) => ({ attr: a.name, rule: a }));
  if (LEAF_TYPES.has(rule.type)) cols.push({ self: true, rule });
  for (const c of rule.children) cols.push({ tag: c.tag, rule: c });
  return cols.length >= 2 ? cols : null;
}

// The rule of a child tag under a rule, or undefined.
export function childRule(rule, tag) {
  return rule.children.find((c) => c.tag === tag);
}

// The element children of an element, optionally of one tag.
export function kids(el, tag) {
  return Array.from(el.children).filter((c) => tag === undefined || c.localName === tag);
}

// A new element of a rule with what its rule requires inside, empty.
export function makeElement(doc, rule) {
  const el = doc.createElement(rule.tag);
  fillRequired(el, rule);
  return el;
}

// Adds the required children an element lacks (one of each), in schema order, recursively.
export function fillRequired(el, rule) {
  for (const c of rule.children) {
    if (!c.required) continue;
    if (kids(el, c.tag).length === 0) insertInOrder(el, rule, makeElement(el.ownerDocument, c));
    for (const k of kids(el, c.tag)) fillRequired(k, c);
  }
}

// Inserts a child where the schema's order puts it: after the last sibling of the same tag or
// of a tag listed before it.
export function insertInOrder(parent, rule, child) {
  const order = rule.children.map((c) => c.tag);
  const rank = order.indexOf(child.localName);
  let after = null;
  for (const k of kids(parent)) if (order.indexOf(k.localName) <= rank) after = k;
  parent.insertBefore(child, after ? after.nextSibling : parent.firstChild);
  return child;
}

// A new record of a kind: the root with its envelope and every required part, empty.
export function newRecord(schema, kind, id) {
  const rule = schema.kinds[kind];
  const doc = document.implementation.createDocument(null, rule.tag, null);
  const root = doc.documentElement;
  root.setAttribute('schema', '1');
  root.setAttribute('id', id);
  const kindAttr = rule.attributes.find((a) => a.name === 'kind');
  if (kindAttr?.choices?.length) root.setAttribute('kind', kindAttr.choices[0]);
  fillRequired(root, rule);
  return doc;
}

// Reads a saved draft; null when it is not a record of a known kind.
export function readRecord(schema, xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return null;
  const root = doc.documentElement;
  const rule = schema.kinds[root.localName];
  if (!rule) return null;
  dropBlankText(root, rule);
  fillRequired(root, rule);
  return doc;
}

// Removes the indentation between elements of a structural element (not inside values).
function dropBlankText(el, rule) {
  if (isLeaf(rule)) return;
  for (const n of Array.from(el.childNodes)) {
    if (n.nodeType === Node.TEXT_NODE && !n.data.trim()) n.remove();
    else if (n.nodeType === Node.COMMENT_NODE) n.remove();
    else if (n.nodeType === Node.ELEMENT_NODE) {
      const r = childRule(rule, n.localName);
      if (r) dropBlankText(n, r);
    }
  }
}

// Whether an element holds nothing the clerk typed: no value, no attribute but the envelope's,
// no child that holds something.
function isEmpty(el) {
  if (el.textContent.trim() !== '') return false;
  for (const a of Array.from(el.attributes)) if (a.value.trim() !== '') return false;
  return !el.querySelector('br');
}

// A copy of the record without the optional parts left empty (an empty <rank/>, an unused
// attendee row): what is saved, checked and rendered. Required parts stay, empty, so that the
// checker names them at their own field.
export function pruned(doc, schema) {
  const copy = doc.cloneNode(true);
  const root = copy.documentElement;
  prune(root, schema.kinds[root.localName]);
  return copy;
}

function prune(el, rule) {
  for (const a of Array.from(el.attributes)) {
    const ar = rule.attributes.find((x) => x.name === a.name);
    if (ar && !ar.required && a.value.trim() === '') el.removeAttribute(a.name);
  }
  if (isLeaf(rule)) return;
  const children = kids(el);
  const left = new Map();  // children of each tag still there (counted once: lists run to thousands)
  for (const k of children) left.set(k.localName, (left.get(k.localName) ?? 0) + 1);
  for (const k of children) {
    const r = childRule(rule, k.localName);
    if (!r) continue;
    prune(k, r);
    const keepOne = r.required && left.get(k.localName) === 1;
    if (isEmpty(k) && !keepOne) {
      k.remove();
      left.set(k.localName, left.get(k.localName) - 1);
    }
  }
}

function escapeText(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s) {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

// The inline content of a value: text with <b>, <i>, <u> and <br/>.
function inlineXml(el) {
  let out = '';
  for (const n of el.childNodes) {
    if (n.nodeType === Node.TEXT_NODE) out += escapeText(nfc(n.data));
    else if (n.nodeType === Node.ELEMENT_NODE) {
      const t = n.localName;
      if (t === 'br') out += '<br/>';
      else if (t === 'b' || t === 'i' || t === 'u') out += `<${t}>${inlineXml(n)}</${t}>`;
      else out += inlineXml(n);
    }
  }
  return out;
}

function openTag(el) {
  let s = `<${el.localName}`;
  for (const a of Array.from(el.attributes)) s += ` ${a.name}="${escapeAttr(nfc(a.value))}"`;
  return s;
}

// The record as the text of an XML file, indented two spaces a level, values on one line.
export function serialize(doc, schema) {
  const root = doc.documentElement;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const walk = (el, rule, depth) => {
    const pad = '  '.repeat(depth);
    if (!rule || isLeaf(rule)) {
      lines.push(`${pad}${openTag(el)}>${inlineXml(el)}</${el.localName}>`);
      return;
    }
    if (kids(el).length === 0) {
      lines.push(`${pad}${openTag(el)}/>`);
      return;
    }
    lines.push(`${pad}${openTag(el)}>`);
    for (const k of kids(el)) walk(k, childRule(rule, k.localName), depth + 1);
    lines.push(`${pad}</${el.localName}>`);
  };
  walk(root, schema.kinds[root.localName], 0);
  return lines.join('\n') + '\n';
}

// The value of a leaf element as plain text.
export function plainValue(el) {
  return el ? nfc(el.textContent) : '';
}

// Sets a leaf element's value to plain text.
export function setPlainValue(el, value) {
  el.textContent = nfc(value);
}

// Copies the inline content of a record value into an editable HTML element (b, i, u, br).
export function valueToHtml(el, target) {
  target.replaceChildren();
  const copy = (from, to) => {
    for (const n of from.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) to.append(document.createTextNode(n.data));
      else if (n.nodeType === Node.ELEMENT_NODE) {
        const t = n.localName;
        if (t === 'br') to.append(document.createElement('br'));
        else if (t === 'b' || t === 'i' || t === 'u') copy(n, to.appendChild(document.createElement(t)));
        else copy(n, to);
      }
    }
  };
  if (el) copy(el, target);
}

// Writes what an editable HTML element holds into a record value: bold, italic and underline
// (as the browser marks them, tags or styles), line breaks; everything else is plain text.
export function htmlToValue(source, el) {
  const doc = el.ownerDocument;
  el.replaceChildren();
  const open = (to, tag) => to.appendChild(doc.createElement(tag));
  const copy = (from, to, first) => {
    for (const n of from.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) {
        if (n.data) to.appendChild(doc.createTextNode(nfc(n.data.replace(/\u00a0/g, ' '))));
        continue;
      }
      if (n.nodeType !== Node.ELEMENT_NODE) continue;
      const t = n.localName;
      if (t === 'br') {
        if (n.nextSibling || n.parentNode !== source) open(to, 'br');
        continue;
      }
      if ((t === 'div' || t === 'p') && !(first && n === from.firstChild)) open(to, 'br');
      let into = to;
      const st = n.style ?? {};
      const bold = t === 'b' || t === 'strong' || st.fontWeight === 'bold' || +st.fontWeight >= 600;
      const italic = t === 'i' || t === 'em' || st.fontStyle === 'italic';
      const under = t === 'u' || (st.textDecorationLine ?? st.textDecoration ?? '').includes('underline');
      if (bold) into = open(into, 'b');
      if (italic) into = open(into, 'i');
      if (under) into = open(into, 'u');
      copy(n, into, false);
    }
  };
  copy(source, el, true);
  el.normalize();
  // No empty <b></b> left by a toggled format.
  for (const e of Array.from(el.querySelectorAll('b,i,u'))) if (!e.textContent && !e.querySelector('br')) e.remove();
}
