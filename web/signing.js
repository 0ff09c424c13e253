// A document awaiting a person's digital signature: the PDF to sign on the leader's own
// machine (their USB token, their signing software), and, for a leader signed in here, the
// button that sends the signed PDF back to the job.

import { call, explain } from './api.js';
import { h } from './dom.js';

// Whether the signed-in user may send a signed PDF back (the signer scope).
export function maySign(session) {
  return session?.role === 'signer' || session?.role === 'admin';
}

// Why the worker refused a signed PDF, in Vietnamese.
function refusal(err) {
  if (err?.status !== 422) return explain(err);
  const detail = err.problem?.detail ?? '';
  if (/not the job's PDF/.test(detail)) return 'Tệp gửi lên không phải bản PDF của văn bản này (đã bị sửa hoặc là tệp khác).';
  if (/no new signature/.test(detail)) return 'Tệp gửi lên chưa có chữ ký số mới.';
  if (/not valid|trusted|chain/.test(detail)) return 'Chữ ký số trong tệp không hợp lệ hoặc không được tin cậy.';
  return 'Tệp đã ký không được chấp nhận.';
}

// The controls of a job awaiting a signature; onSigned() runs once the worker took the file.
export function signingControls(job, session, onSigned) {
  const jobPath = `/v1/jobs/${encodeURIComponent(job.id)}`;
  const parts = [h('a', { href: `${jobPath}/result`, class: 'button', download: '' }, 'Tải PDF để ký')];
  if (!maySign(session)) return parts;
  const note = h('span', { class: 'note', role: 'status' });
  const input = h('input', { type: 'file', accept: '.pdf,application/pdf', hidden: true });
  const button = h('button', { type: 'button', class: 'primary sign-upload', onclick: () => input.click() }, 'Gửi bản đã ký số');
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    button.disabled = true;
    note.textContent = ' Đang kiểm tra chữ ký…';
    try {
      await call('PUT', `${jobPath}/signed`, { body: file, type: 'application/pdf' });
      note.textContent = ' Đã nhận bản ký số.';
      onSigned();
    } catch (err) {
      note.textContent = ` ${refusal(err)}`;
      button.disabled = false;
    }
  });
  return [...parts, button, input, note];
}
