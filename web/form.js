// The editor's form, built from the schema: a field for every value, a table for every list of
// rows (attendees, recipients, steps), a sequence with add, move and remove for every other list
// (sections, paragraphs, speeches). Each input carries data-path, the record path it edits
// (/meeting/attendees/person[3]/unit), the same path the checker names in its problems.

import { h } from './dom.js';
import { choiceLabel, problemPath, problemText } from './messages.js';
import {
  childRule, fillRequired, htmlToValue, insertInOrder, isLeaf, kids, makeElement, plainValue,
  setPlainValue, tableColumns, valueToHtml,
} from './record.js';
import { nfc, readDate, readPastedRows, readTime, showDate } from './text.js';

// Attributes the clerk never edits: the envelope's bookkeeping.
const HIDDEN_ATTRIBUTES = new Set(['schema', 'revise', 'id']);

// Templates a record may choose, by kind (the names in templates/).
const TEMPLATES = {
  meeting: [['minutes', 'Biên bản (NĐ 30/2020)']],
  ceremony: [['ceremony', 'Chương trình buổi lễ'], ['pledge', 'Bản giao ước thi đua']],
  certification: [
    ['certificate-merit', 'Giấy khen in đầy đủ'], ['certificate-merit-blank', 'Giấy khen in lên phôi'],
    ['certificate-standard', 'Giấy chứng nhận in đầy đủ'], ['certificate-standard-blank', 'Giấy chứng nhận in lên phôi'],
  ],
};

// Rows a long table shows before "show all".
const TABLE_PAGE = 100;

let serial = 0;
const nextId = () => `f${++serial}`;

// The editor of one record. onEdit is called after every change the clerk makes.
export class RecordForm {
  constructor(host, doc, schema, onEdit) {
    this.host = host;
    this.doc = doc;
    this.schema = schema;
    this.onEdit = onEdit;
    this.problems = [];
    this.showAll = false;
    this.touched = new Set();
    this.expanded = new Set();  // tables showing all their rows
    this.kind = doc.documentElement.localName;
    this.labels = new Map();
    this.collectLabels(schema.kinds[this.kind]);
    // A field the clerk edits loses its problems at once (the next save says what remains), so
    // that no stale message shows, and none appears under a button as it is clicked.
    host.addEventListener('input', (e) => {
      const p = e.target?.dataset?.path;
      if (!p) return;
      const before = this.problems.length;
      this.problems = this.problems.filter((pr) => {
        const q = problemPath(pr);
        return q !== p && !q.startsWith(`${p}/`);
      });
      if (this.problems.length !== before) this.paintProblems();
    });
    host.addEventListener('focusin', (e) => {
      if (e.target?.getAttribute?.('list') === 'people') this.host.querySelector('#people')?.replaceWith(this.peopleList());
    });
    host.addEventListener('focusout', (e) => {
      const p = e.target?.dataset?.path;
      if (!p || this.touched.has(p)) return;
      this.touched.add(p);
      // While a save is on its way its answer shows the field's problems; painting them now
      // would move what is under the pointer between press and release, losing the click.
      if (!this.pending) this.paintProblems();
    });
  }

  collectLabels(rule) {
    if (!this.labels.has(rule.tag)) this.labels.set(rule.tag, rule.label);
    for (const a of rule.attributes) if (!this.labels.has('@' + a.name)) this.labels.set('@' + a.name, a.label);
    for (const c of rule.children) this.collectLabels(c);
  }

  labelOf(tag) {
    return this.labels.get(tag) ?? tag;
  }

  // Builds the whole form again (after a structural change), keeping the focused input.
  render() {
    const active = document.activeElement;
    const keep = active && this.host.contains(active) ? { path: active.dataset.path, part: active.dataset.part } : null;
    const root = this.doc.documentElement;
    const rule = this.schema.kinds[this.kind];
    this.host.replaceChildren(this.node(root, rule, '/' + root.localName, true), this.peopleList());
    if (keep?.path) {
      const sel = `[data-path="${CSS.escape(keep.path)}"]` + (keep.part ? `[data-part="${keep.part}"]` : '');
      this.host.querySelector(sel)?.focus();
    }
    this.paintProblems();
  }

  changed(structural) {
    this.pending = true;
    if (structural) {
      // A part added answers the problem of its absence at once.
      this.problems = this.problems.filter((pr) => !/^missing </.test(pr.message ?? '') ||
        !this.doc.documentElement.querySelector(`:scope${problemPath(pr).replace(/^\/[^/]+/, '').replace(/\[(\d+)\]/g, ':nth-of-type($1)').replace(/\//g, ' > ')}`));
      this.render();
    }
    this.onEdit();
  }

  // The form part of one element.
  node(el, rule, path, isRoot = false) {
    if (isLeaf(rule)) return this.leafField(el, rule, path, () => el);
    const box = h('fieldset', { class: isRoot ? 'record' : 'group', dataset: { path } });
    if (!isRoot) box.append(h('legend', { text: rule.label }));
    for (const a of rule.attributes) {
      if (HIDDEN_ATTRIBUTES.has(a.name)) continue;
      box.append(this.attributeField(el, a, path));
    }
    const sequence = [];
    for (const c of rule.children) {
      if (c.repeated) {
        if (tableColumns(c)) box.append(this.table(el, rule, c, path));
        else sequence.push(c);
        continue;
      }
      const found = kids(el, c.tag)[0];
      const cpath = `${path}/${c.tag}`;
      if (isLeaf(c)) {
        let made = found;
        box.append(this.leafField(found, c, cpath, () => made ??= insertInOrder(el, rule, this.doc.createElement(c.tag))));
      } else if (found) {
        const part = this.node(found, c, cpath);
        if (!c.required) part.querySelector('legend')?.append(this.button('Bỏ mục này', () => { found.remove(); this.changed(true); }, 'small'));
        box.append(part);
      } else {
        box.append(h('div', { class: 'absent', dataset: { path: cpath } },
          this.button(`+ ${c.label}`, () => { insertInOrder(el, rule, makeElement(this.doc, c)); this.changed(true); })));
      }
    }
    if (sequence.length) box.append(this.sequence(el, rule, sequence, path));
    return box;
  }

  button(text, action, cls = '') {
    return h('button', { type: 'button', class: cls, onclick: (e) => { e.preventDefault(); action(); } }, text);
  }

  // Up, down and remove for an item of a list: it moves past a neighbour of its list (sameList)
  // only; afterRemove restores what the parent requires. Each button is named for the item.
  moveButtons(parent, item, sameList, name, afterRemove) {
    const up = this.button('↑', () => {
      const p = item.previousElementSibling;
      if (p && sameList(p)) { parent.insertBefore(item, p); this.changed(true); }
    }, 'icon');
    const down = this.button('↓', () => {
      const n = item.nextElementSibling;
      if (n && sameList(n)) { parent.insertBefore(n, item); this.changed(true); }
    }, 'icon');
    const remove = this.button('✕', () => { item.remove(); afterRemove(); this.changed(true); }, 'icon');
    for (const [b, what] of [[up, 'Lên trên'], [down, 'Xuống dưới'], [remove, 'Xóa']]) {
      b.setAttribute('aria-label', `${what}${name}`);
      b.title = what;
    }
    return [up, down, remove];
  }

  // Paths of the repeated children of an element: tag[n] counted per tag.
  childPaths(el, path, tags) {
    const count = {};
    return kids(el).filter((k) => tags.has(k.localName)).map((k) => {
      count[k.localName] = (count[k.localName] ?? 0) + 1;
      return { el: k, path: `${path}/${k.localName}[${count[k.localName]}]` };
    });
  }

  // A list of mixed or long items (paragraphs, speeches, lists, sections) in document order.
  sequence(el, rule, rules, path) {
    const tags = new Set(rules.map((r) => r.tag));
    const list = h('div', { class: 'sequence' });
    for (const { el: k, path: kpath } of this.childPaths(el, path, tags)) {
      const r = childRule(rule, k.localName);
      const tools = h('div', { class: 'item-tools' },
        ...this.moveButtons(el, k, (n) => tags.has(n.localName), `: ${r.label}`, () => fillRequired(el, rule)));
      list.append(h('div', { class: `item item-${k.localName}` }, this.node(k, r, kpath), tools));
    }
    const adders = h('div', { class: 'adders' });
    for (const r of rules) {
      const add = this.button(`+ ${r.label}`, () => {
        const made = makeElement(this.doc, r);
        el.append(made);
        this.changed(true);
        this.focusFirstIn(made);
      });
      add.dataset.add = `${path}/${r.tag}`;
      adders.append(add);
    }
    list.append(adders);
    return list;
  }

  focusFirstIn(el) {
    const paths = this.host.querySelectorAll('[data-path]');
    const last = Array.from(paths).filter((x) => x.matches('input,select,[contenteditable]'));
    // The new element is the last of its tag: focus the last input whose path has its tag.
    const tag = `/${el.localName}[`;
    const mine = last.filter((x) => x.dataset.path.includes(tag));
    mine.at(-1)?.focus();
  }

  // A value's field: label, input (or rich text editor), its problems. element() gives the
  // element to write into, creating it when the value was absent.
  leafField(el, rule, path, element) {
    const id = nextId();
    const wrap = h('div', { class: `field type-${rule.type}`, dataset: { field: path } });
    wrap.append(h('label', { for: id, id: `${id}-l`, text: rule.label + (rule.required ? ' *' : '') }));
    let input;
    if (rule.type === 'text') input = this.richText(el, id, path, element);
    else if (rule.type === 'datetime') input = this.dateTime(el, id, path, element);
    else input = this.plainInput(el, rule, id, path, element);
    wrap.append(input);
    for (const a of rule.attributes) if (!HIDDEN_ATTRIBUTES.has(a.name)) wrap.append(this.attributeField(el, a, path, element));
    wrap.append(h('p', { class: 'problem', id: `${id}-p`, role: 'status' }));
    return wrap;
  }

  plainInput(el, rule, id, path, element) {
    const attrs = { id, type: 'text', dataset: { path }, 'aria-describedby': `${id}-p`, autocomplete: 'off' };
    if (rule.type === 'date') Object.assign(attrs, { placeholder: 'dd/mm/yyyy', inputmode: 'numeric', class: 'date' });
    if (rule.type === 'integer') Object.assign(attrs, { inputmode: 'numeric', class: 'number' });
    const input = h('input', attrs);
    input.value = rule.type === 'date' ? showDate(plainValue(el)) : plainValue(el);
    input.addEventListener('input', () => {
      const v = nfc(input.value);
      setPlainValue(element(), rule.type === 'date' ? (readDate(v) ?? v.trim()) : v);
      this.changed(false);
    });
    input.addEventListener('change', () => { if (input.value !== nfc(input.value)) input.value = nfc(input.value); });
    if (this.isPersonName(el, path)) {
      // The chair, the secretary or a signer chosen from the people the record names already:
      // their rank, position and unit come with the name, where the clerk left them empty.
      input.setAttribute('list', 'people');
      input.addEventListener('change', () => this.completePerson(element(), input.value));
    }
    return input;
  }

  // Whether a value is the name of a person (the shared person parts: rank, name, position,
  // unit; a recipient of a certificate is not one).
  isPersonName(el, path) {
    if (!path.endsWith('/name')) return false;
    const parent = this.ruleOf(el?.parentElement ?? this.elementAt(path.slice(0, path.lastIndexOf('/'))));
    return !!parent?.children.some((c) => c.tag === 'position');
  }

  // The element of a path without indexes beyond the first of each step (enough for the
  // non-repeated parents this is asked about).
  elementAt(path) {
    let el = this.doc.documentElement;
    for (const step of path.split('/').slice(2)) {
      const [tag, n] = step.replace(']', '').split('[');
      el = el && kids(el, tag)[(+n || 1) - 1];
    }
    return el;
  }

  // Every person the record names, by name, with the first rank, position and unit given.
  people() {
    const found = new Map();
    for (const name of this.doc.getElementsByTagName('name')) {
      const person = name.parentElement;
      if (!person || !this.ruleOf(person)?.children.some((c) => c.tag === 'position')) continue;
      const key = plainValue(name).trim();
      if (!key) continue;
      const entry = found.get(key) ?? {};
      for (const tag of ['rank', 'position', 'unit']) entry[tag] ??= plainValue(kids(person, tag)[0]).trim() || undefined;
      found.set(key, entry);
    }
    return found;
  }

  peopleList() {
    return h('datalist', { id: 'people' }, Array.from(this.people().keys(), (n) => h('option', { value: n })));
  }

  completePerson(person, name) {
    const known = this.people().get(nfc(name).trim());
    if (!known || !person) return;
    const rule = this.ruleOf(person);
    let added = false;
    for (const tag of ['rank', 'position', 'unit']) {
      if (!known[tag] || !rule?.children.some((c) => c.tag === tag) || plainValue(kids(person, tag)[0]).trim()) continue;
      const made = kids(person, tag)[0] ?? insertInOrder(person, rule, this.doc.createElement(tag));
      setPlainValue(made, known[tag]);
      added = true;
    }
    if (added) this.changed(true);
  }

  // A date and time as two inputs, dd/mm/yyyy and hh:mm; the date defaults to the record's.
  dateTime(el, id, path, element) {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(plainValue(el));
    const date = h('input', { id, type: 'text', class: 'date', placeholder: 'dd/mm/yyyy', inputmode: 'numeric',
      dataset: { path, part: 'date' }, 'aria-describedby': `${id}-p`, 'aria-label': 'Ngày (dd/mm/yyyy)', autocomplete: 'off' });
    const time = h('input', { type: 'text', class: 'time', placeholder: 'hh:mm', inputmode: 'numeric',
      dataset: { path, part: 'time' }, 'aria-describedby': `${id}-p`, 'aria-label': 'Giờ (hh:mm)', autocomplete: 'off' });
    date.value = m ? showDate(m[1]) : '';
    time.value = m ? m[2] : (plainValue(el).includes('T') ? '' : plainValue(el));
    const write = () => {
      const recordDate = plainValue(this.doc.documentElement.querySelector(':scope > date'));
      const d = date.value.trim() ? (readDate(date.value) ?? date.value.trim()) : recordDate;
      const t = readTime(time.value) ?? time.value.trim();
      if (!date.value.trim() && d) date.placeholder = showDate(d);
      setPlainValue(element(), t || date.value.trim() ? `${d}T${t}` : '');
      this.changed(false);
    };
    date.addEventListener('input', write);
    time.addEventListener('input', write);
    if (!date.value) date.placeholder = showDate(plainValue(this.doc.documentElement.querySelector(':scope > date'))) || 'dd/mm/yyyy';
    return h('span', { class: 'datetime' }, date, time);
  }

  // Text that may hold bold, italic and underline: Ctrl+B, Ctrl+I, Ctrl+U or the toolbar. Enter
  // in a paragraph-like item starts the next one; Shift+Enter breaks the line.
  richText(el, id, path, element) {
    const box = h('div', { id, class: 'rich', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': `${id}-l`,
      dataset: { path }, 'aria-describedby': `${id}-p`, spellcheck: 'false' });
    valueToHtml(el, box);
    box.addEventListener('input', () => { htmlToValue(box, element()); this.changed(false); });
    box.addEventListener('paste', (e) => {
      e.preventDefault();
      const text = nfc(e.clipboardData.getData('text/plain')).replace(/\r\n?/g, '\n');
      document.execCommand('insertText', false, text.replace(/\n+/g, ' ').trim());
    });
    box.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
      e.preventDefault();
      const mine = element();
      const parent = mine.parentElement;
      const parentRule = this.ruleOf(parent);
      const r = parentRule && childRule(parentRule, mine.localName);
      if (!r?.repeated) { document.execCommand('insertLineBreak'); return; }
      const made = this.doc.createElement(mine.localName);
      parent.insertBefore(made, mine.nextSibling);
      this.changed(true);
      const index = kids(parent, mine.localName).indexOf(made) + 1;
      const next = path.replace(/\[\d+\]$/, `[${index}]`);
      this.host.querySelector(`[data-path="${CSS.escape(next)}"]`)?.focus();
    });
    return box;
  }

  // The schema rule of an element of the record, found from the root down.
  ruleOf(el) {
    const chain = [];
    for (let e = el; e && e.nodeType === Node.ELEMENT_NODE; e = e.parentElement) chain.unshift(e.localName);
    let rule = this.schema.kinds[chain.shift()];
    for (const tag of chain) rule = rule && childRule(rule, tag);
    return rule;
  }

  attributeField(el, a, path, element = () => el) {
    const id = nextId();
    const apath = `${path}/@${a.name}`;
    const wrap = h('div', { class: `field attr attr-${a.name}`, dataset: { field: apath } });
    wrap.append(h('label', { for: id, text: a.label + (a.required ? ' *' : '') }));
    const value = el?.getAttribute(a.name) ?? '';
    let input;
    const choices = a.name === 'template' ? TEMPLATES[this.kind] : a.choices?.map((c) => [c, choiceLabel(c)]);
    if (choices) {
      input = h('select', { id, dataset: { path: apath }, 'aria-describedby': `${id}-p` });
      if (!a.required) input.append(h('option', { value: '', text: a.name === 'template' ? 'Mặc định' : '—' }));
      for (const [v, label] of choices) input.append(h('option', { value: v, text: label }));
      input.value = value;
      input.addEventListener('change', () => { element().setAttribute(a.name, input.value); this.changed(false); });
    } else {
      const attrs = { id, type: 'text', dataset: { path: apath }, 'aria-describedby': `${id}-p`, autocomplete: 'off' };
      if (a.type === 'date') Object.assign(attrs, { placeholder: 'dd/mm/yyyy', class: 'date', inputmode: 'numeric' });
      if (a.check === 'clock_time') Object.assign(attrs, { placeholder: 'hh:mm', class: 'time', inputmode: 'numeric' });
      if (a.type === 'integer') Object.assign(attrs, { class: 'number', inputmode: 'numeric' });
      input = h('input', attrs);
      input.value = a.type === 'date' ? showDate(value) : value;
      input.addEventListener('input', () => {
        let v = nfc(input.value);
        if (a.type === 'date') v = readDate(v) ?? v.trim();
        if (a.check === 'clock_time') v = readTime(v) ?? v.trim();
        element().setAttribute(a.name, v);
        this.changed(false);
      });
    }
    wrap.append(input, h('p', { class: 'problem', id: `${id}-p`, role: 'status' }));
    return wrap;
  }

  // Rows of a repeated element with plain columns: typed, pasted from a spreadsheet or Word
  // (tab-separated rows, from the cell pasted into), added, moved, removed.
  table(el, rule, rowRule, path) {
    const cols = tableColumns(rowRule);
    const tpath = `${path}/${rowRule.tag}`;
    const rows = kids(el, rowRule.tag);
    const table = h('table', { class: 'rows' });
    table.append(h('thead', {}, h('tr', {}, h('th', { text: 'STT', scope: 'col' }),
      cols.map((c) => h('th', { scope: 'col', text: c.rule.label + (c.rule.required ? ' *' : '') })),
      h('th', { scope: 'col', text: '' }))));
    const body = h('tbody');
    // A list of thousands of rows shows its first hundred until the clerk asks for all: the
    // form stays quick, and every row is still saved, checked and printed.
    const shown = rows.length > TABLE_PAGE * 2 && !this.expanded.has(tpath) ? TABLE_PAGE : rows.length;
    rows.slice(0, shown).forEach((row, i) => {
      const rpath = `${tpath}[${i + 1}]`;
      const tr = h('tr', { dataset: { path: rpath } }, h('td', { class: 'n', text: String(i + 1) }));
      cols.forEach((c, ci) => {
        const cpath = c.attr ? `${rpath}/@${c.attr}` : c.self ? rpath : `${rpath}/${c.tag}`;
        const cell = kids(row, c.tag ?? '')[0];
        const input = h('input', { type: 'text', dataset: { path: cpath, col: ci }, autocomplete: 'off',
          'aria-label': `${c.rule.label}, dòng ${i + 1}` });
        input.value = c.attr ? (row.getAttribute(c.attr) ?? '') : c.self ? plainValue(row) : plainValue(cell);
        input.addEventListener('input', () => { this.writeCell(row, rowRule, c, input.value); this.changed(false); });
        input.addEventListener('paste', (e) => {
          const text = e.clipboardData.getData('text/plain');
          if (!/[\t\n]/.test(text.trim())) return;
          e.preventDefault();
          this.pasteRows(el, rule, rowRule, cols, i, ci, readPastedRows(text));
        });
        tr.append(h('td', { dataset: { field: cpath } }, input));
      });
      tr.append(h('td', { class: 'row-tools' },
        ...this.moveButtons(el, row, (n) => n.localName === row.localName, ` dòng ${i + 1}`, () => {})));
      body.append(tr);
    });
    if (shown < rows.length) {
      body.append(h('tr', { class: 'more' }, h('td', { colspan: cols.length + 2 },
        `… và ${rows.length - shown} dòng nữa. `,
        this.button(`Hiện tất cả ${rows.length} dòng`, () => { this.expanded.add(tpath); this.render(); }, 'small'))));
    }
    table.append(body);
    const paste = h('textarea', { class: 'paste', rows: 1, dataset: { paste: tpath },
      'aria-label': `Dán các dòng ${rowRule.label} từ Excel hoặc Word`, placeholder: 'Dán các dòng chép từ Excel hoặc Word vào đây' });
    paste.addEventListener('paste', (e) => {
      e.preventDefault();
      this.pasteRows(el, rule, rowRule, cols, rows.length, 0, readPastedRows(e.clipboardData.getData('text/plain')));
    });
    const tools = h('div', { class: 'table-tools' },
      this.button(`+ Thêm dòng`, () => {
        insertInOrder(el, rule, makeElement(this.doc, rowRule));
        this.changed(true);
        this.host.querySelector(`[data-path^="${CSS.escape(`${tpath}[${rows.length + 1}]`)}"]`)?.focus();
      }), paste);
    if (this.onImport && (rowRule.tag === 'person' || rowRule.tag === 'recipient')) {
      tools.append(this.button('Nhập từ tệp Excel/CSV…', () => this.onImport(rowRule.tag === 'person' ? 'participants' : 'recipients')));
    }
    return h('div', { class: 'table-wrap', dataset: { path: tpath } },
      h('div', { class: 'table-title', text: `${rowRule.label} (${rows.length})` }),
      h('div', { class: 'table-scroll' }, table), tools, h('p', { class: 'problem', role: 'status' }));
  }

  writeCell(row, rowRule, c, value) {
    const v = nfc(value);
    if (c.attr) { row.setAttribute(c.attr, v); return; }
    if (c.self) { setPlainValue(row, v); return; }
    let cell = kids(row, c.tag)[0];
    if (!cell) cell = insertInOrder(row, rowRule, this.doc.createElement(c.tag));
    setPlainValue(cell, v);
  }

  // Fills rows from pasted cells, from row r and column c on, adding the rows it needs.
  pasteRows(el, rule, rowRule, cols, r, c, cells) {
    let rows = kids(el, rowRule.tag);
    cells.forEach((line, i) => {
      while (rows.length <= r + i) {
        insertInOrder(el, rule, makeElement(this.doc, rowRule));
        rows = kids(el, rowRule.tag);
      }
      line.forEach((v, j) => { if (c + j < cols.length) this.writeCell(rows[r + i], rowRule, cols[c + j], v); });
    });
    this.changed(true);
  }

  // Shows the checker's problems at their fields: the ones the clerk has left (or all of them
  // once the clerk asked to issue the document).
  setProblems(list) {
    this.pending = false;
    this.problems = list;
    this.paintProblems();
  }

  paintProblems() {
    for (const p of this.host.querySelectorAll('.problem')) p.textContent = '';
    for (const e of this.host.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
    for (const e of this.host.querySelectorAll('.has-problem')) e.classList.remove('has-problem');
    for (const pr of this.problems) {
      const target = this.placeOf(problemPath(pr));
      if (!target) continue;
      const inputs = target.matches('[data-path]') && target.matches('input,select,[contenteditable]') ? [target]
        : Array.from(target.querySelectorAll('input,select,[contenteditable]'));
      const seen = this.showAll || inputs.some((i) => this.touched.has(i.dataset.path)) || pr.severity === 'warning';
      if (!seen) continue;
      const field = target.closest('[data-field], .table-wrap, fieldset, .absent') ?? target;
      field.classList.add('has-problem');
      const slot = field.querySelector(':scope > .problem') ?? field.querySelector('.problem');
      const text = problemText(pr, (t) => this.labelOf(t));
      if (slot && !slot.textContent.includes(text)) slot.textContent = (slot.textContent ? slot.textContent + ' ' : '') + text;
      else if (!slot) field.append(h('p', { class: 'problem', text }));
      for (const i of inputs.slice(0, 1)) i.setAttribute('aria-invalid', 'true');
    }
  }

  // The form element of a record path, or of its nearest ancestor on the form.
  placeOf(path) {
    let p = path;
    while (p) {
      const found = this.host.querySelector(`[data-path="${CSS.escape(p)}"]`) ?? this.host.querySelector(`[data-field="${CSS.escape(p)}"]`);
      if (found) return found;
      const cut = p.lastIndexOf('/');
      if (cut <= 0) return null;
      p = p.slice(0, cut);
    }
    return null;
  }

  // The first field with a problem, focused (the clerk's "show me").
  focusFirstProblem() {
    this.showAll = true;
    this.paintProblems();
    const f = this.host.querySelector('.has-problem');
    const input = f?.matches('input,select,[contenteditable]') ? f : f?.querySelector('input,select,[contenteditable]');
    (input ?? f)?.focus();
    f?.scrollIntoView({ block: 'center' });
  }
}
