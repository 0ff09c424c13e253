// The clerk's workspace: signs in, then routes between the documents list (#/) and the editor
// of one document (#/doc/ID).

import { call, explain, getJson, useSession } from './api.js';
import { h } from './dom.js';
import { showEditor } from './editor.js';
import { showList } from './list.js';
import { newRecord, readRecord, serialize } from './record.js';
import { newRecordId } from './text.js';

const main = document.getElementById('main');
const bar = document.getElementById('bar');

const app = {
  schema: null,
  session: null,
  close: () => {},

  // Makes a new draft of a kind (its issuer taken from the unit's latest document) and opens it.
  async createDocument(kind) {
    const id = newRecordId(kind);
    const doc = newRecord(this.schema, kind, id);
    try {
      const latest = (await getJson('/v1/documents')).items?.find((d) => d.draft);
      if (latest) {
        const previous = readRecord(this.schema, await (await call('GET', `/v1/drafts/${encodeURIComponent(latest.id)}`)).text());
        const issuer = previous?.documentElement.querySelector(':scope > issuer');
        const mine = doc.documentElement.querySelector(':scope > issuer');
        if (issuer && mine) mine.replaceWith(doc.importNode(issuer, true));
      }
      await call('PUT', `/v1/drafts/${encodeURIComponent(id)}`, { body: serialize(doc, this.schema), type: 'application/xml; charset=utf-8' });
      location.hash = `#/doc/${encodeURIComponent(id)}`;
    } catch (err) {
      main.prepend(h('p', { class: 'message', role: 'alert', text: explain(err) }));
    }
  },
};

// The sign-in form; resolves once the clerk is signed in.
function showLogin(reason = '') {
  bar.hidden = true;
  return new Promise((resolve) => {
    const name = h('input', { id: 'login-name', name: 'name', autocomplete: 'username', required: true });
    const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const message = h('p', { class: 'message', role: 'alert', text: reason });
    const form = h('form', { class: 'login', id: 'login' },
      h('h1', { text: 'Đăng nhập' }), h('p', { class: 'lead', text: 'Soạn biên bản, giấy khen và hồ sơ buổi lễ đúng thể thức Nghị định 30/2020.' }),
      h('label', { for: 'login-name', text: 'Tên đăng nhập' }), name,
      h('label', { for: 'login-password', text: 'Mật khẩu' }), password,
      message, h('button', { type: 'submit', class: 'primary' }, 'Đăng nhập'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      message.textContent = '';
      try {
        const res = await call('POST', '/v1/session', { body: JSON.stringify({ name: name.value.trim(), password: password.value }), type: 'application/json' });
        resolve(await res.json());
      } catch (err) {
        message.textContent = err.status === 401 ? 'Sai tên đăng nhập hoặc mật khẩu.' : explain(err);
        password.select();
      }
    });
    main.replaceChildren(form);
    name.focus();
  });
}

async function signIn(reason) {
  let session = null;
  try {
    session = await getJson('/v1/session');
  } catch (err) {
    if (err.status !== 401) reason = explain(err);
  }
  if (!session) session = await showLogin(reason);
  app.session = session;
  useSession(session);
  bar.hidden = false;
  document.getElementById('who').textContent = `${session.name}${session.unit ? ` · ${session.unit}` : ''}`;
}

async function route() {
  await app.close();
  app.close = () => {};
  const m = /^#\/doc\/(.+)$/.exec(location.hash);
  if (m) app.close = await showEditor(main, app, decodeURIComponent(m[1]));
  else app.close = showList(main, app);
}

document.getElementById('logout').addEventListener('click', async () => {
  await app.close();
  app.close = () => {};
  try { await call('DELETE', '/v1/session'); } catch { /* already ended */ }
  useSession(null);
  location.hash = '#/';
  await signIn('Đã đăng xuất.');
  route();
});

window.addEventListener('vanthu:signed-out', async () => {
  if (!app.session) return;
  app.session = null;
  await signIn('Phiên làm việc đã hết. Vui lòng đăng nhập lại.');
  route();
});

window.addEventListener('hashchange', route);

(async () => {
  try {
    app.schema = await getJson('/v1/schema');
  } catch (err) {
    main.replaceChildren(h('p', { class: 'message', text: explain(err) }));
    return;
  }
  await signIn('');
  route();
})();
