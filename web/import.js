// A spreadsheet (XLSX, CSV) of participants or recipients read by the worker (POST /v1/import):
// the clerk sees which column fills which field, corrects it, and only then are the rows put
// into the record. Problems are named by their cell.

import { call, explain } from './api.js';
import { h } from './dom.js';
import { pruned, readRecord, serialize } from './record.js';

// The fields a column may fill, by list, in the clerk's words.
const FIELDS = {
  recipients: [['id', 'Mã'], ['rank', 'Cấp bậc'], ['name', 'Tên người/đơn vị'], ['detail', 'Địa chỉ, chi tiết'],
    ['citation', 'Thành tích riêng'], ['register', 'Số vào sổ']],
  participants: [['rank', 'Cấp bậc'], ['name', 'Họ và tên'], ['position', 'Chức vụ'], ['unit', 'Đơn vị']],
};

// A problem of a list, at its cell ("ds.xlsx:Danh sách!C12"), in the clerk's words.
export function importProblem(p) {
  const m = p.message ?? '';
  let text = 'Ô này chưa đúng.';
  if (/header row/.test(m)) text = 'Không tìm thấy dòng tiêu đề có cột tên (đặt tên cột là «Họ và tên», «Tên đơn vị» hoặc «Tập thể, cá nhân», hoặc chọn cột ở bảng trên).';
  else if (/^empty|missing/.test(m)) text = 'Ô bắt buộc đang trống.';
  else if (/^duplicate/.test(m)) text = 'Mã bị trùng với một dòng khác.';
  else if (/beyond the header/.test(m)) text = 'Có giá trị nằm ngoài các cột có tiêu đề.';
  else if (/encoding|TCVN|VNI|UTF-8/i.test(m)) text = 'Chữ trong tệp không đọc được (bảng mã cũ?): hãy lưu lại tệp dạng XLSX hoặc CSV UTF-8.';
  else if (/rows|too many|too large|bytes/.test(m)) text = 'Tệp quá lớn (tối đa 10.000 dòng).';
  else if (/not a|cannot read|corrupt|zip/i.test(m)) text = 'Tệp không phải bảng tính Excel (.xlsx) hoặc CSV đọc được.';
  return p.file ? `${p.file}: ${text}` : text;
}

// Reads file as a list of `which` (recipients, participants) for the record doc, showing the
// column mapping in panel; resolves with the rows (elements) once the clerk confirms, or null.
export function importList(panel, file, which, doc, schema) {
  const container = which === 'recipients' ? 'recipients' : 'attendees';
  const row = which === 'recipients' ? 'recipient' : 'person';
  const skeleton = pruned(doc, schema);
  skeleton.documentElement.querySelector(`:scope > ${container}`)?.replaceChildren();
  const record = serialize(skeleton, schema);
  return new Promise((resolve) => {
    const finish = (rows) => { panel.replaceChildren(); panel.hidden = true; resolve(rows); };
    const read = async (map) => {
      const body = new FormData();
      body.append('record', new Blob([record], { type: 'application/xml' }), 'record.xml');
      body.append(which, file, file.name);
      if (map) body.append('map', map);
      panel.hidden = false;
      panel.replaceChildren(h('p', { text: `Đang đọc ${file.name}…` }));
      let answer = null, failure = null;
      try {
        answer = await (await call('POST', '/v1/import', { body, headers: { Accept: 'application/json' } })).json();
      } catch (err) {
        failure = err;
      }
      const cancel = h('button', { type: 'button', onclick: () => finish(null) }, 'Hủy');
      if (!answer) {
        const problems = failure.problem?.problems ?? [];
        panel.replaceChildren(h('h2', { text: `Không nhập được ${file.name}` }), h('p', { text: explain(failure) }),
          h('ul', { class: 'import-problems' }, problems.slice(0, 20).map((p) => h('li', { text: importProblem(p) }))),
          problems.length > 20 ? h('p', { text: `… và ${problems.length - 20} lỗi khác.` }) : null, cancel);
        return;
      }
      const filled = readRecord(schema, answer.record);
      const rows = Array.from(filled?.documentElement.querySelectorAll(`:scope > ${container} > ${row}`) ?? []);
      const layout = answer.layout ?? { columns: [] };
      const selects = [];
      const table = h('table', { class: 'mapping' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Cột' }), h('th', { text: 'Tiêu đề trong tệp' }), h('th', { text: 'Điền vào' }))),
        h('tbody', {}, layout.columns.map((c) => {
          const select = h('select', { dataset: { column: c.column }, 'aria-label': `Cột ${c.column} điền vào` },
            h('option', { value: '', text: '(bỏ qua)' }), FIELDS[which].map(([v, t]) => h('option', { value: v, text: t })));
          select.value = c.field;
          selects.push(select);
          return h('tr', { dataset: { column: c.column } }, h('td', { text: c.column }), h('td', { text: c.header || '—' }), h('td', {}, select));
        })));
      const remap = () => read(selects.filter((s) => s.value).map((s) => `${s.value}=${s.dataset.column}`).join(','));
      for (const s of selects) {
        s.addEventListener('change', () => {
          // A field comes from one column: the column that had it gives it up.
          for (const other of selects) if (other !== s && other.value === s.value) other.value = '';
          remap();
        });
      }
      const notes = (answer.problems ?? []).filter((p) => p.severity === 'warning').length;
      const confirm = h('button', { type: 'button', class: 'primary', id: 'import-confirm', onclick: () => finish(rows) },
        `Nhập ${rows.length} dòng`);
      panel.replaceChildren(h('h2', { text: `Đọc ${file.name}${layout.sheet ? `, trang «${layout.sheet}»` : ''}` }),
        h('p', { text: `Dòng tiêu đề: ${layout.header_row || 'không có'}. Kiểm tra cột nào điền vào mục nào, sửa nếu cần.` +
          (notes ? ` ${notes} dòng trống hoặc dòng tổng được bỏ qua.` : '') }),
        table, h('div', { class: 'actions' }, cancel, confirm));
      confirm.focus();
    };
    read('');
  });
}
