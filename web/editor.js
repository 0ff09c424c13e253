// The editor of one document: the form on the left, the document as it will print on the
// right. Every change is saved as a draft on the server within half a second (and when the tab
// is closed); the checker's problems come back with each save and are shown at their fields;
// the preview is rendered by the same pipeline as the issued PDF.

import { call, explain } from './api.js';
import { h } from './dom.js';
import { RecordForm } from './form.js';
import { importList } from './import.js';
import { Preview } from './preview.js';
import { KIND_NAMES, SIGN_CHOICES, STATE_NAMES } from './messages.js';
import { insertInOrder, pruned, readRecord, serialize } from './record.js';
import { maySign, signingControls } from './signing.js';
import { showStamp } from './text.js';

const SAVE_DELAY_MS = 300;

// Opens the draft `id` in host; returns a function that closes the editor (saving first).
export async function showEditor(host, app, id) {
  const path = `/v1/drafts/${encodeURIComponent(id)}`;
  let doc, version;
  try {
    const res = await call('GET', path);
    version = (res.headers.get('ETag') ?? '').replace(/"/g, '');
    doc = readRecord(app.schema, await res.text());
  } catch (err) {
    host.replaceChildren(h('p', { class: 'message', text: explain(err) }), h('a', { href: '#/', text: '← Về danh sách' }));
    return () => {};
  }
  if (!doc) {
    host.replaceChildren(h('p', { class: 'message', text: 'Bản nháp này không đọc được.' }));
    return () => {};
  }
  const kind = doc.documentElement.localName;
  const status = h('span', { class: 'save-state', role: 'status', text: 'Đã lưu' });
  const count = h('button', { type: 'button', class: 'problems-count', hidden: true });
  const issue = h('button', { type: 'button', class: 'primary', id: 'issue' }, 'Ban hành');
  const printButton = h('button', { type: 'button', id: 'print', disabled: true }, 'In');
  const output = kind === 'certification'
    ? h('select', { id: 'output', 'aria-label': 'Kiểu tệp in' },
      h('option', { value: 'pdf', text: 'Một tệp PDF' }), h('option', { value: 'zip', text: 'ZIP, mỗi người một PDF' }))
    : null;
  const signing = h('select', { id: 'sign' }, SIGN_CHOICES.filter(([v]) => v !== 'organization' || maySign(app.session))
    .map(([v, t, long]) => h('option', { value: v, text: t, title: long })));
  const progress = h('div', { class: 'issue-state', role: 'status' });
  const formHost = h('div', { class: 'form', id: 'form' });
  const view = new Preview();
  const previewInfo = h('p', { class: 'preview-info', id: 'preview-info', role: 'status', text: 'Bản xem trước sẽ hiện khi hồ sơ không còn lỗi.' });
  const toolbar = h('div', { class: 'format', role: 'toolbar', 'aria-label': 'Định dạng chữ' },
    [['bold', 'B', 'Chữ đậm (Ctrl+B)'], ['italic', 'I', 'Chữ nghiêng (Ctrl+I)'], ['underline', 'U', 'Gạch chân (Ctrl+U)']]
      .map(([cmd, t, label]) => h('button', { type: 'button', class: `fmt fmt-${cmd}`, 'aria-label': label, title: label,
        onmousedown: (e) => e.preventDefault(), onclick: () => document.execCommand(cmd) }, t)));
  const importInput = h('input', { type: 'file', accept: '.xlsx,.csv,.txt', hidden: true, id: 'import-file' });
  const importPanel = h('div', { class: 'import-panel', id: 'import-panel', hidden: true, role: 'region', 'aria-label': 'Nhập danh sách' });
  host.replaceChildren(h('section', { class: 'editor' },
    h('div', { class: 'editor-head' },
      h('a', { href: '#/', class: 'back', text: '← Danh sách' }),
      h('h1', { text: KIND_NAMES[kind] ?? kind }, h('small', { text: ` ${id}` })),
      status, count, toolbar,
      // The issuing controls stay together, at the right end of the head or on a line of their own.
      h('div', { class: 'issuing' }, output, h('span', { class: 'choice' }, h('label', { for: 'sign', text: 'Ký số' }), signing),
        h('span', { class: 'buttons' }, printButton, issue))),
    progress, importPanel,
    h('div', { class: 'panes' },
      h('div', { class: 'form-pane' }, formHost, importInput),
      h('aside', { class: 'preview-pane', 'aria-label': 'Bản xem trước' }, previewInfo, view.element))));

  let saveTimer = 0, saving = null, lastSaved = null, dirty = false, closed = false;
  let previewFor = null, pollTimer = 0;
  let errors = [];
  const currentXml = () => serialize(pruned(doc, app.schema), app.schema);
  const form = new RecordForm(formHost, doc, app.schema, () => {
    dirty = true;
    status.textContent = 'Đang soạn…';
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  });

  const showCount = () => {
    count.hidden = errors.length === 0;
    count.textContent = `Còn ${errors.length} lỗi`;
  };
  count.addEventListener('click', () => form.focusFirstProblem());

  // Saves the draft unless nothing changed since the last save; resolves once saved.
  async function save() {
    clearTimeout(saveTimer);
    if (saving) await saving;
    const xml = currentXml();
    if (xml === lastSaved) { dirty = false; return; }
    saving = (async () => {
      status.textContent = 'Đang lưu…';
      try {
        const res = await call('PUT', path, { body: xml, type: 'application/xml; charset=utf-8',
          headers: version ? { 'If-Match': `"${version}"` } : {} });
        const answer = await res.json();
        version = `v${answer.version}`;
        lastSaved = xml;
        dirty = currentXml() !== xml;
        const problems = answer.problems ?? [];
        errors = problems.filter((p) => p.severity !== 'warning');
        form.setProblems(problems);
        showCount();
        status.textContent = `Đã lưu lúc ${showStamp(answer.updated).slice(11)}`;
        if (!errors.length) preview(previewXml());
        else previewInfo.textContent = `Chưa xem trước được: còn ${errors.length} lỗi.`;
      } catch (err) {
        status.textContent = `Chưa lưu được. ${explain(err)}`;
        if (err.status === 422) {
          errors = err.problem.problems ?? [{ message: err.problem.detail, path: '' }];
          form.setProblems(errors);
          showCount();
        }
      }
    })();
    await saving;
    saving = null;
  }

  // What the preview renders: the record, with a batch of certificates cut to its first few
  // recipients (a page each is enough to judge; the batch itself renders when issued).
  const PREVIEW_RECIPIENTS = 3;
  function previewXml() {
    const copy = pruned(doc, app.schema);
    const list = copy.documentElement.querySelector(':scope > recipients');
    const rows = list ? Array.from(list.children).filter((c) => c.localName === 'recipient') : [];
    for (const r of rows.slice(PREVIEW_RECIPIENTS)) r.remove();
    return serialize(copy, app.schema);
  }

  // Renders the record and shows it beside the form.
  async function preview(xml) {
    if (xml === previewFor) return;
    previewFor = xml;
    const started = performance.now();
    try {
      const template = doc.documentElement.getAttribute('template');
      const res = await call('POST', `/v1/render${template ? `?template=${encodeURIComponent(template)}` : ''}`,
        { body: xml, type: 'application/xml; charset=utf-8' });
      const blob = await res.blob();
      if (previewFor !== xml || closed) return;
      const fetched = performance.now();
      const pages = res.headers.get('X-Vanthu-Pages');
      const warnings = +(res.headers.get('X-Vanthu-Warnings') ?? 0);
      await view.show(blob);
      if (previewFor !== xml || closed) return;
      printButton.disabled = false;
      const all = doc.documentElement.querySelectorAll(':scope > recipients > recipient').length;
      previewInfo.textContent = `${pages ?? '?'} trang` + (all > PREVIEW_RECIPIENTS ? ` (${PREVIEW_RECIPIENTS} người đầu của ${all})` : '') + (warnings ? ` · ${warnings} cảnh báo trình bày: hãy xem kỹ bản in thử` : '');
      previewInfo.dataset.pages = pages ?? '';
      previewInfo.dataset.ms = `${Math.round(fetched - started)}+${Math.round(performance.now() - fetched)}`;
      previewInfo.dataset.at = String(performance.now());
    } catch (err) {
      previewInfo.textContent = `Chưa xem trước được. ${explain(err)}`;
    }
  }

  printButton.addEventListener('click', () => {
    view.print();
  });

  issue.addEventListener('click', async () => {
    await save();
    if (errors.length) {
      form.focusFirstProblem();
      progress.textContent = `Còn ${errors.length} lỗi cần sửa trước khi ban hành.`;
      return;
    }
    if (output?.value === 'zip' && signing.value.startsWith('person')) {
      progress.textContent = 'Lãnh đạo ký số trên một tệp PDF: hãy chọn «Một tệp PDF», hoặc chỉ đóng dấu số của cơ quan.';
      return;
    }
    issue.disabled = true;
    progress.textContent = 'Đang gửi in…';
    try {
      const query = new URLSearchParams({ revise: '1' });
      const template = doc.documentElement.getAttribute('template');
      if (template) query.set('template', template);
      if (output?.value === 'zip') query.set('split', '1');
      if (signing.value) query.set('sign', signing.value);
      const res = await call('POST', `/v1/jobs?${query}`, { body: lastSaved, type: 'application/xml; charset=utf-8' });
      follow((await res.json()).id);
    } catch (err) {
      progress.textContent = `Chưa ban hành được. ${explain(err)}`;
      issue.disabled = false;
    }
  });

  // The list of recipients that goes with the decision (template annex), rendered from the
  // record as issued and handed to the browser as a file.
  function annexButton() {
    const button = h('button', { type: 'button', id: 'annex' }, 'Tải danh sách kèm theo quyết định');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const res = await call('POST', '/v1/render?template=annex', { body: lastSaved, type: 'application/xml; charset=utf-8' });
        const url = URL.createObjectURL(await res.blob());
        const link = h('a', { href: url, download: `${id}-annex.pdf`, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      } catch (err) {
        progress.append(h('span', { text: ` Chưa tải được danh sách. ${explain(err)}` }));
      }
      button.disabled = false;
    });
    return button;
  }

  // Shows a job's progress until it ends, then the link to its PDF or ZIP.
  async function follow(jobId) {
    clearTimeout(pollTimer);
    try {
      const res = await call('GET', `/v1/jobs/${encodeURIComponent(jobId)}`);
      const job = await res.json();
      if (closed) return;
      const { pages_done: done = 0, pages_total: total = 0 } = job.progress ?? {};
      progress.replaceChildren(h('span', { text: `${STATE_NAMES[job.state] ?? job.state} (lần ${job.revision})` }));
      if (job.state === 'queued' || job.state === 'running') {
        progress.append(h('progress', { max: Math.max(total, 1), value: done, 'aria-label': 'Tiến độ in' }),
          h('span', { text: ` ${done}/${total} trang` }));
        pollTimer = setTimeout(() => follow(jobId), 500);
        return;
      }
      issue.disabled = false;
      if (job.state === 'done') {
        progress.append(' ', h('a', { href: job.result, class: 'button primary', id: 'download', download: '' },
          job.split ? 'Tải tệp ZIP' : 'Tải PDF'));
        if (kind === 'certification') progress.append(' ', annexButton());
      } else if (job.state === 'awaiting_signature') {
        progress.append(' ', ...signingControls(job, app.session, () => follow(jobId)));
      } else if (job.errors?.length) {
        progress.append(h('span', { text: ' — in không thành công, hãy thử lại hoặc báo quản trị.' }));
      }
    } catch (err) {
      progress.textContent = explain(err);
      issue.disabled = false;
    }
  }

  // A spreadsheet of participants or recipients, filled into the record by the worker.
  form.onImport = (which) => {
    importInput.onchange = async () => {
      const file = importInput.files[0];
      importInput.value = '';
      if (!file) return;
      await save();
      const rows = await importList(importPanel, file, which, doc, app.schema);
      if (!rows) return;
      // The list replaces the rows of its table; other children (groups of attendees) stay.
      const container = which === 'recipients' ? 'recipients' : 'attendees';
      let target = doc.documentElement.querySelector(`:scope > ${container}`);
      if (!target) target = insertInOrder(doc.documentElement, app.schema.kinds[kind], doc.createElement(container));
      for (const old of Array.from(target.children)) if (old.localName === rows[0]?.localName) old.remove();
      const first = target.firstElementChild;
      for (const r of rows) target.insertBefore(doc.importNode(r, true), first);
      form.expanded.clear();  // a new list shows its first rows, however long
      form.render();
      progress.textContent = `Đã nhập ${rows.length} dòng từ ${file.name}.`;
      dirty = true;
      save();
    };
    importInput.click();
  };

  // Work typed just before the tab closes is sent anyway.
  const flush = () => {
    if (!dirty || closed) return;
    const xml = currentXml();
    if (xml === lastSaved) return;
    call('PUT', path, { body: xml, type: 'application/xml; charset=utf-8', keepalive: true }).catch(() => {});
    lastSaved = xml;
  };
  const onHide = () => { if (document.visibilityState === 'hidden') flush(); };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHide);

  form.render();
  lastSaved = null;
  await save();
  return async () => {
    await save();
    closed = true;
    clearTimeout(pollTimer);
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onHide);
    view.close();
  };
}
