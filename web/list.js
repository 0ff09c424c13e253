// The documents list: every document of the clerk's unit, newest first, searchable, with the
// progress of the ones printing, and what can be done with each.

import { call, explain, getJson } from './api.js';
import { confirmAction, h } from './dom.js';
import { KIND_NAMES, STATE_NAMES } from './messages.js';
import { signingControls } from './signing.js';
import { newRecordId, readDate, showDate, showStamp } from './text.js';

// Shows the list in host; returns a function that stops its polling.
export function showList(host, app) {
  let timer = 0;
  let stopped = false;
  const search = h('input', { type: 'search', id: 'q', placeholder: 'Trích yếu, số hoặc ngày (dd/mm/yyyy)', autocomplete: 'off' });
  const kind = h('select', { id: 'kind' }, h('option', { value: '', text: 'Tất cả' }),
    Object.entries(KIND_NAMES).map(([k, v]) => h('option', { value: k, text: v })));
  const message = h('p', { class: 'message', role: 'status' });
  const body = h('tbody');
  const table = h('table', { class: 'documents' },
    h('thead', {}, h('tr', {}, ['Loại', 'Số, ký hiệu', 'Trích yếu', 'Ngày', 'Trạng thái', 'Lần', 'Trang', 'Cập nhật', 'Thao tác']
      .map((t) => h('th', { scope: 'col', text: t })))), body);
  const newButtons = Object.entries(KIND_NAMES).map(([k, v]) =>
    h('button', { type: 'button', class: 'primary', dataset: { new: k }, onclick: () => app.createDocument(k) }, `+ ${v}`));
  host.replaceChildren(h('section', { class: 'list' },
    h('div', { class: 'list-head' }, h('h1', { text: 'Tài liệu của đơn vị' }), h('div', { class: 'new' }, newButtons)),
    h('div', { class: 'filters' },
      h('label', { for: 'q', text: 'Tìm' }), search, h('label', { for: 'kind', text: 'Loại' }), kind),
    message, h('div', { class: 'table-scroll' }, table)));

  let items = [];
  const matches = (d) => {
    const q = search.value.trim().toLocaleLowerCase('vi');
    if (kind.value && d.kind !== kind.value) return false;
    if (!q) return true;
    const iso = readDate(q);
    const hay = [d.title, d.number, d.id, showDate(d.date), d.date].join(' ').toLocaleLowerCase('vi');
    return hay.includes(q) || (iso && d.date === iso);
  };
  const paint = () => {
    body.replaceChildren();
    const shown = items.filter(matches);
    if (!shown.length) {
      body.append(h('tr', {}, h('td', { colspan: 9, class: 'empty', text: items.length ? 'Không có tài liệu nào khớp.' : 'Chưa có tài liệu nào. Hãy tạo tài liệu mới.' })));
    }
    for (const d of shown) body.append(row(d));
  };
  const row = (d) => {
    const job = d.job;
    const state = job ? job.state : 'draft';
    const done = job?.pages_done ?? 0, total = job?.pages_total ?? 0;
    const stateCell = h('td', { class: `state state-${state}` }, STATE_NAMES[state] ?? state);
    if (job && (state === 'queued' || state === 'running')) {
      stateCell.append(h('progress', { max: Math.max(total, 1), value: done, 'aria-label': `Đã in ${done}/${total} trang` }),
        h('span', { class: 'pages-done', text: ` ${done}/${total}` }));
    }
    if (d.draft && job && d.draft.changed) stateCell.append(h('span', { class: 'note', text: ' · có sửa đổi chưa ban hành' }));
    const actions = h('td', { class: 'actions' });
    if (d.draft) actions.append(h('a', { href: `#/doc/${encodeURIComponent(d.id)}`, class: 'button' }, 'Mở'));
    if (d.draft) actions.append(h('button', { type: 'button', onclick: () => duplicate(d) }, 'Nhân bản'));
    if (job?.state === 'done' && job.result !== false) {
      actions.append(h('a', { href: `/v1/jobs/${encodeURIComponent(job.id)}/result`, class: 'button', download: '' },
        job.split ? 'Tải ZIP' : 'Tải PDF'));
    }
    if (job?.state === 'awaiting_signature' && job.signed) actions.append(...signingControls(job, app.session, load));
    if (d.draft) actions.append(h('a', { href: `/v1/drafts/${encodeURIComponent(d.id)}`, class: 'button', download: `${d.id}.xml` }, 'Tải XML'));
    actions.append(h('button', { type: 'button', class: 'danger', onclick: () => remove(d) }, 'Xóa'));
    return h('tr', { dataset: { id: d.id } },
      h('td', { text: KIND_NAMES[d.kind] ?? d.kind }), h('td', { text: d.number ?? '' }),
      h('td', { class: 'title' }, d.title || h('em', { text: '(chưa có trích yếu)' })),
      h('td', { text: showDate(d.date ?? '') }), stateCell,
      h('td', { class: 'n', text: job ? String(job.revision) : '' }), h('td', { class: 'n', text: job?.pages ? String(job.pages) : '' }),
      h('td', { class: 'who', text: `${(d.updated_by ?? '').replace(/^(user|client):/, '')} ${showStamp(d.updated)}`.trim() }), actions);
  };
  const load = async () => {
    try {
      const answer = await getJson('/v1/documents');
      items = answer.items ?? [];
      message.textContent = '';
      paint();
    } catch (err) {
      message.textContent = explain(err);
    }
    if (stopped) return;
    const busy = items.some((d) => d.job && (d.job.state === 'queued' || d.job.state === 'running'));
    timer = setTimeout(load, busy ? 700 : 5000);
  };
  const duplicate = async (d) => {
    try {
      const xml = await (await call('GET', `/v1/drafts/${encodeURIComponent(d.id)}`)).text();
      const id = newRecordId(d.kind);
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      doc.documentElement.setAttribute('id', id);
      for (const n of Array.from(doc.documentElement.children)) if (n.localName === 'number') n.textContent = '';
      await call('PUT', `/v1/drafts/${encodeURIComponent(id)}`, { body: new XMLSerializer().serializeToString(doc), type: 'application/xml' });
      location.hash = `#/doc/${encodeURIComponent(id)}`;
    } catch (err) {
      message.textContent = explain(err);
    }
  };
  const remove = async (d) => {
    if (!await confirmAction(`Xóa «${d.title || d.id}»? Bản nháp và bản in của tài liệu này sẽ bị xóa.`, 'Xóa')) return;
    try {
      if (d.draft) await call('DELETE', `/v1/drafts/${encodeURIComponent(d.id)}`);
      if (d.job && d.job.state !== 'deleted') await call('DELETE', `/v1/jobs/${encodeURIComponent(d.job.id)}`);
      message.textContent = 'Đã xóa.';
    } catch (err) {
      message.textContent = explain(err);
    }
    clearTimeout(timer);
    load();
  };
  search.addEventListener('input', paint);
  kind.addEventListener('change', paint);
  load();
  return () => { stopped = true; clearTimeout(timer); };
}
