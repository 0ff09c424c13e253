// The worker's API as the page calls it: the session cookie rides along, and every request that
// changes something echoes the session's CSRF token.

let csrf = '';

// Remembers the CSRF token of the signed-in session ('' after logout).
export function useSession(session) {
  csrf = session?.csrf_token ?? '';
}

// An answer that is not what the page asked for; status 0 when the worker could not be reached.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

// Calls the API; resolves with the Response of a 2xx (or a 304), rejects with an ApiError.
export async function call(method, path, { body, type, headers = {}, keepalive = false } = {}) {
  const h = { ...headers };
  if (type) h['Content-Type'] = type;
  if (method !== 'GET' && method !== 'HEAD' && csrf) h['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, { method, body, headers: h, credentials: 'same-origin', keepalive, cache: 'no-store' });
  } catch {
    throw new ApiError(0, { detail: 'network' });
  }
  if (res.ok || res.status === 304) return res;
  let problem = null;
  try { problem = await res.json(); } catch { /* not a problem document */ }
  const err = new ApiError(res.status, problem);
  if (res.status === 401) window.dispatchEvent(new CustomEvent('vanthu:signed-out'));
  throw err;
}

// GET as JSON.
export async function getJson(path) {
  return (await call('GET', path)).json();
}

// Sends JSON and reads JSON back.
export async function sendJson(method, path, value) {
  return (await call(method, path, { body: JSON.stringify(value), type: 'application/json' })).json();
}

// What the clerk reads when a call failed: the reason in Vietnamese.
export function explain(err) {
  if (!(err instanceof ApiError)) return 'Đã xảy ra lỗi không mong muốn.';
  switch (err.status) {
    case 0: return 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';
    case 401: return 'Phiên làm việc đã hết. Vui lòng đăng nhập lại.';
    case 403: return 'Tài khoản không có quyền làm việc này.';
    case 404: return 'Không tìm thấy tài liệu (có thể đã bị xóa).';
    case 409: return 'Hồ sơ này đã được ban hành với nội dung khác.';
    case 412: return 'Tài liệu vừa được sửa ở nơi khác. Tải lại để xem bản mới nhất.';
    case 413: return 'Tệp quá lớn.';
    case 422: return 'Nội dung chưa hợp lệ.';
    case 429: return 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.';
    case 503: return 'Máy chủ đang bận. Vui lòng thử lại sau.';
    default: return `Máy chủ báo lỗi (${err.status}).`;
  }
}
